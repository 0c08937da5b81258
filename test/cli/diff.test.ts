/**
 * `cpslint diff OLD NEW` through the bundled CLI: text, json and md output on the fixtures in
 * test/fixtures/diff, --fail-on-regression, and usage and input errors.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../unit/model-skeleton';
import { corpusDir } from '../support/shared';

const OLD = 'test/fixtures/diff/old.md';
const NEW = 'test/fixtures/diff/new.md';
const AS_OF = '2026-11-25';

function cpslint(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/cpslint.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

describe('cpslint diff', () => {
  test('text: sections, commitments, revision history, a last summary line', () => {
    const r = cpslint('diff', OLD, NEW, '--as-of', AS_OF);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `OLD ${OLD} (version 1.0, 2026-01-15)`);
    assert.equal(lines[1], `NEW ${NEW} (version 1.1, 2026-06-30)`);
    assert.ok(lines.includes('Sections: 1 added, 1 removed, 4 changed, 19 unchanged'), r.stdout);
    assert.ok(lines.includes('  + 4.9.1 Circumstances for Revocation  (NEW line 37)'));
    assert.ok(lines.includes('  - 9.2 Obsolete Provisions  (OLD line 80)'));
    assert.ok(lines.includes('  ~ 3.1 Naming Conventions: title was "Naming"  (NEW line 29)'));
    assert.ok(lines.includes('  ~ 8.1 Frequency or Circumstances of Assessment: +5/-0 words  (NEW line 75)'));
    assert.ok(lines.some((l) => /^ {2}\+ error cps-missing-section \(§4\.9\): Section 4\.9\.1 .* \[OLD line 34\]$/.test(l)));
    assert.ok(lines.some((l) => /^ {2}- error cps-no-stipulation-normative \(§4\.10\.2\): .* \[NEW line 51\]$/.test(l)));
    assert.ok(lines.includes('Revision history: recorded. Version 1.0 -> 1.1, dated 2026-06-30: "Added Section 4.9.1; renamed Section 3.1; removed Section 9.2."'));
    assert.match(lines[lines.length - 1], /^\d+ resolved, \d+ new \(\d+ regression\(s\)\), 6 section\(s\) touched \(as of 2026-11-25\)$/);
  });

  test('json: the documented shape', () => {
    const r = cpslint('diff', OLD, NEW, '--as-of', AS_OF, '--format', 'json');
    assert.equal(r.status, 0);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['old', 'new', 'asOf', 'programs', 'sections', 'commitments', 'revision']);
    assert.deepEqual(j.old, { file: OLD, title: 'Fixture Trust Certification Practice Statement', version: '1.0', date: '2026-01-15' });
    assert.equal(j.asOf, AS_OF);
    assert.deepEqual(Object.keys(j.sections), ['added', 'removed', 'changed', 'unchanged']);
    assert.deepEqual(Object.keys(j.sections.added[0]), ['number', 'title', 'line']);
    for (const c of j.sections.changed) {
      for (const k of ['number', 'title', 'titleChanged', 'textChanged', 'wordsAdded', 'wordsRemoved', 'oldLine', 'line']) assert.ok(k in c, k);
    }
    assert.deepEqual(Object.keys(j.commitments), ['gained', 'lost', 'unchanged', 'worse', 'regressions']);
    for (const f of [...j.commitments.gained, ...j.commitments.lost]) assert.deepEqual(Object.keys(f), ['code', 'severity', 'section', 'message', 'line']);
    assert.deepEqual(Object.keys(j.revision), ['oldVersion', 'newVersion', 'versionChanged', 'entry', 'oldLatestDate', 'dateNotEarlier', 'ok', 'problems']);
    assert.deepEqual(Object.keys(j.revision.entry), ['version', 'date', 'dateText', 'description', 'line']);
    assert.equal(j.revision.ok, true);
  });

  test('md: a memo section', () => {
    const r = cpslint('diff', OLD, NEW, '--as-of', AS_OF, '--format', 'md');
    assert.equal(r.status, 0);
    const md = r.stdout;
    assert.match(md, /^## Changes from version 1\.0 to version 1\.1\n/);
    assert.match(md, /\n### Sections\n/);
    assert.match(md, /\n\| 4\.9\.1 \| Circumstances for Revocation \| added \|\n/);
    assert.match(md, /\n\| 3\.1 \| Naming Conventions \| title was "Naming" \|\n/);
    assert.match(md, /\n### Commitments\n/);
    assert.match(md, /\n- `cps-no-stipulation-normative` \(error, §4\.10\.2\): /);
    assert.match(md, /\n- \[x\] new version number \(1\.0 → 1\.1\)\n/);
    assert.match(md, /\n- \[x\] described: "Added Section 4\.9\.1; renamed Section 3\.1; removed Section 9\.2\."\n/);
  });

  test('--fail-on-regression: exit 1 when NEW has new errors or warnings', () => {
    assert.equal(cpslint('diff', OLD, NEW, '--as-of', AS_OF, '--fail-on-regression').status, 1);
    // No new findings, no failure.
    assert.equal(cpslint('diff', NEW, NEW, '--as-of', AS_OF, '--fail-on-regression').status, 0);
  });

  test('the same file twice: nothing changed, the revision history problem is reported', () => {
    const r = cpslint('diff', OLD, OLD, '--as-of', AS_OF);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Sections: 0 added, 0 removed, 0 changed, \d+ unchanged/);
    assert.match(r.stdout, /Revision history: 1 problem\(s\)\n {2}- NEW has the same version number as OLD \(1\.0\)\./);
  });

  test('usage and input errors: exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['diff', OLD], /missing required argument 'new'/],
      [['diff', OLD, 'test/fixtures/diff/missing.md'], /missing\.md: no such file/],
      [['diff', OLD, NEW, '--format', 'sarif'], /--format.*sarif.*text, json, md/],
      [['diff', OLD, NEW, '--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a valid YYYY-MM-DD date/],
      [['diff', OLD, NEW, '--program', 'netscape'], /unknown program\(s\) netscape/],
      [['diff', OLD, 'test/fixtures/diff'], /is a directory, not a Markdown file/],
    ];
    for (const [args, message] of cases) {
      const r = cpslint(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  const corpus = corpusDir();
  const a = join(corpus, 'letsencrypt__cp-cps__CP-CPS__2023-05-05.md');
  const b = join(corpus, 'letsencrypt__cp-cps__CP-CPS.md');
  test('two real versions of a CP/CPS (skipped without ../shared)', { skip: !(existsSync(a) && existsSync(b)) && 'the corpus in ../shared is absent' }, () => {
    const r = cpslint('diff', a, b, '--as-of', AS_OF, '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.ok(j.sections.changed.length > 10);
    assert.ok(j.commitments.gained.length > 0);
    assert.equal(j.revision.versionChanged, true);
  });
});
