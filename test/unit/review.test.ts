/**
 * The compliance review: verdict logic, evidence traceable to lines, citations traceable to rules,
 * agreement with the diagnostics, past findings, and the Markdown/HTML renderings (golden file).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';
import { structureChecks } from '../../server/src/service/structure';
import { buildReview, verdictFor, NON_COMPLIANT_ERROR_CHECKS, type Review } from '../../server/src/service/review/build';
import { parsePastFindings } from '../../server/src/service/review/past';
import { reviewToMarkdown } from '../../server/src/service/review/markdown';
import { reviewToHtml } from '../../server/src/service/review/html';
import { builtinRules, ALL_PROGRAMS } from '../rules/helpers';
import { ROOT, skeleton } from './model-skeleton';

const AS_OF = '2026-11-25';
const EXAMPLE = 'examples/example-ca-cps.md';
const exampleText = readFileSync(join(ROOT, EXAMPLE), 'utf8');
const exampleModel = parseDocument(exampleText);
const review = (text: string, extra: Partial<Parameters<typeof buildReview>[1]> = {}): Review =>
  buildReview(parseDocument(text), { file: 'doc.md', asOf: AS_OF, programs: ALL_PROGRAMS, toolVersion: 'test', ...extra });
const exampleReview = buildReview(exampleModel, { file: EXAMPLE, asOf: AS_OF, programs: ALL_PROGRAMS, toolVersion: 'test' });

/** Document text of lines [from, to] as the quotes normalise it. */
function normalisedLines(text: string, from: number, to: number): string {
  return text
    .split(/\r\n|\r|\n/)
    .slice(from - 1, to)
    .join(' ')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s*\|\s*/g, ' | ')
    .replace(/\s+/g, ' ');
}

describe('verdict', () => {
  const f = (code: string, severity: 'error' | 'warning' | 'info', inForceFrom?: string) => ({ code, severity, ...(inForceFrom ? { inForceFrom } : {}) });
  test('no errors and no warnings: compliant; info findings do not count', () => {
    assert.equal(verdictFor(true, [], []).value, 'compliant');
    assert.equal(verdictFor(true, [f('a', 'info'), f('b', 'info')], []).value, 'compliant');
  });
  test('warnings only: mostly compliant', () => {
    assert.equal(verdictFor(true, [f('a', 'warning')], []).value, 'mostly-compliant');
  });
  test(`errors from 1 to ${NON_COMPLIANT_ERROR_CHECKS - 1} checks: partially compliant; from ${NON_COMPLIANT_ERROR_CHECKS}: non-compliant`, () => {
    const errs = (n: number) => Array.from({ length: n }, (_, i) => f(`rule-${i}`, 'error'));
    assert.equal(verdictFor(true, errs(1), []).value, 'partially-compliant');
    assert.equal(verdictFor(true, errs(NON_COMPLIANT_ERROR_CHECKS - 1), []).value, 'partially-compliant');
    assert.equal(verdictFor(true, errs(NON_COMPLIANT_ERROR_CHECKS), []).value, 'non-compliant');
    // Many errors of one check count as one check.
    assert.equal(verdictFor(true, Array.from({ length: 9 }, () => f('same', 'error')), []).value, 'partially-compliant');
  });
  test('requirements not yet in force never change the verdict', () => {
    assert.equal(verdictFor(true, [f('a', 'error', '2027-03-15')], []).value, 'compliant');
  });
  test('a missing chapter or a document outside RFC 3647 is non-compliant', () => {
    assert.equal(verdictFor(true, [], ['9']).value, 'non-compliant');
    assert.match(verdictFor(true, [], ['9']).reason, /Chapter 9/);
    assert.equal(verdictFor(false, [], []).value, 'non-compliant');
  });
  test('a document without chapter 9 is non-compliant and its chapter 9 is "missing"', () => {
    const r = review(skeleton({ omit: ['9'] }));
    assert.equal(r.verdict.value, 'non-compliant');
    assert.equal(r.chapters.find((c) => c.number === '9')!.verdict, 'missing');
  });
});

describe('the review of the bundled example', () => {
  test('verdict and counts agree with its deliberate gaps', () => {
    assert.equal(exampleReview.verdict.value, 'partially-compliant');
    assert.equal(exampleReview.counts.errors, 5);
    assert.equal(exampleReview.highPriority.length, 5);
    for (const id of exampleReview.highPriority) assert.equal(exampleReview.findings.find((x) => x.id === id)?.severity, 'error');
    const byChapter = Object.fromEntries(exampleReview.chapters.map((c) => [c.number, c.verdict]));
    assert.deepEqual(byChapter, { front: 'no-issues', '1': 'no-issues', '2': 'no-issues', '3': 'no-issues', '4': 'gaps', '5': 'gaps', '6': 'minor-issues', '7': 'no-issues', '8': 'minor-issues', '9': 'gaps' });
  });

  test('its findings are exactly the diagnostics (code, line, severity)', () => {
    const diags = checkDocument(exampleModel, { asOf: AS_OF, programs: ALL_PROGRAMS }).map((d) => `${d.code}@${d.range.start.line + 1}:${d.severity}`).sort();
    const mine = exampleReview.findings.map((f) => `${f.code}@${f.line}:${f.severity}`).sort();
    assert.deepEqual(mine, diags);
  });

  test('every quote is text of the document at the line it cites', () => {
    const quotes = [
      ...exampleReview.findings.flatMap((f) => f.evidence.quotes),
      ...exampleReview.chapters.flatMap((c) => c.confirmations.flatMap((k) => k.quotes)),
    ];
    assert.ok(quotes.length > 50, `only ${quotes.length} quotes`);
    for (const q of quotes) {
      // A long quote is "first sentence … last sentence"; each piece is document text.
      for (const piece of q.text.split(' … ')) {
        const body = piece.replace(/ …$/, '');
        assert.ok(normalisedLines(exampleText, q.line, q.endLine).includes(body), `lines ${q.line}-${q.endLine}: "${body}" is not there`);
      }
    }
  });

  test('every citation is the source of the check it names', () => {
    const rules = new Map(builtinRules().map((r) => [r.id, r]));
    const structural = structureChecks();
    const cites = [
      ...exampleReview.findings.map((f) => ({ code: f.code, c: f.citation })),
      ...exampleReview.chapters.flatMap((ch) => [...ch.confirmations.map((k) => ({ code: k.code, c: k.citation })), ...ch.clauses.map((k) => ({ code: k.code, c: k.citation }))]),
    ];
    for (const { code, c } of cites) {
      const src = rules.get(code)?.source ?? structural.get(code)?.source;
      assert.ok(src, `unknown check ${code}`);
      assert.deepEqual([c.document, c.version, c.section], [src.document, src.version, src.section], code);
    }
  });

  test('a rule that fails is never confirmed, and each confirmation quotes what its rule found', () => {
    const failing = new Set(exampleReview.findings.map((f) => f.code));
    for (const ch of exampleReview.chapters) {
      for (const k of ch.confirmations) {
        assert.ok(!failing.has(k.code), `${k.code} both fails and is confirmed`);
        assert.ok(k.quotes.length > 0);
      }
    }
    const mass = exampleReview.findings.find((f) => f.code === 'br-5.7.1.2-mass-revocation-assertion')!;
    assert.equal(mass.kind, 'partial');
    assert.deepEqual(mass.evidence.notFound?.searched, ['5.7.1']);
    assert.ok(mass.evidence.quotes.some((q) => q.label?.includes('testing of that plan')));
    assert.match(mass.recommendation, /lessons learned/);
  });

  test('the Markdown review matches its golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
    const golden = join(ROOT, 'test', 'golden', 'example-review.md');
    const md = reviewToMarkdown(exampleReview);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, md);
    assert.ok(existsSync(golden), 'test/golden/example-review.md is missing: run with UPDATE_GOLDEN=1');
    assert.equal(md, readFileSync(golden, 'utf8'));
  });

  test('the HTML review is self-contained: no scripts, no external resources, every finding has an anchor', () => {
    const html = reviewToHtml(exampleReview);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|@import|url\(/i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    for (const f of exampleReview.findings) assert.ok(html.includes(`id="${f.id}"`), f.id);
    for (const href of html.matchAll(/href="([^"]*)"/g)) assert.match(href[1], /^(#|examples\/example-ca-cps\.md#L\d+$|docs\/rules\.md#)/);
    assert.equal((html.match(/<article/g) ?? []).length, (html.match(/<\/article>/g) ?? []).length);
  });

  test('evidence links use the linker given', () => {
    const md = reviewToMarkdown(exampleReview, { link: (line) => `command:reveal?${line}` });
    assert.match(md, /\]\(command:reveal\?1283\)/);
    assert.doesNotMatch(md, /example-ca-cps\.md#L/);
  });
});

describe('configuration and suppression in the review', () => {
  test('a check turned off is listed as not run, with its reason', () => {
    const r = buildReview(exampleModel, { file: EXAMPLE, asOf: AS_OF, programs: ALL_PROGRAMS, severity: { 'br-8.6-audit-report-publication': 'off' } });
    assert.ok(!r.findings.some((f) => f.code === 'br-8.6-audit-report-publication'));
    assert.deepEqual(r.notRun.find((n) => n.code === 'br-8.6-audit-report-publication')?.status, 'off');
    assert.deepEqual(r.overrides, [{ code: 'br-8.6-audit-report-publication', severity: 'off' }]);
  });
  test('findings silenced by cpslint-disable comments are counted and listed, not hidden', () => {
    const text = exampleText.replace('## 8.6 Communication of Results', '## 8.6 Communication of Results\n\n<!-- cpslint-disable br-8.6-audit-report-publication -->');
    assert.notEqual(text, exampleText, 'the example changed: update this test');
    const r = review(text);
    assert.ok(!r.findings.some((f) => f.code === 'br-8.6-audit-report-publication'));
    assert.deepEqual(r.suppressed, [{ code: 'br-8.6-audit-report-publication', count: 1 }]);
    assert.equal(r.counts.suppressedFindings, 1);
    assert.match(reviewToMarkdown(r), /## Silenced findings[\s\S]*br-8\.6-audit-report-publication`: 1 finding/);
  });
  test('requirements not yet in force are reported as upcoming, with their date, and not in the verdict', () => {
    const early = buildReview(exampleModel, { file: EXAMPLE, asOf: '2025-06-01', programs: ALL_PROGRAMS });
    const mass = early.findings.find((f) => f.code === 'br-5.7.1.2-mass-revocation-assertion')!;
    assert.equal(mass.inForceFrom, '2025-12-01');
    assert.equal(mass.severity, 'info');
    assert.ok(early.chapters.find((c) => c.number === '5')!.upcoming.includes(mass));
    assert.ok(!early.highPriority.includes(mass.id));
  });
});

describe('past findings', () => {
  const past = parsePastFindings(
    JSON.stringify({
      findings: [
        { id: 'R-1', rule: 'br-8.6-audit-report-publication', description: 'No publication deadline', date: '2025-05-01', status: 'claimed-fixed' },
        { id: 'R-2', rule: 'br-1.5.2-contact-point', description: 'No contact in 1.5.2', date: '2025-05-01', status: 'closed' },
        { id: 'R-3', rule: 'cps-missing-section', section: '4.6.7', description: '4.6.7 missing', date: '2025-05-01', status: 'open' },
        { id: 'R-4', rule: 'cps-missing-section', section: '4.6.6', description: '4.6.6 missing', date: '2024-05-01', status: 'closed' },
        { id: 'R-5', section: '6.2', description: 'HSM rating unclear', date: '2025-05-01', status: 'open' },
        { id: 'R-6', rule: 'no-such-rule', description: 'Something', date: '2025-05-01', status: 'open' },
      ],
    }),
  );
  const r = buildReview(exampleModel, { file: EXAMPLE, asOf: AS_OF, programs: ALL_PROGRAMS, pastFindings: past });
  const res = (id: string) => r.pastFindings!.find((p) => p.past.id === id)!;
  test('a finding whose check still fails is still present, pointing at this review\'s finding', () => {
    assert.equal(res('R-1').result, 'still-present');
    const f = r.findings.find((x) => x.code === 'br-8.6-audit-report-publication')!;
    assert.deepEqual(res('R-1').findings, [f.id]);
    assert.equal(res('R-3').result, 'still-present');
  });
  test('a finding whose check passes is resolved, with the text that resolves it', () => {
    assert.equal(res('R-2').result, 'resolved');
    assert.ok(res('R-2').quotes.length > 0);
    assert.equal(res('R-4').result, 'resolved');
  });
  test('what cannot be mapped to a check is never guessed', () => {
    assert.equal(res('R-5').result, 'not-checkable');
    assert.equal(res('R-6').result, 'not-checkable');
    assert.match(res('R-6').explanation, /not a cpslint check/);
  });
  test('malformed files are rejected with a readable message', () => {
    assert.throws(() => parsePastFindings('{'), /not valid JSON/);
    assert.throws(() => parsePastFindings('{"findings":[{"id":"x"}]}'), /must have required property 'description'/);
    assert.throws(() => parsePastFindings('{"findings":[{"id":"x","description":"d","date":"2025-01-01","status":"done"}]}'), /allowed values|open, in-progress/);
    assert.throws(() => parsePastFindings('{"findings":[{"id":"x","description":"d","date":"2025-01-01","status":"open","colour":"red"}]}'), /colour/);
    const dup = { id: 'x', description: 'd', date: '2025-01-01', status: 'open' };
    assert.throws(() => parsePastFindings(JSON.stringify([dup, dup])), /appears twice/);
  });
  test('the bundled example past-findings file is valid', () => {
    const list = parsePastFindings(readFileSync(join(ROOT, 'examples', 'past-findings.json'), 'utf8'));
    assert.ok(list.length >= 3);
  });
});
