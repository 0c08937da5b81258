/**
 * diffDocuments (server/src/service/diff.ts) on the fixtures in test/fixtures/diff: sections
 * added, removed and changed, findings resolved and new (matched by code and section, not by
 * line), and the revision-history check.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { checkDocument, type CheckOptions } from '../../server/src/service/check';
import { diffDocuments } from '../../server/src/service/diff';
import { ROOT } from './model-skeleton';

const OPTS: CheckOptions = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
const read = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'diff', name), 'utf8');
const OLD = read('old.md');
const NEW = read('new.md');
const diff = (a: string, b: string) => diffDocuments({ model: parseDocument(a) }, { model: parseDocument(b) }, OPTS);

describe('diffDocuments: sections', () => {
  const d = diff(OLD, NEW);
  test('added and removed sections, by number', () => {
    assert.deepEqual(d.sections.added.map((s) => [s.number, s.title]), [['4.9.1', 'Circumstances for Revocation']]);
    assert.deepEqual(d.sections.removed.map((s) => [s.number, s.title]), [['9.2', 'Obsolete Provisions']]);
    assert.equal(NEW.split('\n')[d.sections.added[0].line - 1], '### 4.9.1 Circumstances for Revocation');
    assert.equal(OLD.split('\n')[d.sections.removed[0].line - 1], '## 9.2 Obsolete Provisions');
  });

  test('changed sections: title changes and text changes with a word count', () => {
    const byNumber = new Map(d.sections.changed.map((c) => [c.number, c]));
    assert.deepEqual([...byNumber.keys()], ['1.2', '3.1', '4.10.2', '8.1']);
    const naming = byNumber.get('3.1')!;
    assert.equal(naming.titleChanged, true);
    assert.equal(naming.oldTitle, 'Naming');
    assert.equal(naming.title, 'Naming Conventions');
    assert.equal(naming.textChanged, false);
    const audit = byNumber.get('8.1')!;
    assert.equal(audit.titleChanged, false);
    assert.equal(audit.textChanged, true);
    assert.deepEqual([audit.wordsAdded, audit.wordsRemoved], [5, 0]); // "by a qualified, independent auditor"
    const avail = byNumber.get('4.10.2')!;
    assert.deepEqual([avail.wordsAdded, avail.wordsRemoved], [2, 10]);
    assert.ok(d.sections.unchanged > 10);
  });

  test('an identical document: nothing added, removed or changed', () => {
    const same = diff(OLD, OLD);
    assert.deepEqual([same.sections.added, same.sections.removed, same.sections.changed], [[], [], []]);
    assert.deepEqual([same.commitments.gained, same.commitments.lost, same.commitments.regressions], [[], [], 0]);
  });

  test('whitespace and line breaks inside a paragraph are not a change', () => {
    const rewrapped = OLD.replace('The CA publishes this document in its online repository.', 'The CA  publishes this document\nin its online repository.');
    assert.deepEqual(diff(OLD, rewrapped).sections.changed, []);
  });
});

describe('diffDocuments: commitments', () => {
  const d = diff(OLD, NEW);
  test('the finding for the missing 4.9.1 is resolved (a commitment gained)', () => {
    const g = d.commitments.gained.find((f) => f.code === 'cps-missing-section' && /4\.9\.1/.test(f.message));
    assert.ok(g, JSON.stringify(d.commitments.gained.map((f) => f.code)));
    assert.equal(g.section, '4.9');
    assert.equal(OLD.split('\n')[g.line - 1].startsWith('## 4.9 '), true);
  });

  test('"No stipulation" in 4.10.2 is a new error (a commitment lost, a regression)', () => {
    const l = d.commitments.lost.find((f) => f.code === 'cps-no-stipulation-normative');
    assert.ok(l);
    assert.equal(l.section, '4.10.2');
    assert.equal(l.severity, 'error');
    assert.equal(d.commitments.regressions, d.commitments.lost.filter((f) => f.severity !== 'info').length);
    assert.ok(d.commitments.regressions >= 1);
  });

  test('a rule finding that moves from the parent section to the added section is the same finding', () => {
    // OLD: "§4.9.1 is missing" reported in 4.9; NEW: 4.9.1 is there but incomplete.
    for (const list of [d.commitments.gained, d.commitments.lost]) assert.ok(!list.some((f) => f.code === 'br-4.9.1.1-subscriber-revocation-24h-5d'));
  });

  test('identity is code + section, not line: text inserted above every section changes nothing', () => {
    const shifted = OLD.replace('# 1. Introduction', 'A preamble paragraph.\n\nAnother one.\n\n\n\n# 1. Introduction');
    const s = diff(OLD, shifted);
    assert.deepEqual(s.commitments.gained, []);
    assert.deepEqual(s.commitments.lost, []);
    assert.equal(s.commitments.unchanged, checkDocument(parseDocument(OLD), OPTS).length);
  });

  test('a finding that became more severe is a regression', () => {
    const a = parseDocument(OLD);
    const f = checkDocument(a, OPTS).find((x) => x.code === 'cps-missing-section' && /9\.3/.test(x.message))!;
    const info = { ...f, severity: 'info' as const };
    const r = diffDocuments({ model: a, findings: [info] }, { model: a, findings: [f] }, OPTS);
    assert.deepEqual([r.commitments.gained, r.commitments.lost, r.commitments.unchanged], [[], [], 1]);
    assert.equal(r.commitments.worse.length, 1);
    assert.deepEqual([r.commitments.worse[0].code, r.commitments.worse[0].oldSeverity, r.commitments.worse[0].severity], ['cps-missing-section', 'info', 'error']);
    assert.equal(r.commitments.regressions, 1);
    // Less severe is not a regression.
    const better = diffDocuments({ model: a, findings: [f] }, { model: a, findings: [info] }, OPTS);
    assert.deepEqual([better.commitments.worse, better.commitments.regressions], [[], 0]);
  });

  test('findings given by the caller are used as they are', () => {
    const a = parseDocument(OLD);
    const b = parseDocument(NEW);
    const r = diffDocuments({ model: a, findings: [] }, { model: b, findings: [] }, OPTS);
    assert.deepEqual([r.commitments.gained, r.commitments.lost, r.commitments.unchanged], [[], [], 0]);
  });
});

describe('diffDocuments: revision history', () => {
  test('the fixture records its new version with a date and a description', () => {
    const r = diff(OLD, NEW).revision;
    assert.equal(r.ok, true, r.problems.join('; '));
    assert.deepEqual([r.oldVersion, r.newVersion, r.versionChanged], ['1.0', '1.1', true]);
    assert.equal(r.entry?.date, '2026-06-30');
    assert.equal(r.entry?.description, 'Added Section 4.9.1; renamed Section 3.1; removed Section 9.2.');
    assert.equal(r.oldLatestDate, '2026-01-15');
    assert.equal(r.dateNotEarlier, true);
    assert.deepEqual(r.problems, []);
  });

  test('the same version number', () => {
    const r = diff(OLD, OLD).revision;
    assert.equal(r.ok, false);
    assert.equal(r.versionChanged, false);
    assert.match(r.problems.join('\n'), /same version number as OLD \(1\.0\)/);
  });

  test('no entry for the new version', () => {
    const noEntry = NEW.replace(/\| 1\.1 \| 2026-06-30 \|.*\n/, '');
    const r = diff(OLD, noEntry).revision;
    assert.equal(r.ok, false);
    assert.equal(r.entry, null);
    assert.match(r.problems.join('\n'), /no entry for version 1\.1/);
  });

  test('an entry without a date, or without a description', () => {
    const undated = diff(OLD, NEW.replace('| 1.1 | 2026-06-30 |', '| 1.1 |  |')).revision;
    assert.equal(undated.ok, false);
    assert.match(undated.problems.join('\n'), /entry for version 1\.1 has no date/);
    const bare = diff(OLD, NEW.replace('| Added Section 4.9.1; renamed Section 3.1; removed Section 9.2. |', '|  |')).revision;
    assert.equal(bare.ok, false);
    assert.equal(bare.entry?.description, null);
    assert.match(bare.problems.join('\n'), /does not describe the changes/);
  });

  test('a date earlier than the old version\'s latest date', () => {
    const r = diff(OLD, NEW.replace('| 1.1 | 2026-06-30 |', '| 1.1 | 2025-12-01 |').replace('date: "2026-06-30"', 'date: "2025-12-01"')).revision;
    assert.equal(r.dateNotEarlier, false);
    assert.equal(r.ok, false);
    assert.match(r.problems.join('\n'), /dated 2025-12-01, earlier than OLD's latest date 2026-01-15/);
  });

  test('a lower version number is reported', () => {
    const r = diff(NEW, OLD).revision;
    assert.equal(r.ok, false);
    assert.match(r.problems.join('\n'), /version 1\.0 is lower than OLD's 1\.1/);
  });
});
