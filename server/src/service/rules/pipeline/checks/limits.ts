/**
 * Contradicting statements and numeric limits (periods, counts) within a rule's target units.
 */
import type { Section } from '../../../model';
import type { AnyOf, Contradiction, Limit } from '../../types';
import { TextUnit, unitRange, sentenceAt, rowStatement } from '../../extract';
import { findAll, anyMatch, isNegated, clauseAround, quantities, counts, sameFamily, toBase, formatQuantity, parseDate, type Match, type Quantity } from '../../patterns';
import type { Raw } from '../context';
import { inScope, sentenceScope, type RuleScope } from '../scope';
import { groupMatches, mayMatchAll, scopes } from '../match';

export function contradictions(c: Contradiction, units: TextUnit[], neg: AnyOf | undefined, anchors: Section[]): Raw[] {
  const out: Raw[] = [];
  for (const u of units) {
    // Most units lack some group's words: skip them before reading their sentences.
    if (!mayMatchAll(c.all, u.text)) continue;
    for (const sc of scopes(u, c.scope)) {
      const ms = groupMatches(c.all, c.unless, c.polarity, u.text, sc.start, sc.end, neg);
      if (!ms) continue;
      const r = unitRange(u, Math.min(...ms.map((m) => m.start)), Math.max(...ms.map((m) => m.end)));
      out.push({ kind: 'contradiction', severity: c.severity, message: c.message.trim(), start: r.start, end: r.end, anchors: u.section ? [u.section, ...anchors] : anchors, home: u.section, withFix: false });
      break;
    }
    if (out.length >= 5) break;
  }
  return out;
}

export function stepAt(l: Limit, asOf: string): Limit['steps'][number] {
  let cur = l.steps[0];
  for (const s of l.steps) if (!s.from || s.from <= asOf) cur = s;
  return cur;
}

/** The clause of `u` around character `i`: its sentence, cut at semicolons and ", and"/", or"/"; otherwise". */
export function clauseOf(u: TextUnit, i: number): Match {
  const sent = sentenceAt(u, i);
  let s = sent.start;
  let e = sent.end;
  const cut = /;|,\s+(?:and|or|but|otherwise|whereas|while)\b|\botherwise\b/gi;
  cut.lastIndex = sent.start;
  let m: RegExpExecArray | null;
  const text = u.text.slice(0, sent.end);
  while ((m = cut.exec(text))) {
    if (m.index + m[0].length <= i) s = m.index + m[0].length;
    else if (m.index >= i) {
      e = m.index;
      break;
    }
  }
  return { start: s, end: e };
}

export function wordsBetween(text: string, a: Match, b: Match): number {
  const from = Math.min(a.end, b.end);
  const to = Math.max(a.start, b.start);
  if (to <= from) return 0;
  return text.slice(from, to).split(/\s+/).filter(Boolean).length;
}

/** Whether quantity `x` is outside the bound `b` of limit `l` (a maximum exceeded, a minimum not reached). */
function overBound(l: Limit, x: Quantity, b: { value: number; unit: Limit['steps'][number]['unit'] }): boolean {
  return l.kind === 'max' ? toBase(x.value, x.unit, 'short') > toBase(b.value, b.unit, 'long') + 1e-9 : toBase(x.value, x.unit, 'long') + 1e-9 < toBase(b.value, b.unit, 'short');
}

/** A date right after a keyword, in any format parseDate reads ("2026-03-15", "March 15, 2026", "15 March 2026"). */
const DATE_AFTER = String.raw`[:\s]+(\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[\s.-]+[A-Za-z]{3,10}\.?[\s.,-]+\d{4}|[A-Za-z]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})`;
/** The dates a clause is limited to: "before/until/prior to <date>" and "on or after/from/beginning <date>". */
export function datedClause(text: string): { before?: string; from?: string } {
  const out: { before?: string; from?: string } = {};
  const b = new RegExp(String.raw`\b(?:before|until|prior to|through)` + DATE_AFTER, 'i').exec(text);
  const bd = b && parseDate(b[1]);
  if (bd) out.before = bd;
  const f = new RegExp(String.raw`\b(?:on or after|from|after|beginning|starting|as of|effective)` + DATE_AFTER, 'i').exec(text);
  const fd = f && parseDate(f[1]);
  if (fd) out.from = fd;
  return out;
}

/** A bound written with a negation states its value ("no more than 5 days", "must not exceed 398 days"). */
const BOUND_BEFORE = /\b(?:not|no|never)\s+(?:\w+\s+){0,2}?(?:more|less|longer|shorter|later|earlier|greater|fewer|smaller|larger|sooner|exceed\w*|over|under|below|above|beyond)\b(?:\s+\S+){0,4}?\s*$|n't\s+(?:\w+\s+){0,2}?(?:more|less|longer|shorter|later|exceed\w*)\b(?:\s+\S+){0,4}?\s*$/i;
const BOUND_AFTER = /^\s*(?:\S+\s+){0,3}?(?:(?:not|never)\s+(?:be\s+)?exceed\w*|n't\s+(?:be\s+)?exceed\w*)/i;

/** Whether the statement denies the value it states ("rejects RSA keys of 1024 bits", "keys of 1024 bits
 *  are not accepted"): such a value is not the document's limit. `neg` holds the rule's own denial words. */
export function deniedValue(text: string, q: Match, neg?: AnyOf): boolean {
  // "no" and "none" qualify nouns ("No stipulation | Max 200 days", "certificates with no SAN") far more
  // often than they deny a stated value; only a verb's negation (or the rule's denial words) counts.
  const verbal = text.replace(/\b(?:no|none)\b/gi, (m) => ' '.repeat(m.length));
  if (!isNegated(verbal, q.start, q.end, neg)) return false;
  const cl = clauseAround(text, q.start, q.end);
  return !BOUND_BEFORE.test(text.slice(cl.start, q.start)) && !BOUND_AFTER.test(text.slice(q.end, cl.end));
}

export function limitFindings(l: Limit, units: TextUnit[], asOf: string, anchors: Section[], scope?: RuleScope, neg?: AnyOf): Raw[] {
  const out: Raw[] = [];
  const bound0 = stepAt(l, asOf);
  if (l.steps.every((s) => s.from && s.from > asOf)) return out;
  // A table row is read with its column headers: the header says what the number is.
  for (const u of units.map(rowStatement)) {
    const qs = (bound0.unit === 'count' ? counts(u.text) : quantities(u.text)).filter((q) => sameFamily(q.unit, bound0.unit));
    if (!qs.length) continue;
    // Each keyword of the first group claims the nearest number in its clause ("every 7 days and the
    // nextUpdate is 14 days": nextUpdate -> 14 days). Counts must precede their noun.
    const chosen = new Set<Quantity>();
    const distance = new Map<Quantity, number>();
    let lastEnd = -1;
    for (const a of findAll(l.near[0], u.text)) {
      if (a.start < lastEnd) continue; // "key compromise" and its "compromise": one keyword
      lastEnd = a.end;
      const cl = clauseOf(u, a.start);
      let best: Quantity | null = null;
      let bestD = Infinity;
      for (const q of qs) {
        if (q.start < cl.start || q.end > cl.end) continue;
        if (bound0.unit === 'count' && q.end > a.start) continue;
        const d = wordsBetween(u.text, a, q);
        if (d < bestD) (best = q), (bestD = d);
      }
      if (best && bestD <= l.window) {
        chosen.add(best);
        distance.set(best, Math.min(bestD, distance.get(best) ?? Infinity));
      }
    }
    for (const q of [...chosen].sort((a, b) => a.start - b.start)) {
      const cl = clauseOf(u, q.start);
      if (l.near.slice(1).some((g) => !anyMatch(g, u.text, cl.start, cl.end))) continue;
      if (l.exclude.some((g) => anyMatch(g, u.text, cl.start, cl.end))) continue;
      if (deniedValue(u.text, q, neg)) continue;
      if (l.claimedBy.some((g) => findAll(g, u.text, cl.start, q.start).some((m) => wordsBetween(u.text, m, q) < (distance.get(q) ?? Infinity)))) continue;
      // A sentence opened by another scope ("For Subordinate CA certificates, …") states another rule's value.
      const ss = scope && sentenceScope(u, sentenceAt(u, q.start));
      if (ss && !inScope(scope, ss)) continue;
      // A dated clause of a stated schedule ("issued before 2027-03-15 ... 199 days; from 2027-03-15 ... 99
      // days"): a step that ended by asOf is not checked, and a later step is checked against that date.
      const dated = datedClause(u.text.slice(cl.start, cl.end));
      if (dated.before && dated.before <= asOf) continue;
      const bound = dated.from && dated.from > asOf ? stepAt(l, dated.from) : bound0;
      const fill = (msg: string, event = '') =>
        msg.replace(/\{value\}/g, formatQuantity(q.value, q.unit)).replace(/\{limit\}/g, formatQuantity(bound.value, bound.unit)).replace(/\{event\}/g, event).trim();
      const home = u.section;
      if (overBound(l, q, bound)) {
        const r = unitRange(u, q.start, q.end);
        out.push({ kind: 'limit', severity: l.severity, message: fill(l.message), start: r.start, end: r.end, anchors: home ? [home, ...anchors] : anchors, home, withFix: false });
        continue;
      }
      // A value that complies today but not at a dated later step: an info finding with the date,
      // unless the same paragraph also states a value that meets that step (a stated schedule).
      const later = dated.from && dated.from > asOf ? undefined : [l.steps.find((s) => s.from && s.from > asOf)].find((s) => s && s.from && (!dated.before || s.from < dated.before) && overBound(l, q, s));
      if (later && !qs.some((o) => o !== q && !overBound(l, o, later))) {
        const r = unitRange(u, q.start, q.end);
        out.push({
          kind: 'limit',
          severity: 'info',
          message: `${formatQuantity(q.value, q.unit)} meets the ${l.kind === 'min' ? 'minimum' : 'limit'} in force on ${asOf} (${formatQuantity(bound.value, bound.unit)}); from ${later.from} the ${l.kind === 'min' ? 'minimum' : 'limit'} is ${formatQuantity(later.value, later.unit)}.`,
          start: r.start,
          end: r.end,
          anchors: home ? [home, ...anchors] : anchors,
          home,
          withFix: false,
        });
        continue;
      }
      if (l.events) {
        // The event is what the period is counted from: "<number> of/after/from <event>".
        const lead = /^[\s,]*(?:(?:counted|measured|calculated|starting|beginning)\s+)?(?:of|after|from|following|since|upon|as\s+of)\b/i.exec(u.text.slice(q.end, cl.end));
        if (!lead) continue;
        const tail = { start: q.end, end: Math.min(cl.end, q.end + lead[0].length + 90) };
        if (l.events.correct.some((g) => anyMatch(g, u.text, tail.start, tail.end))) continue;
        const wrong = l.events.wrong.flatMap((g) => findAll(g, u.text, tail.start, tail.end)).sort((a, b) => a.start - b.start)[0];
        if (!wrong) continue;
        const r = unitRange(u, q.start, wrong.end);
        out.push({
          kind: 'event',
          severity: l.events.severity,
          message: fill(l.events.message, u.text.slice(wrong.start, wrong.end)),
          start: r.start,
          end: r.end,
          anchors: home ? [home, ...anchors] : anchors,
          home,
          withFix: false,
        });
      }
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------
// Forbidden claims and wording
