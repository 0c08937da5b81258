/// <reference types="mocha" />
/**
 * In-editor tests: the real extension (dist/client.js) and the real language server (dist/server.js)
 * in a real VS Code extension host. Run with `npm run test:vscode`.
 *
 * The workspace is a copy of test/vscode/fixtures/workspace: sample-cps.md (a small RFC 3647 CPS with
 * a missing 4.9.2 and "Section 4.9.1" / "§ 4.9.3" cross-references) and README.md (plain Markdown).
 * Language features answer asynchronously, so every check polls.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CpslintApi } from '../../client/src/extension';

const EXTENSION_ID = 'cpslint.cpslint';
const SOURCE = 'cpslint';
/** The built-in Markdown extension also provides symbols, named "## Title"; ours are named "4.9.1 Title". */
const ours = (s: { name: string }) => !s.name.startsWith('#');

async function waitFor<T>(what: string, get: () => T | Thenable<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
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
    await sleep(150);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function workspaceFile(name: string): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(ws, 'a workspace folder is open');
  return vscode.Uri.joinPath(ws, name);
}

const cpslintDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

async function symbolsOf(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const all = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  return (all ?? []).filter(ours);
}

/** "name" per symbol, indented two spaces per level. */
function tree(symbols: vscode.DocumentSymbol[], depth = 0, out: string[] = []): string[] {
  for (const s of symbols) {
    out.push(`${'  '.repeat(depth)}${s.name}`);
    tree(s.children ?? [], depth + 1, out);
  }
  return out;
}

function findSymbol(symbols: vscode.DocumentSymbol[], pred: (s: vscode.DocumentSymbol) => boolean): vscode.DocumentSymbol | undefined {
  for (const s of symbols) {
    if (pred(s)) return s;
    const c = findSymbol(s.children ?? [], pred);
    if (c) return c;
  }
  return undefined;
}

function lineOf(doc: vscode.TextDocument, re: RegExp): number {
  for (let i = 0; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  throw new Error(`no line matches ${re}`);
}

function targetOf(l: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range };
}

describe('cpslint: lazy start', () => {
  it('does not start the server for a plain Markdown file, and starts it for a CP/CPS', async () => {
    const readme = await vscode.workspace.openTextDocument(workspaceFile('README.md'));
    await vscode.window.showTextDocument(readme);
    const ext = vscode.extensions.getExtension<CpslintApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    await waitFor('activation on Markdown', () => ext.isActive, (a) => a);
    await sleep(1000);
    assert.equal(ext.exports.serverState(), 'stopped');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('sample-cps.md')));
    await waitFor('the server to run', () => ext.exports.serverState(), (s) => s === 'running');
  });
});

describe('cpslint in a real VS Code', () => {
  let cps: vscode.TextDocument;
  let editor: vscode.TextEditor;

  before(async () => {
    cps = await vscode.workspace.openTextDocument(workspaceFile('sample-cps.md'));
    editor = await vscode.window.showTextDocument(cps);
    assert.equal(cps.languageId, 'markdown');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates on a Markdown document and contributes its commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    await waitFor('activation', () => ext.isActive, (a) => a);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['cpslint.goToSection', 'cpslint.restartServer', 'cpslint.showOutput']) assert.ok(commands.includes(c), `command ${c}`);
  });

  it('shows the RFC 3647 outline as hierarchical document symbols', async () => {
    const symbols = await waitFor('cpslint document symbols', () => symbolsOf(cps.uri), (s) => s.length > 0);
    const chapter1 = symbols.find((s) => /^1\.? Introduction$/.test(s.name));
    assert.ok(chapter1, `a top-level "1 Introduction" symbol; got:\n${tree(symbols).join('\n')}`);
    assert.ok(chapter1.children.some((c) => c.name === '1.1 Overview'), `"1.1 Overview" under chapter 1; got:\n${tree(symbols).join('\n')}`);
    const chapter4 = symbols.find((s) => /^4\.? /.test(s.name));
    const s49 = chapter4?.children.find((c) => c.name.startsWith('4.9 '));
    const s491 = s49?.children.find((c) => c.name.startsWith('4.9.1 '));
    assert.ok(s491, `4 > 4.9 > 4.9.1; got:\n${tree(symbols).join('\n')}`);
    assert.match(s491.name, /^4\.9\.1 Circumstances for revocation$/i);
    assert.equal(s491.selectionRange.start.line, lineOf(cps, /^### 4\.9\.1 /));
    const chapters = symbols.map((s) => s.name.match(/^(\d)\.? /)?.[1]).filter(Boolean);
    assert.deepEqual(chapters, ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('applies the quick fix for the missing 4.9.2 at its RFC 3647 place, and the finding goes away', async () => {
    const missing = await waitFor(
      'the cps-missing-section finding for 4.9.2',
      () => cpslintDiagnostics(cps.uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'cps-missing-section' && d.message.includes('4.9.2')),
      (d) => !!d,
    );
    const before = cps.getText();
    const actions = await waitFor(
      'the "Insert section 4.9.2" quick fix',
      async () => (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cps.uri, missing!.range)) ?? [],
      (as) => as.some((a) => a.title === 'Insert section 4.9.2'),
    );
    const fix = actions.find((a) => a.title === 'Insert section 4.9.2')!;
    assert.ok(fix.edit, 'the fix carries a workspace edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies to the current version');
    try {
      const h491 = lineOf(cps, /^### 4\.9\.1 /);
      const h492 = lineOf(cps, /^### 4\.9\.2 Who Can Request Revocation$/i);
      const h493 = lineOf(cps, /^### 4\.9\.3 /);
      assert.ok(h491 < h492 && h492 < h493, `4.9.2 between 4.9.1 and 4.9.3 (lines ${h491}, ${h492}, ${h493})`);
      // Everything outside the insertion is unchanged.
      const after = cps.getText();
      const inserted = after.length - before.length;
      const at = [...before].findIndex((c, i) => c !== after[i]);
      assert.equal(after.slice(0, at) + after.slice(at + inserted), before);
      await waitFor(
        'the 4.9.2 finding to disappear',
        () => cpslintDiagnostics(cps.uri).filter((d) => d.message.includes('Section 4.9.2')),
        (d) => d.length === 0,
      );
    } finally {
      await vscode.window.showTextDocument(cps);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(cps.getText(), before);
    // Let the diagnostics catch up with the reverted text before the next test reads them.
    await waitFor(
      'the 4.9.2 finding to come back after the revert',
      () => cpslintDiagnostics(cps.uri).filter((d) => d.message.includes('Section 4.9.2')),
      (d) => d.length === 1,
    );
  });

  it('publishes diagnostics with source "cpslint"', async () => {
    const diags = await waitFor('cpslint diagnostics', () => cpslintDiagnostics(cps.uri), (d) => d.length > 0);
    for (const d of diags) {
      assert.ok(d.message.length > 0);
      assert.ok(d.range.start.line < cps.lineCount, `range inside the document: ${d.message}`);
    }
  });

  it('goes to the 4.9.1 heading from a "Section 4.9.1" cross-reference', async () => {
    const line = lineOf(cps, /Section 4\.9\.1/);
    const pos = new vscode.Position(line, cps.lineAt(line).text.indexOf('Section 4.9.1') + 'Section 4.'.length);
    const heading = lineOf(cps, /^### 4\.9\.1 /);
    const hits = await waitFor(
      'a definition on the 4.9.1 heading',
      async () => (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', cps.uri, pos) ?? []).map(targetOf),
      (ls) => ls.some((l) => l.uri.toString() === cps.uri.toString() && l.range.start.line === heading),
    );
    assert.ok(hits.length >= 1);
  });

  it('hovers a "§ 4.9.3" cross-reference', async () => {
    const line = lineOf(cps, /§ 4\.9\.3/);
    const pos = new vscode.Position(line, cps.lineAt(line).text.indexOf('4.9.3') + 1);
    const text = (h: vscode.Hover[]) => h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const hovers = await waitFor('a hover mentioning 4.9.3',
      async () => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cps.uri, pos)) ?? [],
      (h) => text(h).includes('4.9.3'));
    assert.ok(hovers.length >= 1);
  });

  it('cpslint.goToSection moves the cursor to the chosen heading', async () => {
    editor = await vscode.window.showTextDocument(cps);
    const body = lineOf(cps, /^The CA MUST revoke/);
    editor.selection = new vscode.Selection(body, 0, body, 0);
    await waitFor('cpslint document symbols', () => symbolsOf(cps.uri), (s) => s.length > 0);
    // The QuickPick opens with the section around the cursor (4.9.1) active; accepting it jumps to its heading.
    await vscode.commands.executeCommand('cpslint.goToSection');
    await sleep(300);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const heading = lineOf(cps, /^### 4\.9\.1 /);
    await waitFor('cursor on the 4.9.1 heading', () => vscode.window.activeTextEditor?.selection.active.line, (l) => l === heading, 5000);
  });

  it('leaves a plain README.md alone', async () => {
    // By now the server runs (the CPS has diagnostics); give it time to process the README too.
    await waitFor('cpslint diagnostics on the CPS', () => cpslintDiagnostics(cps.uri), (d) => d.length > 0);
    const readme = await vscode.workspace.openTextDocument(workspaceFile('README.md'));
    await vscode.window.showTextDocument(readme);
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', readme.uri); // a round trip to the server
    await sleep(3000);
    assert.deepEqual(cpslintDiagnostics(readme.uri).map((d) => d.message), []);
  });

  it('works on an untitled (unsaved) CP/CPS document', async () => {
    const content = [
      '# Untitled CA Certificate Policy',
      '',
      'This Certificate Policy follows RFC 3647 and the Baseline Requirements.',
      '',
      '# 1. Introduction',
      '',
      '## 1.1 Overview',
      '',
      'Overview text.',
      '',
      '# 2. Publication and Repository Responsibilities',
      '',
      '## 2.1 Repositories',
      '',
      'The repository is at https://repository.example.',
      '',
      '# 3. Identification and Authentication',
      '',
      '## 3.1 Naming',
      '',
      'Names follow the Baseline Requirements.',
      '',
      '# 4. Certificate Life-Cycle Operational Requirements',
      '',
      '## 4.9 Certificate Revocation and Suspension',
      '',
      '### 4.9.1 Circumstances for Revocation',
      '',
      'See Section 4.9.1.',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    assert.equal(doc.uri.scheme, 'untitled');
    await vscode.window.showTextDocument(doc);
    const symbols = await waitFor('cpslint symbols of the untitled document', () => symbolsOf(doc.uri), (s) => !!findSymbol(s, (x) => x.name.startsWith('4.9.1 ')));
    const overview = findSymbol(symbols, (s) => s.name === '1.1 Overview');
    assert.ok(overview, tree(symbols).join('\n'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
