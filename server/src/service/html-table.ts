/**
 * Rows of raw HTML tables in Markdown (`<table><tr><td>…`), with document offsets: real CP/CPS
 * files keep title blocks, revision histories and whole sections in them. Pure text scanning.
 */
export interface HtmlRow {
  /** Cell texts, tags dropped, entities and whitespace normalised. */
  cells: string[];
  /** Document offset of each cell's content. */
  cellStarts: number[];
  /** Whether the row's cells are header cells (`<th>`). */
  header: boolean;
  start: number;
  end: number;
}

function cellPlain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, '&')
    .replace(/\s+/g, ' ')
    .replace(/^[\s*_]+|[\s*_]+$/g, '')
    .trim();
}

/** Rows of the HTML tables in `html` (an HTML block's source starting at document offset `base`). */
export function htmlTableRows(html: string, base: number): HtmlRow[] {
  const rows: HtmlRow[] = [];
  if (!/<table\b/i.test(html)) return rows;
  const rowRe = /<tr\b[^>]*>([\s\S]*?)(?:<\/tr\s*>|(?=<tr\b)|(?=<\/table)|$)/gi;
  let m: RegExpExecArray | null;
  while ((m = rowRe.exec(html))) {
    if (!m[0]) {
      rowRe.lastIndex++;
      continue;
    }
    const cells: string[] = [];
    const cellStarts: number[] = [];
    let header = false;
    const inner = m.index + m[0].indexOf(m[1]);
    const cellRe = /<(t[dh])\b[^>]*>([\s\S]*?)(?:<\/t[dh]\s*>|(?=<t[dh]\b)|$)/gi;
    let c: RegExpExecArray | null;
    while ((c = cellRe.exec(m[1]))) {
      if (!c[0]) {
        cellRe.lastIndex++;
        continue;
      }
      if (c[1].toLowerCase() === 'th') header = true;
      cells.push(cellPlain(c[2]));
      cellStarts.push(base + inner + c.index + c[0].indexOf('>') + 1);
    }
    if (cells.length) rows.push({ cells, cellStarts, header, start: base + m.index, end: base + m.index + m[0].length });
  }
  return rows;
}
