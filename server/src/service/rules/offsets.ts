/**
 * The document offset of every character of a text unit, stored as runs (issue 12: memory).
 *
 * A unit's text is mostly slices of the document: between two places where whitespace was collapsed
 * or markup skipped, character i+1 sits one past character i. A run is one such stretch, kept as
 * (index of its first character in the unit's text, document offset of that character); a run of
 * characters that all point at one offset (a column header put in front of its cell, a link's URL
 * shown after its text) is kept with its offset encoded as -offset-1. An array of one number per
 * character took 8 bytes per character (plus the growth slack of push); a run takes 8 bytes and a
 * paragraph has a handful.
 *
 * The answers are those of the per-character array they replace: `at(i)` is its element i
 * (NaN, like `undefined + shift`, outside the text) and `firstAtOrAfter(x)` its `findIndex(o => o >= x)`.
 */
export class OffsetMap {
  /**
   * `runs`: pairs (first index, offset or -offset-1 for a constant run), by first index. A plain
   * array of small integers of exactly its length: an Int32Array costs ~200 bytes of objects
   * (typed array, ArrayBuffer, store) for the 2–10 numbers a unit usually has.
   */
  constructor(
    readonly length: number,
    private readonly runs: readonly number[],
  ) {}

  /** Number of runs (for the benchmark and tests). */
  get runCount(): number {
    return this.runs.length >> 1;
  }

  /** Index of the run holding character i (0 <= i < length). */
  private runOf(i: number): number {
    const r = this.runs;
    let lo = 0;
    let hi = (r.length >> 1) - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (r[mid * 2] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Document offset of character i (NaN outside [0, length)). */
  at(i: number): number {
    if (!(i >= 0 && i < this.length) || i !== Math.floor(i)) return NaN;
    const k = this.runOf(i) * 2;
    const o = this.runs[k + 1];
    return o >= 0 ? o + (i - this.runs[k]) : -o - 1;
  }

  /** The first character index whose offset (plus `shift`) is >= x, or -1. */
  firstAtOrAfter(x: number, shift = 0): number {
    const r = this.runs;
    const n = r.length >> 1;
    for (let k = 0; k < n; k++) {
      const idx = r[k * 2];
      const len = (k + 1 < n ? r[k * 2 + 2] : this.length) - idx;
      const o = r[k * 2 + 1];
      const base = (o >= 0 ? o : -o - 1) + shift;
      if (base >= x) return idx;
      if (o >= 0 && base + len - 1 >= x) return idx + Math.ceil(x - base);
    }
    return -1;
  }

  /** Calls `f(index, offset, length, step)` for every run overlapping [from, to), clipped to it. */
  forRuns(from: number, to: number, f: (index: number, offset: number, length: number, step: 0 | 1) => void): void {
    from = Math.max(0, from);
    to = Math.min(this.length, to);
    if (from >= to) return;
    const r = this.runs;
    const n = r.length >> 1;
    for (let k = this.runOf(from); k < n; k++) {
      const idx = r[k * 2];
      if (idx >= to) break;
      const end = Math.min(to, k + 1 < n ? r[k * 2 + 2] : this.length);
      const s = Math.max(idx, from);
      const o = r[k * 2 + 1];
      if (o >= 0) f(s, o + (s - idx), end - s, 1);
      else f(s, -o - 1, end - s, 0);
    }
  }

  /** Every offset, as an array (for tests and debugging; the checks never need it). */
  toArray(shift = 0): number[] {
    const out: number[] = [];
    this.forRuns(0, this.length, (_i, o, len, step) => {
      for (let k = 0; k < len; k++) out.push(o + step * k + shift);
    });
    return out;
  }
}

const EMPTY = new OffsetMap(0, []);

/** Builds an OffsetMap one offset (or one run) at a time. */
export class OffsetBuilder {
  private runs: number[] = [];
  length = 0;
  /** The open run: its first offset, its step (-1 while it has one character) and last offset. */
  private first = 0;
  private step: -1 | 0 | 1 = -1;
  private last = -1;

  private close(): void {
    if (!this.runs.length) return;
    this.runs[this.runs.length - 1] = this.step === 0 ? -this.first - 1 : this.first;
  }

  /** Appends the offset of one more character. */
  push(o: number): void {
    if (this.length > 0) {
      if (this.step === -1 && (o === this.last + 1 || o === this.last)) {
        this.step = o === this.last ? 0 : 1;
        this.last = o;
        this.length++;
        return;
      }
      if (this.step !== -1 && o === this.last + this.step) {
        this.last = o;
        this.length++;
        return;
      }
      this.close();
    }
    this.runs.push(this.length, o);
    this.first = o;
    this.last = o;
    this.step = -1;
    this.length++;
  }

  /** Appends `n` offsets o, o + step, o + 2·step, … */
  pushRun(o: number, n: number, step: 0 | 1): void {
    if (n <= 0) return;
    this.push(o);
    if (n === 1) return;
    const last = o + step * (n - 1);
    if (this.step === -1 || this.step === step) {
      this.step = step;
      this.last = last;
      this.length += n - 1;
      return;
    }
    this.close();
    this.runs.push(this.length, o + step);
    this.first = o + step;
    this.last = last;
    this.step = n - 1 === 1 ? -1 : step;
    this.length += n - 1;
  }

  /** Appends the offsets of characters [from, to) of `m`, each plus `shift`. */
  pushMap(m: OffsetMap, from = 0, to = m.length, shift = 0): void {
    m.forRuns(from, to, (_i, o, len, step) => this.pushRun(o + shift, len, step));
  }

  /** Drops every offset from character n on. */
  truncate(n: number): void {
    if (n >= this.length) return;
    const built = this.build();
    const b = new OffsetBuilder();
    b.pushMap(built, 0, Math.max(0, n));
    this.runs = b.runs;
    this.length = b.length;
    this.first = b.first;
    this.step = b.step;
    this.last = b.last;
  }

  build(): OffsetMap {
    if (!this.length) return EMPTY;
    this.close();
    // slice(): a copy of exactly its length (push leaves up to half again as much room).
    return new OffsetMap(this.length, this.runs.slice());
  }
}

/** An OffsetMap of the given offsets (tests, and small maps built from arrays). */
export function offsetMap(offsets: ArrayLike<number>): OffsetMap {
  const b = new OffsetBuilder();
  for (let i = 0; i < offsets.length; i++) b.push(offsets[i]);
  return b.build();
}
