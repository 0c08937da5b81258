/**
 * Paraphrase probes: compliant CP/CPS documents written in a CA house style of our own (never the
 * words of the BR or of the corpus), under test/fixtures/paraphrase/<style>-cps.md. Each style has
 * its own test file, test/rules/paraphrase-<style>.test.ts, that calls checkParaphrase with the
 * false positives cpslint still reports on that document (KNOWN_FALSE). The errors and warnings must
 * be exactly that list: a new one fails (a regression in precision, or the fixture no longer
 * complies), and a fixed one fails too until it is taken off the list, so the list only shrinks.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, sectionAt } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';
import { projectRoot } from '../support/root';

/** A finding cpslint reports on a compliant fixture, and why it is false. */
export interface KnownFalse {
  code: string;
  /** Number of the section the finding points into ("4.9.1.1"), or "front" before the first numbered section. */
  section: string;
  reason: string;
}

/** The date the fixtures are written to comply on. */
export const PARAPHRASE_AS_OF = '2026-11-25';
const PROGRAMS = ['mozilla', 'chrome', 'apple', 'microsoft'];

export function paraphraseDir(): string {
  return join(projectRoot(), 'test', 'fixtures', 'paraphrase');
}

export interface Reported {
  code: string;
  section: string;
  severity: string;
  line: number;
  message: string;
}

/** The errors and warnings cpslint reports on one style's fixture, with the section each points into. */
export function reportedOn(style: string): Reported[] {
  const text = readFileSync(join(paraphraseDir(), `${style}-cps.md`), 'utf8');
  const model = parseDocument(text);
  assert.ok(model.rfc3647, `${style}-cps.md must follow the RFC 3647 outline`);
  return checkDocument(model, { asOf: PARAPHRASE_AS_OF, programs: PROGRAMS })
    .filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => {
      const s = sectionAt(model, model.lines.offsetAt(f.range.start));
      return { code: f.code, section: s?.number ?? 'front', severity: f.severity, line: f.range.start.line + 1, message: f.message };
    });
}

const key = (x: { code: string; section: string }) => `${x.code} @ §${x.section}`;

export function checkParaphrase(style: string, known: KnownFalse[]): void {
  describe(`paraphrase fixture: ${style}`, () => {
    test('the fixture exists and is of a realistic size (40-80 KB)', () => {
      const file = join(paraphraseDir(), `${style}-cps.md`);
      assert.ok(existsSync(file), `${file} is missing`);
      const size = readFileSync(file).length;
      assert.ok(size >= 40_000 && size <= 80_000, `${style}-cps.md is ${size} bytes`);
    });

    test('every known false positive says why it is false', () => {
      for (const k of known) assert.ok(k.reason.trim().length >= 20, `${key(k)}: give the reason`);
      assert.equal(new Set(known.map(key)).size, known.length, 'KNOWN_FALSE lists an entry twice');
    });

    test('errors and warnings are exactly the known false positives', () => {
      const got = reportedOn(style);
      const expected = new Set(known.map(key));
      const unexpected = got.filter((g) => !expected.has(key(g)));
      const gotKeys = new Set(got.map(key));
      const gone = known.filter((k) => !gotKeys.has(key(k)));
      assert.deepEqual(
        { unexpected: unexpected.map((g) => `${g.severity} ${key(g)} (line ${g.line}): ${g.message}`), fixed: gone.map(key) },
        { unexpected: [], fixed: [] },
        'new errors/warnings on a compliant fixture are false positives (or the fixture stopped complying); fixed ones must leave KNOWN_FALSE',
      );
    });
  });
}

test('every paraphrase fixture has its own test file with its KNOWN_FALSE list', () => {
  const dir = paraphraseDir();
  const styles = readdirSync(dir).filter((f) => f.endsWith('-cps.md')).map((f) => f.slice(0, -'-cps.md'.length));
  assert.ok(styles.length > 0, 'no fixture under test/fixtures/paraphrase');
  const missing = styles.filter((s) => !existsSync(join(projectRoot(), 'test', 'rules', `paraphrase-${s}.test.ts`)));
  assert.deepEqual(missing, [], 'styles without test/rules/paraphrase-<style>.test.ts');
});
