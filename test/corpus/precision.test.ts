/**
 * The precision corpus: on every real CP/CPS in ../shared/corpus, the CLI's errors and warnings
 * are exactly the ones recorded (and judged by a reviewer) in test/corpus/expectations/<doc>.json.
 * A finding that appears, disappears, moves or changes severity fails the test until the file is
 * regenerated (scripts/update-corpus-expectations.mjs) and the new entries are judged.
 * The documents' text is never stored; without ../shared the corpus part is skipped.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
// @ts-ignore -- a plain ES module shared with the regeneration script
import { corpusFiles, currentFindings, documentName, expectationsDir, key, merge, VERDICTS } from '../../scripts/lib/corpus-expectations.mjs';
import { projectRoot } from '../support/root';

interface Entry {
  code: string;
  section: string;
  line: number;
  severity: string;
  fingerprint?: string;
  verdict: string;
  reason: string;
}

const ROOT = projectRoot();
const DIR = expectationsDir(ROOT) as string;
const files = corpusFiles(ROOT) as string[];

function expected(name: string): { findings: Entry[] } | null {
  const p = join(DIR, `${name}.json`);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}

function multiset(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function difference(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of a) for (let i = b.get(k) ?? 0; i < n; i++) out.push(k);
  return out;
}

describe('precision corpus', () => {
  test('every committed expectations file is well-formed: judged entries have a verdict and a reason', () => {
    const names = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.json')) : [];
    assert.ok(names.length > 0, `no expectations under ${DIR}`);
    for (const f of names) {
      const data = JSON.parse(readFileSync(join(DIR, f), 'utf8'));
      assert.equal(`${data.document}.json`, f);
      for (const e of data.findings as Entry[]) {
        assert.ok(VERDICTS.includes(e.verdict), `${f}: ${key(e)}: verdict "${e.verdict}"`);
        assert.ok(e.severity === 'error' || e.severity === 'warning', `${f}: ${key(e)}`);
        assert.ok(typeof e.line === 'number' && e.line > 0 && /^(front|\d+(\.\d+)*)$/.test(e.section), `${f}: ${key(e)}`);
        if (e.verdict !== 'unreviewed') assert.ok(e.reason && e.reason.length >= 10, `${f}: ${key(e)} has no reason`);
      }
    }
  });

  if (!files.length) {
    test('real documents', (t) => t.skip('../shared/corpus is absent: the precision corpus is skipped'));
    return;
  }
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
    test('real documents', (t) => t.skip('dist/cli.js is absent: run npm run build'));
    return;
  }
  for (const file of files) {
    const name = documentName(file) as string;
    test(`${name}: the errors and warnings are the reviewed ones`, () => {
      const exp = expected(name);
      assert.ok(exp, `no test/corpus/expectations/${name}.json: run node scripts/update-corpus-expectations.mjs and judge the findings`);
      const now = multiset((currentFindings(ROOT, file) as Entry[]).map(key));
      const then = multiset(exp.findings.map(key));
      const appeared = difference(now, then);
      const disappeared = difference(then, now);
      assert.deepEqual(
        { appeared, disappeared },
        { appeared: [], disappeared: [] },
        'the findings changed: regenerate with node scripts/update-corpus-expectations.mjs, judge the new entries and say in docs/precision.md why',
      );
    });
  }
});

describe('expectations merge (no corpus needed)', () => {
  const f = (code: string, line: number, severity = 'warning', fingerprint = 'aa', section = '4.9') => ({ code, section, line, severity, fingerprint });
  const judged = (x: ReturnType<typeof f>, verdict: string, reason: string) => ({ ...x, verdict, reason });

  test('a finding still reported at the same place keeps its verdict; a new one is unreviewed', () => {
    const old = [judged(f('a', 10), 'right', 'stated nowhere in 4.9')];
    const { entries, gone } = merge(old, [f('a', 10), f('b', 12)]);
    assert.deepEqual(entries.map((e: Entry) => [e.code, e.verdict]), [['a', 'right'], ['b', 'unreviewed']]);
    assert.deepEqual(gone, []);
  });

  test('a finding that changed severity or line is re-judged, with the old verdict kept in the reason', () => {
    const { entries } = merge([judged(f('a', 10, 'error'), 'debatable', 'a reading of the scope')], [f('a', 10, 'warning')]);
    assert.equal(entries[0].verdict, 'unreviewed');
    assert.match(entries[0].reason, /was error at line 10, judged debatable: a reading of the scope/);
    const moved = merge([judged(f('a', 10), 'right', 'stated nowhere in 4.9')], [f('a', 14)]).entries;
    assert.equal(moved[0].verdict, 'unreviewed');
  });

  test('findings of one code on one line are told apart by their fingerprint', () => {
    const old = [judged(f('m', 5, 'warning', 'x1'), 'right', 'method four offered'), judged(f('m', 5, 'warning', 'x2'), 'debatable', 'method thirteen named only')];
    const { entries } = merge(old, [f('m', 5, 'warning', 'x2'), f('m', 5, 'warning', 'x1')]);
    assert.deepEqual(entries.map((e: Entry) => e.reason), ['method thirteen named only', 'method four offered']);
  });

  test('an entry no longer reported is returned as gone', () => {
    const { entries, gone } = merge([judged(f('a', 10), 'false', 'the 24x7 repository was taken for revocation')], []);
    assert.deepEqual(entries, []);
    assert.equal(gone.length, 1);
  });
});
