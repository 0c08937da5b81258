/**
 * Text edits that insert sections and directives in the document's own style. Every edit is
 * an insertion or a replacement computed against the exact text of the model.
 */
import type { DocumentModel, Section } from './model';
import type { Fix, TextEdit } from './findings';
import { referenceOutline } from './outline';

export function eol(model: DocumentModel): string {
  return model.text.includes('\r\n') ? '\r\n' : '\n';
}

interface HeadingStyle {
  kind: 'heading' | 'bold';
  /** `#` count minus number parts. */
  offset: number;
  trailingDot: boolean;
  chapterDot: boolean;
  separator: string;
  casing: 'as-is' | 'title' | 'upper';
}

const SMALL = new Set(['a', 'an', 'and', 'as', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'vs', 're']);

function casingOf(title: string | undefined): HeadingStyle['casing'] {
  if (!title) return 'as-is';
  const words = title.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w));
  if (words.length >= 2 && title === title.toUpperCase()) return 'upper';
  const big = words.filter((w) => !SMALL.has(w.toLowerCase()));
  return big.length >= 2 && big.every((w) => /^[A-Z]/.test(w)) ? 'title' : 'as-is';
}

function applyCasing(title: string, casing: HeadingStyle['casing']): string {
  if (casing === 'upper') return title.toUpperCase();
  if (casing === 'title')
    return title.replace(/[A-Za-z][\w'/-]*/g, (w, i: number) => (i > 0 && SMALL.has(w.toLowerCase()) ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1)));
  return title;
}

/** Infer how headings of a given depth are written, from the nearest comparable sections. */
export function headingStyle(model: DocumentModel, near: Section | null, parts: number): HeadingStyle {
  const numbered = model.all.filter((s) => s.number && !s.scoped && !s.appendix);
  const sample = (pred: (s: Section) => boolean) => {
    if (near && pred(near)) return near;
    return numbered.find(pred) ?? numbered[0];
  };
  const same = sample((s) => s.number!.split('.').length === parts);
  const deeper = sample((s) => s.number!.split('.').length >= 2);
  const chapter = sample((s) => s.number!.split('.').length === 1);
  const lineAfterNumber = (s: Section | undefined) => (s ? model.text.slice(s.numberEnd, s.numberEnd + 2) : ' ');
  const dotAfter = (s: Section | undefined) => lineAfterNumber(s).startsWith('.');
  const sepOf = (s: Section | undefined) => {
    const t = lineAfterNumber(s).replace(/^\./, '');
    return t.startsWith('\t') ? '\t' : t.startsWith(' ') ? ' ' : '';
  };
  const base = same ?? deeper;
  return {
    kind: base?.kind === 'bold' ? 'bold' : 'heading',
    offset: base && base.kind === 'heading' ? base.headingDepth - base.number!.split('.').length : 0,
    trailingDot: dotAfter(deeper),
    chapterDot: dotAfter(chapter),
    separator: sepOf(base) || ' ',
    casing: casingOf(base?.title),
  };
}

export function headingLine(style: HeadingStyle, number: string, title: string): string {
  const parts = number.split('.').length;
  const dot = parts === 1 ? style.chapterDot : style.trailingDot;
  const label = `${number}${dot ? '.' : ''}${style.separator}${applyCasing(title, style.casing)}`;
  if (style.kind === 'bold') return `**${label}**`;
  const depth = Math.max(1, Math.min(6, parts + style.offset));
  return `${'#'.repeat(depth)} ${label}`;
}

/** Where a missing section `number` goes: after the previous present sibling's subtree, else after the parent's own text. */
export function insertionOffset(model: DocumentModel, number: string): { offset: number; near: Section | null } | null {
  const outline = referenceOutline();
  const e = outline.byNumber.get(number);
  const present = (n: string) => model.all.find((s) => s.number === n && !s.scoped && !s.appendix);
  const parentNum = number.includes('.') ? number.split('.').slice(0, -1).join('.') : null;
  const siblings = e?.parent ? outline.byNumber.get(e.parent)!.children : outline.entries.filter((x) => !x.parent).map((x) => x.number);
  const idx = siblings.indexOf(number);
  for (let k = idx - 1; k >= 0; k--) {
    const p = present(siblings[k]);
    if (p) return { offset: Math.max(p.end, p.headingEnd), near: p };
  }
  if (parentNum) {
    const parent = present(parentNum);
    if (!parent) return null;
    return { offset: Math.max(parent.bodyEnd, parent.headingEnd), near: parent.children[0] ?? parent };
  }
  // First chapter: before the first numbered section.
  const first = model.all.find((s) => s.number && !s.scoped);
  return first ? { offset: first.headingStart, near: first } : { offset: model.text.length, near: null };
}

/** An edit inserting the headings (and a body) of missing sections at their RFC 3647 position. */
export function insertSectionsEdit(model: DocumentModel, numbers: string[], body: string): TextEdit | null {
  if (!numbers.length) return null;
  const at = insertionOffset(model, numbers[0]);
  if (!at) return null;
  const nl = eol(model);
  const outline = referenceOutline();
  const style = headingStyle(model, at.near, numbers[0].split('.').length);
  const blocks = numbers.map((n) => `${headingLine(style, n, outline.byNumber.get(n)?.title ?? '')}${nl}${nl}${body}`);
  const atStartOfHeading = at.near && at.offset === at.near.headingStart;
  const newText = atStartOfHeading ? blocks.join(nl + nl) + nl + nl : nl + nl + blocks.join(nl + nl);
  const pos = model.lines.positionAt(at.offset);
  return { range: { start: pos, end: pos }, newText };
}

/** Start of a section's body: the line after its heading. */
function bodyInsertOffset(model: DocumentModel, s: Section): number {
  const line = model.lines.positionAt(s.headingEnd).line;
  return line + 1 < model.lines.lineCount ? model.lines.lineStarts[line + 1] : model.text.length;
}

export function suppressFixes(model: DocumentModel, code: string, section: Section | null): Fix[] {
  const nl = eol(model);
  const fixes: Fix[] = [];
  if (section) {
    const off = bodyInsertOffset(model, section);
    const pos = model.lines.positionAt(off);
    const atEnd = off === model.text.length && !model.text.endsWith('\n');
    fixes.push({
      title: `Suppress ${code} in section ${section.number ?? section.title}`,
      kind: 'suppress',
      edits: [{ range: { start: pos, end: pos }, newText: `${atEnd ? nl : ''}${nl}<!-- cpslint-disable ${code} -->${nl}` }],
    });
  }
  const fileOff = model.frontMatter ? bodyInsertOffsetAfter(model, model.frontMatter.end) : 0;
  const fpos = model.lines.positionAt(fileOff);
  fixes.push({
    title: `Suppress ${code} in this file`,
    kind: 'suppress',
    edits: [{ range: { start: fpos, end: fpos }, newText: `<!-- cpslint-disable-file ${code} -->${nl}${fileOff === 0 ? nl : ''}` }],
  });
  return fixes;
}

function bodyInsertOffsetAfter(model: DocumentModel, offset: number): number {
  const line = model.lines.positionAt(offset).line;
  return line + 1 < model.lines.lineCount ? model.lines.lineStarts[line + 1] : model.text.length;
}
