/**
 * Policy sets in the language server: a CPS's diagnostics follow edits to its CP (the bundled
 * server over stdio, on a temp copy of test/fixtures/sets/example).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, serverPath, type Diag } from './lsp-client';
import { repoRoot } from './fixtures';

const T = { timeout: 180_000 };
const AUDIT = 'Quillmark undergoes a period-of-time audit every year; its audit periods are contiguous.';

for (const mode of ['configured', 'detected'] as const) {
  describe(`policy set in the language server (${mode})`, () => {
    let client: LspClient;
    let dir = '';
    let cpText = '';
    const audit = (ds: Diag[]) => ds.filter((d) => d.code === 'br-8.1-annual-period-of-time-audit');

    before(async () => {
      assert.ok(existsSync(serverPath()), 'run npm run build first');
      dir = mkdtempSync(join(tmpdir(), `cpslint-set-${mode}-`));
      const ex = join(repoRoot(), 'test/fixtures/sets/example');
      for (const f of ['cp.md', 'cps.md']) copyFileSync(join(ex, f), join(dir, f));
      writeFileSync(join(dir, '.cpslint.yaml'), mode === 'configured' ? 'asOf: "2026-11-25"\nsets:\n  - name: q\n    cp: cp.md\n    cps: [cps.md]\n' : 'asOf: "2026-11-25"\n');
      cpText = readFileSync(join(dir, 'cp.md'), 'utf8');
      client = new LspClient();
      client.settings = { asOf: '2026-11-25' };
      await client.initialize({ folder: dir });
    });
    after(async () => {
      await client?.kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('the CPS reads its CP from disk, then follows edits to the open CP', T, async () => {
      const cpsUri = fileUri(join(dir, 'cps.md'));
      const cpUri = fileUri(join(dir, 'cp.md'));
      await client.open(cpsUri, readFileSync(join(dir, 'cps.md'), 'utf8'));
      const first = await client.waitForDiagnostics(cpsUri, (p) => audit(p.diagnostics).length > 0);
      assert.equal(audit(first.diagnostics)[0].severity, 3, audit(first.diagnostics)[0].message);
      assert.match(audit(first.diagnostics)[0].message, /Met in the policy set: stated in the CP §8\.1/);

      await client.open(cpUri, cpText);
      await client.waitForDiagnostics(cpUri);
      const at = cpText.split('\n').findIndex((l) => l === AUDIT);
      const before = client.publications.length;
      await client.change(cpUri, [{ range: { start: { line: at, character: 0 }, end: { line: at, character: AUDIT.length } }, text: 'Quillmark is audited.' }]);
      const after1 = await client.waitForDiagnostics(cpsUri, (p) => p.seq >= before && audit(p.diagnostics).some((d) => d.severity === 2));
      assert.doesNotMatch(audit(after1.diagnostics)[0].message, /Met in the policy set/);

      // Undo: met again.
      const before2 = client.publications.length;
      await client.change(cpUri, [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 'Quillmark is audited.'.length } }, text: AUDIT }]);
      await client.waitForDiagnostics(cpsUri, (p) => p.seq >= before2 && audit(p.diagnostics).some((d) => d.severity === 3));
    });

    it('cpslint/selfAssessment: the self-assessment of the set as rows and a script-free table linked to lines', T, async () => {
      const cpsUri = fileUri(join(dir, 'cps.md'));
      const r = (await client.request('cpslint/selfAssessment', { uri: cpsUri })) as { ok: boolean; html: string; rows: { source: string; section: string; status: string; document: string }[]; title: string };
      assert.ok(r.ok);
      assert.match(r.title, /^policy set /);
      const row = r.rows.find((x) => x.source === 'BR' && x.section === '8.1')!;
      assert.equal(row.status, 'met');
      assert.match(row.document, /cp\.md/);
      assert.ok(!/<script/i.test(r.html));
      assert.match(r.html, /href="command:cpslint\.revealLine\?/);
    });
  });
}
