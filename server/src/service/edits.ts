/**
 * Text edits against the exact text of a model: the line ending in use, a block inserted into a
 * section's own body (or replacing a bare "No stipulation."), a new section heading styled like
 * its neighbours at its RFC 3647 place, and applying edits. Used by rule fixes and structural checks.
 */
import type { DocumentModel, Section } from './model';
import { isPrefix } from './model';
import { referenceOutline, compareNumbers } from './outline';
import type { TextEdit } from './findings';

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

const NO_STIP_BODY = /^\s*(?:\*\*|__|\*|_)?\s*(?:no\s+stipulations?|not\s+applicable)\.?\s*(?:\*\*|__|\*|_)?\s*$/i;

/** Whether text[0, pos) ends with a blank line: `/(\r?\n)[ \t]*(\r?\n)$/`, without scanning the prefix. */
function endsWithBlankLine(text: string, pos: number): boolean {
  let i = pos;
  if (text.charCodeAt(i - 1) !== 10) return false;
  i--;
  if (text.charCodeAt(i - 1) === 13) i--;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i > 0 && text.charCodeAt(i - 1) === 10;
}

/** Text to insert at `pos` so that `block` becomes its own Markdown block. */
export function blockInsert(model: DocumentModel, pos: number, block: string): string {
  const eol = eolOf(model.text);
  const after = model.text.slice(pos);
  let pre = '';
  if (pos > 0) {
    // Scanned backwards from `pos` (a `$`-anchored regex over the whole prefix costs O(n) per fix).
    if (endsWithBlankLine(model.text, pos)) pre = '';
    else if (model.text.charCodeAt(pos - 1) === 10) pre = eol;
    else pre = eol + eol;
  }
  let post = '';
  if (after.length) {
    if (/^[ \t]*(\r?\n)[ \t]*(\r?\n)/.test(after)) post = '';
    else if (/^[ \t]*\r?\n/.test(after)) post = eol;
    else post = eol + eol;
  } else post = eol;
  return pre + block + post;
}

export function insertIntoSection(model: DocumentModel, s: Section, block: string): TextEdit {
  const own = model.text.slice(s.bodyStart, s.bodyEnd);
  if (NO_STIP_BODY.test(own) && s.kind === 'heading') {
    const lead = own.length - own.trimStart().length;
    const start = s.bodyStart + lead;
    return { range: model.lines.range(start, s.bodyEnd), newText: block };
  }
  // The end of the section's own body; for a bold "heading" it is at least the end of its line.
  let pos = s.bodyEnd;
  if (pos <= s.headingEnd) pos = model.lines.lineEnd(model.lines.positionAt(s.headingEnd).line);
  return { range: model.lines.range(pos, pos), newText: blockInsert(model, pos, block) };
}

function titleCase(t: string): string {
  const small = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 're', 'the', 'to', 'vs', 'with']);
  return t
    .split(' ')
    .map((w, i) => (i > 0 && small.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

interface HeadingStyle {
  depthOffset: number;
  dot: boolean;
  sep: string;
  bold: boolean;
  kind: 'heading' | 'bold';
  casing: 'upper' | 'title' | 'as-is';
}

function styleOf(model: DocumentModel, r: Section): HeadingStyle {
  const text = model.text;
  const dot = text[r.numberEnd] === '.';
  const afterNum = r.numberEnd + (dot ? 1 : 0);
  const sepChar = text[afterNum];
  const sep = sepChar === '\t' ? '\t' : sepChar === ' ' ? ' ' : r.title ? '' : ' ';
  const line = model.lines.lineText(model.lines.positionAt(r.headingStart).line);
  const bold = r.kind === 'heading' && /^\s{0,3}#{1,6}\s+(\*\*|__)/.test(line);
  const letters = r.title.replace(/[^A-Za-z]/g, '');
  const casing: HeadingStyle['casing'] =
    letters.length > 3 && letters === letters.toUpperCase()
      ? 'upper'
      : r.title.split(/\s+/).filter((w) => w.length > 3).every((w) => /^[A-Z0-9("']/.test(w)) && r.title.split(/\s+/).filter((w) => w.length > 3).length >= 2
        ? 'title'
        : 'as-is';
  return { depthOffset: r.kind === 'heading' ? r.headingDepth - r.level : 0, dot, sep, bold, kind: r.kind, casing };
}

/** The heading line for a new section, styled like the sections around `near`. */
export function headingLine(model: DocumentModel, number: string, near: Section | null): string {
  const level = number.split('.').length;
  const main = model.all.filter((s) => s.number && !s.scoped && !s.appendix);
  const sameLevel = main.filter((s) => s.level === level);
  const chapter = number.split('.')[0];
  const before = near ? sameLevel.filter((s) => s.headingStart <= near.headingStart) : [];
  const ref =
    [...before].reverse().find((s) => s.number!.split('.')[0] === chapter) ??
    before[before.length - 1] ??
    sameLevel.find((s) => s.number!.split('.')[0] === chapter) ??
    sameLevel[0] ??
    near ??
    main[0] ??
    null;
  const entry = referenceOutline().byNumber.get(number);
  let title = entry?.title ?? '';
  const style: HeadingStyle = ref ? styleOf(model, ref) : { depthOffset: 0, dot: false, sep: ' ', bold: false, kind: 'heading', casing: 'as-is' };
  if (style.casing === 'upper') title = title.toUpperCase();
  else if (style.casing === 'title') title = titleCase(title);
  const num = number + (style.dot ? '.' : '');
  const label = title ? `${num}${style.sep || ' '}${title}` : num;
  if (style.kind === 'bold') return `**${label}**`;
  const depth = Math.max(1, Math.min(6, level + style.depthOffset));
  return `${'#'.repeat(depth)} ${style.bold ? `**${label}**` : label}`;
}

/** An edit that creates section `number` with `block` as its body, at its place in RFC 3647 order. */
export function createSection(model: DocumentModel, number: string, block: string): TextEdit {
  const eol = eolOf(model.text);
  const main = model.all.filter((s) => s.number && !s.scoped && !s.appendix);
  let prev: Section | null = null;
  for (const s of main) {
    if (compareNumbers(s.number!, number) < 0 && (!prev || compareNumbers(s.number!, prev.number!) > 0)) prev = s;
  }
  const heading = headingLine(model, number, prev);
  const content = `${heading}${eol}${eol}${block}`;
  if (!prev) {
    const first = main[0] ?? model.all[0];
    const pos = first ? first.headingStart : model.text.length;
    return { range: model.lines.range(pos, pos), newText: content + eol + eol };
  }
  let pos: number;
  if (isPrefix(prev.number!, number)) {
    pos = prev.bodyEnd;
    if (pos <= prev.headingEnd) pos = model.lines.lineEnd(model.lines.positionAt(prev.headingEnd).line);
  } else {
    let a: Section = prev;
    while (a.parent && a.parent.number && !isPrefix(a.parent.number, number) && !a.parent.scoped) a = a.parent;
    pos = Math.max(a.end, model.lines.lineEnd(model.lines.positionAt(a.headingEnd).line));
  }
  return { range: model.lines.range(pos, pos), newText: blockInsert(model, pos, content) };
}

/** Apply edits (non-overlapping) to `text`; for tests and the CLI's --fix. */
export function applyEdits(model: DocumentModel, edits: TextEdit[]): string {
  const abs = edits
    .map((e) => ({ start: model.lines.offsetAt(e.range.start), end: model.lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = model.text;
  for (const e of abs) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

