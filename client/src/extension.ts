/**
 * The VS Code side of cpslint: thin glue around the language server (dist/server.js).
 *
 * - The server is started lazily, once a Markdown document is open that matches
 *   `cpslint.files.include`, or that looks like a CP/CPS (`looksLikeCps`) and does not match
 *   `cpslint.files.exclude`. Until then, activating on every Markdown file costs nothing.
 * - Everything about CP/CPS documents (outline, checks, navigation, hovers) lives in the server;
 *   the client only adds commands and a status bar item on top of what the server returns.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { looksLikeCps } from '../../server/src/service/detect';
import { ReviewPanel, revealLine, setAsOf, setPrograms, checkWorkspace, openSelfAssessment } from './review';
import { CONFIG_TEMPLATE } from '../../server/src/config-template';
import { statusView } from './status';

const SECTION = 'cpslint';
/** `Diagnostic.source` of the server's diagnostics, and the prefix of its DocumentSymbol details. */
const SOURCE = 'cpslint';
const SCHEMES = ['file', 'untitled'];

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let output: vscode.LogOutputChannel | undefined;

/** What `activate` returns (`vscode.extensions.getExtension('cpslint.cpslint').exports`); used by the in-editor tests. */
export interface CpslintApi {
  /** 'stopped' until a CP/CPS document (or one in `cpslint.files.include`) has been opened. */
  serverState(): 'stopped' | 'starting' | 'running';
  /** The HTML shown in the compliance review panel, or null when it is closed. */
  reviewHtml(): string | null;
  /** The status bar item's text ("" when hidden). */
  statusText(): string;
  /** The HTML of the last self-assessment panel (cpslint.openSelfAssessment), or null when it is closed. */
  selfAssessmentHtml(): string | null;
}

export function activate(context: vscode.ExtensionContext): CpslintApi {
  const review = new ReviewPanel();
  output = vscode.window.createOutputChannel('cpslint', { log: true });
  const status = vscode.window.createStatusBarItem('cpslint.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'cpslint';
  status.command = 'cpslint.openReview';
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SCHEMES.map((scheme) => ({ scheme, language: 'markdown' })),
    synchronize: { configurationSection: SECTION },
    // The server asks for its settings with workspace/configuration; these are only a head start.
    // Restricted Mode: an untrusted workspace's rule packs are not loaded (the built-in rules run).
    initializationOptions: () => ({ settings: plainSettings(), trusted: vscode.workspace.isTrusted }),
    outputChannel: output,
    middleware: {
      // The status bar says "checking…" until the first diagnostics of a document arrive (an empty
      // list too: a clean document), never counts of a document not yet checked.
      handleDiagnostics: (uri, diagnostics, next) => {
        checked.add(uri.toString());
        next(uri, diagnostics);
        updateStatus();
      },
    },
  };
  let selfAssessment: vscode.WebviewPanel | undefined;
  /** Documents (URI strings) the running server has published diagnostics for. */
  const checked = new Set<string>();

  const maybeStart = (doc: vscode.TextDocument | undefined): void => {
    if (!client && doc && wants(doc)) void start();
  };
  const start = (): Promise<void> => {
    if (client) return Promise.resolve();
    if (!starting) {
      output?.info('starting the cpslint language server');
      const c = new LanguageClient('cpslint', 'cpslint', serverOptions, clientOptions);
      starting = c.start().then(
        () => { client = c; },
        (err) => { output?.error(`cpslint language server failed to start: ${err}`); },
      ).finally(() => { starting = undefined; updateStatus(); });
    }
    return starting;
  };
  const stop = async (): Promise<void> => {
    await starting;
    const c = client;
    client = undefined;
    checked.clear();
    if (c) await c.stop().catch((err) => output?.error(`stopping the server: ${err}`));
  };

  const updateStatus = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    const isCps = !!doc && wants(doc);
    // Shows the review button in the editor title bar.
    void vscode.commands.executeCommand('setContext', 'cpslint.isCps', isCps);
    if (!doc || !isCps) {
      status.hide();
      return;
    }
    let errors = 0;
    let warnings = 0;
    for (const d of vscode.languages.getDiagnostics(doc.uri)) {
      if (d.source !== SOURCE) continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
    const asOf = vscode.workspace.getConfiguration(SECTION, doc.uri).get<string>('asOf', '');
    const view = statusView({ running: !!client, checked: checked.has(doc.uri.toString()), errors, warnings, asOf, restricted: !vscode.workspace.isTrusted });
    status.text = view.text;
    status.tooltip = view.tooltip;
    status.show();
  };

  // Typing can turn an (untitled) Markdown document into a CP/CPS: look again after a pause.
  let changeTimer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => { maybeStart(doc); }),
    // A document opened again is checked again: "checking…" until its new diagnostics arrive.
    vscode.workspace.onDidCloseTextDocument((doc) => { checked.delete(doc.uri.toString()); }),
    vscode.window.onDidChangeActiveTextEditor((editor) => { maybeStart(editor?.document); updateStatus(); }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => { editors.forEach((e) => maybeStart(e.document)); }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'markdown' || !SCHEMES.includes(e.document.uri.scheme)) return;
      clearTimeout(changeTimer);
      changeTimer = setTimeout(() => {
        maybeStart(e.document);
        if (e.document === vscode.window.activeTextEditor?.document) updateStatus();
      }, 400);
    }),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) updateStatus();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (!enabled()) await stop();
      else vscode.workspace.textDocuments.forEach(maybeStart);
      updateStatus();
    }),
    { dispose: () => clearTimeout(changeTimer) },
    // Trust granted: restart so that the server loads the workspace's rule packs.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      if (client) {
        output?.info('workspace trusted: restarting the cpslint language server to load the workspace rule packs');
        checked.clear();
        await client.restart();
      }
      updateStatus();
    }),

    vscode.commands.registerCommand('cpslint.goToSection', goToSection),
    vscode.commands.registerCommand('cpslint.restartServer', async () => {
      if (client) {
        output?.info('restarting the cpslint language server');
        checked.clear();
        await client.restart();
      } else {
        await start();
      }
      updateStatus();
    }),
    vscode.commands.registerCommand('cpslint.showOutput', () => (client?.outputChannel ?? output)?.show(true)),
    vscode.commands.registerCommand('cpslint.openReview', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri ?? review.current();
      if (!target) {
        void vscode.window.showInformationMessage('cpslint: open a Markdown CP/CPS document first.');
        return;
      }
      await start();
      if (client) await review.show(client, target);
    }),
    vscode.commands.registerCommand('cpslint.openSelfAssessment', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('cpslint: open a Markdown CP/CPS document first.');
        return;
      }
      await start();
      if (!client) return;
      const panel = await openSelfAssessment(client, target);
      selfAssessment = panel;
      panel.onDidDispose(() => {
        if (selfAssessment === panel) selfAssessment = undefined;
      });
    }),
    vscode.commands.registerCommand('cpslint.revealLine', revealLine),
    vscode.commands.registerCommand('cpslint.setAsOf', setAsOf),
    vscode.commands.registerCommand('cpslint.setPrograms', setPrograms),
    vscode.commands.registerCommand('cpslint.createConfig', createConfig),
    vscode.commands.registerCommand('cpslint.checkWorkspace', async () => {
      await start();
      if (client) await checkWorkspace(client);
    }),
    review,
    vscode.languages.onDidChangeDiagnostics((e) => review.onDiagnostics(e.uris, client)),
  );

  vscode.workspace.textDocuments.forEach(maybeStart);
  updateStatus();
  return {
    reviewHtml: () => review.html(),
    serverState: () => (client ? 'running' : starting ? 'starting' : 'stopped'),
    selfAssessmentHtml: () => selfAssessment?.webview.html ?? null,
    statusText: () => (vscode.window.activeTextEditor && vscode.window.activeTextEditor.document && wants(vscode.window.activeTextEditor.document) ? status.text : ''),
  };
}

/** cpslint: Create Configuration File: a commented .cpslint.yaml in a workspace folder (opened if it exists). */
async function createConfig(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    void vscode.window.showInformationMessage('cpslint: open a folder first; .cpslint.yaml belongs at the root of the folder that holds your CP/CPS.');
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for .cpslint.yaml' });
  if (!folder) return;
  for (const name of ['.cpslint.yaml', '.cpslint.yml']) {
    const existing = vscode.Uri.joinPath(folder.uri, name);
    try {
      await vscode.workspace.fs.stat(existing);
      await vscode.window.showTextDocument(existing);
      void vscode.window.showInformationMessage(`cpslint: ${name} already exists in ${folder.name}; opened it.`);
      return;
    } catch {
      /* not there */
    }
  }
  const target = vscode.Uri.joinPath(folder.uri, '.cpslint.yaml');
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(CONFIG_TEMPLATE));
  await vscode.window.showTextDocument(target);
}

export async function deactivate(): Promise<void> {
  await starting;
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION, null).get<boolean>('enable', true);
}

/** The `cpslint` section as plain JSON, the same shape workspace/configuration returns. */
function plainSettings(): unknown {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION)));
}

/** Does `glob` match the document? Absolute or `**`-globs match the whole path, others each workspace folder. */
function matchesGlob(doc: vscode.TextDocument, glob: string): boolean {
  if (!glob) return false;
  const filters: vscode.DocumentFilter[] = [{ pattern: glob }];
  if (!glob.startsWith('/') && !glob.startsWith('**')) {
    for (const folder of vscode.workspace.workspaceFolders ?? []) filters.push({ pattern: new vscode.RelativePattern(folder, glob) });
  }
  return vscode.languages.match(filters, doc) > 0;
}

const verdicts = new WeakMap<vscode.TextDocument, { version: number; cps: boolean }>();

/** Should cpslint handle this document? `files.include` forces it on, `files.exclude` off, else the detector decides. */
function wants(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'markdown' || !SCHEMES.includes(doc.uri.scheme) || !enabled()) return false;
  const cfg = vscode.workspace.getConfiguration(SECTION, doc.uri);
  if (cfg.get<string[]>('files.include', []).some((g) => matchesGlob(doc, g))) return true;
  if (cfg.get<string[]>('files.exclude', []).some((g) => matchesGlob(doc, g))) return false;
  let v = verdicts.get(doc);
  if (!v || v.version !== doc.version) {
    v = { version: doc.version, cps: looksLikeCps(doc.getText()) };
    verdicts.set(doc, v);
  }
  return v.cps;
}

interface SectionPick extends vscode.QuickPickItem {
  symbol: vscode.DocumentSymbol;
}

/** QuickPick over the server's outline of the active document (built-in Markdown symbols are named "## …"; ours are not). */
async function goToSection(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('cpslint: open a Markdown CP/CPS document first.');
    return;
  }
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider', editor.document.uri);
  const picks: SectionPick[] = [];
  // Flattened in document order; the section numbers in the names ("4.9.1 ...") show the nesting.
  const walk = (s: vscode.DocumentSymbol): void => {
    picks.push({ label: s.name, description: `line ${s.selectionRange.start.line + 1}`, symbol: s });
    s.children.forEach(walk);
  };
  for (const s of symbols ?? []) {
    if ('children' in s && !s.name.startsWith('#')) walk(s);
  }
  if (!picks.length) {
    void vscode.window.showInformationMessage('cpslint: no sections found in this document (is it a CP/CPS?).');
    return;
  }
  const reveal = (s: vscode.DocumentSymbol, select: boolean): void => {
    if (select) editor.selection = new vscode.Selection(s.selectionRange.start, s.selectionRange.start);
    editor.revealRange(s.range.with(undefined, s.range.start), vscode.TextEditorRevealType.AtTop);
  };
  const before = editor.visibleRanges[0];
  const qp = vscode.window.createQuickPick<SectionPick>();
  qp.title = 'cpslint: Go to Section';
  qp.placeholder = 'Section number or title, e.g. 4.9.1';
  qp.matchOnDescription = false;
  qp.items = picks;
  const cursor = editor.selection.active.line;
  const current = [...picks].reverse().find((p) => p.symbol.range.start.line <= cursor);
  if (current) qp.activeItems = [current];
  let accepted = false;
  qp.onDidChangeActive(([p]) => { if (p) reveal(p.symbol, false); });
  qp.onDidAccept(() => {
    const [p] = qp.selectedItems;
    if (p) {
      accepted = true;
      reveal(p.symbol, true);
    }
    qp.hide();
  });
  qp.onDidHide(() => {
    if (!accepted && before) editor.revealRange(before, vscode.TextEditorRevealType.AtTop);
    qp.dispose();
    if (accepted) void vscode.window.showTextDocument(editor.document, editor.viewColumn);
  });
  qp.show();
}
