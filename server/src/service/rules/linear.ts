/**
 * Text patterns on two engines (issue 13).
 *
 * - `native`: V8's RegExp, for the built-in packs only. V8 backtracks, so every built-in pattern
 *   is proven free of super-linear backtracking by a test (test/rules/linear.test.ts, with scslre)
 *   and by the static check in patterns.ts at load.
 * - `linear`: re2js, the JavaScript port of RE2, for rule packs from a workspace. Matching time is
 *   linear in the text for any pattern (no backtracking); in exchange there are no backreferences
 *   and no lookaround, which a workspace pack is told at load with the file and the line.
 *   The workspace patterns of one document check also share a time budget (`patternBudgetMs`):
 *   checked before every search, so a check ends at most one search after it runs out.
 */
import { RE2JS } from 're2js';
import type { Match } from './patterns';
import type { Piece } from './prefilter';
import { DEFAULT_LIMITS, excerpt, raiseHint, type Limits } from '../limits';

export type Engine = 'native' | 'linear';

/** A compiled pattern; RegExp-like enough for the rules' pipeline. */
export interface TextPattern {
  readonly source: string;
  readonly engine: Engine;
  /** Every non-empty match within [from, to) of `text`, leftmost first, not overlapping, appended to `out`. */
  scan(text: string, from: number, to: number, out: Match[]): void;
  /** Whether the pattern matches somewhere in `s`. */
  test(s: string): boolean;
  /** The term as written, for built-in terms on the native engine (prefilter.ts reads its literals). */
  term?: string;
  /**
   * Literal pieces (ASCII, lower case) a match contains, case-insensitively: every piece of one of
   * the lists (one list per top-level alternative); null for none. Computed from `term` when first
   * needed (prefilter.ts requiredOf), so that a text without them is skipped unread.
   */
  required?: readonly (readonly Piece[])[] | null;
}

/** Thrown by a linear pattern when the check's time budget for workspace patterns is spent. */
export class PatternBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the patterns of workspace rule packs ran out of their ${budgetMs} ms budget for this document (${raiseHint('patternBudgetMs')})`);
  }
}

let deadline = Infinity;
let budgetMs = DEFAULT_LIMITS.patternBudgetMs;
/** Start the budget of one document check (run.ts). */
export function startPatternBudget(ms: number): void {
  budgetMs = ms;
  deadline = performance.now() + ms;
}
export function endPatternBudget(): void {
  deadline = Infinity;
}
function spend(): void {
  if (deadline !== Infinity && performance.now() >= deadline) throw new PatternBudgetError(budgetMs);
}

class NativePattern implements TextPattern {
  readonly engine = 'native' as const;
  term?: string;
  required?: readonly (readonly Piece[])[] | null;
  constructor(readonly re: RegExp) {}
  get source(): string {
    return this.re.source;
  }
  scan(text: string, from: number, to: number, out: Match[]): void {
    const re = this.re;
    const slice = to >= text.length ? text : text.slice(0, to);
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  test(s: string): boolean {
    this.re.lastIndex = 0;
    const r = this.re.test(s);
    this.re.lastIndex = 0;
    return r;
  }
}

class LinearPattern implements TextPattern {
  readonly engine = 'linear' as const;
  constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {}
  scan(text: string, from: number, to: number, out: Match[]): void {
    const slice = to >= text.length ? text : text.slice(0, to);
    const m = this.re.matcher(slice);
    let pos = from;
    while (pos <= slice.length) {
      spend();
      if (!m.find(pos)) break;
      const s = m.start();
      const e = m.end();
      if (e === s) {
        pos = s + 1;
        continue;
      }
      out.push({ start: s, end: e });
      pos = e;
    }
  }
  test(s: string): boolean {
    spend();
    return this.re.matcher(s).find();
  }
}

export function nativePattern(re: RegExp): TextPattern {
  return new NativePattern(re.global ? re : new RegExp(re.source, re.flags + 'g'));
}

/**
 * Why RE2 cannot take this JavaScript pattern, in words a pack author can act on, or null.
 * RE2's own messages for these ("invalid named capture") would mislead.
 */
function unsupported(src: string): string | null {
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (!inClass && n && /[1-9]/.test(n)) return `backreference \\${n}`;
      if (!inClass && n === 'k' && src[i + 2] === '<') return 'named backreference \\k<…>';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(' && src[i + 1] === '?') {
      const t = src.slice(i + 2, i + 4);
      if (t[0] === '=' || t[0] === '!') return `lookahead (?${t[0]}…)`;
      if (t === '<=' || t === '<!') return `lookbehind (?${t}…)`;
    }
  }
  return null;
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE };

/**
 * Compile a pattern of a workspace rule pack on the linear engine. `flags` are JavaScript's
 * (g, i, m, s, u, y; g, u and y change nothing here). Throws an Error whose message says what
 * to change.
 */
export function linearPattern(src: string, flags: string, limits: Pick<Limits, 'maxPatternChars' | 'maxPatternProgram'> = DEFAULT_LIMITS): TextPattern {
  if (src.length > limits.maxPatternChars) throw new Error(`the pattern has ${src.length} characters, more than ${limits.maxPatternChars} (${raiseHint('maxPatternChars')})`);
  const why = unsupported(src);
  if (why) throw new Error(`${why} is not supported in workspace rule packs, whose patterns run on a linear-time engine (RE2): rewrite the pattern without it (\\b marks a word boundary)`);
  let f = 0;
  for (const ch of flags) {
    if (FLAGS[ch]) f |= FLAGS[ch];
    else if (!'guy'.includes(ch)) throw new Error(`unknown flag "${ch}" (use i, m, s)`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(src, f);
  } catch (e) {
    // RE2's message quotes the pattern: keep it short.
    const msg = String((e as Error).message ?? e).replace(/`[^`]*`$/, '').replace(/:\s*$/, '');
    throw new Error(`${msg} in ${excerpt(src)}`);
  }
  const size = re.programSize();
  if (size > limits.maxPatternProgram) throw new Error(`the pattern compiles to ${size} instructions, more than ${limits.maxPatternProgram} (${raiseHint('maxPatternProgram')}); use fewer or smaller repetition counts`);
  return new LinearPattern(src, re);
}
