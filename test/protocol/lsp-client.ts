/**
 * A minimal LSP client for the protocol tests: spawns the bundled server (`node dist/server.js
 * --stdio`), speaks JSON-RPC over its stdio with vscode-jsonrpc, answers the server's requests
 * (workspace/configuration, client/registerCapability, …) and records every notification.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot } from './fixtures';

export interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  codeDescription?: { href: string };
}

export interface Publication {
  uri: string;
  version?: number;
  diagnostics: Diag[];
  /** Order of arrival, over all URIs. */
  seq: number;
}

export interface StartOptions {
  folder: string;
  /** Whether the client advertises workspace/configuration (pull settings). */
  configuration?: boolean;
  initializationOptions?: unknown;
}

/** The bundled server; CPSLINT_TEST_SERVER points the tests at another build (e.g. to check a test catches a bug). */
export function serverPath(): string {
  return process.env.CPSLINT_TEST_SERVER || join(repoRoot(), 'dist', 'server.js');
}

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly publications: Publication[] = [];
  readonly logs: { type: number; message: string }[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  readonly registrations: { method: string }[] = [];
  stderr = '';
  /** What workspace/configuration answers for section "cpslint". */
  settings: Record<string, unknown> = {};
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private seq = 0;
  private readonly waiters = new Set<(p: Publication) => void>();
  private versions = new Map<string, number>();

  constructor() {
    const root = repoRoot();
    // CPSLINT_SERVER_NODE_ARGS: extra node/V8 flags for the server process (benchmarks compare GC settings).
    const nodeArgs = (process.env.CPSLINT_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, serverPath(), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exit = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    // A dead server makes writes fail with EPIPE; the tests report that through their own assertions.
    this.proc.stdin!.on('error', () => {});
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((item) => {
        this.configurationRequests.push(item);
        return item.section === 'cpslint' ? structuredClone(this.settings) : null;
      }),
    );
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/workspaceFolders', () => null);
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Omit<Publication, 'seq'>) => {
      const pub = { ...p, seq: this.seq++ };
      this.publications.push(pub);
      for (const w of [...this.waiters]) w(pub);
    });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
    });
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
    });
    this.conn.onError(() => {});
    this.conn.listen();
  }

  async initialize(o: StartOptions): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
    const folderUri = fileUri(o.folder);
    const result = await this.conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'cpslint-protocol-test' },
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'ws' }],
      initializationOptions: o.initializationOptions,
      capabilities: {
        workspace: {
          configuration: o.configuration !== false,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceFolders: true,
          symbol: { dynamicRegistration: false },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          foldingRange: { lineFoldingOnly: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          definition: { linkSupport: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  /** Incremental change; returns the new version. */
  async change(uri: string, changes: { range?: Diag['range']; text: string }[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  publicationsFor(uri: string, afterSeq = -1): Publication[] {
    return this.publications.filter((p) => p.uri === uri && p.seq > afterSeq);
  }

  lastSeq(): number {
    return this.seq - 1;
  }

  /** Wait for a diagnostics publication for `uri`, after `afterSeq`, that satisfies `pred`. */
  waitForDiagnostics(uri: string, pred: (p: Publication) => boolean = () => true, afterSeq = -1, timeoutMs = 60_000): Promise<Publication> {
    // Woken by the notification itself (polling added up to its interval to every latency the benchmarks measure).
    const ok = (p: Publication) => p.uri === uri && p.seq > afterSeq && pred(p);
    const hit = this.publicationsFor(uri, afterSeq).find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const done = (p: Publication) => {
        if (!ok(p)) return;
        this.waiters.delete(done);
        clearTimeout(timer);
        resolve(p);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics for ${uri}. ${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(done);
    });
  }

  alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  describe(): string {
    return `server alive=${this.alive()}; stderr: ${this.stderr.slice(-2000)}; logs: ${this.logs
      .slice(-10)
      .map((l) => l.message)
      .join(' | ')
      .slice(-2000)}`;
  }

  /** Always safe to call: disposes the connection and kills the child if it is still running. */
  async kill(): Promise<void> {
    try {
      this.conn.dispose();
    } catch {
      // already disposed
    }
    if (this.alive()) {
      this.proc.kill('SIGKILL');
      await Promise.race([this.exit, sleep(5000)]);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `fn` until it returns something other than undefined/false. */
export async function until<T>(fn: () => T | undefined | false, timeoutMs: number, what: string, detail: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}. ${detail()}`);
    await sleep(20);
  }
}
