/// <reference types="mocha" />
/**
 * In-editor tests: the real extension (dist/client.js) and the real language server (dist/server.js)
 * in a real VS Code extension host. Run with `npm run test:vscode`.
 *
 * The workspace is a copy of test/vscode/fixtures/workspace: sample-cps.md (a small RFC 3647 CPS with
 * a missing 4.9.2 and "Section 4.9.1" / "§ 4.9.3" cross-references) and README.md (plain Markdown).
 * Diagnostics are awaited on onDidChangeDiagnostics; providers, which have no event, are asked again
 * until they answer (see helpers.ts). No test sleeps for a fixed time.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CpslintApi } from '../../client/src/extension';
import {
  EXTENSION_ID, codeOf, cpslintDiagnostics, findSymbol, insertionOf, lineOf, ours, symbolsOf, targetOf, tree, waitFor, waitForDiagnostics, waitForText, workspaceFile,
} from './helpers';

describe('cpslint: lazy start', () => {
  it('does not start the server for a plain Markdown file, and starts it for a CP/CPS', async () => {
    const readme = await vscode.workspace.openTextDocument(workspaceFile('README.md'));
    await vscode.window.showTextDocument(readme);
    const ext = vscode.extensions.getExtension<CpslintApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    // VS Code has no activation event on file contents: the (small) client activates on any Markdown file
    // (onLanguage:markdown) and decides per document. activate() resolves once activation has run, and
    // activation looks at every open document synchronously, so the decision for the README is made here.
    const api = await ext.activate();
    assert.equal(api.serverState(), 'stopped', 'no language server for a README');
    assert.deepEqual(cpslintDiagnostics(readme.uri), []);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('sample-cps.md')));
    // The open event starts the server synchronously ('starting'); then the client's start() resolves.
    assert.notEqual(api.serverState(), 'stopped', 'opening a CP/CPS starts the server');
    await waitFor('the server to run', () => api.serverState(), (st) => st === 'running');
    await waitForDiagnostics('diagnostics on the CP/CPS', workspaceFile('sample-cps.md'), (d) => d.length > 0);
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
    const is492 = (d: vscode.Diagnostic) => codeOf(d) === 'cps-missing-section' && d.message.includes('Section 4.9.2');
    const missing = (await waitForDiagnostics('the cps-missing-section finding for 4.9.2', cps.uri, (ds) => ds.some(is492))).find(is492)!;
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
      // Everything outside the insertion is unchanged, byte for byte. (Where an insertion starts is ambiguous
      // when it repeats the text around it, as "### 4.9." does here, so only its content is checked.)
      const { inserted } = insertionOf(before, cps.getText());
      assert.match(inserted, /Who Can Request Revocation\s+No stipulation\./);
      await waitForDiagnostics('the 4.9.2 finding to disappear', cps.uri, (ds) => !ds.some(is492));
    } finally {
      await vscode.window.showTextDocument(cps);
      await vscode.commands.executeCommand('workbench.action.files.revert', cps.uri);
      await waitForText('the revert', cps, (t) => t === before);
    }
    // Let the diagnostics catch up with the reverted text before the next test reads them.
    await waitForDiagnostics('the 4.9.2 finding to come back after the revert', cps.uri, (ds) => ds.filter(is492).length === 1);
  });

  it('publishes diagnostics with source "cpslint"', async () => {
    const diags = await waitForDiagnostics('cpslint diagnostics', cps.uri, (d) => d.length > 0);
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
    // The command resolves once the QuickPick is created; the workbench shows it (items and active item in
    // one update) a moment later, and accepting before that does nothing: so accept until the cursor moves.
    await vscode.commands.executeCommand('cpslint.goToSection');
    const heading = lineOf(cps, /^### 4\.9\.1 /);
    await waitFor('cursor on the 4.9.1 heading', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return vscode.window.activeTextEditor?.selection.active.line;
    }, (l) => l === heading, 5000);
  });

  it('leaves a plain README.md alone while the server runs', async () => {
    const api = vscode.extensions.getExtension<CpslintApi>(EXTENSION_ID)!.exports;
    assert.equal(api.serverState(), 'running');
    const readme = await vscode.workspace.openTextDocument(workspaceFile('README.md'));
    await vscode.window.showTextDocument(readme);
    // The server gets every Markdown document and answers for it only if it is a CP/CPS: asked for the
    // README's symbols, it returns none, while the built-in Markdown provider answers the same request.
    // Its diagnostics pass take the same decision and publish an empty list.
    const all = await waitFor('the built-in Markdown symbols of the README',
      async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', readme.uri)) ?? [],
      (s) => s.length > 0);
    assert.deepEqual(all.filter(ours).map((s) => s.name), [], 'no cpslint symbols for a README');
    assert.ok(all.every((s) => s.name.startsWith('#')), all.map((s) => s.name).join(', '));
    assert.deepEqual(cpslintDiagnostics(readme.uri).map((d) => d.message), []);
    const pos = new vscode.Position(lineOf(readme, /\S/), 0);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', readme.uri, new vscode.Range(pos, pos))) ?? [];
    assert.deepEqual(actions.filter((a) => /section|cpslint/i.test(a.title)).map((a) => a.title), []);
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
