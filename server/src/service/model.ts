/**
 * The CP/CPS section model: parse Markdown once (remark + GFM + front matter) and build the
 * RFC 3647 section tree. Pure: no I/O, no `vscode`.
 *
 * Levels come from section numbers, never from the `#` count, because real documents use
 * every number-to-depth offset, and change it mid-document (see docs/section-model.md).
 */
import { linkVersion } from './lineage';
import { markdownParser } from './markdown';
import { slug as githubSlug } from 'github-slugger';
import { parse as parseYaml } from 'yaml';
import type { Root, RootContent, Heading, Paragraph, PhrasingContent, Nodes } from 'mdast';
import type { Position } from 'unist';
import { LineIndex, Range, detached } from './text';
import { referenceOutline, titleMatches, compareNumbers } from './outline';
import { htmlTableRows } from './html-table';

export type SectionKind = 'heading' | 'bold';

export interface Section {
  /** Normalised number ("4.9.1", "A.1"), or null for an unnumbered heading. */
  number: string | null;
  /** The number as written, without a trailing dot ("D-1"). */
  numberAsWritten: string | null;
  /** Title as written, inline markup stripped; "" for a number-only heading. */
  title: string;
  /** Canonical RFC 3647 title when the number is in the reference outline and the document follows it. */
  canonicalTitle: string | null;
  /** Depth in the outline: the number of parts of the number; parent level + 1 when unnumbered. */
  level: number;
  /** ATX `#` count; 0 for a bold line used as a heading. */
  headingDepth: number;
  kind: SectionKind;
  /** Inside an appendix whose numbering restarts: the number is local, not an RFC 3647 number. */
  scoped: boolean;
  appendix: boolean;
  /** Offsets of the heading (line) and of the text the heading owns before its first child. */
  headingStart: number;
  headingEnd: number;
  /** Offsets of the title text within the heading line (for precise diagnostics). */
  numberStart: number;
  numberEnd: number;
  bodyStart: number;
  bodyEnd: number;
  /** End of the section including all of its descendants. */
  end: number;
  parent: Section | null;
  children: Section[];
  /** Anchors that link to this heading: GitHub slug, explicit ids. */
  anchors: string[];
  /** Block nodes of the section's own body (not its children's). */
  blocks: RootContent[];
  index: number;
}

export interface Metadata {
  title: string | null;
  version: string | null;
  date: string | null;
}

export interface Block {
  node: RootContent;
  section: Section | null;
}

export interface DocumentModel {
  text: string;
  lines: LineIndex;
  root: Root;
  /** Top-level sections (chapters, unnumbered title blocks, appendices). */
  sections: Section[];
  /** Every section in document order. */
  all: Section[];
  metadata: Metadata;
  frontMatter: { start: number; end: number; data: Record<string, unknown> | null; error: string | null } | null;
  /** Whether the document follows the RFC 3647 outline. */
  rfc3647: boolean;
  /** Whether written titles can be compared with the English RFC 3647 titles. */
  englishTitles: boolean;
  /** Block nodes before the first section. */
  preamble: RootContent[];
  /** Every top-level block with the section that owns it. */
  blocks: Block[];
  /** Headings that were not treated as sections, and why (table of contents, table row). */
  ignoredHeadings: { start: number; end: number; reason: string }[];
  bySlug: Map<string, Section>;
  /**
   * How the mdast was split for incremental re-parsing (see parseDocument's `previous`): top-level
   * chunks, each starting at an ATX heading (the first at offset 0). Absent when a leading `---` or
   * `+++` line does not open closed front matter (an edit anywhere could close it).
   */
  chunks?: Chunk[] | null;
  /**
   * Link and footnote definitions resolve across the whole document: a re-parsed chunk is
   * parsed after a synthetic block of the document's definitions (their labels only; those whose
   * labels the chunk's text could name); a re-parse that changes which labels its chunks define is
   * a full parse. Null when the document defines nothing.
   */
  definitionPrelude?: DefinitionPrelude | null;
  /** Why the Markdown was not parsed (pathological nesting, a parser failure); the model is then empty. */
  parseError?: string | null;
}

/** A run of top-level blocks starting at a top-level ATX heading (or at the document start). */
export interface Chunk {
  start: number;
  /** Start of the chunk's first line (before the heading's indentation). */
  lineStart: number;
  /** Offset just past the line break of the chunk's first line. */
  firstLineEnd: number;
  nodes: RootContent[];
  /** Whether the chunk holds a link or footnote definition (editing it changes other chunks). */
  defs: boolean;
}

const processor = markdownParser();
/** For chunks that do not start the document: front matter only exists at offset 0. */
const bodyProcessor = markdownParser(false);

// ---------------------------------------------------------------------------------------------
// Heading text

/** Plain text of inline content: markup, raw HTML and footnote references stripped. */
export function inlineText(nodes: PhrasingContent[] | Nodes[]): string {
  let out = '';
  for (const n of nodes as Nodes[]) {
    switch (n.type) {
      case 'text':
      case 'inlineCode':
        out += n.value;
        break;
      case 'break':
        out += ' ';
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test(n.value)) out += ' ';
        break;
      case 'footnoteReference':
      case 'image':
      case 'imageReference':
        break;
      default:
        if ('children' in n && Array.isArray(n.children)) out += inlineText(n.children as Nodes[]);
    }
  }
  return out;
}

function htmlIds(html: string): string[] {
  const ids: string[] = [];
  const re = /\b(?:id|name)\s*=\s*["']([^"']+)["']/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) ids.push(m[1]);
  return ids;
}

function collectHtmlIds(nodes: Nodes[], out: string[]): void {
  for (const n of nodes) {
    if (n.type === 'html') out.push(...htmlIds(n.value));
    else if ('children' in n && Array.isArray(n.children)) collectHtmlIds(n.children as Nodes[], out);
  }
}

export interface ParsedNumber {
  number: string;
  asWritten: string;
  title: string;
  appendix: boolean;
  /** Offset of the number within the cleaned text. */
  index: number;
  length: number;
}

// `(?!\w)`, not `\b`: there is no word boundary after a Hangul word such as 부록 in a non-Unicode regex.
const APPENDIX_WORD = /^(appendix|appendices|annex|anexo|anhang|annexe|schedule|exhibit|attachment|부록)(?!\w)/i;
const APPENDIX = /^(?:appendix|annex|anexo|anhang|annexe|schedule|exhibit|attachment|부록)\s+([A-Z]|\d{1,2}|[IVX]{1,4})(?![\w])\.?\s*(?:[-–—:.)]\s*)?(.*)$/i;
const SECTION_WORD = /^(?:section|chapter|sección|capítulo|kapitel)\s+(?=\d)/i;
// A number: up to 2 digits at the top, up to 3 per part; or a capital letter with parts of up to
// 2 digits (A.1, D-1), so that "X.509 Certificate Fields" is not read as appendix number X.509.
const NUMBER = /^(\d{1,2}(?:\.\d{1,3})*|[A-Z](?:[.-]\d{1,2})+)(\.?)(?=$|[\s)]|[^\W\d_])\)?[ \t]*(.*)$/u;

/** Split cleaned heading text into a section number and a title. */
export function parseHeadingNumber(text: string): ParsedNumber | null {
  let t = text;
  let skipped = 0;
  const sw = SECTION_WORD.exec(t);
  if (sw) {
    skipped = sw[0].length;
    t = t.slice(skipped);
  }
  const ap = APPENDIX.exec(t);
  if (ap && !sw) {
    const id = ap[1].toUpperCase();
    return { number: id, asWritten: ap[1], title: ap[2].trim(), appendix: true, index: ap[0].indexOf(ap[1], 1), length: ap[1].length };
  }
  const m = NUMBER.exec(t);
  if (!m) return null;
  const asWritten = m[1];
  // "3D Secure": a single bare number glued to a letter is not a section number.
  const rest = t.slice(m[1].length + m[2].length);
  if (!m[2] && !asWritten.includes('.') && !asWritten.includes('-') && /^[^\W\d_]/u.test(rest)) return null;
  if (/^[A-Z]/.test(asWritten) && !/^[ \t]|^$/.test(rest.replace(/^\)/, '')) && rest !== '') return null;
  return {
    number: asWritten.replace(/-/g, '.'),
    asWritten,
    title: m[3].trim(),
    appendix: /^[A-Z]/.test(asWritten),
    index: skipped,
    length: asWritten.length,
  };
}

/**
 * A bounded memo for pure functions of short strings (heading texts) asked again on every
 * version of a document.
 */
function memo<T>(f: (s: string) => T, cap = 20_000): (s: string) => T {
  const m = new Map<string, T>();
  memos.push(m);
  return (s) => {
    let v = m.get(s);
    if (v === undefined) {
      if (m.size >= cap) m.clear();
      // Keyed by a copy of its own, and computed from it (values may be slices of the key): the
      // memo outlives the document's versions and must not keep their texts.
      const k = detached(s);
      m.set(k, (v = f(k)));
    }
    return v;
  };
}
const memos: Map<string, unknown>[] = [];

/** Forget the remembered heading slugs, clean-ups and front matter (dropped with the text caches when a document is closed). */
export function dropModelMemos(): void {
  for (const m of memos) m.clear();
}

const baseSlug = memo((s: string) => githubSlug(s));

/** github-slugger's unique slugs (the same algorithm: "-1", "-2" … for repeats) over a remembered base slug. */
class Slugger {
  private readonly occurrences: Record<string, number> = Object.create(null);
  slug(value: string): string {
    const original = baseSlug(value);
    let result = original;
    while (Object.prototype.hasOwnProperty.call(this.occurrences, result)) {
      this.occurrences[original]++;
      result = `${original}-${this.occurrences[original]}`;
    }
    this.occurrences[result] = 0;
    return result;
  }
}

/** Remove pandoc attributes, leftover closing hashes and surrounding space from heading text. */
const cleanHeadingText = memo(cleanHeading);
function cleanHeading(s: string): { text: string; ids: string[] } {
  const ids: string[] = [];
  let t = s.replace(/\s*\{([^{}]*)\}\s*$/, (_m, attrs: string) => {
    const id = /#([\w:.-]+)/.exec(attrs);
    if (id) ids.push(id[1]);
    return '';
  });
  t = t.replace(/\s+#+\s*$/, '');
  t = t.replace(/[ \u00a0]+/g, ' ').replace(/^[\s*_]+|[\s*_]+$/g, '');
  return { text: t.replace(/\t+/g, '\t').replace(/\s*\t\s*/g, '\t'), ids };
}

/** Front matter parsed (failsafe schema: strings, lists, maps), remembered: it is the same on most versions. Callers do not change it. */
const frontMatterData = memo((value: string) => parseYaml(value, { uniqueKeys: false, strict: false, schema: 'failsafe' }) as unknown, 8);

const TOC_PAGE = /(\.{4,}|…{2,}|_{4,}|\t)\s*\d+\s*$/;
const TABLE_DELIM = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

// ---------------------------------------------------------------------------------------------
// Metadata

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || null;
  return null;
}

function pick(data: Record<string, unknown>, keys: string[]): string | null {
  const lower = new Map(Object.entries(data).map(([k, v]) => [k.toLowerCase().replace(/[\s_-]+/g, ' ').trim(), v]));
  for (const k of keys) {
    const v = str(lower.get(k));
    if (v) return v;
  }
  return null;
}

const VERSION_IN_TEXT = /\b(?:version|versión|ver\.|v)[\s*_]*[:#|]?[\s*_]*(\d+(?:\.\d+){0,3})\b/i;
const DATE_IN_TEXT =
  /\b(\d{4}-\d{2}-\d{2}|\d{1,2}[-\s](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[-\s,]+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\/\d{1,2}\/\d{4})\b/i;

function metadataFrom(fm: Record<string, unknown> | null, preambleText: string, firstHeading: string | null, table: Metadata | null = null): Metadata {
  let title: string | null = null;
  let version: string | null = null;
  let date: string | null = null;
  if (fm) {
    title = pick(fm, ['title', 'document title', 'name']);
    version = pick(fm, ['version', 'document version', 'revision']);
    date = pick(fm, ['effective date', 'date', 'last revised', 'published', 'publication date', 'revision date']);
    if (!version) {
      const sub = pick(fm, ['subtitle']);
      const m = sub && VERSION_IN_TEXT.exec(sub);
      if (m) version = m[1];
    }
    if (version) version = version.replace(/^v(?:ersion)?\s*/i, '');
  }
  if (!version && table?.version) version = table.version;
  if (!date && table?.date) date = table.date;
  if (!version) {
    const m = VERSION_IN_TEXT.exec(preambleText);
    if (m) version = m[1];
  }
  if (!date) {
    // `[^\r\n|]`: with CRLF line endings a label ending its line must not capture a lone \r.
    const labelled = /(?:effective\s+date|date|last\s+revised|published|fecha)\s*[:|]\s*([^\r\n|]+)/i.exec(preambleText);
    const m = (labelled && DATE_IN_TEXT.exec(labelled[1])) || DATE_IN_TEXT.exec(preambleText);
    if (m) date = m[1];
  }
  if (!title) title = firstHeading;
  if (!title) {
    // A title block written as label/value rows ("Document | …", "Title: …").
    const m = /^[\s|*_]*(?:document\s+title|document\s+name|document|title)[\s*_]*[:|][\s*_|]*([^\r\n|]*[^\s|*_])/im.exec(preambleText);
    if (m) title = m[1].trim();
  }
  if (!title) {
    // Not a row of a revision table ("1.2 | 2026-03-01 | …").
    const line = preambleText.split(/\r\n?|\n/).map((l) => l.trim()).find((l) => l && !/^(version|date)\b/i.test(l) && !/^[\s|:-]*$/.test(l) && !/^\|?\s*v?\d+(?:\.\d+)*\s*\|/i.test(l));
    if (line) title = line.slice(0, 200);
  }
  return { title, version, date };
}

// ---------------------------------------------------------------------------------------------
// Building the model

interface Candidate {
  start: number;
  end: number;
  depth: number;
  kind: SectionKind;
  text: string;
  parsed: ParsedNumber | null;
  titleOffset: number;
  anchors: string[];
  node: Heading | Paragraph;
  /** For bold headings with a body on the same line: where that body starts. */
  bodyStart: number;
}

function isTocHeading(h: Heading, text: string): boolean {
  const kids = h.children.filter((c) => !(c.type === 'text' && !c.value.trim()) && c.type !== 'html');
  if (kids.length > 0 && kids.every((c) => c.type === 'link' && /^#/.test(c.url))) return true;
  return TOC_PAGE.test(text);
}

/**
 * `p` is read as parsed (a moved copy's origin, whose children were not copied); `delta` is how far it
 * moved since: the offsets returned are in `text`.
 */
function boldHeading(p: Paragraph, text: string, delta: number): { strongText: string; end: number } | null {
  const first = p.children[0];
  if (!first || first.type !== 'strong' || !first.position || !p.position) return null;
  if (first.position.start.offset !== p.position.start.offset) return null;
  const strongText = inlineText(first.children).trim();
  const parsed = parseHeadingNumber(strongText.replace(/\s+/g, ' '));
  if (!parsed) return null;
  // A bold line only counts as a heading when it carries a real section number:
  // multi-part, or a chapter number with a title.
  if (!parsed.number.includes('.') && !parsed.title) return null;
  // "**X.509**: definition" and "**Term:**" are glossary entries, not headings.
  if (/:$/.test(strongText) || /^[A-Z]/.test(parsed.number)) return null;
  // The bold span must end the line or be followed by body text on the same line.
  const end = first.position.end.offset! + delta;
  const after = text.slice(end, text.indexOf('\n', end) >>> 0);
  if (after && !/^\s|^$/.test(after) && !/^[:.]/.test(after)) return null;
  return { strongText, end };
}

/**
 * Parse `text` into the section model. With `previous` (the model of an earlier version of the same
 * document), only the top-level chunks touched by the change are re-parsed with remark, and the
 * blocks before and after them are reused (shifted copies); the result is identical to a full
 * parse (test/unit/incremental.property.test.ts). `previous` is not modified.
 */
export function parseDocument(text: string, previous?: DocumentModel | null): DocumentModel {
  const span = previous && !previous.parseError && previous.text !== text ? changedSpan(previous.text, text) : null;
  const lines = span && previous ? LineIndex.edited(previous.lines, text, span.p, span.s) : new LineIndex(text);
  // After an edit of a document that passed, only the paragraphs around the edit can fail.
  const hostile = span ? hostileAround(text, lines, span) : hostileMarkdown(text);
  if (hostile) return { ...buildModel(text, lines, { type: 'root', children: [] }), chunks: null, parseError: hostile };
  let root: Root | null = null;
  // A previous version with chunks has no parse error, so `span` is set whenever the text changed.
  if (previous?.chunks && span) {
    try {
      root = reparse(previous, text, lines, span);
    } catch {
      root = null;
    }
  } else if (previous && previous.text === text && !previous.parseError) root = previous.root;
  let parseError: string | null = null;
  if (!root) {
    try {
      root = processor.parse(text);
    } catch (e) {
      // Deep nesting can exhaust the stack inside remark: degrade to an empty model with a reason.
      root = { type: 'root', children: [] };
      parseError = `the Markdown parser failed (${(e as Error).name}: ${(e as Error).message.slice(0, 80)})`;
    }
  }
  const model = buildModel(text, lines, root);
  if (parseError) return { ...model, chunks: null, parseError };
  linkVersion(model, previous);
  return model;
}

/** Limits beyond which remark's parse time grows quadratically (measured: bench/hostile.bench.ts). */
export const MAX_NESTING = 100;
export const MAX_DELIMITER_RUNS = 1000;
export const MAX_BRACKETS = 5000;

/**
 * Why `text` would take remark unbounded time or stack, or null: containers (block quotes, list
 * items, list indentation) nested deeper than MAX_NESTING, or a paragraph with more than
 * MAX_DELIMITER_RUNS emphasis delimiter runs or brackets. One linear scan, from the line starting at
 * `from` (line number `firstLine`, in the state after a blank line) until the first blank line that
 * starts after `until`.
 */
export function hostileMarkdown(text: string, from = 0, until = Infinity, firstLine = 0): string | null {
  const n = text.length;
  let line = firstLine;
  let runs = 0;
  let brackets = 0;
  let i = from;
  while (i < n) {
    const lineStart = i;
    // Container prefix of this line.
    let depth = 0;
    let indent = 0;
    let j = i;
    let blank = true;
    let item = false;
    for (;;) {
      let sp = 0;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) sp += text.charCodeAt(j++) === 9 ? 4 : 1;
      if (depth === 0) indent = sp;
      const c = text.charCodeAt(j);
      if (c === 62) {
        depth++;
        j++;
        continue;
      }
      if ((c === 45 || c === 42 || c === 43) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
        depth += 1 + (depth === 0 ? indent >> 1 : 0);
        j += 2;
        item = true;
        continue;
      }
      let k = j;
      while (k < n && k - j < 9 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
      if (k > j && (text.charCodeAt(k) === 46 || text.charCodeAt(k) === 41) && (text.charCodeAt(k + 1) === 32 || text.charCodeAt(k + 1) === 9)) {
        depth += 1 + (depth === 0 ? indent >> 1 : 0);
        j = k + 2;
        item = true;
        continue;
      }
      break;
    }
    if (depth > MAX_NESTING) return `block quotes or lists nested ${depth} deep on line ${line + 1} (more than ${MAX_NESTING})`;
    // The rest of the line: delimiter runs per paragraph (inline content: reset at a blank line,
    // a list item, a heading, a table row).
    if (item || text.charCodeAt(j) === 35) runs = brackets = 0;
    const rowStart = runs;
    const rowBrackets = brackets;
    let bar = false;
    let prev = -1;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || c === 13) break;
      if (c !== 32 && c !== 9) blank = false;
      if ((c === 42 || c === 95) && c !== prev) runs++;
      else if (c === 91 || c === 93) brackets++;
      else if (c === 124) bar = true;
      prev = c;
    }
    if (bar) (runs -= rowStart), (brackets -= rowBrackets);
    if (blank) {
      runs = brackets = 0;
      // Past `until` (and its line break): every later line, and the state it starts in, is as before.
      if (lineStart > until) return null;
    } else if (runs > MAX_DELIMITER_RUNS) return `a paragraph with more than ${MAX_DELIMITER_RUNS} runs of emphasis delimiters, ending on line ${line + 1}`;
    else if (brackets > MAX_BRACKETS) return `a paragraph with more than ${MAX_BRACKETS} brackets, ending on line ${line + 1}`;
    if (j < n && text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10) j++;
    i = j + 1;
    line++;
  }
  return null;
}

/** The changed span between two versions: old[p, old.length - s) became text[p, text.length - s). */
export function changedSpan(old: string, text: string): { p: number; s: number } {
  const max = Math.min(old.length, text.length);
  // Blocks first: equality of two slices is one memory comparison in V8, ~10x faster than
  // comparing character by character (this runs on every keystroke over the whole document).
  let p = 0;
  for (let b = SPAN_BLOCK; b >= 64; ) {
    if (p + b <= max && old.slice(p, p + b) === text.slice(p, p + b)) p += b;
    else b >>= 2;
  }
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  const oe = old.length;
  const te = text.length;
  for (let b = SPAN_BLOCK; b >= 64; ) {
    if (s + b <= max - p && old.slice(oe - s - b, oe - s) === text.slice(te - s - b, te - s)) s += b;
    else b >>= 2;
  }
  while (s < max - p && old.charCodeAt(oe - 1 - s) === text.charCodeAt(te - 1 - s)) s++;
  return { p, s };
}

/** The largest block changedSpan compares at once (it narrows by 4 down to 64 characters). */
const SPAN_BLOCK = 16_384;

/** How far back from an edit hostileAround looks for a blank line before it scans from the start. */
const HOSTILE_LOOKBACK = 65_536;

/**
 * hostileMarkdown of an edited version whose previous version passed: the scan's state is reset by
 * every blank line, so only the lines from the blank line before the edit to the first blank line
 * after it (in the unchanged suffix) are scanned; the rest reads as it did. Same answer as a full
 * scan (test/unit/model.test.ts).
 */
function hostileAround(text: string, lines: LineIndex, span: { p: number; s: number }): string | null {
  let from = 0;
  // The line break that ends the line before the edited one, then back line by line to a blank line.
  let end = text.lastIndexOf('\n', span.p - 1);
  while (end > 0 && span.p - end < HOSTILE_LOOKBACK) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    let blank = true;
    for (let k = start; k < end && blank; k++) {
      const c = text.charCodeAt(k);
      blank = c === 32 || c === 9 || c === 13;
    }
    if (blank) {
      from = end + 1;
      break;
    }
    end = start - 1;
  }
  return hostileMarkdown(text, from, text.length - span.s, from ? lines.positionAt(from).line : 0);
}

function isAtxAt(text: string, offset: number): boolean {
  let i = offset;
  while (i < offset + 3 && text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 35; // '#'
}

function lineBreakAfter(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

function hasDefinitions(nodes: Nodes[]): boolean {
  const stack: Nodes[] = [...nodes];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'definition' || n.type === 'footnoteDefinition') return true;
    if ('children' in n && Array.isArray(n.children)) for (const c of n.children as Nodes[]) stack.push(c);
  }
  return false;
}

/** Per block as parsed: whether it holds a link or footnote definition. */
const definesByBlock = new WeakMap<RootContent, boolean>();
function blockHasDefinitions(node: RootContent): boolean {
  let hit = definesByBlock.get(node);
  if (hit === undefined) definesByBlock.set(node, (hit = hasDefinitions([node as Nodes])));
  return hit;
}

/** The synthetic block of a document's definitions (DocumentModel.definitionPrelude). */
export interface DefinitionPrelude {
  /** Every definition: the links, a blank line, then the footnotes. */
  text: string;
  /** Per definition, by its text (`[label]: #` / `[^label]: x`): its label as micromark compares labels. */
  links: Map<string, string>;
  notes: Map<string, string>;
}

/** Every link and footnote definition label in `nodes`, as definitions (`[label]: #` / `[^label]: x`) with their compared labels. */
function definitionsOf(nodes: Nodes[], links: Map<string, string>, notes: Map<string, string>): void {
  // Labels only: the blocks as parsed tell them (a moved copy would copy its children to).
  const stack: Nodes[] = nodes.map((n) => originOf(n as RootContent).node as Nodes);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'definition') links.set(`[${n.label ?? n.identifier}]: #\n`, normalLabel(n.label ?? n.identifier));
    else if (n.type === 'footnoteDefinition') notes.set(`[^${n.label ?? n.identifier}]: x\n\n`, normalLabel(n.label ?? n.identifier));
    if ('children' in n && Array.isArray(n.children)) for (const c of n.children as Nodes[]) stack.push(c);
  }
}

/**
 * Whether the re-parsed blocks define exactly the link and footnote labels the chunks they replace
 * defined: then every other chunk (and the prelude, built from all of them) resolves as before.
 */
function sameDefinitions(replaced: Chunk[], middle: RootContent[]): boolean {
  const had = replaced.some((c) => c.defs);
  if (!had && !hasDefinitions(middle as Nodes[])) return true;
  const oldLinks = new Map<string, string>();
  const oldNotes = new Map<string, string>();
  for (const c of replaced) if (c.defs) definitionsOf(c.nodes as Nodes[], oldLinks, oldNotes);
  const newLinks = new Map<string, string>();
  const newNotes = new Map<string, string>();
  definitionsOf(middle as Nodes[], newLinks, newNotes);
  const same = (x: Map<string, string>, y: Map<string, string>) => x.size === y.size && [...x.keys()].every((v) => y.has(v));
  return same(oldLinks, newLinks) && same(oldNotes, newNotes);
}

/** A label as micromark compares labels: whitespace collapsed, trimmed, case folded (lower, then upper case). */
function normalLabel(s: string): string {
  return s.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();
}

/**
 * The prelude for a region: the definitions whose compared label occurs in the region's text
 * compared the same way (every reference to a label contains it), links first, footnotes last.
 */
function preludeFor(p: DefinitionPrelude, body: string): string {
  const hay = normalLabel(body);
  const pick = (defs: Map<string, string>) => [...defs].filter(([, label]) => hay.includes(label)).map(([text]) => text);
  const links = pick(p.links);
  const notes = pick(p.notes);
  return links.length || notes.length ? `${links.join('')}\n${notes.join('')}` : '';
}

/** Split top-level blocks into chunks at top-level ATX headings. */
function chunksOf(text: string, root: Root): { chunks: Chunk[] | null; prelude: DefinitionPrelude | null } {
  const chunks: Chunk[] = [{ start: 0, lineStart: 0, firstLineEnd: lineBreakAfter(text, 0), nodes: [], defs: false }];
  for (const node of root.children) {
    const start = node.position?.start.offset;
    if (start === undefined) return { chunks: null, prelude: null };
    const ls = lineStartOf(text, start);
    if (node.type === 'heading' && start > 0 && ls >= 0 && isAtxAt(text, ls)) {
      chunks.push({ start, lineStart: ls, firstLineEnd: lineBreakAfter(text, start), nodes: [node], defs: false });
    } else chunks[chunks.length - 1].nodes.push(node);
  }
  const links = new Map<string, string>();
  const notes = new Map<string, string>();
  for (const c of chunks) {
    // Asked of each block as parsed, once (a shifted copy has its origin's content): a walk of
    // every node of the document on every keystroke was a third of building the model.
    c.defs = c.nodes.some((n) => blockHasDefinitions(originOf(n).node));
    if (c.defs) definitionsOf(c.nodes as Nodes[], links, notes);
  }
  // A leading "---" / "+++" line that does not open closed front matter could still be closed by an
  // edit anywhere below it (turning every chunk before that edit into front matter): parse whole.
  const first = root.children[0] as Nodes | undefined;
  const frontMatter = first && (first.type === 'yaml' || (first.type as string) === 'toml') && first.position?.start.offset === 0;
  if (!frontMatter && /^(?:---|\+\+\+)/.test(text)) return { chunks: null, prelude: null };
  // Footnote definitions last, each closed by a blank line, so that nothing continues their text.
  const prelude = links.size || notes.size ? { text: `${[...links.keys()].join('')}\n${[...notes.keys()].join('')}`, links, notes } : null;
  return { chunks, prelude };
}

/** The start of the line of `offset` when only spaces precede it there, else -1. */
function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) === 32) i--;
  return i === 0 || text.charCodeAt(i - 1) === 10 || text.charCodeAt(i - 1) === 13 ? i : -1;
}

/** For a top-level block that is a shifted copy: the block it was copied from (first parse) and by how much. */
const origins = new WeakMap<object, { node: RootContent; delta: number }>();

/** The block a reused top-level block was parsed as, and its offset shift since (for caches across versions). */
export function originOf(node: RootContent): { node: RootContent; delta: number } {
  if (node instanceof MovedBlock) return node.origin;
  return origins.get(node) ?? { node, delta: 0 };
}

/**
 * Visits every node below `root` as it was parsed: a moved block's descendants are read from the
 * block it was copied from, not copied; add `delta` to a node's offsets to place it in the current
 * text. `visit` returns false to skip a node's children.
 */
export function visitAsParsed(root: Root, visit: (node: Nodes, delta: number) => boolean | void): void {
  const walk = (n: Nodes, delta: number) => {
    if (visit(n, delta) === false) return;
    if ('children' in n && Array.isArray(n.children)) for (const c of n.children as Nodes[]) walk(c, delta);
  };
  for (const b of root.children) {
    const o = originOf(b);
    walk(o.node as Nodes, o.delta);
  }
}

/** `p` moved by `offset` characters and `line` lines. */
function movedPosition(p: Position, offset: number, line: number): Position {
  const st = p.start;
  const en = p.end;
  return { start: { line: st.line + line, column: st.column, offset: (st.offset ?? 0) + offset }, end: { line: en.line + line, column: en.column, offset: (en.offset ?? 0) + offset } };
}

/** A deep copy of `node` with every position moved by `offset` characters and `line` lines. */
function deepShifted<T extends Nodes>(node: T, offset: number, line: number): T {
  const copy = { ...node } as T & { children?: Nodes[] };
  if (node.position) copy.position = movedPosition(node.position, offset, line);
  if ('children' in node && Array.isArray(node.children)) copy.children = (node.children as Nodes[]).map((c) => deepShifted(c, offset, line));
  return copy;
}

/** Moved top-level blocks, and those whose descendants were copied because something read them (benchmarks print it). */
export const movedStats = { moved: 0, materialized: 0 };

/**
 * A top-level block that moved (an edit before it changed its offset): its own fields and position
 * at once, its descendants (copies with moved positions) only when something reads `children`. Most
 * moved blocks are reused whole (their units, their findings, by origin), so a keystroke near the
 * top of a large document no longer copies every node below it (that copy was a fifth of a keystroke's
 * parse and most of what it left for the garbage collector).
 */
class MovedBlock {
  declare type: string;
  declare position: Position;
  /** The block as parsed and how far it moved since (what originOf answers for it). */
  readonly #asParsed: { node: RootContent; delta: number };
  #line: number;
  #children: Nodes[] | undefined;
  /** `origin` is a block as parsed (never a copy), moved by `offset` characters and `line` lines. */
  constructor(origin: Nodes, offset: number, line: number) {
    this.#asParsed = { node: origin as RootContent, delta: offset };
    this.#line = line;
    for (const k in origin) if (k !== 'children' && k !== 'position') (this as Record<string, unknown>)[k] = (origin as unknown as Record<string, unknown>)[k];
    this.position = movedPosition(origin.position!, offset, line);
  }
  get origin(): { node: RootContent; delta: number } {
    return this.#asParsed;
  }
  get children(): Nodes[] | undefined {
    const parsed = this.#asParsed.node as Nodes & { children?: Nodes[] };
    if (this.#children === undefined && parsed.children) {
      movedStats.materialized++;
      this.#children = parsed.children.map((c) => deepShifted(c, this.#asParsed.delta, this.#line));
    }
    return this.#children;
  }
  set children(v: Nodes[] | undefined) {
    this.#children = v;
  }
  /** As the deep copy it stands for: the parsed block's fields in their order, children included. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k in this.#asParsed.node) out[k] = k === 'children' ? this.children : k === 'position' ? this.position : (this as Record<string, unknown>)[k];
    return out;
  }
  /** The same block moved by `offset` and `line` more, from the parsed block (no chain of copies). */
  movedAgain(offset: number, line: number): MovedBlock {
    return new MovedBlock(this.#asParsed.node, this.#asParsed.delta + offset, this.#line + line);
  }
}

/** `node` (a top-level block) moved by `offset` characters and `line` lines. */
function shifted<T extends Nodes>(node: T, offset: number, line: number): T {
  if (offset === 0 && line === 0) return node;
  movedStats.moved++;
  if (node instanceof MovedBlock) return node.movedAgain(offset, line) as unknown as T;
  // A block with children is one as parsed here (a moved block is a MovedBlock): it is its own origin.
  if (node.position && 'children' in node) return new MovedBlock(node, offset, line) as unknown as T;
  const o = originOf(node as RootContent);
  const copy = deepShifted(node, offset, line);
  origins.set(copy, { node: o.node, delta: o.delta + offset });
  return copy;
}

/** Re-parse only the chunks a change touches; null when that cannot be done exactly. */
function reparse(prev: DocumentModel, text: string, lines: LineIndex, span: { p: number; s: number }): Root | null {
  const chunks = prev.chunks!;
  const old = prev.text;
  // The changed span: old[p, oldEnd) became text[p, newEnd).
  const { p, s } = span;
  const oldEnd = old.length - s;
  const delta = text.length - old.length;
  // First chunk to re-parse: the last one whose first line (with its line break) is unchanged,
  // so that it still starts where it did, in the same parser state.
  let i = 0;
  for (let k = chunks.length - 1; k > 0; k--) {
    if (chunks[k].firstLineEnd <= p) {
      i = k;
      break;
    }
  }
  // The chunk after the region must start in the unchanged suffix; extend until its heading still
  // opens a top-level block when parsed right after the new region.
  let j = i + 1;
  while (j < chunks.length && chunks[j].lineStart < oldEnd) j++;
  const a = chunks[i].lineStart;
  const parser = a === 0 ? processor : bodyProcessor;
  const definitions = prev.definitionPrelude;
  // Front matter only exists when it is closed, possibly after the region: the region must hold all of it.
  const mayHaveFrontMatter = a === 0 && /^(?:---|\+\+\+)/.test(text);
  let shift = 0;
  let preludeLines = 0;
  const parseRegion = (end: number) => {
    const body = text.slice(a, end);
    // Only the definitions whose labels the region may refer to: a definition is parse context for
    // references to its label alone, and each one costs the parser (166 footnote definitions made
    // a keystroke's parse of a 3 KB region 7x slower).
    const prelude = definitions ? preludeFor(definitions, body) : '';
    // Definitions go before the region (after it for the first chunk: front matter must stay at offset 0).
    const before = prelude && a > 0 ? `${prelude}\n` : '';
    shift = before.length;
    preludeLines = before ? new LineIndex(before).lineCount - 1 : 0;
    const after = prelude && a === 0 ? `\n\n${prelude}` : '';
    const nodes = parser.parse(before + body + after).children;
    const first = nodes[0] as Nodes | undefined;
    if (mayHaveFrontMatter && !(first && (first.type === 'yaml' || (first.type as string) === 'toml') && first.position!.end.offset! <= body.length)) return null;
    return nodes.filter((n) => {
      const o = n.position?.start.offset ?? 0;
      return o >= shift && o < shift + body.length;
    });
  };
  for (;;) {
    if (j >= chunks.length) {
      if (definitions && a === 0) return null; // that is a full parse
      const rest = parseRegion(text.length);
      return rest && assemble(prev, text, lines, i, rest, a, shift, preludeLines, chunks.length, 0);
    }
    const next = chunks[j];
    const b = next.start + delta;
    const probeEnd = next.firstLineEnd + delta;
    const region = parseRegion(probeEnd);
    if (!region) return null;
    const last = region[region.length - 1];
    if (last && last.type === 'heading' && last.position?.start.offset === b - a + shift) {
      return assemble(prev, text, lines, i, region.slice(0, -1), a, shift, preludeLines, j, delta);
    }
    do j++;
    while (j < chunks.length && chunks[j].lineStart < oldEnd);
  }
}

function assemble(prev: DocumentModel, text: string, lines: LineIndex, i: number, middle: RootContent[], a: number, shift: number, preludeLines: number, j: number, delta: number): Root | null {
  const chunks = prev.chunks!;
  if (!sameDefinitions(chunks.slice(i, j), middle)) return null;
  const children: RootContent[] = [];
  for (let k = 0; k < i; k++) children.push(...chunks[k].nodes);
  const aLine = lines.positionAt(a).line;
  for (const n of middle) children.push(shifted(n, a - shift, aLine - preludeLines));
  if (j < chunks.length) {
    const lineDelta = lines.positionAt(chunks[j].start + delta).line - prev.lines.positionAt(chunks[j].start).line;
    for (let k = j; k < chunks.length; k++) for (const n of chunks[k].nodes) children.push(shifted(n, delta, lineDelta));
  }
  const end = lines.positionAt(text.length);
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: { line: end.line + 1, column: end.character + 1, offset: text.length } } };
}

function buildModel(text: string, lines: LineIndex, root: Root): DocumentModel {
  const outline = referenceOutline();
  const slugger = new Slugger();

  let frontMatter: DocumentModel['frontMatter'] = null;
  const candidates: Candidate[] = [];
  const ignoredHeadings: DocumentModel['ignoredHeadings'] = [];
  const topBlocks = root.children;
  let pendingAnchors: string[] = [];

  for (let i = 0; i < topBlocks.length; i++) {
    const node = topBlocks[i];
    const pos = node.position;
    if (!pos) continue;
    const start = pos.start.offset!;
    const end = pos.end.offset!;
    // Kinds, values and offsets below are read from the block as parsed plus how far it moved (a
    // moved block would copy its children to answer them).
    const moved = originOf(node);
    if ((node.type === 'yaml' || (node.type as string) === 'toml') && start === 0) {
      let data: Record<string, unknown> | null = null;
      let error: string | null = null;
      if (node.type === 'yaml') {
        try {
          const v = frontMatterData(node.value);
          data = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
        } catch (e) {
          error = (e as Error).message.split('\n')[0];
        }
      }
      frontMatter = { start, end, data, error };
      continue;
    }
    if (node.type === 'html') {
      const ids = htmlIds(node.value);
      if (ids.length && /^\s*<(a|span|div)\b[^>]*>\s*(<\/\1>)?\s*$/i.test(node.value)) {
        pendingAnchors = pendingAnchors.concat(ids);
        continue;
      }
    }
    if (node.type === 'paragraph' && (moved.node as Paragraph).children.every((c) => c.type === 'html' || (c.type === 'text' && !c.value.trim()))) {
      // `<a id="x"></a>` on a line of its own is not an HTML block in CommonMark (an open tag
      // followed by a closing tag), but a paragraph of inline HTML: an anchor for the next heading.
      const ids = htmlIds(text.slice(start, end));
      if (ids.length) {
        pendingAnchors = pendingAnchors.concat(ids);
        continue;
      }
    }
    if (node.type === 'heading') {
      const asParsed = moved.node as Heading;
      const raw = inlineText(asParsed.children);
      const { text: cleaned, ids } = cleanHeadingText(raw);
      collectHtmlIds(asParsed.children as Nodes[], ids);
      const slug = slugger.slug(raw.trim().replace(/\s*\{[^{}]*\}\s*$/, ''));
      const lineText = lines.lineText(lines.positionAt(start).line);
      const nextLine = lines.positionAt(end).line + 1 < lines.lineCount ? lines.lineText(lines.positionAt(end).line + 1) : '';
      if (raw.includes('|') && (nextLine.includes('|') || TABLE_DELIM.test(nextLine)) && !/^\s*#{1,6}\s+\d/.test(lineText)) {
        ignoredHeadings.push({ start, end, reason: 'a table row that Markdown reads as a heading' });
        pendingAnchors = [];
        continue;
      }
      if (isTocHeading(asParsed, cleaned)) {
        ignoredHeadings.push({ start, end, reason: 'a table-of-contents entry' });
        pendingAnchors = [];
        continue;
      }
      const parsed = parseHeadingNumber(cleaned);
      // Where the visible text starts on the line, to locate the number precisely.
      const firstTextOffset = findTextStart(asParsed, start - moved.delta) + moved.delta;
      candidates.push({
        start,
        end,
        depth: node.depth,
        kind: 'heading',
        text: cleaned,
        parsed,
        titleOffset: firstTextOffset,
        anchors: [slug, ...ids, ...pendingAnchors],
        node,
        bodyStart: end,
      });
      pendingAnchors = [];
      continue;
    }
    if (node.type === 'paragraph') {
      const bold = boldHeading(moved.node as Paragraph, text, moved.delta);
      if (bold) {
        const { text: cleaned } = cleanHeadingText(bold.strongText.replace(/\s+/g, ' '));
        const parsed = parseHeadingNumber(cleaned);
        const lineEnd = lines.lineEnd(lines.positionAt(bold.end).line);
        const rest = text.slice(bold.end, lineEnd);
        candidates.push({
          start,
          end: bold.end,
          depth: 0,
          kind: 'bold',
          text: cleaned,
          parsed,
          titleOffset: start + 2,
          anchors: [slugger.slug(cleaned), ...pendingAnchors],
          node,
          bodyStart: rest.trim() ? bold.end : lineEnd,
        });
        pendingAnchors = [];
        continue;
      }
    }
    pendingAnchors = [];
  }

  // -------------------------------------------------------------------------------------------
  // Tree: numbered sections attach to the nearest open section whose number is a prefix;
  // unnumbered headings attach by `#` depth. An appendix opens a scope in which numbers restart.
  const all: Section[] = [];
  const top: Section[] = [];
  const stack: Section[] = [];
  let scope: Section | null = null;
  let seenChapter = false;
  const latestByNumber = new Map<string, Section>();

  const effDepth = (c: { kind: SectionKind; depth: number }) => (c.kind === 'bold' ? 7 : c.depth);

  for (const c of candidates) {
    const p = c.parsed;
    // Leave an appendix scope at a heading of the same or a higher rank.
    if (scope && c.kind === 'heading' && c.depth <= scope.headingDepth) scope = null;
    const isAppendix =
      (p?.appendix && !p.number.includes('.')) || (!p && APPENDIX_WORD.test(c.text)) || (!!p?.appendix && !stackHasPrefix(stack, p.number));
    let scoped = false;
    if (p && !p.appendix && scope && (c.kind === 'bold' || c.depth > scope.headingDepth)) scoped = true;

    const sec: Section = {
      number: p ? p.number : null,
      numberAsWritten: p ? p.asWritten : null,
      title: p ? p.title : c.text,
      canonicalTitle: null,
      level: 1,
      headingDepth: c.kind === 'bold' ? 0 : c.depth,
      kind: c.kind,
      scoped,
      appendix: !!isAppendix,
      headingStart: c.start,
      headingEnd: c.end,
      numberStart: p ? c.titleOffset + findNumberOffset(text, c.titleOffset, p.asWritten) : c.titleOffset,
      numberEnd: 0,
      bodyStart: c.bodyStart,
      bodyEnd: c.bodyStart,
      end: c.bodyStart,
      parent: null,
      children: [],
      anchors: [...new Set(c.anchors.filter(Boolean))],
      blocks: [],
      index: all.length,
    };
    sec.numberEnd = p ? sec.numberStart + p.asWritten.length : sec.numberStart;

    if (p && !scoped) {
      const parts = p.number.split('.');
      while (stack.length) {
        const t = stack[stack.length - 1];
        if (t.number && !t.scoped && isPrefix(t.number, p.number)) break;
        stack.pop();
      }
      if (!stack.length && parts.length > 1) {
        // No open ancestor (e.g. a stray heading closed it): reattach to the latest section
        // whose number is the longest prefix, wherever it is.
        // The latest section with the longest such number (a map, not a scan: 50,000 headings must stay linear).
        let best: Section | null = null;
        for (let n = parts.length - 1; n >= 1 && !best; n--) best = latestByNumber.get(parts.slice(0, n).join('.')) ?? null;
        if (best) {
          const chain: Section[] = [];
          for (let a: Section | null = best; a; a = a.parent) chain.unshift(a);
          stack.push(...chain);
        }
      }
      sec.level = parts.length;
      if (!p.appendix && parts.length === 1) seenChapter = true;
    } else if (p && scoped) {
      while (stack.length) {
        const t = stack[stack.length - 1];
        if (t === scope) break;
        if (t.number && t.scoped && isPrefix(t.number, p.number)) break;
        stack.pop();
      }
      sec.level = (scope ? scope.level : 0) + p.number.split('.').length;
    } else {
      const d = effDepth(c);
      while (stack.length && effDepth({ kind: stack[stack.length - 1].kind, depth: stack[stack.length - 1].headingDepth }) >= d) stack.pop();
      sec.level = stack.length ? stack[stack.length - 1].level + 1 : 1;
    }
    const parent = stack.length ? stack[stack.length - 1] : null;
    sec.parent = parent;
    if (parent) parent.children.push(sec);
    else top.push(sec);
    stack.push(sec);
    all.push(sec);
    if (sec.number && !sec.scoped) latestByNumber.set(sec.number, sec);
    if (isAppendix && c.kind === 'heading' && seenChapter) scope = sec;
    else if (isAppendix && c.kind === 'heading' && !p) scope = sec;
  }

  // Ranges: a section's body runs to the next section in document order; the whole section to
  // the next section that is not its descendant.
  for (let i = 0; i < all.length; i++) {
    const s = all[i];
    const next = all[i + 1];
    s.bodyEnd = next ? next.headingStart : text.length;
  }
  for (let i = all.length - 1; i >= 0; i--) {
    const s = all[i];
    s.end = s.children.length ? Math.max(s.bodyEnd, s.children[s.children.length - 1].end) : s.bodyEnd;
  }
  // Trim trailing whitespace off bodies and ends so that folding and ranges stay tight.
  for (const s of all) {
    s.bodyEnd = trimEnd(text, s.bodyStart, s.bodyEnd);
    s.end = trimEnd(text, s.headingEnd, s.end);
  }
  // Every child ends inside its parent: also a child whose heading ends in whitespace ("# A.1 " at
  // the end) and a subsection attached out of order ("1.1.0" after 1.6) (found by the property tests).
  for (let i = all.length - 1; i >= 0; i--) {
    const s = all[i];
    for (const c of s.children) if (c.end > s.end) s.end = c.end;
  }

  // Blocks per section.
  const blocks: Block[] = [];
  const preamble: RootContent[] = [];
  let si = -1;
  for (const node of topBlocks) {
    const off = node.position?.start.offset ?? 0;
    while (si + 1 < all.length && all[si + 1].headingStart <= off) si++;
    const owner = si >= 0 ? all[si] : null;
    if (owner && (off === owner.headingStart) && owner.kind === 'heading') continue;
    if (frontMatter && off === frontMatter.start && (node.type === 'yaml' || (node.type as string) === 'toml')) continue;
    blocks.push({ node, section: owner });
    if (owner) owner.blocks.push(node);
    else preamble.push(node);
  }

  // RFC 3647 detection and canonical titles.
  const numbered = all.filter((s) => s.number && !s.scoped && !s.appendix);
  let inOutline = 0;
  let titleHits = 0;
  let titled = 0;
  const present = new Set<string>();
  for (const s of numbered) {
    const e = outline.byNumber.get(s.number!);
    if (!e) continue;
    inOutline++;
    present.add(s.number!);
    if (s.title) {
      titled++;
      if (titleMatches(s.title, e)) titleHits++;
    }
  }
  const required = outline.entries.filter((e) => e.required);
  const coverage = required.filter((e) => present.has(e.number)).length / required.length;
  const titleRatio = titled ? titleHits / titled : 0;
  const chaptersInOrder = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((n) => present.has(String(n))).length;
  const rfc3647 = (titleHits >= 8 && titleRatio >= 0.35 && chaptersInOrder >= 5) || (coverage >= 0.6 && chaptersInOrder >= 7) || (titleHits >= 30);
  if (rfc3647) {
    for (const s of numbered) {
      const e = outline.byNumber.get(s.number!);
      // BR-added refinements (3.2.2.x, 7.1.2.x …) are often numbered differently by CAs:
      // only name them canonically when the written title agrees.
      if (e && (e.required || !s.title || titleMatches(s.title, e))) s.canonicalTitle = e.title;
    }
  }
  const englishTitles = titleRatio >= 0.5;

  // The title block: blocks before the first section and the bodies of unnumbered headings
  // before the first numbered one ("# Policy" + "*Version 3.1*"), with HTML tags dropped.
  const titleSections = all.filter((s) => !s.number && s.headingStart < (numbered[0]?.headingStart ?? 0));
  const preambleText = [...preamble, ...titleSections.flatMap((s) => s.blocks)]
    .map((n) => (n.position ? text.slice(n.position.start.offset!, n.position.end.offset!) : ''))
    .join('\n')
    .slice(0, 8000)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/t[dh]>\s*<t[dh]\b[^>]*>/gi, ' | ')
    .replace(/<\/?[A-Za-z][^>]*>/g, '');
  const table = metaFromTable(preamble);
  const firstTitleHeading = all.find((s) => !s.number && s.headingEnd <= (numbered[0]?.headingStart ?? Infinity) && s.kind === 'heading');
  const metadata = metadataFrom(
    frontMatter?.data ?? null,
    [firstTitleHeading ? firstTitleHeading.title : '', ...titleSections.map((s) => s.title), preambleText].join('\n'),
    firstTitleHeading ? firstTitleHeading.title : (table?.title ?? null),
    table,
  );

  const bySlug = new Map<string, Section>();
  for (const s of all) for (const a of s.anchors) if (!bySlug.has(a.toLowerCase())) bySlug.set(a.toLowerCase(), s);

  const { chunks, prelude } = chunksOf(text, root);
  return { text, lines, root, sections: top, all, metadata, frontMatter, rfc3647, englishTitles, preamble, blocks, ignoredHeadings, bySlug, chunks, definitionPrelude: prelude };
}

/** A title block written as a pipe or HTML table (header row of labels, then a row of values). */
function metaFromTable(preamble: RootContent[]): Metadata | null {
  const t = preamble.find((n) => n.type === 'table' || (n.type === 'html' && /<table\b/i.test(n.value)));
  if (!t) return null;
  const rows: string[][] =
    t.type === 'table' ? t.children.map((r) => r.children.map((c) => inlineText(c.children).trim())) : t.type === 'html' ? htmlTableRows(t.value, 0).map((r) => r.cells) : [];
  if (rows.length < 2) return null;
  const head = rows[0];
  const history = historyMeta(head, rows.slice(1));
  if (history) return history;
  // An HTML title block is read as labelled text (metadataFrom); only a pipe table by its header.
  if (t.type !== 'table') return null;
  const row = rows[1];
  const cell = (re: RegExp) => {
    const i = head.findIndex((h) => re.test(h));
    return i >= 0 && row[i] ? row[i].replace(/\s+/g, ' ') : null;
  };
  const i = head.findIndex((h) => /title|description|document|name/i.test(h));
  const v = (i >= 0 ? row[i] : row.find((c) => /[a-z]{3}/i.test(c))) ?? null;
  const version = /\d+(?:\.\d+){0,3}/.exec(cell(/version|revision/i) ?? '')?.[0] ?? null;
  return { title: v ? v.replace(/\s+/g, ' ') : null, version, date: cell(/date/i) };
}

/** A revision table as the title block: the latest version and its date, no title. */
function historyMeta(head: string[], rows: string[][]): Metadata | null {
  const vi = head.findIndex((h) => /^(?:doc(?:ument)?\s+)?(?:versions?|vers?\.?|rev\.?|revisions?|releases?)$/i.test(h.trim()));
  const di = head.findIndex((h) => /\bdate\b|\beffective\b|\bpublished\b/i.test(h));
  // A title-block table names the document ("Document Title | Version | Effective Date").
  if (vi < 0 || di < 0 || head.some((h) => /\b(?:title|document|name)\b/i.test(h))) return null;
  let best: { v: string; d: string | null } | null = null;
  for (const r of rows) {
    const v = /\d+(?:\.\d+){0,3}/.exec(r[vi] ?? '')?.[0];
    if (v && (!best || compareVersionStrings(v, best.v) > 0)) best = { v, d: r[di]?.trim() || null };
  }
  return best ? { title: null, version: best.v, date: best.d } : null;
}

function compareVersionStrings(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function stackHasPrefix(stack: Section[], n: string): boolean {
  return stack.some((s) => s.number !== null && isPrefix(s.number, n));
}

export function isPrefix(parent: string, child: string): boolean {
  return child.length > parent.length && child.startsWith(parent) && child[parent.length] === '.';
}

function trimEnd(text: string, min: number, end: number): number {
  let e = end;
  while (e > min && /\s/.test(text[e - 1])) e--;
  return e;
}

function findTextStart(h: Heading, fallback: number): number {
  const first = h.children.find((c) => !(c.type === 'html'));
  return first?.position?.start.offset ?? fallback;
}

function findNumberOffset(text: string, from: number, asWritten: string): number {
  const i = text.indexOf(asWritten, from);
  return i >= 0 && i - from < 200 ? i - from : 0;
}

// ---------------------------------------------------------------------------------------------
// Helpers used by the features

export function sectionLabel(s: Section): string {
  if (!s.number) return s.title || '(untitled)';
  const title = s.title || s.canonicalTitle || '';
  return title ? `${s.number} ${title}` : s.number;
}

/** Per model: the first section with each number, not scoped (findSection). */
const byNumberOf = new WeakMap<DocumentModel, Map<string, Section>>();

export function findSection(model: DocumentModel, number: string): Section | undefined {
  let m = byNumberOf.get(model);
  if (!m) {
    m = new Map();
    for (const s of model.all) if (!s.scoped && !m.has(s.number!)) m.set(s.number!, s);
    byNumberOf.set(model, m);
  }
  return m.get(number);
}

export function sectionAt(model: DocumentModel, offset: number): Section | undefined {
  let found: Section | undefined;
  for (const s of model.all) {
    if (s.headingStart <= offset && offset <= Math.max(s.end, s.headingEnd)) found = s;
    if (s.headingStart > offset) break;
  }
  return found;
}

export function sectionRange(model: DocumentModel, s: Section): Range {
  return model.lines.range(s.headingStart, Math.max(s.end, s.headingEnd));
}

export function headingRange(model: DocumentModel, s: Section): Range {
  return model.lines.range(s.headingStart, s.headingEnd);
}

export function outlinePath(number: string): string[] {
  const parts = number.split('.');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('.'));
  return out;
}

export { compareNumbers };
