/**
 * Real CP/CPS documents (../shared/corpus): every rule runs without throwing, ranges and fixes
 * are well-formed, and a few known facts about these documents hold. Skipped when ../shared is
 * not present.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { runRules } from '../../server/src/service/rules/run';
import { applyEdits } from '../../server/src/service/rules/fixes';
import { builtinRules, projectRoot, ALL_PROGRAMS } from './helpers';
import { corpusDir } from '../support/shared';

const dir = corpusDir();
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort() : [];

describe('corpus', () => {
  if (!files.length) {
    test('corpus documents', (t) => t.skip('../shared/corpus is not available'));
    return;
  }
  const runs = new Map<string, ReturnType<typeof runRules>>();
  for (const f of files) {
    test(`${f}: all rules run; ranges, messages and fixes are well-formed`, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      const model = parseDocument(text);
      const t0 = Date.now();
      const findings = runRules(model, builtinRules(), { asOf: '2026-08-01', programs: ALL_PROGRAMS });
      const ms = Date.now() - t0;
      assert.ok(ms < 10000, `took ${ms} ms`);
      runs.set(f, findings);
      const numbers = model.all.map((s) => s.number);
      for (const x of findings) {
        const s = model.lines.offsetAt(x.range.start);
        const e = model.lines.offsetAt(x.range.end);
        assert.ok(s <= e && e <= text.length);
        assert.ok(!/\{(?:value|limit|event|label|note|date|match)\}/.test(x.message), x.message);
        for (const fix of x.fixes ?? []) {
          for (const ed of fix.edits) assert.ok(model.lines.offsetAt(ed.range.end) <= text.length);
          if (fix.kind !== 'quickfix') continue;
          const after = parseDocument(applyEdits(model, fix.edits)).all.map((s2) => s2.number);
          const extra = after.length - numbers.length;
          assert.ok(extra === 0 || extra === 1, `${x.code}: ${fix.title} changed the outline by ${extra}`);
          if (extra === 0) assert.deepEqual(after, numbers, `${x.code}: ${fix.title} changed the outline`);
        }
      }
    });
  }

  const codes = (f: string) => new Set((runs.get(f) ?? []).map((x) => x.code));
  test('known facts about these documents', (t) => {
    const le = 'letsencrypt__cp-cps__CP-CPS.md';
    const le2023 = 'letsencrypt__cp-cps__CP-CPS__2023-05-05.md';
    const actalis = 'Actalis-CA__CP-CPS__TLS_CP_CPS_v6.0.md';
    const smime = 'sectigo__policy-documentation__SMIME-CP-CPS.md';
    if (![le, le2023, actalis, smime].every((f) => runs.has(f))) {
      t.skip('corpus files changed');
      return;
    }
    // Let's Encrypt 6.2 states mass-revocation readiness, the BR adherence clause and contact details.
    for (const id of ['br-5.7.1.2-mass-revocation-assertion', 'br-2.2-br-adherence-clause', 'br-1.5.2-contact-point', 'br-4.9.3-problem-reporting-in-1.5.2', 'crp-1.1.3-adherence-statement', 'br-2.2-update-366-days'])
      assert.ok(!codes(le).has(id), `${le}: ${id}`);
    // ... but its §8.6 does not promise public audit reports.
    assert.ok(codes(le).has('br-8.6-audit-report-publication'));
    // The 2023 version predates the mass-revocation rule and the Chrome adherence statement, and is stale by 2026.
    for (const id of ['br-5.7.1.2-mass-revocation-assertion', 'crp-1.1.3-adherence-statement', 'br-2.2-update-366-days', 'mrsp-3.3-review-365-days'])
      assert.ok(codes(le2023).has(id), `${le2023}: ${id}`);
    // Actalis TLS 6.0 publishes audit reports within 3 months of the audit period and asserts mass revocation.
    for (const id of ['br-8.6-audit-report-publication', 'br-5.7.1.2-mass-revocation-assertion', 'br-2.3-version-and-dated-changelog'])
      assert.ok(!codes(actalis).has(id), `${actalis}: ${id}`);
    // An S/MIME-only document gets no TLS BR findings, only notes that the BR rules were not applied and why.
    const br = runs.get(smime)!.filter((x) => x.code.startsWith('br-'));
    assert.ok(br.length > 0);
    const other = br.filter((x) => !(x.severity === 'info' && /^Not applied: .*read as .*S\/MIME from the title/.test(x.message)));
    assert.deepEqual(other.map((x) => x.code), []);
  });
});
