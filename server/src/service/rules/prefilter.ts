/**
 * A quick necessary condition for a group of terms to match in a text (issue 12): a whole-document
 * check asks every rule's groups about every unit and sentence, and most of them cannot match
 * there. Every match of a phrase or /regex/ contains literal pieces of it (phraseLiterals,
 * regexLiterals), and every match of a phrase's stemmed form contains tokens with its stems;
 * mayMatch says false only when none of a group's alternatives has what it needs in the text (or
 * the range of it), so findAll and unitHit skip those texts without scanning or caching them.
 */
import type { AnyOf } from './types';
import type { TextPattern } from './linear';
import { stemAt, tokenise } from './pipeline/normalise';
import { TextCache } from '../text-cache';

/**
 * A literal piece of a phrase (a word, or part of a hyphenated word) that every match of
 * phraseSource's expression contains, in lower case. `left`: the piece starts a word, so the
 * character before it is not a word character (`\\b` or a separator precedes it). `right`: what
 * follows it — 'sep' (a separator, then the next word: not a word character), 'end' (the phrase's
 * end: an optional plural ending when `plural`, then no word character or the end of the searched
 * range), or null (anything, e.g. after "revoc*").
 */
export interface Piece {
  s: string;
  left: boolean;
  right: 'sep' | 'end' | null;
  plural: boolean;
}

/**
 * The literal pieces of a phrase (its words, split at hyphens, without a final "*"). Only ASCII
 * pieces count: V8's case-insensitive matching without the u flag maps an ASCII letter only to its
 * two ASCII cases, so a match's piece is the piece lower-cased in `text.toLowerCase()`. Null for a
 * /regex/ or when no piece qualifies.
 */
export function phraseLiterals(t: string): Piece[] | null {
  if (!t || /^\/(.*)\/([a-z]*)$/s.test(t)) return null;
  const out: Piece[] = [];
  const words = t.split(/\s+/);
  const endsInWord = /[\w*]$/.test(t);
  words.forEach((w, wi) => {
    const star = w.endsWith('*');
    const core = star ? w.slice(0, -1) : w;
    const pieces = core.split('-');
    pieces.forEach((piece, pi) => {
      if (!piece || !/^[\x00-\x7f]+$/.test(piece)) return;
      const left = pi === 0 && /^\w/.test(piece);
      let right: Piece['right'] = null;
      const lastPiece = pi === pieces.length - 1;
      if (lastPiece && !star && wi < words.length - 1) right = 'sep';
      else if (lastPiece && !star && wi === words.length - 1 && endsInWord) right = 'end';
      out.push({ s: piece.toLowerCase(), left, right, plural: right === 'end' && /[a-z]$/i.test(core) });
    });
  });
  return out.length ? out.sort((a, b) => b.s.length - a.s.length) : null;
}

/** Escaped characters that stand for themselves in a regular expression. */
const ESCAPED_LITERAL = /^[.\/\-()[\]{}?*+|^$\\'",:;@#%&=!<>~`]$/;
/** Unescaped characters that stand for themselves (besides letters, digits and the space). */
const PLAIN_LITERAL = /^['",:;@#%&=!<>~`\/-]$/;

/**
 * The literal runs of a /regex/ term that every match contains: per top-level alternative, the
 * runs of literal characters outside any group or class and not under a quantifier, in lower case
 * (each alternative a list of Pieces, the runs of one alternative all required). `left` when `\b`
 * precedes a run that starts with a word character, `right` ('sep') when `\b` follows one that
 * ends with one. Null when some alternative has no run (or the flags change case folding, u/v).
 */
export function regexLiterals(t: string): Piece[][] | null {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(t);
  if (!re || /[uv]/.test(re[2])) return null;
  const src = re[1];
  const alts: Piece[][] = [];
  let cur: Piece[] = [];
  let run = '';
  let runLeft = false;
  let lastWasB = false;
  const endRun = (rightB: boolean) => {
    if (run && /^[\x00-\x7f]+$/.test(run)) cur.push({ s: run.toLowerCase(), left: runLeft && /^\w/.test(run), right: rightB && /\w$/.test(run) ? 'sep' : null, plural: false });
    run = '';
    runLeft = false;
  };
  const isQuant = (c: string | undefined) => c === '?' || c === '*' || c === '+' || c === '{';
  let depth = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (depth > 0) {
      if (c === '\\') i += 2;
      else if (c === '[') {
        i++;
        if (src[i] === '^') i++;
        if (src[i] === ']') i++;
        while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
        i++;
      } else {
        if (c === '(') depth++;
        else if (c === ')') depth--;
        i++;
      }
      continue;
    }
    let lit: string | null = null;
    let width = 1;
    if (c === '\\') {
      const n = src[i + 1];
      width = 2;
      if (n === 'b') {
        endRun(true);
        lastWasB = true;
        i += 2;
        continue;
      }
      if (n !== undefined && ESCAPED_LITERAL.test(n)) lit = n;
      // Escapes longer than two characters: \uXXXX, \u{…}, \xXX, \cX, \k<name>, \0 and back-references.
      else if (n === 'u') width = src[i + 2] === '{' ? src.indexOf('}', i) + 1 - i : 6;
      else if (n === 'x') width = 4;
      else if (n === 'c') width = 3;
      else if (n === 'k' && src[i + 2] === '<') width = src.indexOf('>', i) + 1 - i;
      else if (n !== undefined && /\d/.test(n)) {
        width = 2;
        while (/\d/.test(src[i + width] ?? '')) width++;
      }
      if (width < 2) return null;
    } else if (/^[A-Za-z0-9 ]$/.test(c) || PLAIN_LITERAL.test(c)) lit = c;
    if (lit !== null && !isQuant(src[i + width])) {
      if (!run) runLeft = lastWasB;
      run += lit;
      lastWasB = false;
      i += width;
      continue;
    }
    // Anything else ends the run: a group, a class, a quantified character, an assertion, a class escape.
    endRun(false);
    lastWasB = false;
    if (c === '|') {
      if (!cur.length) return null;
      alts.push(cur);
      cur = [];
      i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === '{') {
      // A quantifier {n}, {n,} or {n,m} (of a group or class): its digits are not literal text.
      const q = /^\{\d+(?:,\d*)?\}/.exec(src.slice(i));
      i += q ? q[0].length : 1;
    } else if (c === '[') {
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      i++;
    } else i += width;
  }
  endRun(false);
  if (!cur.length) return null;
  alts.push(cur);
  return alts.map((a) => a.sort((x, y) => y.s.length - x.s.length));
}


/**
 * What a match of a group needs in the text, one way of matching each: the literal pieces of a
 * phrase or of one alternative of a /regex/ (`lits`, in `text.toLowerCase()`, all of them), or for a
 * phrase's stemmed form the stems of its words (`stems`, among the text's tokens) and the letters of
 * its "revoc*" prefixes (`prefixes`, in the lower-cased text). A group can match only where one of
 * its needs is met; null when some way of matching needs nothing checkable: the group is always scanned.
 */
/** `prefixes`: letters that occur in the lower-cased text (the phrase's "revoc*" prefixes and stem literals). */
type Need = { lits: readonly Piece[]; ids: number[] } | { stems: string[]; stemLits: (string | null)[]; prefixes: string[]; ids: number[] };
const needsOf = new WeakMap<AnyOf, Need[] | null>();
function groupNeeds(group: AnyOf): Need[] | null {
  let n = needsOf.get(group);
  if (n !== undefined) return n;
  n = [];
  for (let i = 0; i < group.regexes.length && n; i++) {
    const required = requiredOf(group.regexes[i]);
    if (!required) {
      n = null;
      break;
    }
    for (const lits of required) n.push({ lits, ids: lits.map((p) => pieceId(p.s)) });
    const st = group.stems?.[i];
    if (st) {
      const stems: string[] = [];
      const prefixes: string[] = [];
      for (const w of st.words) {
        if ('stem' in w) stems.push(w.stem);
        // A token's word is its lower-cased text (less a final "'s"), or "24x7", which starts with a digit.
        else if (/^[a-z']+$/.test(w.prefix)) prefixes.push(w.prefix);
      }
      if (!stems.length && !prefixes.length) n = null;
      else {
        const stemLits = stems.map(stemLiteral);
        const lits = [...prefixes, ...stemLits.filter((x): x is string => x !== null)];
        n.push({ stems, stemLits, prefixes: lits, ids: lits.map(pieceId) });
      }
    }
  }
  needsOf.set(group, n);
  return n;
}

// -----------------------------------------------------------------------------------------------
// Every piece in one pass over a text: an Aho-Corasick automaton over the pieces of the groups asked
// about so far (ASCII, lower case), as a table of transitions on character classes. A text's pass
// marks which pieces occur anywhere, and which occur with no word character before them.

const pieceStrings: string[] = [];
const pieceIds = new Map<string, number>();

/**
 * Patterns and stemmed phrases compiled but not yet read for pieces (compilePattern and load.ts note
 * them; reading them costs a few milliseconds at start, spent only when the prefilter is first used).
 * The automaton reads them all before it is built, so that it is built once for the built-in packs.
 */
const pendingPatterns: TextPattern[] = [];
const pendingStems: (readonly ({ stem: string } | { prefix: string })[])[] = [];
export function notePattern(p: TextPattern): void {
  pendingPatterns.push(p);
}
export function noteStems(words: readonly ({ stem: string } | { prefix: string })[]): void {
  pendingStems.push(words);
}

/** A pattern's literal pieces (see TextPattern.required), read from its term the first time. */
export function requiredOf(p: TextPattern): readonly (readonly Piece[])[] | null {
  if (p.required !== undefined) return p.required;
  if (p.term === undefined) return null;
  const phrase = phraseLiterals(p.term);
  const lits = phrase ? [phrase] : regexLiterals(p.term);
  p.required = lits;
  if (lits) for (const alt of lits) for (const x of alt) pieceId(x.s);
  return lits;
}

function flushPending(): void {
  for (const p of pendingPatterns.splice(0)) requiredOf(p);
  for (const w of pendingStems.splice(0)) registerPrefixes(w);
}

/**
 * Whether findAll and unitHit consult mayMatch: not for the first PREFILTER_WARMUP questions of a
 * process, so that a small document's check (or one that is not checked) does not pay for reading
 * the patterns' pieces and building the automaton (~30-50 ms at start; the 86 KB
 * example CPS asks ~14k questions, a 400 KB document ~75k-100k, the 2 MB synthetic one ~230k).
 */
const PREFILTER_WARMUP = 15000;
let asked = 0;
export function prefilterOn(): boolean {
  return asked >= PREFILTER_WARMUP || ++asked >= PREFILTER_WARMUP;
}

/**
 * A check of a document (or policy set) this large asks far more than PREFILTER_WARMUP questions:
 * the prefilter is switched on at once, so that the first check of a process (a fresh server's
 * didOpen, a `cpslint check`) does not scan its first 15,000 texts with every pattern.
 */
const PREFILTER_AT_ONCE_CHARS = 100_000;
export function prefilterFor(textChars: number): void {
  if (textChars >= PREFILTER_AT_ONCE_CHARS) asked = PREFILTER_WARMUP;
}

/** Add a stemmed phrase's prefixes ("revoc*") and stem literals likewise. */
export function registerPrefixes(words: readonly ({ stem: string } | { prefix: string })[]): void {
  for (const w of words) {
    if ('prefix' in w) {
      if (/^[a-z']+$/.test(w.prefix)) pieceId(w.prefix);
    } else {
      const l = stemLiteral(w.stem);
      if (l) pieceId(l);
    }
  }
}

/**
 * What the lower-cased text of a token with this stem starts with: the stem less its last two
 * letters. Porter2 only rewrites a word's ending, and adds at most two letters to what it keeps
 * ("ability" -> "abil", "hoping" -> "hope", "dying" -> "die"); a word it does not stem is its own
 * stem. Null for a number (a number word's stem is its digits: "twelve" -> "12") or a stem too short
 * to say anything. Checked over the words of the test texts and suffix combinations (test/rules/prefilter.test.ts).
 */
export function stemLiteral(stem: string): string | null {
  if (/^\d/.test(stem) || stem.length < 3 || !/^[\x00-\x7f]+$/.test(stem)) return null;
  return stem.slice(0, -2);
}

function pieceId(s: string): number {
  let id = pieceIds.get(s);
  if (id === undefined) {
    id = pieceStrings.length;
    pieceStrings.push(s);
    pieceIds.set(s, id);
  }
  return id;
}

interface Automaton {
  /** Pieces covered: ids below it. */
  pieces: number;
  classes: Int32Array;
  width: number;
  next: Int32Array;
  /** The piece a state completes, or -1; and the nearest shorter suffix state that completes one, or -1. */
  term: Int32Array;
  dict: Int32Array;
}
let automaton: Automaton | null = null;

function buildAutomaton(): Automaton {
  flushPending();
  const classes = new Int32Array(128);
  let width = 1; // class 0: characters in no piece
  for (const s of pieceStrings) for (let i = 0; i < s.length; i++) if (!classes[s.charCodeAt(i)]) classes[s.charCodeAt(i)] = width++;
  // The trie.
  const kids: number[][] = [[]];
  const termL: number[] = [-1];
  pieceStrings.forEach((s, id) => {
    let st = 0;
    for (let i = 0; i < s.length; i++) {
      const c = classes[s.charCodeAt(i)];
      let nx = kids[st][c];
      if (nx === undefined) {
        nx = kids.length;
        kids.push([]);
        termL.push(-1);
        kids[st][c] = nx;
      }
      st = nx;
    }
    termL[st] = id;
  });
  const n = kids.length;
  const next = new Int32Array(n * width);
  const fail = new Int32Array(n);
  const term = Int32Array.from(termL);
  const dict = new Int32Array(n).fill(-1);
  // Breadth first: a state's missing transitions are its failure state's.
  const queue: number[] = [];
  for (let c = 1; c < width; c++) {
    const k = kids[0][c];
    if (k !== undefined) {
      next[c] = k;
      queue.push(k);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const st = queue[q];
    const f = fail[st];
    dict[st] = term[f] >= 0 ? f : dict[f];
    for (let c = 1; c < width; c++) {
      const k = kids[st][c];
      if (k === undefined) next[st * width + c] = next[f * width + c];
      else {
        next[st * width + c] = k;
        fail[k] = next[f * width + c];
        queue.push(k);
      }
    }
  }
  return { pieces: pieceStrings.length, classes, width, next, term, dict };
}

/** One pass of the automaton over `lower` (aligned with `text`): the pieces seen, and seen with no word character before. */
function piecesIn(text: string, lower: string): { a: Automaton; seen: Uint32Array; left: Uint32Array } {
  if (!automaton || automaton.pieces < pieceStrings.length) automaton = buildAutomaton();
  const a = automaton;
  const words = (a.pieces + 31) >>> 5;
  const seen = new Uint32Array(words);
  const left = new Uint32Array(words);
  const { classes, width, next, term, dict } = a;
  let st = 0;
  for (let i = 0; i < lower.length; i++) {
    const ch = lower.charCodeAt(i);
    st = ch < 128 ? next[st * width + classes[ch]] : 0;
    for (let o = term[st] >= 0 ? st : dict[st]; o >= 0; o = dict[o]) {
      const id = term[o];
      seen[id >>> 5] |= 1 << (id & 31);
      const start = i + 1 - pieceStrings[id].length;
      if (start === 0 || !wordAt(text, start - 1)) left[id >>> 5] |= 1 << (id & 31);
    }
  }
  return { a, seen, left };
}

/**
 * Per text: its lower-cased form (`aligned` when it has the text's offsets: only "İ" lower-cases to
 * two characters), the pieces it contains (`seen`, and `left` with no word character before; for
 * piece ids below `pieces`, when aligned), where each token stem occurs (as [start, end) pairs,
 * when asked) and the answer for every group tested on the whole text.
 */
interface TextFacts {
  lower: string;
  aligned: boolean;
  pieces: number;
  seen: Uint32Array | null;
  left: Uint32Array | null;
  stems: Map<string, number[]> | null;
  groups: Map<AnyOf, number>;
}
/** Per text, bounded by the characters of its keys (TextCache). */
export const textFacts = new TextCache<TextFacts>();

/** Forget the per-text facts of mayMatch (with the match cache, when a document closes). */
export function dropTextFacts(): void {
  textFacts.clear();
}

function factsOf(text: string): TextFacts {
  let f = textFacts.get(text);
  if (!f) {
    const lower = text.toLowerCase();
    f = { lower, aligned: lower.length === text.length, pieces: 0, seen: null, left: null, stems: null, groups: new Map() };
    textFacts.set(text, f);
  }
  return f;
}

/** Whether the piece occurs anywhere in the text (after a non-word character when `p.left`), not reading what follows. */
function occurs(f: TextFacts, text: string, p: Piece, id: number): boolean {
  if (f.aligned && (!f.seen || (id >= f.pieces && f.pieces < pieceStrings.length))) {
    const r = piecesIn(text, f.lower);
    f.pieces = r.a.pieces;
    f.seen = r.seen;
    f.left = r.left;
  }
  if (id < f.pieces) return ((p.left ? f.left! : f.seen!)[id >>> 5] & (1 << (id & 31))) !== 0;
  return hasAll(f, text, [p], 0, text.length, false);
}

/**
 * Whether a token with stem `stem` can be in the text, read only where its literal occurs: a token
 * that starts with an ASCII letter has no letter before it (the tokeniser reads letters greedily),
 * so the token at each such occurrence is read and stemmed.
 */
function stemWhere(f: TextFacts, text: string, stem: string, lit: string): boolean {
  if (!f.aligned) return stemsOf(f, text).has(stem);
  for (let i = f.lower.indexOf(lit); i >= 0; i = f.lower.indexOf(lit, i + 1)) {
    if (i > 0 && LETTER.test(text[i - 1])) continue;
    if (stemAt(text, i) === stem) return true;
  }
  return false;
}
const LETTER = /[A-Za-z\u00c0-\u017f]/;

/** The whole-text answer without what follows the pieces (which depends on where a range ends). */
function looseMet(needs: Need[], f: TextFacts, text: string): boolean {
  for (const n of needs) {
    let ok = true;
    if ('lits' in n) {
      for (let k = 0; k < n.lits.length && ok; k++) ok = occurs(f, text, n.lits[k], n.ids[k]);
    } else {
      for (let k = 0; k < n.prefixes.length && ok; k++) ok = occurs(f, text, { s: n.prefixes[k], left: false, right: null, plural: false }, n.ids[k]);
      // Stems with a literal: a token with the stem where the literal occurs (without tokenising the text).
      for (let k = 0; k < n.stems.length && ok; k++) if (n.stemLits[k] !== null && !f.stems) ok = stemWhere(f, text, n.stems[k], n.stemLits[k]!);
      if (ok) {
        let stems: Map<string, number[]> | null = f.stems;
        for (let k = 0; k < n.stems.length && ok; k++) if (n.stemLits[k] === null || f.stems) ok = (stems ??= stemsOf(f, text)).has(n.stems[k]);
      }
    }
    if (ok) return true;
  }
  return false;
}

function stemsOf(f: TextFacts, text: string): Map<string, number[]> {
  if (!f.stems) {
    f.stems = new Map();
    const t = tokenise(text);
    for (let i = 0; i < t.length; i++) {
      const at = f.stems.get(t.stem[i]);
      if (at) at.push(t.start[i], t.end[i]);
      else f.stems.set(t.stem[i], [t.start[i], t.end[i]]);
    }
  }
  return f.stems;
}

/** A word character of V8's `\\w` (without the u flag) at `i` of `text`. */
function wordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Whether the piece occurs at `i` as a match would have it: `to` is where the searched text ends
 * (a match sees nothing after it); `strict` also tests what follows (which depends on `to`).
 */
function pieceAt(text: string, p: Piece, i: number, to: number, strict: boolean): boolean {
  if (p.left && i > 0 && wordAt(text, i - 1)) return false;
  if (!strict || !p.right) return true;
  let j = i + p.s.length;
  if (p.right === 'sep') return j >= to || !wordAt(text, j);
  if (j >= to || !wordAt(text, j)) return true;
  if (!p.plural) return false;
  const c = text.charCodeAt(j) | 32;
  if (c === 115) return j + 1 >= to || !wordAt(text, j + 1); // s
  if (c === 101 && (text.charCodeAt(j + 1) | 32) === 115) return j + 2 >= to || !wordAt(text, j + 2); // es
  return false;
}

/**
 * Whether every piece of `xs` occurs in `f.lower` within [from, to) as a match would have it (see
 * pieceAt; the boundaries are read in `text`, since the lower-cased form may map a non-ASCII
 * character to an ASCII one, e.g. the Kelvin sign to "k"). Without `aligned` offsets, only whether
 * each piece occurs at all.
 */
function hasAll(f: TextFacts, text: string, xs: readonly Piece[], from: number, to: number, strict: boolean): boolean {
  for (const x of xs) {
    let i = f.lower.indexOf(x.s, from);
    if (!f.aligned) {
      if (i < 0) return false;
      continue;
    }
    while (i >= 0 && i + x.s.length <= to && !pieceAt(text, x, i, to, strict)) i = f.lower.indexOf(x.s, i + 1);
    if (i < 0 || i + x.s.length > to) return false;
  }
  return true;
}

/** Whether every string of `xs` occurs in the lower-cased text within [from, to) (anywhere, without aligned offsets). */
function hasText(f: TextFacts, xs: readonly string[], from: number, to: number): boolean {
  for (const x of xs) {
    const i = f.lower.indexOf(x, f.aligned ? from : 0);
    if (i < 0 || (f.aligned && i + x.length > to)) return false;
  }
  return true;
}

/** Whether every stem of `xs` is the stem of a token within [from, to). */
function hasStems(stems: Map<string, number[]>, xs: readonly string[], from: number, to: number): boolean {
  for (const x of xs) {
    const at = stems.get(x);
    if (!at) return false;
    // The first token starting at or after `from` ends first among them.
    let lo = 0;
    let hi = at.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[2 * mid] < from) lo = mid + 1;
      else hi = mid;
    }
    if (2 * lo >= at.length || at[2 * lo + 1] > to) return false;
  }
  return true;
}

function anyNeedMet(needs: Need[], f: TextFacts, text: string, from: number, to: number, strict: boolean): boolean {
  for (const n of needs) {
    if ('lits' in n ? hasAll(f, text, n.lits, from, to, strict) : hasText(f, n.prefixes, from, to) && hasStems(stemsOf(f, text), n.stems, from, to)) return true;
  }
  return false;
}

/**
 * False when no alternative of `group` can match within [from, to) of `text` (a necessary
 * condition only: true says nothing): every match contains its phrase's literal pieces, or for a
 * stemmed form tokens with its stems, inside the range. Lets a search over every unit and
 * sentence of a document skip those without a group's words, without scanning them or caching an
 * answer. The answer for the whole text is remembered per group.
 */
export function mayMatch(group: AnyOf, text: string, from = 0, to = text.length): boolean {
  const needs = groupNeeds(group);
  if (!needs) return true;
  const f = factsOf(text);
  // For the whole text: 0 no match can be there, 1 only within a shorter range (the pieces occur
  // but not with what follows them), 2 maybe.
  let w = f.groups.get(group);
  if (w === undefined) {
    w = !looseMet(needs, f, text) ? 0 : anyNeedMet(needs, f, text, 0, text.length, true) ? 2 : 1;
    f.groups.set(group, w);
  }
  if (w === 0) return false;
  from = Math.max(0, from);
  to = Math.min(to, text.length);
  if (from === 0 && to === text.length) return w === 2;
  if (!f.aligned) return true;
  return anyNeedMet(needs, f, text, from, to, true);
}

