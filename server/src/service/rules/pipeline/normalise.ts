/**
 * Stage 3, linguistic normalisation: text as a sequence of word tokens, each lower-cased and
 * reduced to its Porter2 stem ("amends", "amended", "amending" -> "amend"), so that a rule's
 * phrase matches the inflected forms a CPS writes without a hand-written list of endings.
 *
 * Tokens split at spaces, punctuation and hyphens ("mass-revocation" is "mass" "revocation");
 * "24x7", "24/7" and "24 x 7" are one token "24x7"; number words are digits ("twelve" -> "12")
 * and the numeral a CPS repeats in brackets after them ("twelve (12)") is dropped.
 */
import porter2 from 'wink-porter2-stemmer';
import type { Match } from '../patterns';
import { TextCache } from '../../text-cache';

/**
 * The tokens of one text, column-wise: token i is [start[i], end[i]) of the text (offsets), its
 * lower-cased surface form word[i] and its Porter2 stem stem[i] (digits for a number). Kept for
 * every unit text, so compact: 24 bytes per token where an object per token took about 64 (issue 12);
 * word and stem strings are shared through the word-form and stem tables.
 */
export interface Tokens {
  readonly length: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly word: readonly string[];
  readonly stem: readonly string[];
}

const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', twenty: '20', thirty: '30', sixty: '60', ninety: '90',
};

const stems = new Map<string, string>();

/** The Porter2 stem of one lower-case word (cached: a CPS repeats its vocabulary). */
export function stem(word: string): string {
  const w = word.toLowerCase();
  let s = stems.get(w);
  if (s === undefined) {
    s = NUMBER_WORDS[w] ?? (/^[a-z]+$/.test(w) ? porter2(w) : w);
    if (stems.size > 50000) stems.clear();
    stems.set(w, s);
  }
  return s;
}

/**
 * One string per word form: every token of every cached text kept its own copy of its lower-cased
 * word (issue 12: 400,000 word strings, 10 MB, with the token cache full), though a CPS repeats its
 * vocabulary. Bounded like the stems.
 */
let wordForms = new Map<string, string>();
function wordForm(w: string): string {
  let s = wordForms.get(w);
  if (s === undefined) {
    if (wordForms.size >= 50000) wordForms = new Map();
    wordForms.set(w, (s = w));
  }
  return s;
}

// A word (letters, apostrophes inside), a number, or the 24x7 family.
const TOKEN = /24\s*(?:x|\/|\u00d7)\s*7\b|[A-Za-z\u00c0-\u017f]+(?:'[A-Za-z]+)?|\d+(?:\.\d+)*/g;

const TOKEN_AT = new RegExp(TOKEN.source, 'y');

/**
 * The stem of the token the tokeniser would read if a token started at `i` of `text` (null when
 * none can start there). For a quick test: a real token at `i` has this stem.
 */
export function stemAt(text: string, i: number): string | null {
  TOKEN_AT.lastIndex = i;
  const m = TOKEN_AT.exec(text);
  if (!m) return null;
  let word = m[0].toLowerCase();
  if (/^24\s*(?:x|\/|\u00d7)\s*7$/.test(word)) word = '24x7';
  return stem(word.replace(/'s$/, ''));
}

/**
 * Tokens per text, kept across rules and document versions (a pure function of the text); bounded
 * by the characters of its keys (TextCache), and dropped by dropTokenCache when a document is closed.
 */
export const tokenCache = new TextCache<Tokens>();

/** Forget the tokens of every text (the server calls it, through dropTextCaches, when a document is closed). */
export function dropTokenCache(): void {
  tokenCache.clear();
}

/** The tokens of `text`, in order (cached per text). */
export function tokenise(text: string): Tokens {
  const hit = tokenCache.get(text);
  if (hit) return hit;
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  const stemsOut: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text))) {
    const raw = m[0];
    let word = raw.toLowerCase();
    if (/^24\s*(?:x|\/|\u00d7)\s*7$/.test(word)) word = '24x7';
    word = word.replace(/'s$/, '');
    const last = starts.length - 1;
    // "twelve (12) months": the bracketed numeral repeats the number word before it.
    if (last >= 0 && /^\d+$/.test(word) && stemsOut[last] === word && /^\s*\(\s*$/.test(text.slice(ends[last], m.index))) continue;
    word = wordForm(word);
    starts.push(m.index);
    ends.push(m.index + raw.length);
    words.push(word);
    stemsOut.push(stem(word));
  }
  const out: Tokens = { length: starts.length, start: Int32Array.from(starts), end: Int32Array.from(ends), word: words, stem: stemsOut };
  tokenCache.set(text, out);
  return out;
}

/** One word of a phrase: its stem, or (written "revoc*") a prefix of the surface word. */
export type StemWord = { stem: string } | { prefix: string };

export interface StemPhrase {
  words: StemWord[];
}

/**
 * A rule phrase as stems ("lessons learned" -> lesson, learn); null for a regular expression
 * (written /.../), which is matched as written only.
 */
export function stemPhrase(term: string): StemPhrase | null {
  const t = term.trim();
  if (!t || /^\/.*\/[a-z]*$/s.test(t)) return null;
  const words: StemWord[] = [];
  for (const w of t.split(/[\s-]+/)) {
    if (!w) continue;
    if (w.endsWith('*')) {
      const p = w.slice(0, -1).toLowerCase().replace(/[^a-z0-9']/g, '');
      if (p) words.push({ prefix: p });
      continue;
    }
    for (const st of tokenise(w).stem) words.push({ stem: st });
  }
  return words.length ? { words } : null;
}

function wordMatches(w: StemWord, toks: Tokens, i: number): boolean {
  return 'stem' in w ? w.stem === toks.stem[i] : toks.word[i].startsWith(w.prefix);
}

/** Every place in [from, to) of `text` where the phrase's words occur as consecutive tokens. */
export function stemMatches(p: StemPhrase, text: string, from = 0, to = text.length): readonly Match[] {
  const toks = tokenise(text);
  // Most calls find nothing: one shared empty answer (never modified) instead of an array each.
  let out: Match[] | null = null;
  const n = p.words.length;
  // The first token starting at or after `from` (tokens are in order).
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (toks.start[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i + n <= toks.length; i++) {
    if (toks.end[i + n - 1] > to) break;
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = wordMatches(p.words[k], toks, i + k);
    if (ok) (out ??= []).push({ start: toks.start[i], end: toks.end[i + n - 1] });
  }
  return out ?? NO_STEM_MATCHES;
}
const NO_STEM_MATCHES: readonly Match[] = Object.freeze([]);
