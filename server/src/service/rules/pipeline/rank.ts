/**
 * Stage 5, evidence ranking: which statement outside a rule's expected sections, if any, is the
 * one the rule would accept there. Every candidate is scored, never the first place where the
 * generic words of a part happen to co-occur:
 *
 * - a part with an `anchor` (its topic, "@revocation-request") counts only where the topic is
 *   named: in the matched sentence (3), in its paragraph or the sentence it refers back to (2),
 *   or in the heading of its section or the section above (2);
 * - a part without an anchor starts at the threshold (its own groups name the topic);
 * - among statements that name the topic, one in the same chapter as the expected section comes
 *   first (+1);
 * - a part of section scope is also tried in each second-level subtree ("1.5"), so that a
 *   subsection that names the topic is not hidden behind an earlier match in its chapter.
 *
 * The best candidate at or above THRESHOLD wins (the matcher's order breaks ties); below it the part
 * stays missing.
 */
import type { Section } from '../../model';
import type { AnyOf, EvidencePart } from '../types';
import { unitIndexAt, type TextUnit } from '../extract';
import { anyMatch, findAll } from '../patterns';
import type { Context, Evidence } from './context';
import { evidenceCandidates, unitsByRoot } from './evidence';

export const THRESHOLD = 2;
/** Candidates looked at per part (bounds the work on a long document). */
const MAX_CANDIDATES = 200;

export interface Ranked {
  evidence: Evidence;
  score: number;
  /** Why it scored: "topic in sentence", "topic in heading", "same chapter". */
  why: string[];
}

function chapterOf(s: Section | null): string | null {
  const n = s?.number;
  return n && /^\d/.test(n) ? n.split('.')[0] : null;
}

/** Where the anchor is named for this candidate: the sentence, the scope, or the heading. */
function anchorScore(anchor: AnyOf, ev: Evidence, units: TextUnit[]): { score: number; why: string } | null {
  const u = ev.unit;
  if (u) {
    // The sentence of the evidence (in the unit's own text, where the evidence starts).
    const i = unitIndexAt(u, ev.start);
    const sent = u.sentences.find((s) => s.start <= i && i < s.end);
    if (sent && findAll(anchor, u.text, sent.start, sent.end).length) return { score: 3, why: 'topic named in the sentence' };
    const sc = ev.scope ?? { start: 0, end: u.text.length };
    if (findAll(anchor, u.text, sc.start, sc.end).length) return { score: 2, why: 'topic named in the paragraph' };
    if (u.lead && anyMatch(anchor, u.lead.text)) return { score: 2, why: 'topic named in the lead-in' };
  } else if (units.some((x) => anyMatch(anchor, x.text))) return { score: 2, why: 'topic named in the section' };
  for (let s: Section | null = ev.section, depth = 0; s && depth < 2; s = s.parent, depth++) {
    if (anyMatch(anchor, s.title)) return { score: 2, why: 'topic named in the heading' };
  }
  return null;
}

/** Every candidate for `part` among `units`, scored, best first. */
export function rankCandidates(ctx: Context, part: EvidencePart, units: TextUnit[], roots: Section[], expected: Section[], neg?: AnyOf): Ranked[] {
  const chapters = new Set(expected.map(chapterOf).filter((c): c is string => !!c));
  const lists: TextUnit[][] = [];
  if (part.scope === 'section') {
    lists.push(...unitsByRoot(units, roots).values());
    // Section scope takes the first match of each group in a whole subtree, so a chapter-wide
    // list yields one candidate: the earliest, often off topic (a Subscriber obligation in §1.3
    // before the CA's own §1.5.3 "Certificate Problem Reporting"). Each second-level subtree is
    // also a candidate of its own; it can only add statements that the chapter-wide list already
    // satisfies, and without an anchor the earliest (the chapter-wide one) still wins the tie.
    if (part.anchor) {
      const bySub = new Map<Section, TextUnit[]>();
      for (const u of units) {
        let s = u.section;
        while (s?.parent?.parent) s = s.parent;
        if (!s?.parent) continue;
        const list = bySub.get(s) ?? [];
        list.push(u);
        bySub.set(s, list);
      }
      if (bySub.size > 1) lists.push(...bySub.values());
    }
  } else lists.push(units);
  const ranked: Ranked[] = [];
  let order = 0;
  const orderOf = new Map<Ranked, number>();
  for (const list of lists) {
    for (const ev of evidenceCandidates(part.all, part.unless, part.polarity, part.scope, list, neg, ctx.asOf, MAX_CANDIDATES, part.anchor ?? part.all[0])) {
      const why: string[] = [];
      let score = THRESHOLD;
      if (part.anchor) {
        const a = anchorScore(part.anchor, ev, part.scope === 'section' ? list : []);
        score = a ? a.score : 0;
        why.push(a ? a.why : 'topic not named');
      }
      // Among statements that name the topic, the expected chapter first. (Without an anchor the
      // candidates are not known to be on topic, and the first in document order is kept.)
      const ch = chapterOf(ev.section);
      if (part.anchor && score >= THRESHOLD && ch && chapters.has(ch)) {
        score += 1;
        why.push('same chapter');
      }
      const r = { evidence: ev, score, why };
      orderOf.set(r, order++);
      ranked.push(r);
      if (ranked.length >= MAX_CANDIDATES) break;
    }
  }
  // Ties keep the matcher's own order (a statement on its own before a list item with its lead-in,
  // a table row or a back-reference window; document order within each): unanchored parts then
  // find what the first-match matcher found.
  return ranked.sort((a, b) => b.score - a.score || orderOf.get(a)! - orderOf.get(b)!);
}

/** The statement elsewhere that satisfies `part`, or null when no candidate reaches THRESHOLD. */
export function bestElsewhere(ctx: Context, part: EvidencePart, units: TextUnit[], roots: Section[], expected: Section[], neg?: AnyOf): Ranked | null {
  const top = rankCandidates(ctx, part, units, roots, expected, neg)[0];
  return top && top.score >= THRESHOLD ? top : null;
}
