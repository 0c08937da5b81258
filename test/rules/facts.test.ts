/**
 * Rule facts, machine-checked (issue 11 §2).
 *
 * A rule declares in `facts` the numbers with units, dates and defined terms it relies on, and where
 * each stands: `in` (a section, default the rule's cited section) of `doc` (a reference text such as
 * "BR-2.1.7", default the rule's cited document and version), with `quote`, a phrase of that section
 * (default: the fact itself) that states it.
 *
 * 1. Every declared fact is found in the reference text (../shared/reference; skipped without it),
 *    and the quote states the fact (the same number and unit, the same date, or the term).
 * 2. Every number with a unit and every date in a rule's message, fix text, contradiction and limit
 *    messages, and every limit value and step date, is one of the rule's declared facts. This needs no
 *    reference text, so a new number cannot slip into a message unchecked.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules, projectRoot } from './helpers';
import type { Rule, RuleFact } from '../../server/src/service/rules/types';

const refDir = join(projectRoot(), '..', 'shared', 'reference');

const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, 'twenty-four': 24, thirty: 30, 'forty-eight': 48, ninety: 90, 'ninety-two': 92,
};
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const UNIT = String.raw`(seconds?|minutes?|hours?|days?|weeks?|months?|years?|bits?|percent|%)`;
const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|twenty-four|forty-eight|ninety-two|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|ninety)`;
const QTY = new RegExp(String.raw`\b${NUM}(?:\s*\((\d[\d,]*)\))?(?:[\s-]+(?:calendar|business))?[\s-]*${UNIT}(?![\w])`, 'gi');
const ISO = /\b(\d{4}-\d{2}-\d{2})\b/g;

function unitOf(u: string): string {
  const x = u.toLowerCase();
  return x === '%' || x === 'percent' ? 'percent' : x.replace(/s$/, '');
}
function numOf(n: string): number {
  const w = WORDS[n.toLowerCase()];
  return w !== undefined ? w : Number(n.replace(/,/g, ''));
}

/** The quantities ("7 days", "twenty-four (24) hours", "7-day") and ISO dates in a text, normalised. */
export function textFacts(text: string): string[] {
  const out: string[] = [];
  // Section, RFC and version numbers are citations, not facts: "Section 4.2.1", "RFC 8659", "EN 319 411-1".
  const clean = text.replace(/\$\{\d+:([^}]*)\}/g, '$1');
  for (const m of clean.matchAll(QTY)) out.push(`${numOf(m[2] ?? m[1])} ${unitOf(m[3])}`);
  for (const m of clean.matchAll(ISO)) out.push(m[1]);
  return out;
}

function normFact(f: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(f)) return f;
  const t = textFacts(f);
  return t.length === 1 && !/^\d{4}-/.test(t[0]) ? t[0] : f.toLowerCase();
}

/** The numbers, dates and terms in the texts a rule shows (message, fix, contradiction and limit messages) and its limits. */
export function usedFacts(r: Rule): { fact: string; where: string }[] {
  const out: { fact: string; where: string }[] = [];
  const add = (text: string | undefined, where: string) => {
    if (text) for (const f of textFacts(text)) out.push({ fact: f, where });
  };
  add(r.message, 'message');
  add(r.fix?.text, 'fix');
  if (r.check.type === 'commitment') {
    for (const c of r.check.contradictions) add(c.message, `contradiction ${c.id}`);
    for (const l of r.check.limits) {
      add(l.message, `limit ${l.id}`);
      add(l.events?.message, `limit ${l.id} events`);
      for (const s of l.steps) {
        if (s.unit !== 'count') out.push({ fact: `${s.value} ${unitOf(s.unit)}`, where: `limit ${l.id}` });
        if (s.from) out.push({ fact: s.from, where: `limit ${l.id} step` });
      }
    }
    for (const p of r.check.parts) if (p.from) out.push({ fact: p.from, where: `part ${p.id}` });
    for (const c of r.check.contradictions) {
      if (c.from) out.push({ fact: c.from, where: `contradiction ${c.id}` });
      if (c.until) out.push({ fact: c.until, where: `contradiction ${c.id}` });
    }
  }
  if (r.check.type === 'forbidden') for (const p of r.check.patterns) for (const s of p.stages) if (s.from) out.push({ fact: s.from, where: `pattern ${p.id}` });
  for (const e of r.escalate) out.push({ fact: e.from, where: 'escalate' });
  return out;
}

// ---- reference texts ---------------------------------------------------------------------------

const refCache = new Map<string, string[]>();
function refLines(doc: string): string[] | undefined {
  if (!refCache.has(doc)) {
    const file = join(refDir, `${doc}.md`);
    refCache.set(doc, existsSync(file) ? readFileSync(file, 'utf8').split(/\r?\n/) : []);
  }
  const l = refCache.get(doc)!;
  return l.length ? l : undefined;
}

const HEAD = /^#{1,6}\s+(?:\*\*)?(?:Section\s+)?(\d+(?:\.\d+)*)\.?(?:\s|\*|$)/;
/** The text of section `n` of a reference document, with its subsections. */
export function sectionText(doc: string, n: string): string | undefined {
  const lines = refLines(doc);
  if (!lines) return undefined;
  const start = lines.findIndex((l) => HEAD.exec(l)?.[1] === n);
  if (start < 0) return undefined;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const m = HEAD.exec(lines[i]);
    if (m && m[1] !== n && !m[1].startsWith(`${n}.`)) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}

export function norm(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`\\]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

function isoDates(quote: string): string[] {
  const out = [...quote.matchAll(ISO)].map((m) => m[1]);
  const long = new RegExp(String.raw`\b(${MONTHS.join('|')})\s+(\d{1,2}),?\s+(\d{4})\b`, 'gi');
  for (const m of quote.matchAll(long)) out.push(`${m[3]}-${String(MONTHS.indexOf(m[1].toLowerCase()) + 1).padStart(2, '0')}-${m[2].padStart(2, '0')}`);
  const dmy = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g; // MRSP writes "10/4/2023" (month/day)
  for (const m of quote.matchAll(dmy)) out.push(`${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`);
  return out;
}

/** Whether `quote` states fact `f`. */
export function quoteStates(f: string, quote: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(f)) return isoDates(quote).includes(f);
  const q = textFacts(f);
  if (q.length === 1 && !/^\d{4}-/.test(q[0])) return textFacts(quote).includes(q[0]) || tableQuantity(q[0], quote);
  return norm(quote).includes(norm(f));
}

/** "| 2026-03-15 | 200 days |": a table cell with the number and unit. */
function tableQuantity(f: string, quote: string): boolean {
  return textFacts(quote.replace(/\|/g, ' ')).includes(f);
}

/** The rule's section in the version of its source that `doc` names ("BR-2.1.7" → sectionIn["2.1.7"]). */
function factSection(r: Rule, doc: string): string {
  const m = /^([A-Z]+)-(\d+(?:\.\d+)*)$/.exec(doc);
  return (m && m[1] === r.source.document && r.source.sectionIn?.[m[2]]) || r.source.section;
}

function factDoc(r: Rule, f: RuleFact): string {
  return f.doc ?? `${r.source.document}-${r.source.version}`;
}

describe('rule facts', () => {
  const rules = builtinRules();

  test('every number, date and limit of every rule is a declared fact', () => {
    const problems: string[] = [];
    for (const r of rules) {
      const declared = new Set((r.facts ?? []).map((f) => normFact(f.fact)));
      for (const u of usedFacts(r)) if (!declared.has(u.fact)) problems.push(`${r.id}: "${u.fact}" (${u.where}) is not a declared fact`);
    }
    assert.deepEqual(problems, []);
  });

  test("an author's choice appears only inside a fix placeholder", () => {
    const problems: string[] = [];
    for (const r of rules)
      for (const f of r.facts ?? []) {
        if (!f.choice) continue;
        const n = normFact(f.fact);
        const outside = [r.message, (r.fix?.text ?? '').replace(/\$\{\d+:[^}]*\}/g, '')].flatMap(textFacts);
        if (outside.includes(n)) problems.push(`${r.id}: "${f.fact}" is a choice but stands outside a placeholder`);
      }
    assert.deepEqual(problems, []);
  });

  test('the fact checker finds numbers written as words, digits and tables', () => {
    assert.deepEqual(textFacts('within twenty-four (24) hours, every 7-day period, at least ${2:4} days'), ['24 hour', '7 day', '4 day']);
    assert.deepEqual(textFacts('Section 4.2.1, RFC 8659, ETSI EN 319 411-1 v1.4.1'), []);
    assert.ok(quoteStates('4 days', 'four (4) days in all other cases'));
    assert.ok(!quoteStates('7 days', 'four (4) days in all other cases'));
    assert.ok(quoteStates('2027-07-01', 'no later than July 1, 2027.'));
    assert.ok(quoteStates('200 days', '| 2026-03-15 | 2027-03-15 | 200 days |'));
    assert.ok(quoteStates('Random Value', 'A Random Value used'));
  });

  for (const r of rules) {
    const facts = r.facts ?? [];
    if (!facts.length) continue;
    test(`${r.id}: each declared fact stands in the reference text`, (t) => {
      if (!existsSync(refDir)) {
        t.skip('../shared/reference is not available');
        return;
      }
      for (const f of facts) {
        const doc = factDoc(r, f);
        const sec = f.in ?? factSection(r, doc);
        const text = sectionText(doc, sec);
        assert.ok(text !== undefined, `${r.id}: no §${sec} in ${doc}.md`);
        const quote = f.quote ?? f.fact;
        assert.ok(norm(text).includes(norm(quote)), `${r.id}: "${quote}" is not in ${doc} §${sec}`);
        if (!f.choice) assert.ok(quoteStates(f.fact, quote), `${r.id}: the quote "${quote}" does not state "${f.fact}"`);
      }
    });
  }

  test('facts coverage: every rule that uses a number or date declares facts', () => {
    const without = rules.filter((r) => usedFacts(r).length && !(r.facts ?? []).length).map((r) => r.id);
    assert.deepEqual(without, []);
  });
});
