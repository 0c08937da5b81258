/** Offsets <-> LSP positions (0-based line, UTF-16 character), independent of line endings. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /** Offset of the first character of every line. */
  readonly lineStarts: number[];
  constructor(
    readonly text: string,
    known?: number[],
  ) {
    if (known) {
      this.lineStarts = known;
      return;
    }
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Only LF line ends (the usual case): the native search is several times faster than a loop.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }
  /**
   * The index of `text`, an edit of `prev.text` where prev.text[p, prev.text.length - s) became
   * text[p, text.length - s): the line starts before and after the edit are taken from `prev`
   * (those after it moved), only the edited lines are read. Same result as `new LineIndex(text)`
   * (test/unit/text.test.ts).
   */
  static edited(prev: LineIndex, text: string, p: number, s: number): LineIndex {
    const old = prev.lineStarts;
    const oldEnd = prev.text.length - s;
    const newEnd = text.length - s;
    const delta = text.length - prev.text.length;
    // A start k comes from the character before it ('\n', or '\r' not followed by '\n'): starts up
    // to p - 1 read unchanged characters, as do the old ones from oldEnd + 2 on.
    const starts: number[] = [];
    let i = 0;
    for (; i < old.length && old[i] <= p - 1; i++) starts.push(old[i]);
    if (!starts.length) starts.push(0);
    const to = Math.min(newEnd + 1, text.length);
    for (let j = Math.max(0, p - 1); j < to; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || (c === 13 && text.charCodeAt(j + 1) !== 10)) starts.push(j + 1);
    }
    while (i < old.length && old[i] < oldEnd + 2) i++;
    for (; i < old.length; i++) starts.push(old[i] + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }
  /** Offset just past the last character of the line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let e = next;
    if (e > this.lineStarts[line] && this.text.charCodeAt(e - 1) === 10) e--;
    if (e > this.lineStarts[line] && this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/**
 * `s` as a string of its own. A slice of a longer string (a heading's text cut from the document)
 * may keep the whole of the longer string alive in V8; a cache that outlives one version of a
 * document stores its keys and values detached, or it keeps every version's text (issue 12: 8.7 MB
 * of document texts held by the heading memos after every document was closed).
 */
export function detached(s: string): string {
  // Short strings are copied by V8 when sliced; longer ones are rebuilt by a JSON round trip.
  return s.length <= 12 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
