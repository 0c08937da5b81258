/// <reference types="mocha" />
/**
 * In-editor tests of the review commands: the compliance review panel and its evidence links,
 * the as-of and programs commands, and Check Workspace.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CpslintApi } from '../../client/src/extension';

const EXTENSION_ID = 'cpslint.cpslint';

async function until<T>(what: string, get: () => T | Thenable<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch {
      /* not ready yet */
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last value ${String(last).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function file(name: string): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(ws, 'a workspace folder is open');
  return vscode.Uri.joinPath(ws, name);
}

describe('compliance review in VS Code', function () {
  let api: CpslintApi;
  const sample = () => file('sample-cps.md');

  before(async () => {
    const ext = vscode.extensions.getExtension<CpslintApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    const doc = await vscode.workspace.openTextDocument(sample());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await until('the server', () => api.serverState(), (s) => s === 'running');
    await until('diagnostics', () => vscode.languages.getDiagnostics(sample()).filter((d) => d.source === 'cpslint').length, (n) => n > 0);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('cpslint').update('asOf', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('cpslint').update('programs', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"cpslint: Open Compliance Review" is in the command palette and opens the review beside the editor', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['cpslint.openReview', 'cpslint.checkWorkspace', 'cpslint.setAsOf', 'cpslint.setPrograms']) assert.ok(commands.includes(c), c);
    await vscode.commands.executeCommand('cpslint.openReview');
    const html = await until('the review HTML', () => api.reviewHtml(), (h) => !!h && h.includes('Compliance review'));
    assert.match(html!, /Verdict: (Compliant|Mostly compliant|Partially compliant|Non-compliant)\./);
    assert.match(html!, /Section-by-section review/);
    const tab = await until('a "Review: sample-cps.md" tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Review: sample-cps.md'), (t) => !!t);
    assert.ok(tab!.input instanceof vscode.TabInputWebview);
    // Beside the editor: not in the editor's group.
    const editorGroup = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === sample().toString()));
    assert.ok(editorGroup && !editorGroup.tabs.includes(tab!), 'the review is in another editor group');
  });

  it('its evidence links run cpslint.revealLine, which opens the document at that line', async () => {
    const html = api.reviewHtml()!;
    const m = /href="command:cpslint\.revealLine\?([^"]+)"/.exec(html);
    assert.ok(m, 'the review has evidence links');
    const [uri, line] = JSON.parse(decodeURIComponent(m[1].replace(/&amp;/g, '&'))) as [string, number];
    assert.equal(vscode.Uri.parse(uri).toString(), sample().toString());
    await vscode.commands.executeCommand('cpslint.revealLine', uri, line);
    const editor = await until('the editor at the line', () => vscode.window.activeTextEditor, (e) => e?.document.uri.toString() === sample().toString() && e.selection.active.line === line - 1);
    assert.equal(editor!.selection.active.line, line - 1);
  });

  it('"cpslint: Open CCADB Self-Assessment Draft" opens the CCADB self-assessment draft of the document beside it', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sample()), vscode.ViewColumn.One);
    await vscode.commands.executeCommand('cpslint.openSelfAssessment');
    const html = await until('the self-assessment HTML', () => api.selfAssessmentHtml(), (h) => !!h && h.includes('Compliance self-assessment draft'));
    assert.match(html!, /<table>/);
    assert.match(html!, /command:cpslint\.revealLine\?/, 'rows link to their lines');
    const tab = await until('a "Self-assessment: sample-cps.md" tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Self-assessment: sample-cps.md'), (t) => !!t);
    assert.ok(tab!.input instanceof vscode.TabInputWebview);
  });

  it('the status bar shows the counts of the checked document, never "checking…" once its diagnostics are in', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sample()), vscode.ViewColumn.One);
    const text = await until('the status bar counts', () => api.statusText(), (t) => /\$\(error\) \d+ \$\(warning\) \d+/.test(t));
    const errors = vscode.languages.getDiagnostics(sample()).filter((d) => d.source === 'cpslint' && d.severity === vscode.DiagnosticSeverity.Error).length;
    assert.match(text, new RegExp(`\\$\\(error\\) ${errors} `));
    assert.doesNotMatch(text, /checking/);
  });

  it('setting the as-of date re-checks the document and the review follows', async () => {
    await vscode.commands.executeCommand('cpslint.setAsOf', '2024-01-01');
    assert.equal(vscode.workspace.getConfiguration('cpslint').get('asOf'), '2024-01-01');
    await until('the review as of 2024-01-01', () => api.reviewHtml(), (h) => !!h && h.includes('<td>2024-01-01</td>'));
    await vscode.commands.executeCommand('cpslint.setAsOf', '');
    await until('the review as of today', () => api.reviewHtml(), (h) => !!h && !h.includes('<td>2024-01-01</td>'));
  });

  it('setting the programs changes which programs the review lists', async () => {
    await vscode.commands.executeCommand('cpslint.setPrograms', ['chrome']);
    await until('the review for chrome only', () => api.reviewHtml(), (h) => !!h && /<th>Root programs<\/th><td>chrome<\/td>/.test(h));
  });

  it('"cpslint: Check Workspace" puts every CP/CPS of the workspace into the Problems panel, and not the README', async () => {
    // A CP/CPS that no editor has opened: only Check Workspace can report on it.
    const other = file('unopened-cps.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sample()));
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode(text));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === other.toString()));
    assert.equal(vscode.languages.getDiagnostics(other).length, 0);
    await vscode.commands.executeCommand('cpslint.checkWorkspace');
    const diags = await until('diagnostics for unopened-cps.md', () => vscode.languages.getDiagnostics(other).filter((d) => d.source === 'cpslint'), (d) => d.length > 0);
    assert.ok(diags.some((d) => d.code && typeof d.code === 'object' && String(d.code.value) === 'cps-missing-section'));
    assert.equal(vscode.languages.getDiagnostics(file('README.md')).filter((d) => d.source === 'cpslint').length, 0);
  });
});

