/** Policy sets: a CP and its CPSs read as one policy (server/src/service/policy-set.ts), on the Quillmark fixtures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { checkPolicySet, detectSets, findIncorporation, policyOids, type SetRole } from '../../server/src/service/policy-set';
import { checkDocument } from '../../server/src/service/check';
import { projectRoot } from '../support/root';

const dir = join(projectRoot(), 'test/fixtures/sets/example');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const doc = (f: string, role: SetRole, text = read(f)) => ({ file: f, model: parseDocument(text), role });
const OPTS = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
const run = (cpText = read('cp.md')) =>
  checkPolicySet({ name: 'quillmark', cp: doc('cp.md', 'cp', cpText), cps: [doc('cps.md', 'cps'), doc('cps-oid.md', 'cps'), doc('cps-unlinked.md', 'cps')] }, OPTS);
const of = (r: ReturnType<typeof run>, file: string, code: string) => r.documents.find((d) => d.file === file)!.findings.filter((f) => f.code === code);

test('a CPS names its CP by title or by policy OID; a CABF OID does not count', () => {
  const cp = parseDocument(read('cp.md'));
  assert.deepEqual(policyOids(cp), ['1.3.6.1.4.1.99999.1.1']);
  assert.equal(findIncorporation(parseDocument(read('cps.md')), cp)?.by, 'title');
  assert.equal(findIncorporation(parseDocument(read('cps-oid.md')), cp)?.by, 'oid');
  assert.equal(findIncorporation(parseDocument(read('cps-unlinked.md')), cp), null);
  assert.equal(findIncorporation(parseDocument(read('cps-unlinked.md').replace('runs its certificate services', 'follows 2.23.140.1.2.1')), cp), null);
});

test('met in the CP only (in: either): info on a CPS that names the CP, quoting where; kept on one that does not', () => {
  const r = run();
  for (const f of ['cps.md', 'cps-oid.md']) {
    const [x, ...rest] = of(r, f, 'br-8.1-annual-period-of-time-audit');
    assert.equal(rest.length, 0);
    assert.equal(x.severity, 'info');
    assert.match(x.message, /^Met in the policy set: stated in the CP §8\.1 \(cp\.md, line \d+: "Quillmark undergoes a period-of-time audit every year;"\), incorporated by this CPS/);
    assert.match(x.message, /§1\.1, line 9\.$/);
  }
  const [u] = of(r, 'cps-unlinked.md', 'br-8.1-annual-period-of-time-audit');
  assert.equal(u.severity, 'warning');
  assert.match(u.message, /this CPS does not name the CP, so that statement does not carry over/);
  // Alone, the CPS reports it as missing.
  const alone = checkDocument(parseDocument(read('cps.md')), OPTS).filter((f) => f.code === 'br-8.1-annual-period-of-time-audit');
  assert.equal(alone[0].severity, 'warning');
});

test('met in the CPS only: the CP is not asked again; met in both: nothing', () => {
  const r = run();
  assert.equal(of(r, 'cp.md', 'br-4.9.13-no-suspension').length, 0);
  assert.equal(of(r, 'cps.md', 'br-4.9.13-no-suspension').length, 0);
  // Alone, the CP's "No stipulation." under 4.9.13 is a finding.
  assert.ok(checkDocument(parseDocument(read('cp.md')), OPTS).some((f) => f.code === 'br-4.9.13-no-suspension'));
  for (const f of ['cp.md', 'cps.md']) assert.equal(of(r, f, 'br-8.2-qualified-auditor').length, 0);
});

test('in: cps — the mass-revocation assertion stated only in the CP stays an error on the CPS, with where the CP says it', () => {
  const r = run();
  const [x] = of(r, 'cps.md', 'br-5.7.1.2-mass-revocation-assertion');
  assert.equal(x.severity, 'error');
  assert.match(x.message, /The CP states it in §5\.7\.1\.2 \(cp\.md, line \d+: .*\), but The Baseline Requirements ask for it in the CPS or combined CP\/CPS\./);
  // The CP is not asked for it, and no "not applied" note is left on it.
  assert.equal(of(r, 'cp.md', 'br-5.7.1.2-mass-revocation-assertion').length, 0);
  // Without the CP's statement, no note.
  const r2 = run(read('cp.md').replace(/Quillmark keeps a comprehensive[^\n]*/, 'Reserved.'));
  assert.doesNotMatch(of(r2, 'cps.md', 'br-5.7.1.2-mass-revocation-assertion')[0].message, /The CP states it/);
});

test('in: cp — Chrome adherence stated only in the CPS stays an error on the CP, naming the CPS', () => {
  const r = run();
  const [x] = of(r, 'cp.md', 'crp-1.1.3-adherence-statement');
  assert.equal(x.severity, 'error');
  assert.match(x.message, /The CPS states it in §1\.1 \(cps\.md, line 11: .*\), but Chrome's policy asks for it in the CP or combined CP\/CPS\./);
  for (const f of ['cps.md', 'cps-oid.md', 'cps-unlinked.md']) assert.equal(of(r, f, 'crp-1.1.3-adherence-statement').length, 0, f);
});

test('set-level checks: CPS names its CP, the cited CP version, the CP dated after the CPS', () => {
  const r = run();
  assert.equal(of(r, 'cps.md', 'set-cps-names-cp').length, 0);
  assert.equal(of(r, 'cps-unlinked.md', 'set-cps-names-cp').length, 1);
  assert.equal(of(r, 'cps.md', 'set-cp-version').length, 0);
  const [v] = of(r, 'cps-oid.md', 'set-cp-version');
  assert.match(v.message, /cites version 1\.0 of its CP, but cp\.md is version 1\.1/);
  assert.equal(v.range.start.line + 1, 9);
  const dated = (t: string, d: string) => `---\ntitle: "${t}"\ndate: "${d}"\n---\n\n` + read(t === 'cp' ? 'cp.md' : 'cps.md');
  const r3 = checkPolicySet({ name: 'x', cp: doc('cp.md', 'cp', dated('cp', '2026-11-01').replace('title: "cp"', 'title: "Quillmark Trust Certificate Policy"')), cps: [doc('cps.md', 'cps', dated('cps', '2026-10-15').replace('title: "cps"', 'title: "Quillmark Trust Certification Practice Statement"'))] }, OPTS);
  const newer = r3.documents[1].findings.filter((f) => f.code === 'set-cp-newer');
  assert.equal(newer.length, 1);
  assert.match(newer[0].message, /dated 2026-11-01, after this CPS \(2026-10-15\)/);
});

test('single-document results are untouched by the set machinery', () => {
  const a = checkDocument(parseDocument(read('cps.md')), OPTS);
  run();
  const b = checkDocument(parseDocument(read('cps.md')), OPTS);
  assert.deepEqual(b, a);
});

test('detectSets groups each CPS that names a CP of the workspace with it', () => {
  const docs = ['cp.md', 'cps.md', 'cps-oid.md', 'cps-unlinked.md'].map((f) => ({ file: f, model: parseDocument(read(f)) }));
  const sets = detectSets(docs);
  assert.equal(sets.length, 1);
  assert.equal(sets[0].cp.file, 'cp.md');
  assert.deepEqual(sets[0].cps.map((c) => c.file), ['cps.md', 'cps-oid.md']);
});
