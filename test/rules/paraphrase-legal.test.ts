/**
 * Precision on an unseen style: test/fixtures/paraphrase/legal-cps.md is a compliant TLS CP/CPS of a
 * fictional commercial CA (Meridian), written in a long-sentence legal house style: defined Capitalised
 * Terms, "(a) …; (b) …" obligation lists, "In accordance with Section X of the Baseline Requirements …",
 * HTML tables (CA list, revision history, data-reuse periods, certificate profile), TLS statements scoped
 * apart from the S/MIME and code-signing CPSs it mentions. Every error and warning cpslint reports on it
 * as of 2026-11-25 is a false positive, so the CLI's errors and warnings must be exactly KNOWN_FALSE:
 * a new finding fails the test (a new false positive, or a fixture that is no longer compliant), and an
 * entry that is no longer reported fails it too until it is removed from the list (the list only shrinks
 * as fixes land). The fixture is ours, so nothing is skipped.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// @ts-ignore -- a plain ES module shared with the corpus scripts
import { currentFindings, key } from '../../scripts/lib/corpus-expectations.mjs';
import { projectRoot } from '../support/root';

interface KnownFalse {
  code: string;
  /** The RFC 3647 section the finding is reported in. */
  section: string;
  severity: 'error' | 'warning';
  /** Why the finding is false, and where the cause lies. */
  reason: string;
}

const KNOWN_FALSE: KnownFalse[] = [
  {
    code: 'br-5.3-personnel-training',
    section: '5.3.3',
    severity: 'warning',
    reason:
      '"No person shall act as a Validation Specialist until that person has passed an internal written test …" ' +
      'requires the test; isNegated (server/src/service/rules/patterns.ts) reads the clause-initial "No person" as ' +
      'denying "passed … test" because "until" is neither a clause break nor a subordinate-clause cut on the ' +
      'before side. Code-level: "No X shall … until/unless/before Y" makes Y a condition, not a denial.',
  },
  {
    code: 'br-6.1.1.1-ca-key-generation',
    section: '6.1.1',
    severity: 'error',
    reason:
      '"No CA key pair shall be generated other than in a key generation ceremony that follows a written script, …, ' +
      'and is witnessed by the Qualified Auditor, who shall issue a report on it." commands the ceremony. The only ' +
      'mention of the ceremony sits in the clause opened by "No CA key pair", and "other than" is not a clause break ' +
      '(CLAUSE_BREAK in patterns.ts has except/unless but not other than/until/before/without), so both the ceremony ' +
      'part and the witnessed part (whose [ceremon*, key generation] group has no other match) are read as denied.',
  },
  {
    code: 'br-6.3.2-validity-schedule',
    section: '6.3.2',
    severity: 'error',
    reason:
      '"S/MIME Certificates, which are issued under the Meridian S/MIME CPS and not under this CPS, may have a Validity ' +
      'Period of up to 825 days." is about S/MIME, yet the 825 days is checked against the TLS maximum. pipeline/scope.ts ' +
      'reads a sentence\'s scope only from an opening phrase ("For S/MIME certificates, …", SCOPING_OPENING), a list ' +
      'lead-in, a row label or a heading; a sentence whose grammatical subject names the other type is unscoped.',
  },
  {
    code: 'cps-blank-section',
    section: '6.1.5',
    severity: 'error',
    reason:
      '§6.1.5 consists of an HTML table of the accepted key types and sizes (which br-6.1.5-key-sizes reads and accepts, ' +
      'through extract.ts htmlTableUnits), yet it is reported as entirely blank: ownText() in server/src/service/structure.ts ' +
      'skips every html block, tables included. Fix: count the cell text of an HTML <table> block (html-table.ts) as content.',
  },
  {
    code: 'cps-no-stipulation-with-text',
    section: '4.4.3',
    severity: 'warning',
    reason:
      '"No stipulation, save that Precertificates are submitted to Certificate Transparency logs as described in Section ' +
      '4.3.1." is a qualified no-stipulation, the legal equivalent of "No stipulation beyond …". NO_STIP_QUALIFIED in ' +
      'server/src/service/structure.ts accepts beyond/other than/except/apart from/in addition to/besides/further to/more ' +
      'than, but not "save that", "save as", "save for" or "save where".',
  },
];

const ROOT = projectRoot();
const FIXTURE = join(ROOT, 'test', 'fixtures', 'paraphrase', 'legal-cps.md');

interface Current {
  code: string;
  section: string;
  line: number;
  severity: string;
}

function counted(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function minus(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of a) for (let i = b.get(k) ?? 0; i < n; i++) out.push(k);
  return out;
}

/** A finding's key without its line: the fixture may be edited above a known false positive. */
const where = (f: { code: string; section: string; severity: string }) => `${f.code} §${f.section} ${f.severity}`;

describe('paraphrase fixture, legal style', () => {
  test('KNOWN_FALSE entries are well-formed', () => {
    for (const k of KNOWN_FALSE) {
      assert.match(k.section, /^(front|\d+(\.\d+)*)$/, where(k));
      assert.ok(k.reason.length >= 40, `${where(k)}: give the root cause`);
    }
  });

  test('the errors and warnings are exactly the known false positives', () => {
    assert.ok(existsSync(FIXTURE), FIXTURE);
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is absent: run npm run build');
    const current = currentFindings(ROOT, FIXTURE) as Current[];
    const now = counted(current.map(where));
    const known = counted(KNOWN_FALSE.map(where));
    const appeared = minus(now, known).map((k) => {
      const f = current.find((c) => where(c) === k)!;
      return key(f);
    });
    const fixed = minus(known, now);
    assert.deepEqual(
      { appeared, fixed },
      { appeared: [], fixed: [] },
      'appeared: a new error or warning on the compliant legal-style fixture (a false positive, or the fixture ' +
        'no longer complies: fix whichever is wrong); fixed: remove the entry from KNOWN_FALSE',
    );
  });
});
