/**
 * The linguistic layer under the matcher, one stage at a time: normalisation (tokens, stems),
 * the concept lexicon, the back-reference window, cessation against the as-of date, evidence
 * ranking outside the expected sections, and the quotes diagnostics carry.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenise, stem, stemPhrase, stemMatches } from '../../server/src/service/rules/pipeline/normalise';
import { loadConcepts, expandTerm, builtinConcepts } from '../../server/src/service/rules/concepts';
import embeddedConcepts from 'cpslint:concepts';
import { backRefers, windows } from '../../server/src/service/rules/pipeline/window';
import { cessationIn, ceasedAfter, pendingCessation, endedBefore, deniedOn } from '../../server/src/service/rules/pipeline/cessation';
import { rankCandidates, bestElsewhere, THRESHOLD } from '../../server/src/service/rules/pipeline/rank';
import { quoteOf, quotedMessage, QUOTE_MAX } from '../../server/src/service/rules/pipeline/quote';
import { loadRulePacks } from '../../server/src/service/rules/load';
import { findAll } from '../../server/src/service/rules/patterns';
import { parseDocument } from '../../server/src/service/model';
import { Context } from '../../server/src/service/rules/pipeline/context';
import { documentUnits, sectionUnits } from '../../server/src/service/rules/extract';
import { locateSection } from '../../server/src/service/rules/locate';
import { caseDoc, projectRoot, ruleById } from './helpers';
import type { CommitmentCheck } from '../../server/src/service/rules/types';

const at = (text: string, word: string) => {
  const i = text.indexOf(word);
  assert.ok(i >= 0, `"${word}" in "${text}"`);
  return { start: i, end: i + word.length };
};

describe('normalise: tokens and stems', () => {
  test('hyphens split words, 24x7 is one token, a bracketed numeral after a number word is dropped', () => {
    const toks = tokenise('A mass-revocation drill, 24 x 7, every twelve (12) months.');
    assert.deepEqual([...toks.stem], ['a', 'mass', 'revoc', 'drill', '24x7', 'everi', '12', 'month']);
    assert.equal(toks.length, 8);
    assert.equal(toks.start.length, 8);
    const t = 'a 24/7 desk';
    assert.equal(tokenise(t).word[1], '24x7');
    assert.equal(t.slice(tokenise(t).start[1], tokenise(t).end[1]), '24/7');
  });
  test('inflected forms share a stem; a phrase matches them as consecutive tokens, with offsets', () => {
    assert.equal(stem('amended'), stem('amends'));
    assert.equal(stem('retrospectives'), stem('retrospective'));
    const p = stemPhrase('lessons learned')!;
    const text = 'The lesson learnt is recorded; each lesson learned is kept.';
    const ms = stemMatches(p, text);
    assert.equal(ms.length, 1);
    assert.equal(text.slice(ms[0].start, ms[0].end), 'lesson learned');
    assert.equal(stemPhrase('/regex/'), null);
    assert.deepEqual(stemPhrase('revoc* plan')!.words, [{ prefix: 'revoc' }, { stem: 'plan' }]);
  });
  test('words are not matched inside other words or across a gap', () => {
    assert.deepEqual(stemMatches(stemPhrase('plan')!, 'The planet and explanation.'), []);
    assert.deepEqual(stemMatches(stemPhrase('lessons learned')!, 'lessons were learned'), []);
  });
});

describe('concept lexicon', () => {
  test('the built-in lexicon loads and every concept the packs name exists', () => {
    const lex = builtinConcepts();
    assert.deepEqual(lex.errors, []);
    const packs = readFileSync(join(projectRoot(), 'rules', 'packs', 'br.yaml'), 'utf8');
    for (const m of packs.matchAll(/"@([a-z0-9-]+)"/g)) assert.ok(lex.concepts.has(m[1]), `@${m[1]}`);
  });
  test('an unknown concept, a cycle and a schema error are reported with their line', () => {
    const unknown = loadConcepts('c.yaml', 'concepts:\n  a:\n    description: x\n    terms: ["@b"]\n');
    assert.match(unknown.errors[0].message, /unknown concept @b/);
    assert.equal(unknown.errors[0].line, 4);
    const cycle = loadConcepts('c.yaml', 'concepts:\n  a:\n    description: x\n    terms: ["@b"]\n  b:\n    description: y\n    terms: ["@a"]\n');
    assert.ok(cycle.errors.some((e) => /refers back to itself/.test(e.message)));
    const bad = loadConcepts('c.yaml', 'concepts:\n  a:\n    terms: [x]\n');
    assert.ok(bad.errors.length > 0 && bad.errors[0].line >= 2, JSON.stringify(bad.errors));
    const yaml = loadConcepts('c.yaml', 'concepts: [');
    assert.match(yaml.errors[0].message, /YAML syntax error/);
    // Data parsed in advance is validated unless the build marked it valid (the built-in lexicon).
    const pre = loadConcepts('c.yaml', '', { concepts: { a: { terms: ['x'] } } });
    assert.ok(pre.errors.some((e) => /description/.test(e.message)), JSON.stringify(pre.errors));
  });
  test('the built-in lexicon was validated against its schema at build time', () => {
    assert.equal(embeddedConcepts.schemaValid, true);
    assert.deepEqual(loadConcepts(embeddedConcepts.file, embeddedConcepts.text, embeddedConcepts.data, false).errors, []);
  });
  test('a concept expands to its terms (and nested concepts), each remembering the concept', () => {
    const lex = loadConcepts('c.yaml', 'concepts:\n  a:\n    description: x\n    terms: [alpha, "@b"]\n  b:\n    description: y\n    terms: [beta*]\n');
    assert.deepEqual(lex.errors, []);
    assert.deepEqual(expandTerm('@a', lex), [{ term: 'alpha', source: '@a' }, { term: 'beta*', source: '@a' }]);
    assert.deepEqual(expandTerm('gamma', lex), [{ term: 'gamma', source: 'gamma' }]);
    assert.throws(() => expandTerm('@zzz', lex), /unknown concept @zzz/);
  });
  test('a rule naming an unknown concept fails to load with its line; the others load', () => {
    const pack = `pack: t\ntitle: T\nrules:\n  - id: tt-one\n    title: T\n    source: { document: BR, version: "2.2.6", section: "5.7.1" }\n    effective: 2020-01-01\n    programs: [all]\n    kinds: [CPS]\n    sections: ["5.7.1"]\n    elsewhere: weaker\n    severity: warning\n    keyword: MUST\n    message: m\n    rationale: r\n    check:\n      type: commitment\n      parts:\n        - id: p\n          label: l\n          all: [["@no-such-concept"]]\n`;
    const r = loadRulePacks([{ file: 't.yaml', text: pack }]);
    assert.equal(r.rules.length, 0);
    assert.match(r.errors[0].message, /unknown concept @no-such-concept/);
    assert.equal(r.errors[0].line, 21);
  });
  test('evidence parts match inflected forms; contradictions match as written', () => {
    const rule = ruleById('br-5.7.1.2-mass-revocation-assertion');
    const part = (rule.check as CommitmentCheck).parts.find((p) => p.id === 'lessons-learned')!;
    const text = 'Retrospectives after each mass revocation test amended the plan.';
    const ms = findAll(part.all[2], text);
    assert.ok(ms.some((m) => text.slice(m.start, m.end) === 'amended' && m.source === '@improve'), JSON.stringify(ms));
    assert.ok(findAll(part.all[1], text).length > 0);
    const c = (ruleById('br-8.6-audit-report-publication').check as CommitmentCheck).contradictions[0];
    assert.equal(c.all[0].stems, undefined);
  });
});

describe('window: one sentence back', () => {
  test('what refers back and what does not', () => {
    for (const s of ['The procedure is witnessed by an auditor.', 'This plan is tested annually.', 'It is reviewed every year.', 'Effective March 15, 2028, at the latest, the CA will stop using this method.'])
      assert.ok(backRefers(s), s);
    for (const s of ['The incident response plan is tested.', 'Backups are tested annually.', 'The CA employs staff skilled in auditing, as the next sentence says.'])
      assert.ok(!backRefers(s), s);
  });
  test('windows join the sentence before, inside a paragraph and across paragraphs of one section only', () => {
    const doc = caseDoc({ file: 'x.yaml', rule: 'x', asOf: '2026-01-01', cases: [] }, { name: 'w', sections: { '5.7.1': 'The CA has a mass revocation plan.\n\nThis plan is tested annually. It is revised often.', '5.7.2': 'The plan is public.' }, expect: [] });
    const model = parseDocument(doc);
    const units = [...sectionUnits(model, locateSection(model, '5.7.1')!, false), ...sectionUnits(model, locateSection(model, '5.7.2')!, false)];
    const ws = windows(units, 'sentence');
    const texts = ws.map((w) => w.unit.text.slice(w.from, w.to));
    assert.deepEqual(texts, ['The CA has a mass revocation plan. This plan is tested annually.', 'This plan is tested annually. It is revised often.']);
    for (const w of ws) assert.ok(w.refFrom > w.from && w.refFrom < w.to);
    const para = windows(units, 'paragraph');
    assert.equal(para.length, 1);
    assert.equal(para[0].unit.text, 'The CA has a mass revocation plan. This plan is tested annually. It is revised often.');
    // The joined unit maps back to the document.
    assert.equal(doc.slice(para[0].unit.map.at(0), para[0].unit.map.at(0) + 6), 'The CA');
  });
});

describe('cessation against the as-of date', () => {
  const t = 'The CA uses method 3.2.2.4.2. Effective 15 March 2026, the CA will not use this method.';
  const m = at(t, '3.2.2.4.2');
  test('a stop in the next sentence counts once in force', () => {
    assert.equal(ceasedAfter(t, m, '2026-03-15'), true);
    assert.equal(ceasedAfter(t, m, '2026-03-14'), false);
    assert.equal(deniedOn(t, m, false, '2026-06-01'), true);
  });
  test('a stop in the following paragraph counts; an unrelated next sentence does not', () => {
    const a = 'The CA uses method 3.2.2.4.2.';
    assert.equal(ceasedAfter(a, at(a, '3.2.2.4.2'), '2026-06-01', 'Effective 15 March 2026, the CA will not use this method.'), true);
    const b = 'The CA uses method 3.2.2.4.2. The CA will not issue wildcard certificates.';
    assert.equal(ceasedAfter(b, at(b, '3.2.2.4.2'), '2026-06-01'), false);
    const c = 'The CA tests the plan. It is not tested by the auditor.';
    assert.equal(ceasedAfter(c, at(c, 'tests'), '2026-06-01'), false, 'a plain denial of something else is not a stop');
  });
  test('a denial dated after the as-of date does not deny yet; "until" a past date ends the statement', () => {
    const d = 'Effective 15 March 2027, the CA no longer uses method 3.2.2.4.2.';
    assert.equal(pendingCessation(d, at(d, '3.2.2.4.2'), '2026-06-01'), true);
    assert.equal(deniedOn(d, at(d, '3.2.2.4.2'), true, '2026-06-01'), false);
    assert.equal(deniedOn(d, at(d, '3.2.2.4.2'), true, '2027-03-15'), true);
    const u = 'The plan was exercised annually until 31 December 2025.';
    assert.equal(endedBefore(u, at(u, 'exercised'), '2026-01-01'), true);
    assert.equal(endedBefore(u, at(u, 'exercised'), '2025-06-01'), false);
    const s = 'Certificates issued until 15 March 2026 are valid for 398 days.';
    assert.equal(endedBefore(s, at(s, 'valid'), '2026-06-01'), false, 'a dated schedule is not a stop');
    assert.deepEqual(cessationIn('This method is retired.'), { date: null });
    assert.equal(cessationIn('The method is used.'), null);
  });
});

describe('ranking evidence outside the expected sections', () => {
  const rule = ruleById('br-4.9.3-revocation-request-process');
  const part = (rule.check as CommitmentCheck).parts.find((p) => p.id === 'around-the-clock')!;
  const run = (sections: Record<string, string>) => {
    const model = parseDocument(caseDoc({ file: 'x.yaml', rule: rule.id, asOf: '2026-01-01', cases: [] }, { name: 'r', sections, expect: [] }));
    const ctx = new Context(model, { asOf: '2026-01-01', programs: ['mozilla'] });
    const target = locateSection(model, '4.9.3')!;
    const units = documentUnits(model).filter((u) => u.section !== target);
    return { model, ranked: rankCandidates(ctx, part, units, model.sections, [target]), best: bestElsewhere(ctx, part, units, model.sections, [target]) };
  };
  test('round-the-clock words about a repository do not count; about revocation requests they do, same chapter first', () => {
    const { ranked, best, model } = run({
      '2.1': 'The repository is available 24 hours a day, 7 days a week, and accepts requests for documents.',
      '1.5.2': 'Revocation requests are accepted 24x7 at the address below.',
      '4.9.1': 'Certificate Problem Reports are received 24x7 through the reporting form.',
      '4.9.3': 'Subscribers request revocation through the portal.',
    });
    const repo = ranked.find((r) => r.evidence.section?.number === '2.1')!;
    assert.ok(repo && repo.score < THRESHOLD, JSON.stringify(ranked.map((r) => [r.evidence.section?.number, r.score, r.why])));
    assert.equal(best?.evidence.section?.number, '4.9.1');
    assert.ok(best!.why.includes('same chapter'));
    assert.match(quoteOf(model, best!.evidence), /Certificate Problem Reports are received 24x7/);
  });
  test('below the threshold the part stays missing', () => {
    const { best } = run({ '2.1': 'The repository is available 24 hours a day and accepts requests for documents.', '4.9.3': 'Subscribers request revocation through the portal.' });
    assert.equal(best, null);
  });
});

describe('quotes', () => {
  test('the sentence of the evidence, cut around the match when long, with the concepts', () => {
    const long = `${'Preamble words '.repeat(20)}the mass revocation plan is tested annually ${'and more words '.repeat(20)}end.`;
    const model = parseDocument(caseDoc({ file: 'x.yaml', rule: 'x', asOf: '2026-01-01', cases: [] }, { name: 'q', sections: { '5.7.1': `First sentence here. ${long}` }, expect: [] }));
    const u = sectionUnits(model, locateSection(model, '5.7.1')!, false)[0];
    const i = u.text.indexOf('mass revocation');
    const ev = { unit: u, start: u.map.at(i), end: u.map.at(i + 15) + 1, section: u.section, concepts: ['@mass-revocation'] };
    const q = quoteOf(model, ev);
    assert.ok(q.length <= QUOTE_MAX + 40, q);
    assert.match(q, /mass revocation plan/);
    assert.ok(!q.includes('First sentence'), q);
    assert.match(quotedMessage(model, ev, 'a plan'), /^stated here: a plan: ".*mass revocation plan.*" \(concepts: @mass-revocation\)$/);
  });
});
