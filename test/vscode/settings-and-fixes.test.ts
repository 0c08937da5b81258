/// <reference types="mocha" />
/**
 * In-editor tests on the bundled example (examples/example-ca-cps.md, copied from the extension's own folder
 * to a temporary folder, so that nothing can ever write to the repository's copy): diagnostics with codes and sources, recomputed when `cpslint.asOf` changes;
 * the RFC 3647 outline from our symbol provider next to the built-in Markdown one; the two flagship quick
 * fixes (BR 5.7.1.2 mass revocation, BR 8.6 audit report publication).
 *
 * Runs after extension.test.ts (files run in name order; that file's first test needs a fresh window).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, SOURCE, codeOf, cpslintDiagnostics, insertionOf, lineOf, ours, targetOf, tree, waitFor, waitForDiagnostics, waitForText,
} from './helpers';

const MASS_REVOCATION = 'br-5.7.1.2-mass-revocation-assertion'; // effective 2025-12-01
const AUDIT_PUBLICATION = 'br-8.6-audit-report-publication';

describe('cpslint on the bundled example', () => {
  let doc: vscode.TextDocument;
  let original: string;
  let tmp: string;
  const cfg = () => vscode.workspace.getConfiguration('cpslint');
  const find = (ds: vscode.Diagnostic[], code: string) => ds.find((d) => codeOf(d) === code);

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpslint-example-'));
    const file = path.join(tmp, 'example-ca-cps.md');
    fs.copyFileSync(path.join(ext.extensionPath, 'examples', 'example-ca-cps.md'), file);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    original = doc.getText();
    assert.equal(original, fs.readFileSync(path.join(ext.extensionPath, 'examples', 'example-ca-cps.md'), 'utf8'));
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await cfg().update('asOf', undefined, vscode.ConfigurationTarget.Global);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('publishes diagnostics with codes, source "cpslint", a code link and the requirement they come from', async () => {
    const ds = await waitForDiagnostics('the example\'s diagnostics', doc.uri, (d) => !!find(d, AUDIT_PUBLICATION));
    for (const d of ds) {
      assert.equal(d.source, SOURCE);
      assert.match(codeOf(d), /^[a-z0-9.-]+$/, `a rule code: ${codeOf(d)}`);
      assert.equal(typeof d.code, 'object', 'the code carries a link to its documentation');
      const target = (d.code as { target: vscode.Uri }).target;
      assert.match(target.toString(), /docs\/rules\.md#/, `code link ${target}`);
      assert.ok(d.range.start.line < doc.lineCount, `range inside the document: ${d.message}`);
    }
    const audit = find(ds, AUDIT_PUBLICATION)!;
    assert.match(audit.message, /\(BR [\d.]+ §8\.6\)$/, audit.message);
    assert.equal(audit.range.start.line, lineOf(doc, /^## 8\.6 /));
    const codes = new Set(ds.map(codeOf));
    for (const c of ['cps-missing-section', 'cps-blank-section', MASS_REVOCATION]) assert.ok(codes.has(c), `has a ${c} finding`);
  });

  it('recomputes the diagnostics when cpslint.asOf changes (BR 5.7.1.2 is in force from 2025-12-01)', async () => {
    await cfg().update('asOf', '2025-11-30', vscode.ConfigurationTarget.Global);
    const before = await waitForDiagnostics(`${MASS_REVOCATION} as info on 2025-11-30`, doc.uri,
      (ds) => find(ds, MASS_REVOCATION)?.severity === vscode.DiagnosticSeverity.Information);
    assert.match(find(before, MASS_REVOCATION)!.message, /in force from 2025-12-01/);

    await cfg().update('asOf', '2025-12-01', vscode.ConfigurationTarget.Global);
    const after = await waitForDiagnostics(`${MASS_REVOCATION} as an error on 2025-12-01`, doc.uri,
      (ds) => find(ds, MASS_REVOCATION)?.severity === vscode.DiagnosticSeverity.Error);
    assert.doesNotMatch(find(after, MASS_REVOCATION)!.message, /in force from/);
    assert.equal(find(after, MASS_REVOCATION)!.range.start.line, lineOf(doc, /^### 5\.7\.1 /));
  });

  it('returns the RFC 3647 tree from cpslint\'s symbol provider, next to the built-in Markdown one', async () => {
    const all = await waitFor('symbols from both providers',
      async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [],
      (s) => s.some(ours) && s.some((x) => !ours(x)));
    const builtin = all.filter((s) => !ours(s));
    const mine = all.filter(ours);
    // The built-in provider names symbols after the heading line ("# 1. Introduction"); ours after the
    // section number and title, nested by number, with RFC 3647 kinds (chapters are modules).
    assert.ok(builtin.every((s) => /^#+ /.test(s.name)), `built-in names: ${builtin.map((s) => s.name).slice(0, 5).join(', ')}`);
    const chapters = mine.filter((s) => /^\d /.test(s.name));
    assert.deepEqual(chapters.map((s) => s.name.split(' ')[0]), ['1', '2', '3', '4', '5', '6', '7', '8', '9'], tree(mine).join('\n'));
    for (const c of chapters) assert.equal(c.kind, vscode.SymbolKind.Module, c.name);
    const path = ['4 ', '4.9 ', '4.9.1 '];
    let level: vscode.DocumentSymbol[] = mine;
    let s: vscode.DocumentSymbol | undefined;
    for (const p of path) {
      s = level.find((x) => x.name.startsWith(p));
      assert.ok(s, `${path.join('> ')}: no "${p}" in\n${tree(mine).join('\n')}`);
      level = s.children;
    }
    assert.equal(s!.kind, vscode.SymbolKind.Namespace);
    assert.equal(s!.selectionRange.start.line, lineOf(doc, /^#{1,6} 4\.9\.1 /));
  });

  it('goes from a cross-reference to the section it names', async () => {
    const line = lineOf(doc, /^(?![#|]).*\bSection 4\.9\.1\.1\b/);
    const text = doc.lineAt(line).text;
    const pos = new vscode.Position(line, text.indexOf('Section 4.9.1.1') + 'Section 4.9'.length);
    const heading = lineOf(doc, /^#{1,6} 4\.9\.1\.1 /);
    const hits = await waitFor('a definition on the 4.9.1.1 heading',
      async () => ((await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos)) ?? []).map(targetOf),
      (ls) => ls.some((l) => l.uri.toString() === doc.uri.toString() && l.range.start.line === heading));
    assert.ok(hits.every((l) => l.uri.toString() === doc.uri.toString()), 'all targets are in the document');
  });

  for (const [code, title, expect] of [
    [MASS_REVOCATION, 'Add the mass-revocation statement', /mass-revocation plan is tested at least once every year/],
    [AUDIT_PUBLICATION, 'Add the audit-publication commitment', /publicly available no later than three months after the end\s+of the audit period/],
  ] as const) {
    it(`quick fix "${title}" inserts the text, ${code} goes away, nothing else changes`, async () => {
      await cfg().update('asOf', '2025-12-01', vscode.ConfigurationTarget.Global);
      assert.equal(doc.getText(), original, 'starts from the example as shipped');
      const diag = find(await waitForDiagnostics(`a ${code} error or warning`, doc.uri,
        (ds) => [vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning].includes(find(ds, code)?.severity as vscode.DiagnosticSeverity)), code)!;
      const others = new Set(cpslintDiagnostics(doc.uri).map(codeOf).filter((c) => c !== code));
      const actions = await waitFor(`the "${title}" quick fix`,
        async () => (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range)) ?? [],
        (as) => as.some((a) => a.title.startsWith(title)));
      const fix = actions.find((a) => a.title.startsWith(title))!;
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(fix.isPreferred, 'the fix is the preferred action (Ctrl+. / auto fix)');
      assert.ok(fix.edit, 'the fix carries a workspace edit');
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies to the current version');
      try {
        const { at, inserted } = insertionOf(original, doc.getText());
        assert.match(inserted, expect);
        assert.doesNotMatch(inserted, /\$\{|CA name/, 'the CA\'s name is filled in');
        const section = code === MASS_REVOCATION ? /^#{1,6} 5\.7\.1 / : /^#{1,6} 8\.6 /;
        assert.ok(doc.positionAt(at).line > lineOf(doc, section), `inserted below the ${section} heading`);
        await waitForDiagnostics(`the ${code} finding to go away`, doc.uri, (ds) => !find(ds, code));
        // Only this finding went away: every other rule still reports.
        const now = new Set(cpslintDiagnostics(doc.uri).map(codeOf));
        assert.deepEqual([...others].filter((c) => !now.has(c)), [], 'no other finding disappeared');
      } finally {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
        await waitForText('the revert', doc, (t) => t === original);
        assert.equal(doc.isDirty, false, 'reverted to the file on disk');
      }
      await waitForDiagnostics(`the ${code} finding to come back after the revert`, doc.uri, (ds) => !!find(ds, code));
    });
  }
  it('fix all on save (editor.codeActionsOnSave: source.fixAll.cpslint) writes "No stipulation." into the blank 9.13 and nothing else', async () => {
    const editorCfg = () => vscode.workspace.getConfiguration('editor', { languageId: 'markdown' });
    await waitForDiagnostics('the blank-section finding', doc.uri, (ds) => ds.some((d) => codeOf(d) === 'cps-blank-section' && /9\.13/.test(d.message)));
    await editorCfg().update('codeActionsOnSave', { 'source.fixAll.cpslint': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      const editor = await vscode.window.showTextDocument(doc);
      // A change, so that the save is a real one (the fix-all runs on the saved version).
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      assert.ok(await editor.edit((e) => e.insert(end, '\n')));
      const edited = doc.getText();
      assert.ok(await doc.save(), 'saved');
      await waitForText('the fix-all on save', doc, (t) => t !== edited);
      const saved = doc.getText();
      const { at, inserted } = insertionOf(edited, saved);
      assert.match(inserted, /^\s*No stipulation\.\s*$/);
      assert.ok(doc.positionAt(at).line > lineOf(doc, /^#{1,6} 9\.13 /), 'inserted under the 9.13 heading');
      assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), saved, 'the fixed text is what was saved');
    } finally {
      await editorCfg().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
      fs.writeFileSync(doc.uri.fsPath, original);
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
      await waitForText('the revert', doc, (t) => t === original);
    }
  });
});
