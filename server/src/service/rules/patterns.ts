/**
 * Term and pattern compilation, negation, and number extraction for the commitment rules.
 *
 * A term is either a regular expression written as `/.../` (matched case-insensitively) or a
 * phrase: words separated by spaces (which also match hyphens and line wraps), `*` at the end of
 * a word for any ending ("revoc*"), and an optional plural on the last word.
 */
import type { AnyOf, Unit } from './types';
import { linearPattern, nativePattern, type Engine, type TextPattern } from './linear';
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { stemMatches } from './pipeline/normalise';
import { mayMatch, prefilterOn, dropTextFacts, notePattern } from './prefilter';
import { TextCache } from '../text-cache';

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

export function compileTerm(term: string): RegExp {
  const t = term.trim();
  const re = /^\/(.*)\/([a-z]*)$/s.exec(t);
  if (re) {
    const flags = new Set(['g', 'i', ...re[2].split('')]);
    flags.delete('y');
    const compiled = new RegExp(re[1], [...flags].join(''));
    const danger = backtrackingRisk(re[1]);
    if (danger) throw new Error(danger);
    return compiled;
  }
  return new RegExp(phraseSource(t, 'native'), 'gi');
}

/**
 * A phrase as a regular expression. On the linear engine (no lookahead) a phrase that ends in a
 * word character ends at `\b`, which is the same test there; one ending in `*` needs none, since
 * `[\w'-]*` has already taken every word character.
 */
function phraseSource(t: string, engine: Engine): string {
  if (!t) throw new Error('empty term');
  if (/[()[\]?|\\^${}]/.test(t)) throw new Error('a phrase cannot contain ( ) [ ] ? | \\ ^ $ { } — write a regular expression as /.../');
  const words = t.split(/\s+/);
  const parts = words.map((w, i) => {
    const star = w.endsWith('*');
    const core = star ? w.slice(0, -1) : w;
    let src = core
      .split('-')
      .map((piece) => piece.replace(SPECIAL, '\\$&'))
      .join('[\\s\\-]?');
    // A starred word that more words follow: hyphens only between word characters, so that its
    // ending and the separator after it cannot both take a "-" (quadratic backtracking on "----").
    if (star) src += i < words.length - 1 ? "[\\w']*(?:-[\\w']+)*" : "[\\w'-]*";
    else if (i === words.length - 1 && /[a-z]$/i.test(core)) src += '(?:s|es)?';
    return src;
  });
  let src = parts.join('[\\s\\-]+');
  if (/^\w/.test(t)) src = '\\b' + src;
  if (/[\w*]$/.test(t)) src += engine === 'native' ? '(?![\\w])' : t.endsWith('*') ? '' : '\\b';
  return src;
}

/** A term on an engine: built-in packs use V8's (`native`), workspace packs the linear one. */
export function compilePattern(term: string, engine: Engine, limits: Pick<Limits, 'maxPatternChars' | 'maxPatternProgram'> = DEFAULT_LIMITS): TextPattern {
  if (engine === 'native') {
    const p = nativePattern(compileTerm(term));
    p.term = term.trim();
    notePattern(p);
    return p;
  }
  const t = term.trim();
  if (t.length > limits.maxPatternChars) return linearPattern(t, '', limits); // throws the length error
  const re = /^\/(.*)\/([a-z]*)$/s.exec(t);
  if (re) return linearPattern(re[1], 'i' + re[2], limits);
  return linearPattern(phraseSource(t, 'linear'), 'i', limits);
}

interface Frame {
  /** An unbounded quantifier (`*`, `+`, `{n,}`) or a repeated group somewhere inside. */
  unbounded: boolean;
  /** Top-level alternatives of the group, as source text. */
  alts: string[];
  altStart: number;
  start: number;
  /** Every atom inside (character, escape, class), as source text. */
  atoms: string[];
  /** The group's first atom when it is a literal character ("\\." or "@"). */
  first: string | null;
}

/**
 * Why a regular expression can backtrack exponentially (V8's engine backtracks; a rule pack from a
 * project must not be able to hang the server), or null. Conservative static check at load time:
 * a group repeated without bound (or more than once) that contains another unbounded quantifier
 * (`(a+)+`, `(\w+\s?)*`, `(.*x){9}`), or alternatives that can match the same text under an
 * unbounded quantifier (`(a|ab)*`, `(\w|\d)+`). Alternatives that start with distinct literal
 * characters are fine (`(?:cat|dog)+`).
 */
export function backtrackingRisk(src: string): string | null {
  const stack: Frame[] = [{ unbounded: false, alts: [], altStart: 0, start: 0, atoms: [], first: null }];
  let last: { unbounded: boolean; alts: string[] | null; frame?: Frame } | null = null;
  const atom = (a: string) => {
    const f = stack[stack.length - 1];
    if (!f.atoms.length && f.first === null && (/^\\[^\w]$/.test(a) || /^[^\\.[]$/.test(a))) f.first = a;
    else if (!f.atoms.length) f.first = '';
    f.atoms.push(a);
  };
  let i = 0;
  const quantAt = (k: number): { len: number; max: number } | null => {
    const c = src[k];
    if (c === '*' || c === '+') return { len: 1 + (src[k + 1] === '?' ? 1 : 0), max: Infinity };
    if (c === '?') return { len: 1 + (src[k + 1] === '?' ? 1 : 0), max: 1 };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}\??/.exec(src.slice(k));
      if (m) return { len: m[0].length, max: m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]) };
    }
    return null;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      atom(src.slice(i, i + 2));
      i += 2;
      last = { unbounded: false, alts: null };
    } else if (c === '[') {
      let k = i + 1;
      if (src[k] === '^') k++;
      if (src[k] === ']') k++;
      while (k < src.length && src[k] !== ']') k += src[k] === '\\' ? 2 : 1;
      atom(src.slice(i, k + 1));
      i = k + 1;
      last = { unbounded: false, alts: null };
    } else if (c === '(') {
      let k = i + 1;
      if (src[k] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(src.slice(k));
        k += m ? m[0].length : 1;
      }
      const outer = stack[stack.length - 1];
      if (!outer.atoms.length && outer.first === null) outer.first = '';
      stack.push({ unbounded: false, alts: [], altStart: k, start: i, atoms: [], first: null });
      i = k;
      last = null;
    } else if (c === ')') {
      const f = stack.length > 1 ? stack.pop()! : null;
      if (!f) return null; // unbalanced: the RegExp constructor has already judged it
      f.alts.push(src.slice(f.altStart, i));
      i++;
      last = { unbounded: f.unbounded, alts: f.alts, frame: f };
      stack[stack.length - 1].unbounded ||= f.unbounded;
      stack[stack.length - 1].atoms.push(...f.atoms);
    } else if (c === '|') {
      const f = stack[stack.length - 1];
      f.alts.push(src.slice(f.altStart, i));
      f.altStart = i + 1;
      f.first = '';
      i++;
      last = null;
    } else {
      const q = quantAt(i);
      if (q) {
        const top = stack[stack.length - 1];
        // A quantified first atom no longer delimits its group's repetitions.
        if (last && !last.frame && top.atoms.length === 1) top.first = '';
        if (last && q.max > 10) {
          if (last.unbounded && !delimited(last.frame)) return `nested repetition (a repeated group containing "*", "+" or "{n,}") can take exponential time; rewrite the pattern without it`;
          if (last.alts && last.alts.length > 1 && q.max === Infinity && !disjoint(last.alts))
            return `a repeated group whose alternatives can match the same text can take exponential time; make the alternatives start differently`;
        }
        if (q.max === Infinity || (last?.alts && q.max > 1)) stack[stack.length - 1].unbounded = true;
        i += q.len;
        last = null;
      } else {
        if (c !== '^' && c !== '$') atom(c);
        i++;
        last = { unbounded: false, alts: null };
      }
    }
  }
  return null;
}

/**
 * A repeated group that starts with a literal character none of its other atoms can match
 * (`(?:\\.[\\w-]+)+`): each repetition begins at a unique character, so there is one way to split.
 */
function delimited(f: Frame | undefined): boolean {
  if (!f?.first) return false;
  const ch = f.first.length === 2 ? f.first[1] : f.first;
  for (const a of f.atoms.slice(1)) {
    if (a === '.') return false;
    try {
      if (new RegExp(`^${a}$`, 'i').test(ch)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Whether alternatives start with distinct literal characters (case-insensitively). */
function disjoint(alts: string[]): boolean {
  const firsts = new Set<string>();
  for (const a of alts) {
    const c = a[0];
    if (!c || /[\\[(.?*+{^$|]/.test(c)) return false;
    const k = c.toLowerCase();
    if (firsts.has(k)) return false;
    firsts.add(k);
  }
  return true;
}

export function compileAnyOf(terms: string[] | string, engine: Engine = 'native', limits?: Pick<Limits, 'maxPatternChars' | 'maxPatternProgram'>): AnyOf {
  const list = Array.isArray(terms) ? terms : [terms];
  return { terms: list.map(String), regexes: list.map((t) => compilePattern(String(t), engine, limits)) };
}

export interface Match {
  start: number;
  end: number;
  /** The term or concept ("@lessons-learned") that matched, when known. */
  source?: string;
}

/**
 * Answers of a pure function of (key object, text, range), kept across checks and document versions:
 * units of text the user did not touch are the same strings, so typing recomputes only changed units.
 * Dropped whole when it holds `budget` answers (bounds the server's memory), and by `clear()` when a
 * document is closed so that its text is freed. Callers must not modify the returned values.
 */
export class RangeCache<V> {
  /**
   * Per key and text: the one range asked so far (most pairs are asked about one range: the whole
   * unit, or one sentence) as a small record, or a Map by range once a second one is asked. A Map
   * per (key, text) pair was most of the cache's memory (issue 12: 86,000 Maps, 22 MB, with the
   * ten largest documents checked).
   */
  private byKey = new WeakMap<object, Map<string, OneRange<V> | Map<number, V>>>();
  private entries = 0;
  constructor(private readonly budget: number) {}

  /**
   * `compute(key, text, from, to)` is called on a miss; pass a function that closes over nothing
   * (a closure per call was ~1 MB of garbage per keystroke on a 400 KB document).
   */
  get<K extends object>(key: K, text: string, from: number, to: number, compute: (key: K, text: string, from: number, to: number) => V): V {
    if (this.entries >= this.budget) this.clear();
    let byText = this.byKey.get(key);
    if (!byText) this.byKey.set(key, (byText = new Map()));
    const k = from * 67108864 + to;
    const slot = byText.get(text);
    if (slot === undefined) {
      const v = compute(key, text, from, to);
      byText.set(text, new OneRange(k, v));
      this.entries++;
      return v;
    }
    if (slot instanceof OneRange) {
      if (slot.k === k) return slot.v;
      const v = compute(key, text, from, to);
      byText.set(text, new Map([[slot.k, slot.v], [k, v]]));
      this.entries++;
      return v;
    }
    let hit = slot.get(k);
    if (hit === undefined) {
      slot.set(k, (hit = compute(key, text, from, to)));
      this.entries++;
    }
    return hit;
  }

  clear(): void {
    this.byKey = new WeakMap();
    this.entries = 0;
  }
}

/** The answer for one range of a (key, text) pair in a RangeCache. */
class OneRange<V> {
  constructor(
    readonly k: number,
    readonly v: V,
  ) {}
}

/** Matches per group, text and range (MATCH_CACHE_BUDGET answers at most). */
const MATCH_CACHE_BUDGET = 200_000;
const matchCache = new RangeCache<Match[]>(MATCH_CACHE_BUDGET);

/** Forget every remembered match and negation scan (the server calls it when a document is closed, so that its text is freed). */
export function dropMatchCache(): void {
  matchCache.clear();
  dropTextFacts();
  prepared.clear();
}

const NO_MATCHES: Match[] = [];

/** Every match of any alternative within [from, to) of `text`. */
export function findAll(group: AnyOf, text: string, from = 0, to = text.length): Match[] {
  if (prefilterOn() && !mayMatch(group, text, from, to)) return NO_MATCHES;
  return matchCache.get(group, text, from, to, scan);
}

export function scan(group: AnyOf, text: string, from: number, to: number): Match[] {
  const out: Match[] = [];
  const seen = new Set<number>();
  const add = (start: number, end: number, source: string | undefined) => {
    const key = start * 65536 + (end - start);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(source !== undefined ? { start, end, source } : { start, end });
  };
  const found: Match[] = [];
  group.regexes.forEach((re, i) => {
    const source = group.sources?.[i];
    found.length = 0;
    re.scan(text, from, to, found);
    for (const x of found) add(x.start, x.end, source);
    // The same phrase on stems: its inflected forms ("amended", "retrospectives").
    const st = group.stems?.[i];
    if (st) for (const x of stemMatches(st, text, from, to)) add(x.start, x.end, source);
  });
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

export function anyMatch(group: AnyOf, text: string, from = 0, to = text.length): boolean {
  return findAll(group, text, from, to).length > 0;
}

// -----------------------------------------------------------------------------------------------
// Clauses and negation

/** Phrases that contain a negation word but express a bound or an inclusion, not a denial. */
const NOT_NEGATION =
  /\b(?:no|not|never)\s+(?:later|more|less|fewer|longer|greater|earlier|sooner)\s+than\b|\bnot\s+(?:to\s+)?exceed\w*|\bnot\s+only\b|\bwhether\s+or\s+not\b|\bnot\s+limited\s+to\b|\bif\s+not\b|\bno\s+(?:event|case)\b|\bnotwithstanding\b|\bno\.\s*\d/gi;
const NEGATION = /\b(?:not|never|neither|nor|none|no|cannot|without\s+(?:any|a)\s+(?:plan|process|procedure))\b|n't\b/gi;
const POST_NEGATION = /\b(?:not|never|cannot)\b|n't\b/gi;
/** Where a negation stops applying. */
const CLAUSE_BREAK =
  /[.;!?](?=\s|$)|\b(?:but|however|although|though|whereas|except|unless|while|instead)\b|,\s*(?:and|then|which|so)\b|\band\s+(?:it|we|they|the\s+ca|also|then)\b|,\s+(?:or\s+|and\s+)?(?=(?:is|are|was|were|has|have|had|does|do|did|will|shall|may|can|could|would|should|must|appears?|appeared|seems?|becomes?|remains?)\b)|\b(?:or|and)\s+(?=(?:that|which|who|whose)\b)/gi;

/**
 * Conditions that end a negation's reach: in "No CA key pair shall be generated other than in a
 * ceremony" or "No person shall act … until that person has passed a test", the opening "No" denies
 * the act without the condition, so what follows until / other than / unless / except / without
 * first / before / prior to / save that|as|for|where is stated, not denied. The word itself stays
 * with the condition, so a rule's own cues ("until", "before" as in "used until 2026") still count.
 */
const CONDITION_BREAK = /\b(?:until|unless|except|other\s+than|without\s+first|before|prior\s+to|save\s+(?:that|as|for|where))\b/gi;

interface Prepared {
  masked: string;
  /** Clause breaks as [start, end) pairs, in order. */
  breaks: [number, number][];
  /** Starts of conditions (CONDITION_BREAK), in order. */
  conditions: number[];
}

/** Per text, bounded by the characters of its keys (TextCache); dropped with the match cache when a document is closed. */
export const prepared = new TextCache<Prepared>();

/** Negation-exempt phrases blanked out, and clause breaks, computed once per text. */
function prepare(text: string): Prepared {
  let p = prepared.get(text);
  if (p) return p;
  const masked = text.replace(NOT_NEGATION, (m) => ' '.repeat(m.length));
  const breaks: [number, number][] = [];
  CLAUSE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BREAK.exec(masked))) breaks.push([m.index, m.index + m[0].length]);
  const conditions: number[] = [];
  CONDITION_BREAK.lastIndex = 0;
  while ((m = CONDITION_BREAK.exec(masked))) conditions.push(m.index);
  p = { masked, breaks, conditions };
  prepared.set(text, p);
  return p;
}

/** The clause around [start, end): bounded by sentence punctuation and contrastive words. */
export function clauseAround(text: string, start: number, end: number): Match {
  const { breaks } = prepare(text);
  let s = 0;
  let e = text.length;
  for (const [bs, be] of breaks) {
    if (be <= start) s = be;
    else if (bs >= end) {
      e = bs;
      break;
    }
  }
  return { start: s, end: e };
}

/**
 * Whether the words at [start, end) are denied: a negation word earlier in the same clause, or
 * "is not"/"never" after them in the same clause. `extra` adds rule-specific cues
 * ("no longer", "retired", "removed") that count on either side.
 */
export function isNegated(text: string, start: number, end: number, extra?: AnyOf): boolean {
  const { masked, conditions } = prepare(text);
  const clause = clauseAround(text, start, end);
  // A parenthetical aside ("… using the certificate's key (not the account key)") is a clause of
  // its own: its "not" contrasts, it does not deny the words around it.
  const aside = (x: string) => x.replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));
  // "X is rejected if it does not ...": a subordinate clause after the match has its own negation.
  const cut = (x: string) => {
    const sub = /\b(?:if|when|whenever|where|unless|that|which|who|whose|because|whether|since|once|provided|so)\b|\b(?:and|or)\s+(?=(?:does|do|did|is|are|was|were|will|shall|may|can|has|have|must|never|also)\b)/i.exec(x);
    return sub ? x.slice(0, sub.index) : x;
  };
  // Negation words reach only to the nearest condition (CONDITION_BREAK) on either side.
  let ns = clause.start;
  let ne = clause.end;
  for (const c of conditions) {
    if (c < start && c > ns) ns = c;
    else if (c >= end && c < ne) ne = c;
  }
  NEGATION.lastIndex = 0;
  if (NEGATION.test(aside(masked.slice(ns, start)))) return true;
  POST_NEGATION.lastIndex = 0;
  if (POST_NEGATION.test(cut(aside(masked.slice(end, ne))))) return true;
  // A rule's own cues ("retired", "until 2026") count over the whole clause, conditions included.
  if (extra && (anyMatch(extra, aside(masked.slice(clause.start, start))) || anyMatch(extra, cut(aside(masked.slice(end, clause.end)))))) return true;
  return false;
}

// -----------------------------------------------------------------------------------------------
// Numbers and quantities

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, a: 1, an: 1, single: 1,
};
const WORD_NUMBER = '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)';
const UNIT_WORDS: [RegExp, Unit][] = [
  [/^(?:seconds?|secs?|s)$/i, 'seconds'],
  [/^(?:minutes?|mins?)$/i, 'minutes'],
  [/^(?:hours?|hrs?|h)$/i, 'hours'],
  [/^(?:days?)$/i, 'days'],
  [/^(?:weeks?)$/i, 'weeks'],
  [/^(?:months?)$/i, 'months'],
  [/^(?:years?)$/i, 'years'],
  [/^(?:bits?)$/i, 'bits'],
  [/^(?:%|percent|per\s*cent)$/i, 'percent'],
];
const QUANTITY = new RegExp(
  `\\b(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|${WORD_NUMBER})(?:\\s*\\(\\s*(\\d+(?:\\.\\d+)?)\\s*\\))?[\\s-]*(?:(?:calendar|business|working|consecutive|full)[\\s-]+)?(seconds?|secs?|s(?![/'\u2019-])|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|bits?|%|percent|per\\s*cent)(?![\\w])(?!\\s+(?:a|per)\\s+(?:day|week))`,
  'gi',
);
const COUNT = new RegExp(`\\b(\\d+|${WORD_NUMBER})(?:\\s*\\(\\s*(\\d+)\\s*\\))?\\b`, 'gi');

export function wordToNumber(w: string): number | null {
  const s = w.toLowerCase().replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const parts = s.split(/[\s-]+/);
  let total = 0;
  for (const p of parts) {
    const v = SMALL[p];
    if (v === undefined) return null;
    total = p === 'hundred' ? (total || 1) * 100 : total + v;
  }
  return total;
}

export interface Quantity {
  value: number;
  unit: Unit;
  start: number;
  end: number;
}

/** Numbers with a unit ("24 hours", "seven (7) days", "twenty-four hours", "2048 bits", "3%"). */
export function quantities(text: string, from = 0, to = text.length): Quantity[] {
  const out: Quantity[] = [];
  QUANTITY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = QUANTITY.exec(text))) {
    if (m.index < from || m.index >= to) continue;
    // "24x7", "24/7" are availability, not durations.
    if (/^\d/.test(m[1]) && /[x/]$/i.test(text.slice(Math.max(0, m.index - 1), m.index))) continue;
    const v = m[2] !== undefined ? Number(m[2]) : wordToNumber(m[1]);
    if (v === null || Number.isNaN(v)) continue;
    const unitWord = m[3];
    // The SI symbol "s" only after digits, and not a decade ("the 1990s"): "10 s", "below 10s".
    if (/^s$/i.test(unitWord) && (!/^\d+(?:\.\d+)?$/.test(m[1]) || m[2] !== undefined || /^\d{3}0s$/i.test(m[0]))) continue;
    const unit = UNIT_WORDS.find(([re]) => re.test(unitWord.replace(/\s+/g, ' ')))?.[1];
    if (!unit) continue;
    out.push({ value: v, unit, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Bare counts ("at least three remote perspectives"), for limits with unit "count". */
export function counts(text: string, from = 0, to = text.length): Quantity[] {
  const out: Quantity[] = [];
  COUNT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COUNT.exec(text))) {
    if (m.index < from || m.index >= to) continue;
    // Skip section numbers, dates and versions.
    const prev = m.index > 0 ? text[m.index - 1] : '';
    const next = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
    if (/[\d.]/.test(prev) || /^[.\-/:]\d/.test(next)) continue;
    const v = m[2] !== undefined ? Number(m[2]) : wordToNumber(m[1]);
    if (v === null || (/^(a|an|single)$/i.test(m[1]) && m[2] === undefined)) continue;
    out.push({ value: v, unit: 'count', start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const TIME = new Set<Unit>(['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years']);

export function sameFamily(a: Unit, b: Unit): boolean {
  return a === b || (TIME.has(a) && TIME.has(b));
}

/**
 * Value in days (time) or in its own unit. `lenient` picks the reading of months and years that
 * is least likely to produce a false finding: short for a stated value, long for a bound.
 */
export function toBase(value: number, unit: Unit, reading: 'short' | 'long'): number {
  const month = reading === 'short' ? 28 : 31;
  const year = reading === 'short' ? 365 : 366;
  switch (unit) {
    case 'seconds':
      return value / 86400;
    case 'minutes':
      return value / 1440;
    case 'hours':
      return value / 24;
    case 'days':
      return value;
    case 'weeks':
      return value * 7;
    case 'months':
      return value * month;
    case 'years':
      return value * year;
    default:
      return value;
  }
}

export function formatQuantity(value: number, unit: Unit): string {
  if (unit === 'percent') return `${value}%`;
  if (unit === 'count') return String(value);
  const u = value === 1 ? unit.replace(/s$/, '') : unit;
  return `${value} ${u}`;
}

// -----------------------------------------------------------------------------------------------
// Dates

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Month name prefixes in other languages CP/CPS revision tables use (Italian, Spanish, German, French, Portuguese, Dutch). */
const OTHER_MONTHS: Record<string, number> = {
  gen: 1, ene: 1, jän: 1, janv: 1, fév: 2, fev: 2, févr: 2, mär: 3, mrt: 3, abr: 4, avr: 4, mag: 5, mai: 5, mei: 5, giu: 6, juin: 6,
  lug: 7, juil: 7, ago: 8, aoû: 8, set: 9, ott: 10, okt: 10, out: 10, dic: 12, dez: 12, déc: 12, dis: 12,
};

function monthIndex(word: string): number {
  const w = word.toLowerCase();
  const en = MONTHS.indexOf(w.slice(0, 3));
  if (en >= 0) return en + 1;
  for (const len of [4, 3]) {
    const m = OTHER_MONTHS[w.slice(0, len)];
    if (m) return m;
  }
  return 0;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n >= 70 ? 1900 + n : 2000 + n;
  return n;
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2200) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first date in `text`, as YYYY-MM-DD, in any of the formats CP/CPS revision tables use. */
export function parseDate(text: string): string | null {
  const t = text.replace(/(\d)(st|nd|rd|th)\b/gi, '$1');
  const L = '[A-Za-z\u00c0-\u017f]';
  let m = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(t);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = new RegExp(`\\b(\\d{1,2})[\\s.-]+(${L}{3,10})\\.?[\\s.,-]+(\\d{4}|\\d{2})(?![\\d])`).exec(t);
  if (m) {
    const mi = monthIndex(m[2]);
    if (mi) return iso(fullYear(m[3]), mi, +m[1]);
  }
  m = new RegExp(`(?:^|[^\\w])(${L}{3,10})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`).exec(t);
  if (m) {
    const mi = monthIndex(m[1]);
    if (mi) return iso(+m[3], mi, +m[2]);
  }
  m = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/.exec(t);
  if (m) {
    const a = +m[1];
    const b = +m[2];
    // Day first when it cannot be a month, or when written with dots; otherwise month first.
    if (a > 12 || t[m.index + m[1].length] === '.') return iso(+m[3], b, a);
    return iso(+m[3], a, b);
  }
  m = new RegExp(`(?:^|[^\\w])(${L}{3,10})\\.?\\s+(\\d{4})\\b`).exec(t);
  if (m) {
    const mi = monthIndex(m[1]);
    if (mi) return iso(+m[2], mi, 1);
  }
  return null;
}

export function daysBetween(a: string, b: string): number {
  const pa = a.split('-').map(Number);
  const pb = b.split('-').map(Number);
  return Math.round((Date.UTC(pb[0], pb[1] - 1, pb[2]) - Date.UTC(pa[0], pa[1] - 1, pa[2])) / 86400000);
}

/** Years an as-of or effective date may have. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2200;

/** Why `s` is not a real YYYY-MM-DD date ("February 2026 has no day 30"), or null when it is one. */
export function isoDateProblem(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return 'write it as YYYY-MM-DD';
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (y < MIN_YEAR || y > MAX_YEAR) return `years from ${MIN_YEAR} to ${MAX_YEAR} are accepted`;
  if (mo < 1 || mo > 12) return `there is no month ${m[2]}`;
  if (!isIsoDate(s)) return `${MONTH_NAMES[mo - 1]} ${y} has no day ${m[3]}`;
  return null;
}
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && iso(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)) === s;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.\-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
