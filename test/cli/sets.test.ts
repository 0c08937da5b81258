/** Policy sets through the CLI: check --set / --as-set, review --set, diff --set, and the config's sets: key. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../unit/model-skeleton';

const EX = join(ROOT, 'test/fixtures/sets/example');
let tmp = '';
before(() => (tmp = mkdtempSync(join(tmpdir(), 'cpslint-sets-'))));
after(() => rmSync(tmp, { recursive: true, force: true }));

function cpslint(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}
type Json = { set?: { name: string; cp: string; cps: string[] }; files: { file: string; diagnostics: { code: string; severity: string; message: string }[] }[] };
const diag = (j: Json, file: string, code: string) => j.files.find((f) => f.file === file)!.diagnostics.filter((d) => d.code === code);

test('check --set NAME reads the set from .cpslint.yaml; the CP\'s statement counts for the CPS that names it', () => {
  const r = cpslint(EX, 'check', '--set', 'quillmark', '--format', 'json');
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout) as Json;
  assert.deepEqual(j.set, { name: 'quillmark', cp: 'cp.md', cps: ['cps.md', 'cps-oid.md', 'cps-unlinked.md'] });
  assert.equal(diag(j, 'cps.md', 'br-8.1-annual-period-of-time-audit')[0].severity, 'info');
  assert.equal(diag(j, 'cps-unlinked.md', 'br-8.1-annual-period-of-time-audit')[0].severity, 'warning');
  assert.equal(diag(j, 'cps-unlinked.md', 'set-cps-names-cp').length, 1);
});

test('check --as-set with the files on the command line; the same files alone are checked as before', () => {
  const set = JSON.parse(cpslint(EX, 'check', '--as-set', 'cps.md', 'cp.md', '--as-of', '2026-11-25', '--format', 'json').stdout) as Json;
  assert.equal(set.set!.cp, 'cp.md');
  assert.equal(diag(set, 'cps.md', 'br-8.1-annual-period-of-time-audit')[0].severity, 'info');
  const alone = JSON.parse(cpslint(EX, 'check', 'cps.md', 'cp.md', '--as-of', '2026-11-25', '--format', 'json').stdout) as Json;
  assert.equal(alone.set, undefined);
  assert.equal(diag(alone, 'cps.md', 'br-8.1-annual-period-of-time-audit')[0].severity, 'warning');
  assert.ok(!alone.files.some((f) => f.diagnostics.some((d) => d.code.startsWith('set-'))));
});

test('usage errors: an unknown set, --as-set without a CP, both options, files with --set', () => {
  const u = cpslint(EX, 'check', '--set', 'nope');
  assert.equal(u.status, 2);
  assert.match(u.stderr, /no policy set "nope" in .*\.cpslint\.yaml; its sets: quillmark/);
  assert.match(cpslint(EX, 'check', '--as-set', 'cps.md', 'cps-oid.md').stderr, /exactly one Certificate Policy/);
  assert.match(cpslint(EX, 'check', '--as-set', '--set', 'quillmark').stderr, /either --set NAME or --as-set/);
  assert.match(cpslint(EX, 'check', 'cps.md', '--set', 'quillmark').stderr, /give no files with it/);
});

test('the config sets: key is validated: unknown fields, duplicate names, a CP listed as its own CPS', () => {
  writeFileSync(join(tmp, '.cpslint.yaml'), 'sets:\n  - name: a\n    cp: cp.md\n    cps: [cp.md]\n  - name: a\n    cp: x.md\n    cps: [y.md]\n');
  copyFileSync(join(EX, 'cp.md'), join(tmp, 'cp.md'));
  const r = cpslint(tmp, 'check', 'cp.md');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /sets: the set name "a" is used twice/);
  assert.match(r.stderr, /cp\.md is both its CP and one of its CPSs/);
  writeFileSync(join(tmp, '.cpslint.yaml'), 'sets:\n  - name: a\n    cp: cp.md\n    cps: [cps.md]\n    extra: 1\n');
  assert.match(cpslint(tmp, 'check', 'cp.md').stderr, /unknown key|must NOT have additional properties/);
});

test('review --set: one review for the set, with each document read in the set', () => {
  const r = cpslint(EX, 'review', '--set', 'quillmark');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^# Policy set review: quillmark/);
  assert.match(r.stdout, /\| cps-oid\.md \| CPS \| yes, by OID 1\.3\.6\.1\.4\.1\.99999\.1\.1 \(line 9\) \|/);
  assert.match(r.stdout, /\| cps-unlinked\.md \| CPS \| no \|/);
  assert.match(r.stdout, /Met in the policy set: stated in the CP §8\.1/);
  const j = JSON.parse(cpslint(EX, 'review', '--set', 'quillmark', '--format', 'json').stdout) as { reviews: { role: string }[] };
  assert.deepEqual(j.reviews.map((x) => x.role), ['cp', 'cps', 'cps', 'cps']);
});

test('diff --set: a CP edit that drops the audit statement is a regression of the CPS read in its set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpslint-setdiff-'));
  try {
    for (const f of ['cp.md', 'cps.md', '.cpslint.yaml']) copyFileSync(join(EX, f), join(dir, f));
    writeFileSync(join(dir, '.cpslint.yaml'), 'asOf: "2026-11-25"\nsets:\n  - name: q\n    cp: cp.md\n    cps: [cps.md]\n');
    const old = readFileSync(join(dir, 'cp.md'), 'utf8');
    writeFileSync(join(dir, 'cp-old.md'), old);
    writeFileSync(join(dir, 'cp.md'), old.replace(/Quillmark undergoes a period-of-time audit every year; its audit periods are contiguous\./, 'Quillmark is audited.'));
    // The CP itself: its 8.1 gap is left to the CPS, so the CP's own diff shows no new finding for it …
    const cpDiff = JSON.parse(cpslint(dir, 'diff', 'cp-old.md', 'cp.md', '--set', 'q', '--format', 'json').stdout) as { commitments: { lost: { code: string }[] } };
    assert.ok(!cpDiff.commitments.lost.some((f) => f.code === 'br-8.1-annual-period-of-time-audit'));
    // … and the CPS checked in the set now reports it (before: met in the set).
    const cps = JSON.parse(cpslint(dir, 'check', '--set', 'q', '--format', 'json').stdout) as Json;
    assert.equal(diag(cps, 'cps.md', 'br-8.1-annual-period-of-time-audit')[0].severity, 'warning');
    assert.match(cpslint(dir, 'diff', 'cp-old.md', 'cps.md', '--set', 'nope').stderr, /no policy set "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diff --as-set: a CPS that stops naming its CP loses the statements of the CP, read with the CP given on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpslint-setdiff-'));
  try {
    copyFileSync(join(EX, 'cp.md'), join(dir, 'cp.md'));
    const old = readFileSync(join(EX, 'cps.md'), 'utf8');
    writeFileSync(join(dir, '.cpslint.yaml'), 'asOf: "2026-11-25"\n');
    writeFileSync(join(dir, 'cps-old.md'), old);
    const cut = old.replace(/ implements the Quillmark Trust Certificate Policy, version 1\.1 \(the "CP"\)\. This CPS conforms to the CP; where this CPS is silent, the CP applies\./, ' issues TLS server certificates.');
    assert.notEqual(cut, old, 'the fixture names its CP in §1.1');
    writeFileSync(join(dir, 'cps.md'), cut);
    type D = { commitments: { lost: { code: string }[]; worse: { code: string; oldSeverity: string; severity: string }[]; regressions: number } };
    const r = cpslint(dir, 'diff', 'cps-old.md', 'cps.md', '--as-set', 'cp.md', '--format', 'json');
    const inSet = JSON.parse(r.stdout) as D;
    const lost = inSet.commitments.lost.map((f) => f.code);
    assert.ok(lost.includes('set-cps-names-cp'), `${lost.join(', ')} ${r.stderr}`);
    // The audit statement was met in the set through the CP (info); now it is the CPS's gap.
    const audit = inSet.commitments.worse.find((f) => f.code === 'br-8.1-annual-period-of-time-audit');
    assert.deepEqual([audit?.oldSeverity, audit?.severity], ['info', 'warning'], JSON.stringify(inSet.commitments.worse));
    // Alone, neither version is read with the CP: the same edit changes no commitment.
    const alone = JSON.parse(cpslint(dir, 'diff', 'cps-old.md', 'cps.md', '--format', 'json').stdout) as D;
    assert.ok(![...alone.commitments.lost, ...alone.commitments.worse].some((f) => f.code === 'set-cps-names-cp' || f.code === 'br-8.1-annual-period-of-time-audit'), JSON.stringify(alone.commitments));
    assert.match(cpslint(dir, 'diff', 'cps-old.md', 'cps.md', '--as-set', 'cp.md', '--set', 'q').stderr, /either --set NAME or --as-set/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
