/**
 * Evidence: the statement (unit and range) that satisfies one part of a requirement.
 */
import type { Section } from '../../model';
import type { AnyOf, EvidencePart, Scope } from '../types';
import { TextUnit, ownUnits, rowLabelPairs, unitRange, withLead } from '../extract';
import { findAll, anyMatch, isNegated, type Match } from '../patterns';
import { within } from '../locate';
import type { Context, Evidence } from './context';
import { groupMatches, polarOk, unitHit } from './match';
import { windows } from './window';

export function evidenceFrom(u: TextUnit, ms: Match[], scope?: Match): Evidence {
  const s = Math.min(...ms.map((m) => m.start));
  const e = Math.max(...ms.map((m) => m.end));
  const r = unitRange(u, s, e);
  const concepts = [...new Set(ms.map((m) => m.source).filter((x): x is string => !!x && x.startsWith('@')))];
  return { unit: u, start: r.start, end: r.end, section: u.section, ...(concepts.length ? { concepts } : {}), ...(scope ? { scope: { start: scope.start, end: scope.end } } : {}) };
}

/** The next paragraph of the same section after `u` among `units` (where a stop may be stated). */
function followingText(units: TextUnit[], k: number): string | undefined {
  const n = units[k + 1];
  return n && n.section === units[k].section ? n.text : undefined;
}

/**
 * Every statement among `units` that satisfies the groups, in the order the matcher prefers
 * them: a sentence or paragraph on its own, then a list item with its lead-in, then a
 * back-reference window (window.ts). `limit` stops early (findEvidence wants the first).
 */
export function evidenceCandidates(groups: AnyOf[], unless: AnyOf[], polarity: EvidencePart['polarity'], scope: Scope, units: TextUnit[], neg?: AnyOf, asOf?: string, limit = Infinity, topic: AnyOf | undefined = groups[0]): Evidence[] {
  const out: Evidence[] = [];
  if (!groups.length) return out;
  if (scope === 'section') {
    // Each group anywhere among the units (of one section subtree — the caller passes them).
    if (unless.length && units.some((u) => unless.some((g) => anyMatch(g, u.text)))) return out;
    units = units.flatMap((u) => (u.inContext ? [u, u.inContext] : [u]));
    let first: Evidence | null = null;
    let last: Evidence | null = null;
    let negatedSeen = false;
    const concepts = new Set<string>();
    for (const g of groups) {
      let found: Evidence | null = null;
      for (let k = 0; k < units.length; k++) {
        const u = units[k];
        const ms = findAll(g, u.text).filter((m) => (polarity === 'negative' ? true : polarOk(u.text, m, polarity, neg, asOf, followingText(units, k))));
        if (!ms.length) continue;
        if (polarity === 'negative' && ms.some((m) => isNegated(u.text, m.start, m.end, neg))) negatedSeen = true;
        found = evidenceFrom(u, [ms[0]]);
        for (const c of found.concepts ?? []) concepts.add(c);
        break;
      }
      if (!found) return out;
      first = first ?? found;
      last = found;
    }
    if (polarity === 'negative' && !negatedSeen) return out;
    // The diagnostic points at the first group's match; the review also quotes the last group's (often the specific part).
    const ev = first && last && last !== first && (last.start >= first.end || last.end <= first.start) ? { ...first, also: { start: last.start, end: last.end } } : first!;
    out.push(concepts.size ? { ...ev, concepts: [...concepts] } : ev);
    return out;
  }
  // unitHit: groupMatches over the unit's sentences (or the whole unit), remembered per unit text (pipeline/match.ts).
  const whole = scope !== 'sentence';
  for (let k = 0; k < units.length && out.length < limit; k++) {
    const u = units[k];
    const h = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, -1, asOf, followingText(units, k));
    if (h) out.push(evidenceFrom(u, h.ms, h.sc));
  }
  // List items together with the sentence that introduces the list.
  for (const u0 of units) {
    if (out.length >= limit) break;
    const u = withLead(u0);
    if (!u) continue;
    const leadLength = u.text.length - u0.text.length;
    const h = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, leadLength, asOf);
    if (h) out.push(evidenceFrom(u, h.ms, h.sc));
  }
  // Table rows read with their column headers ("Maximum Data Reuse Period: 90 days").
  for (const u0 of units) {
    if (out.length >= limit) break;
    const u = u0.inContext;
    if (!u) continue;
    const h = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, -1, asOf);
    if (h) out.push(evidenceFrom(u, h.ms, h.sc));
  }
  // A sentence-scoped part: each cell of a row with the row's label ("Record: Audit logs | Kept for:
  // 2 years"), then with the table's lead-in as well ("Retention periods: …").
  if (scope === 'sentence') {
    for (const u0 of units) {
      if (out.length >= limit) break;
      for (const p of rowLabelPairs(u0)) {
        for (const u of p.lead ? [p, withLead(p)!] : [p]) {
          if (out.length >= limit) break;
          const h = unitHit(groups, unless, polarity, u.text, u.sentences, neg, u.text.length - p.text.length, asOf);
          if (h) out.push(evidenceFrom(u, h.ms, h.sc));
        }
      }
    }
  }
  // A sentence that refers back ("the procedure", "this plan") read with the one before it: the
  // sentence before names the topic (the part's anchor, else its first group) and the referring
  // sentence supplies some of the rest ("… the CCADB Policy" after a sentence about publication
  // does not make the publication a CCADB upload: the topic is not named before).
  for (const w of windows(units, scope)) {
    if (out.length >= limit) break;
    if (topic && !findAll(topic, w.unit.text, w.from, w.refFrom).length) continue;
    if (!groups.some((g) => g !== topic && findAll(g, w.unit.text, w.refFrom, w.to).length)) continue;
    const ms = groupMatches(groups, unless, polarity, w.unit.text, w.from, w.to, neg, asOf);
    if (ms && ms.some((m) => m.start >= w.refFrom)) out.push(evidenceFrom(w.unit, ms, { start: w.from, end: w.to }));
  }
  return out;
}

export function findEvidence(groups: AnyOf[], unless: AnyOf[], polarity: EvidencePart['polarity'], scope: Scope, units: TextUnit[], neg?: AnyOf, asOf?: string, topic?: AnyOf): Evidence | null {
  return evidenceCandidates(groups, unless, polarity, scope, units, neg, asOf, 1, topic ?? groups[0])[0] ?? null;
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

/** `units` grouped by the root (of `roots`) whose subtree holds them; null for the title block. */
export function unitsByRoot(units: TextUnit[], roots: Section[]): Map<Section | null, TextUnit[]> {
  const bySection = new Map<Section | null, TextUnit[]>();
  for (const u of units) {
    const root = roots.find((r) => u.section && within(u.section, r)) ?? null;
    const list = bySection.get(root) ?? [];
    list.push(u);
    bySection.set(root, list);
  }
  return bySection;
}

export function partEvidence(ctx: Context, part: EvidencePart, units: TextUnit[], roots: Section[], neg?: AnyOf): Evidence | null {
  const asOf = ctx.asOf;
  if (part.scope === 'section') {
    // Section scope: all groups within one target section subtree (or the title block).
    for (const list of unitsByRoot(units, roots).values()) {
      const ev = findEvidence(part.all, part.unless, part.polarity, 'section', list, neg, asOf, part.anchor);
      if (ev) return ev;
    }
  } else {
    const ev = findEvidence(part.all, part.unless, part.polarity, part.scope, units, neg, asOf, part.anchor);
    if (ev) return ev;
  }
  if (part.headingNumber) return headingEvidence(ctx, part.headingNumber, roots, neg)[0] ?? null;
  return null;
}

