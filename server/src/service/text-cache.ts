/** Per-text memos bounded by the characters of their keys (TextCache), with one budget for all. */

/** Every TextCache, so that fitTextCaches sets their budget together. */
const caches: TextCache<unknown>[] = [];

/** The smallest budget, in characters of keys per generation (a 350 KB CP/CPS holds about 0.5 M). */
export const TEXT_CACHE_MIN_CHARS = 1_000_000;
/** Characters of keys per character of the text being checked: measured 1.1 to 1.6 (bench/memory.bench.ts, MEM_CACHES=1). */
export const TEXT_CACHE_CHARS_PER_CHAR = 3;

/**
 * Sets every per-text memo's budget for the text about to be checked (one document, or the documents
 * of a policy set together): a generation holds that text's units with room to spare, so repeated
 * checks of it (keystrokes) find them all, while texts of other documents are dropped within two
 * turns. A larger or smaller budget never changes a result, only what is recomputed.
 */
export function fitTextCaches(textChars: number): void {
  const budget = Math.max(TEXT_CACHE_MIN_CHARS, Math.ceil(textChars * TEXT_CACHE_CHARS_PER_CHAR));
  for (const c of caches) c.budget = budget;
}

/**
 * A memo keyed by text, bounded by the characters of its keys (two generations).
 *
 * The per-text memos of matching (tokens, prefilter facts, clause breaks, scopes) are pure functions
 * of a unit's text, kept across document versions so that a keystroke recomputes only the units it
 * changed. Bounding them by entry count let a few large documents hold tens of MB; bounding them by
 * the characters of their keys keeps them proportional to the text they describe.
 *
 * Entries go into a young generation; when the young one holds `budget` characters of keys it becomes
 * the old one and the previous old one is dropped. A hit in the old generation moves the entry back
 * into the young one, so the texts of the document being edited survive every turn while texts no
 * longer looked at (other, idle documents; versions edited away) are dropped after at most two turns.
 * What is cached never changes a result: a miss recomputes the same value.
 */
export class TextCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private youngChars = 0;
  /** How many times the young generation has been retired (for tests and benchmarks). */
  turns = 0;
  /** Characters of keys per generation (fitTextCaches sets it for each check). */
  budget = TEXT_CACHE_MIN_CHARS;

  constructor() {
    caches.push(this as TextCache<unknown>);
  }

  get(text: string): V | undefined {
    const y = this.young.get(text);
    if (y !== undefined) return y;
    const o = this.old.get(text);
    if (o === undefined) return undefined;
    this.old.delete(text);
    this.put(text, o);
    return o;
  }

  set(text: string, value: V): void {
    if (this.young.has(text)) {
      this.young.set(text, value);
      return;
    }
    this.old.delete(text);
    this.put(text, value);
  }

  private put(text: string, value: V): void {
    // +16: a key's own overhead, so that many short texts also count.
    const cost = text.length + 16;
    if (this.youngChars + cost > this.budget && this.young.size > 0) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
      this.turns++;
    }
    this.young.set(text, value);
    this.youngChars += cost;
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.youngChars = 0;
  }

  stats(): { entries: number; youngChars: number; turns: number } {
    return { entries: this.young.size + this.old.size, youngChars: this.youngChars, turns: this.turns };
  }
}
