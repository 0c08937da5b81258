/**
 * Stage 4, concept matching: every term group of a part inside one sentence (or unit),
 * honouring polarity. Terms are matched as written and, for evidence parts, on stems
 * (normalise.ts); a concept ("@lessons-learned") is its terms (concepts.ts). With an as-of
 * date, a statement stopped by the next sentence or only from a later date reads as it stands
 * on that date (cessation.ts).
 */
import type { AnyOf, Scope } from '../types';
import type { TextUnit } from '../extract';
import { findAll, anyMatch, isNegated, dropMatchCache, RangeCache, type Match } from '../patterns';
import { mayMatch, prefilterOn } from '../prefilter';
import { dropScopeCache } from './scope';
import { deniedOn } from './cessation';
import { dropTokenCache } from './normalise';
import { dropTitleSimilarities } from '../../outline';
import { dropLocated } from '../locate';
import { dropModelMemos } from '../../model';

/**
 * isNegated, remembered per negation group, text and range across rules and document versions (a
 * pure function of its arguments, so the cache never changes a result); dropped whole past
 * NEGATION_CACHE_ENTRIES answers, which bounds its memory.
 */
const NEGATION_CACHE_ENTRIES = 200_000;
const NO_EXTRA = {};
const negations = new RangeCache<boolean>(NEGATION_CACHE_ENTRIES);
export function negated(text: string, start: number, end: number, neg?: AnyOf): boolean {
  return negations.get(neg ?? NO_EXTRA, text, start, end, negatedBy);
}
function negatedBy(extra: object, text: string, start: number, end: number): boolean {
  return isNegated(text, start, end, extra === NO_EXTRA ? undefined : (extra as AnyOf));
}

/**
 * Forget the answers remembered by text (matches, negations, scopes): they hold on to the text of
 * every document checked, so the server drops them when a document is closed (the documents still
 * open fill them again on their next check).
 */
export function dropTextCaches(): void {
  dropMatchCache();
  dropScopeCache();
  dropTokenCache();
  dropTitleSimilarities();
  dropLocated();
  dropModelMemos();
  negations.clear();
  hits = new WeakMap();
  hitEntries = 0;
}

export function polarOk(text: string, m: Match, polarity: 'positive' | 'negative' | 'any', neg?: AnyOf, asOf?: string, following?: string): boolean {
  if (polarity === 'any') return true;
  let n = negated(text, m.start, m.end, neg);
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
      const n = ms.find((m) => negated(text, m.start, m.end, neg));
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

/**
 * False when some group cannot match anywhere in the text (prefilter.ts), so that no scope of it
 * can satisfy every group; true says nothing.
 */
export function mayMatchAll(groups: AnyOf[], text: string): boolean {
  if (!prefilterOn()) return true;
  for (const g of groups) if (!mayMatch(g, text)) return false;
  return true;
}

export function scopes(u: TextUnit, scope: Scope): Match[] {
  return scope === 'sentence' ? u.sentences : [{ start: 0, end: u.text.length }];
}

/**
 * The first scope (sentence, or the whole unit when `sentences` is null) of a unit's text whose
 * matches satisfy every group (groupMatches), skipping scopes that end at or before `skipTo`; null
 * when none does. Remembered per groups, text and the other arguments (by identity: a unit reused
 * in a later version shares its sentence array), so a search over every unit of the document costs
 * a lookup per unit for units seen before. Bounded like the negation cache.
 */
interface HitEntry {
  unless: AnyOf[];
  polarity: 'positive' | 'negative' | 'any';
  neg: AnyOf | undefined;
  sentences: Match[] | null;
  skipTo: number;
  asOf: string | undefined;
  following: string | undefined;
  result: UnitHit | null;
}
/** The matches of a unit hit and the scope (sentence or whole unit) they were found in. */
export interface UnitHit {
  ms: Match[];
  sc: Match;
}
/** Per groups and text: the one question asked so far, or a list once there are more (most pairs have one). */
let hits = new WeakMap<AnyOf[], Map<string, HitEntry | HitEntry[]>>();

/** The same sentence boundaries (a list item read with its lead-in gets new arrays in every version). */
function sameScopes(a: Match[] | null, b: Match[] | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].start !== b[i].start || a[i].end !== b[i].end) return false;
  return true;
}
let hitEntries = 0;
/**
 * `asOf` and `following` (the next paragraph of the section, where a dated stop may be stated) are
 * part of the question, and so of the remembered answer.
 */
export function unitHit(
  groups: AnyOf[],
  unless: AnyOf[],
  polarity: 'positive' | 'negative' | 'any',
  text: string,
  sentences: Match[] | null,
  neg: AnyOf | undefined,
  skipTo = -1,
  asOf?: string,
  following?: string,
): UnitHit | null {
  // A group that cannot match anywhere in the text leaves every scope without a hit: no need to remember that.
  if (prefilterOn()) for (const g of groups) if (!mayMatch(g, text)) return null;
  if (hitEntries >= NEGATION_CACHE_ENTRIES) {
    hits = new WeakMap();
    hitEntries = 0;
  }
  let byText = hits.get(groups);
  if (!byText) hits.set(groups, (byText = new Map()));
  const slot = byText.get(text);
  const same = (e: HitEntry) => e.unless === unless && e.polarity === polarity && e.neg === neg && e.skipTo === skipTo && e.asOf === asOf && e.following === following && sameScopes(e.sentences, sentences);
  if (slot) {
    if (!Array.isArray(slot)) {
      if (same(slot)) return slot.result;
    } else for (const e of slot) if (same(e)) return e.result;
  }
  let result: UnitHit | null = null;
  // The boundaries are kept as given (callers do not change them).
  for (const sc of sentences ?? [{ start: 0, end: text.length }]) {
    if (sc.end <= skipTo) continue;
    const ms = groupMatches(groups, unless, polarity, text, sc.start, sc.end, neg, asOf, following);
    if (ms) {
      result = { ms, sc };
      break;
    }
  }
  const entry: HitEntry = { unless, polarity, neg, sentences, skipTo, asOf, following, result };
  // Looked up again: groupMatches may have dropped the caches (hits replaced) meanwhile.
  const now = byText.get(text);
  if (!now) byText.set(text, entry);
  else if (Array.isArray(now)) now.push(entry);
  else byText.set(text, [now, entry]);
  hitEntries++;
  return result;
}
