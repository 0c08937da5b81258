/**
 * Stage 4, concept matching: every term group of a part inside one sentence (or unit),
 * honouring polarity. Terms are matched as written and, for evidence parts, on stems
 * (normalise.ts); a concept ("@lessons-learned") is its terms (concepts.ts). With an as-of
 * date, a statement stopped by the next sentence or only from a later date reads as it stands
 * on that date (cessation.ts).
 */
import type { AnyOf, Scope } from '../types';
import type { TextUnit } from '../extract';
import { findAll, anyMatch, isNegated, type Match } from '../patterns';
import { deniedOn } from './cessation';

export function polarOk(text: string, m: Match, polarity: 'positive' | 'negative' | 'any', neg?: AnyOf, asOf?: string, following?: string): boolean {
  if (polarity === 'any') return true;
  let n = isNegated(text, m.start, m.end, neg);
  if (asOf && polarity === 'positive') n = deniedOn(text, m, n, asOf, following);
  return polarity === 'positive' ? !n : n;
}

/** Matches of every group within [from, to) honouring polarity; null when a group is absent. */
export function groupMatches(groups: AnyOf[], unless: AnyOf[], polarity: 'positive' | 'negative' | 'any', text: string, from: number, to: number, neg?: AnyOf, asOf?: string, following?: string): Match[] | null {
  if (unless.some((g) => anyMatch(g, text, from, to))) return null;
  const chosen: Match[] = [];
  let negatedSeen = false;
  for (const g of groups) {
    const ms = findAll(g, text, from, to);
    if (!ms.length) return null;
    if (polarity === 'negative') {
      const n = ms.find((m) => isNegated(text, m.start, m.end, neg));
      if (n) negatedSeen = true;
      chosen.push(n ?? ms[0]);
      continue;
    }
    const ok = ms.find((m) => polarOk(text, m, polarity, neg, asOf, following));
    if (!ok) return null;
    chosen.push(ok);
  }
  if (polarity === 'negative' && !negatedSeen) return null;
  return chosen;
}

export function scopes(u: TextUnit, scope: Scope): Match[] {
  return scope === 'sentence' ? u.sentences : [{ start: 0, end: u.text.length }];
}
