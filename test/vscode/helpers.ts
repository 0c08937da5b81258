/**
 * Shared by the in-editor tests (test/vscode/*.test.ts).
 *
 * Waiting: diagnostics have an event (`onDidChangeDiagnostics`), so `waitForDiagnostics` waits on it.
 * Providers (symbols, definitions, code actions) have none: `waitFor` asks again until the answer is the
 * expected one or the time is up. Neither sleeps for a fixed time.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'cpslint.cpslint';
export const SOURCE = 'cpslint';

/** The built-in Markdown extension also provides symbols, named "## Title"; ours are named "4.9.1 Title". */
export const ours = (s: { name: string }): boolean => !s.name.startsWith('#');

export const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

export const cpslintDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

const brief = (ds: vscode.Diagnostic[]): string =>
  ds.map((d) => `${d.range.start.line + 1}: ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)}`).join('\n').slice(0, 3000);

/** Resolves with the cpslint diagnostics of `uri` once `ok` accepts them: now, or on a later onDidChangeDiagnostics. */
export function waitForDiagnostics(
  what: string,
  uri: vscode.Uri,
  ok: (ds: vscode.Diagnostic[]) => boolean,
  ms = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let timer: NodeJS.Timeout | undefined;
    let sub: vscode.Disposable | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      sub?.dispose();
    };
    const check = (): boolean => {
      const ds = cpslintDiagnostics(uri);
      if (!ok(ds)) return false;
      finish();
      resolve(ds);
      return true;
    };
    if (check()) return;
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; the cpslint diagnostics are:\n${brief(cpslintDiagnostics(uri))}`));
    }, ms);
  });
}

/** Asks `get` again (every 150 ms) until `ok` accepts the answer; for providers, which have no change event. */
export async function waitFor<T>(what: string, get: () => T | Thenable<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await get();
      error = undefined;
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) {
      const detail = error ? `error ${error}` : `last value ${JSON.stringify(last, null, 0)?.slice(0, 1500)}`;
      throw new Error(`timed out after ${ms} ms waiting for ${what}; ${detail}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Resolves when the document's text satisfies `ok`: now, or on a later onDidChangeTextDocument. */
export function waitForText(what: string, doc: vscode.TextDocument, ok: (text: string) => boolean, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ok(doc.getText())) return resolve();
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && ok(doc.getText())) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
  });
}

export function workspaceFile(name: string): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(ws, 'a workspace folder is open');
  return vscode.Uri.joinPath(ws, name);
}

export async function symbolsOf(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const all = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  return (all ?? []).filter(ours);
}

/** "name" per symbol, indented two spaces per level. */
export function tree(symbols: vscode.DocumentSymbol[], depth = 0, out: string[] = []): string[] {
  for (const s of symbols) {
    out.push(`${'  '.repeat(depth)}${s.name}`);
    tree(s.children ?? [], depth + 1, out);
  }
  return out;
}

export function findSymbol(symbols: vscode.DocumentSymbol[], pred: (s: vscode.DocumentSymbol) => boolean): vscode.DocumentSymbol | undefined {
  for (const s of symbols) {
    if (pred(s)) return s;
    const c = findSymbol(s.children ?? [], pred);
    if (c) return c;
  }
  return undefined;
}

export function lineOf(doc: vscode.TextDocument, re: RegExp): number {
  for (let i = 0; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  throw new Error(`no line matches ${re}`);
}

export function targetOf(l: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range };
}

/**
 * `after` must be `before` with one piece of text inserted: returns that piece and where it went.
 * Everything before and after it is compared byte for byte.
 */
export function insertionOf(before: string, after: string): { at: number; inserted: string } {
  assert.ok(after.length > before.length, `the text grew (${before.length} -> ${after.length})`);
  let p = 0;
  while (p < before.length && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  const inserted = after.slice(p, p + after.length - before.length);
  // Everything outside the insertion is unchanged: the prefix by construction, the rest here.
  assert.equal(Buffer.from(after.slice(p + inserted.length)).equals(Buffer.from(before.slice(p))), true,
    `the text after the insertion at offset ${p} is unchanged`);
  return { at: p, inserted };
}
