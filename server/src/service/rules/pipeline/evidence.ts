/**
 * Evidence: the statement (unit and range) that satisfies one part of a requirement.
 */
import type { Section } from '../../model';
import type { AnyOf, EvidencePart, Scope } from '../types';
import { TextUnit, ownUnits, rowLabelPairs, unitRange, withLead } from '../extract';
import { findAll, anyMatch, isNegated, type Match } from '../patterns';
import { within } from '../locate';
import type { Context, Evidence } from './context';
import { polarOk, unitHit } from './match';

export function evidenceFrom(u: TextUnit, ms: Match[]): Evidence {
  const s = Math.min(...ms.map((m) => m.start));
  const e = Math.max(...ms.map((m) => m.end));
  const r = unitRange(u, s, e);
  return { unit: u, start: r.start, end: r.end, section: u.section };
}

export function findEvidence(groups: AnyOf[], unless: AnyOf[], polarity: EvidencePart['polarity'], scope: Scope, units: TextUnit[], neg?: AnyOf): Evidence | null {
  if (!groups.length) return null;
  if (scope === 'section') {
    // Each group anywhere among the units (of one section subtree — the caller passes them).
    if (unless.length && units.some((u) => unless.some((g) => anyMatch(g, u.text)))) return null;
    units = units.flatMap((u) => (u.inContext ? [u, u.inContext] : [u]));
    let first: Evidence | null = null;
    let last: Evidence | null = null;
    let negatedSeen = false;
    for (const g of groups) {
      let found: Evidence | null = null;
      for (const u of units) {
        const ms = findAll(g, u.text).filter((m) => (polarity === 'negative' ? true : polarOk(u.text, m, polarity, neg)));
        if (!ms.length) continue;
        if (polarity === 'negative' && ms.some((m) => isNegated(u.text, m.start, m.end, neg))) negatedSeen = true;
        found = evidenceFrom(u, [ms[0]]);
        break;
      }
      if (!found) return null;
      first = first ?? found;
      last = found;
    }
    if (polarity === 'negative' && !negatedSeen) return null;
    // The diagnostic points at the first group's match; the review also quotes the last group's (often the specific part).
    return first && last && last !== first && (last.start >= first.end || last.end <= first.start) ? { ...first, also: { start: last.start, end: last.end } } : first;
  }
  // unitHit: groupMatches over scopes(u, scope), remembered per unit text (pipeline/match.ts).
  const whole = scope !== 'sentence';
  for (const u of units) {
    const ms = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg);
    if (ms) return evidenceFrom(u, ms);
  }
  // List items together with the sentence that introduces the list.
  for (const u0 of units) {
    const u = withLead(u0);
    if (!u) continue;
    const leadLength = u.text.length - u0.text.length;
    const ms = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, leadLength);
    if (ms) return evidenceFrom(u, ms);
  }
  // Table rows read with their column headers ("Maximum Data Reuse Period: 90 days").
  for (const u0 of units) {
    const u = u0.inContext;
    if (!u) continue;
    const ms = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg);
    if (ms) return evidenceFrom(u, ms);
  }
  // A sentence-scoped part: each cell of a row with the row's label ("Record: Audit logs | Kept for:
  // 2 years"), then with the table's lead-in as well ("Retention periods: …").
  if (scope === 'sentence') {
    for (const u0 of units) {
      for (const p of rowLabelPairs(u0)) {
        for (const u of p.lead ? [p, withLead(p)!] : [p]) {
          const ms = unitHit(groups, unless, polarity, u.text, u.sentences, neg, u.text.length - p.text.length);
          if (ms) return evidenceFrom(u, ms);
        }
      }
    }
  }
  return null;
}

export const DENIAL_BODY = /^(?:no\s+stipulations?|not\s+applicable|n\/a|not\s+used|reserved|retired|\[?retired\]?|void|intentionally\s+(?:left\s+)?blank|this\s+method\s+is\s+not)/i;

/** Subsections numbered like `re` (within `roots`) whose own body states something positive. */
export function headingEvidence(ctx: Context, re: { test(s: string): boolean }, roots: Section[], neg?: AnyOf): Evidence[] {
  const out: Evidence[] = [];
  const visit = (s: Section) => {
    if (s.number && re.test(s.number)) {
      const units = ownUnits(ctx.model, s);
      const first = units[0];
      const sent = first ? first.text.slice(first.sentences[0]?.start ?? 0, first.sentences[0]?.end ?? first.text.length) : '';
      const denied =
        /\b(?:not|never|no\s+longer)\b|n't\b/i.test(sent) && /\b(?:method|use[sd]?|rel(?:y|ies|ied)|perform(?:s|ed)?|offer(?:s|ed)?|support(?:s|ed)?|employ(?:s|ed)?)\b/i.test(sent);
      const positive = !!first && !DENIAL_BODY.test(first.text) && !denied && !(neg && anyMatch(neg, sent));
      if (positive) out.push({ unit: null, start: s.numberStart, end: s.numberEnd, section: s });
    }
    for (const c of s.children) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}

export function partEvidence(ctx: Context, part: EvidencePart, units: TextUnit[], roots: Section[], neg?: AnyOf): Evidence | null {
  if (part.scope === 'section') {
    // Section scope: all groups within one target section subtree (or the title block).
    const bySection = new Map<Section | null, TextUnit[]>();
    for (const u of units) {
      const root = roots.find((r) => u.section && within(u.section, r)) ?? null;
      const list = bySection.get(root) ?? [];
      list.push(u);
      bySection.set(root, list);
    }
    for (const list of bySection.values()) {
      const ev = findEvidence(part.all, part.unless, part.polarity, 'section', list, neg);
      if (ev) return ev;
    }
  } else {
    const ev = findEvidence(part.all, part.unless, part.polarity, part.scope, units, neg);
    if (ev) return ev;
  }
  if (part.headingNumber) return headingEvidence(ctx, part.headingNumber, roots, neg)[0] ?? null;
  return null;
}

