/** `cpslint review` through the bundled CLI: formats, output file, exit codes and bad input. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../unit/model-skeleton';

const EXAMPLE = 'examples/example-ca-cps.md';

function cpslint(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/cpslint.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

let tmp = '';
before(() => {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'cpslint-review-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('cpslint review', () => {
  test('Markdown on stdout by default; exit 1 because the example has errors', () => {
    const r = cpslint('review', EXAMPLE, '--as-of', '2026-11-25');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^# Compliance review: Northwind/);
    assert.match(r.stdout, /\*\*Verdict: Partially compliant\.\*\*/);
    assert.match(r.stdout, /\[line 1283\]\(examples\/example-ca-cps\.md#L1283\)/);
  });
  test('JSON is the review data, with the past findings re-checked', () => {
    const r = cpslint('review', EXAMPLE, '--as-of', '2026-11-25', '--format', 'json', '--past-findings', 'examples/past-findings.json');
    const j = JSON.parse(r.stdout);
    assert.equal(j.formatVersion, 1);
    assert.equal(j.verdict.value, 'partially-compliant');
    assert.deepEqual(
      j.pastFindings.map((p: { past: { id: string }; result: string }) => [p.past.id, p.result]),
      [['NW-2025-01', 'still-present'], ['NW-2025-02', 'still-present'], ['NW-2025-03', 'resolved'], ['NW-2025-04', 'still-present'], ['NW-2025-05', 'not-checkable']],
    );
  });
  test('-o writes an HTML file whose evidence links are relative to it', () => {
    const out = join(tmp, 'review.html');
    const r = cpslint('review', EXAMPLE, '--as-of', '2026-11-25', '--format', 'html', '-o', out);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /wrote the review/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    // The report is in a temporary directory: the link climbs out of it to the example.
    assert.match(html, /href="(?:\.\.\/)+[^"]*examples\/example-ca-cps\.md#L1283"/);
  });
  test('bad input ends with a clear message and exit 2', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"findings":[{"id":"x"}]}');
    let r = cpslint('review', EXAMPLE, '--past-findings', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /does not match the past-findings format/);
    r = cpslint('review', 'no-such.md');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such file/);
    r = cpslint('review', EXAMPLE, '--as-of', '2026-13-01');
    assert.equal(r.status, 2);
    r = cpslint('review', EXAMPLE, '--format', 'pdf');
    assert.equal(r.status, 2);
  });
});
