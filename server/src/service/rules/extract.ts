/**
 * Plain-text units of a section, with a map from every character back to the document offset,
 * so that a match can be reported at its exact range.
 *
 * Units are paragraphs, list-item paragraphs and table rows (cells are sentence boundaries).
 * Code blocks, block quotes (quoted requirement text), HTML and HTML comments, tables of
 * contents and revision-history tables are not part of any unit.
 */
import type { Nodes, PhrasingContent, RootContent, Table, List, Paragraph } from 'mdast';
import type { DocumentModel, Section } from '../model';
import { originOf } from '../model';
import type { Match } from './patterns';
import { htmlTableRows } from '../html-table';
import { OffsetBuilder, OffsetMap } from './offsets';

export type UnitKind = 'paragraph' | 'item' | 'row' | 'front';

export interface TextUnit {
  /** Normalised text: one space for any run of whitespace, plain quotes and hyphens. */
  text: string;
  /** Document offset of every character of `text`, less `shift` (read them with unitOffset, unitRange, unitIndexAt). */
  map: OffsetMap;
  /** Added to every entry of `map` (a unit reused from an earlier version shares its map); 0 when absent. */
  shift?: number;
  section: Section | null;
  kind: UnitKind;
  sentences: Match[];
  /** Document offsets of the whole block. */
  start: number;
  end: number;
  /** For a list item: the paragraph ending in ":" that introduces its list ("The CA revokes within 24 hours if:"). */
  lead?: TextUnit;
  /** For a table row: the header cells of its table (pipe tables, HTML tables with `<th>`). */
  header?: string[];
  /** For a table row: its first cell (what the row is about: a section number, a term). */
  rowLabel?: string;
  /**
   * For a row of a table with a header: the row read as one statement, each cell after its column
   * header ("Validation Type: Domain Name Validation | Maximum Data Reuse Period: 90 days"), so that
   * a value is read with the column that says what it is and the row that says what it is about.
   */
  inContext?: TextUnit;
  /** For a unit copied from an earlier version (reusedUnits): the unit it was copied from (see unitOrigin). */
  origin?: TextUnit;
}

interface Buf {
  chars: string[];
  offs: number[];
}

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0';
}

/** Offsets of `value` (a node's decoded text) inside text[start, end) of the source. */
function align(value: string, text: string, start: number, end: number): number[] {
  const out = new Array<number>(value.length);
  let j = start;
  const last = Math.max(start, end - 1);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    let found = -1;
    const lim = Math.min(end, j + 16);
    for (let k = j; k < lim; k++) {
      if (text[k] === c || (isWs(c) && isWs(text[k]))) {
        found = k;
        break;
      }
    }
    if (found >= 0) {
      out[i] = found;
      j = found + 1;
    } else out[i] = Math.min(j, last);
  }
  return out;
}

function push(buf: Buf, s: string, offs: number[]): void {
  for (let i = 0; i < s.length; i++) {
    buf.chars.push(s[i]);
    buf.offs.push(offs[i] ?? offs[offs.length - 1] ?? 0);
  }
}

function inline(nodes: PhrasingContent[] | Nodes[], text: string, buf: Buf): void {
  for (const n of nodes as Nodes[]) {
    const s = n.position?.start.offset ?? 0;
    const e = n.position?.end.offset ?? s;
    switch (n.type) {
      case 'text':
        push(buf, n.value, align(n.value, text, s, e));
        break;
      case 'inlineCode':
        push(buf, n.value, align(n.value, text, s, e));
        break;
      case 'break':
        push(buf, ' ', [s]);
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test(n.value)) push(buf, ' ', [s]);
        break;
      case 'footnoteReference':
      case 'image':
      case 'imageReference':
        break;
      case 'link': {
        const before = buf.chars.length;
        inline(n.children, text, buf);
        const shown = buf.chars.slice(before).join('');
        const url = n.url.replace(/^mailto:/i, '');
        if (url && !url.startsWith('#') && !shown.includes(url)) {
          const at = text.indexOf(url, s);
          const uo = at >= 0 && at < e ? at : Math.max(s, e - 1);
          push(buf, ' <' + url + '>', [uo, uo, ...Array.from({ length: url.length }, (_, i) => (at >= 0 && at < e ? at + i : uo)), Math.max(s, e - 1)]);
        }
        break;
      }
      default:
        if ('children' in n && Array.isArray(n.children)) inline(n.children as Nodes[], text, buf);
    }
  }
}

const CHAR_NORMAL: Record<string, string> = {
  '\u2019': "'", '\u2018': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-', '\u2010': '-', '\u2011': '-',
  '\u00a0': ' ', '\t': ' ', '\n': ' ', '\r': ' ', '\u00ad': '',
};
// finish() looks a character up only below U+0020 or from U+00A0 on: every key must be there.
for (const k of Object.keys(CHAR_NORMAL)) if (k.charCodeAt(0) >= 32 && k.charCodeAt(0) < 0xa0) throw new Error(`CHAR_NORMAL: ${JSON.stringify(k)} is printable ASCII`);

const ABBREV = /(?:\b(?:e\.g|i\.e|etc|vs|inc|ltd|co|corp|no|nos|sec|secs|art|para|fig|approx|cf|st|mr|ms|dr|jr|sr|u\.s|s\.a|s\.p\.a|b\.v|n\.v|ver|v)|\b[A-Z])\.$/i;

/** Sentence spans of normalised text (a table row's cells are sentences when `cellBreaks`). */
export function sentencesOf(text: string, cellBreaks: boolean): Match[] {
  const out: Match[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    let cut = -1;
    let next = i + 1;
    if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || text[i + 1] === ' ')) {
      const after = text.slice(i + 2, i + 3);
      if (i + 1 === text.length || /[A-Z0-9"'(\[]/.test(after)) {
        if (!(c === '.' && ABBREV.test(text.slice(Math.max(s, i - 8), i + 1)))) cut = i + 1;
      }
    } else if (cellBreaks && c === '|' && text[i - 1] === ' ' && text[i + 1] === ' ') {
      cut = i - 1;
      next = i + 2;
    }
    if (cut >= 0) {
      if (cut > s) out.push({ start: s, end: cut });
      s = next;
      while (s < text.length && text[s] === ' ') s++;
      i = s - 1;
    }
  }
  if (s < text.length) out.push({ start: s, end: text.length });
  // A copy of exactly its length: push leaves room for 16 more, and every unit keeps its sentences.
  return out.slice();
}

function finish(buf: Buf, section: Section | null, kind: UnitKind, start: number, end: number): TextUnit | null {
  const chars: string[] = [];
  const map = new OffsetBuilder();
  for (let i = 0; i < buf.chars.length; i++) {
    let c = buf.chars[i];
    // CHAR_NORMAL only maps control characters and characters from U+00A0 on: printable ASCII as is.
    const code = c.charCodeAt(0);
    if ((code < 32 || code >= 0xa0) && c in CHAR_NORMAL) c = CHAR_NORMAL[c];
    if (!c) continue;
    if (c === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) continue;
    chars.push(c);
    map.push(buf.offs[i]);
  }
  while (chars.length && chars[chars.length - 1] === ' ') chars.pop();
  if (!chars.length) return null;
  map.truncate(chars.length);
  const text = chars.join('');
  return { text, map: map.build(), section, kind, sentences: sentencesOf(text, kind === 'row'), start, end };
}

// -----------------------------------------------------------------------------------------------
// Blocks

const TOC_PAGE = /(\.{4,}|…{2,}|_{4,})\s*\d+\s*$/;

function isTocList(list: List): boolean {
  let toc = 0;
  for (const item of list.children) {
    const p = item.children.find((c) => c.type === 'paragraph') as Paragraph | undefined;
    if (!p) continue;
    const kids = p.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
    const linkOnly = kids.length > 0 && kids.every((c) => c.type === 'link' && /^#/.test(c.url));
    const paged = kids.length > 0 && TOC_PAGE.test(kids.map((k) => ('value' in k ? k.value : '')).join(''));
    if (linkOnly || paged) toc++;
  }
  return list.children.length >= 3 && toc / list.children.length >= 0.6;
}

function cellText(cell: Nodes): string {
  if ('value' in cell && typeof cell.value === 'string') return cell.value;
  if ('children' in cell) return (cell.children as Nodes[]).map(cellText).join(' ');
  return '';
}

/** A header cell naming the version column ("Version", "Ver.", "Vers.", "Rev", "Release", "V"). */
export const VERSION_HEADER = /^(?:doc(?:ument)?\s+)?(?:versions?|vers?\.?|rev\.?|revisions?|releases?|v\.?|no\.?)$|\b(?:version|revision|release)\b/;

/** Revision-history tables: the header names a version and a date or a change description. */
export function isHistoryTable(table: Table): boolean {
  const header = table.children[0];
  if (!header) return false;
  return isHistoryHeader(header.children.map((c) => cellText(c as Nodes)));
}

/** Whether a table's header cells name a version and a date or a change description. */
export function isHistoryHeader(header: string[]): boolean {
  const cells = header.map((c) => c.toLowerCase().trim());
  const hasVer = cells.some((c) => VERSION_HEADER.test(c));
  const hasDate = cells.some((c) => /\bdate\b|\bdated\b|\beffective\b|\bpublished\b/.test(c));
  const hasChange = cells.some((c) => /\b(change|changes|description|summary|modifications?|amendments?|author|comments?|details?|reason)\b/.test(c));
  return (hasVer && (hasDate || hasChange)) || (hasDate && hasChange);
}

/** A heading that names a revision history ("Version Control", "Change History", "Document Log"). */
export const HISTORY_TITLE = /\b(revision|version|document|change|amendment|release)s?\s*(history|log|control|record|records|notes)|\bchangelog\b|\brevisions\b|\bversions?\s+and\s+changes\b/i;

/** Whether a section is (inside) a revision-history heading: its text lists changes, it states no practice. */
function inHistory(s: Section): boolean {
  for (let c: Section | null = s; c; c = c.parent) if (HISTORY_TITLE.test(c.title)) return true;
  return false;
}

export interface ExtractOptions {
  includeHistory?: boolean;
}

function blockUnits(node: RootContent | Nodes, model: DocumentModel, section: Section | null, opts: ExtractOptions, out: TextUnit[], kind: UnitKind = 'paragraph'): void {
  const text = model.text;
  const s = node.position?.start.offset ?? 0;
  const e = node.position?.end.offset ?? s;
  switch (node.type) {
    case 'paragraph': {
      let children = node.children as PhrasingContent[];
      if (section && section.kind === 'bold' && s === section.headingStart) children = children.slice(1);
      const buf: Buf = { chars: [], offs: [] };
      inline(children, text, buf);
      const u = finish(buf, section, kind, s, e);
      if (!u) break;
      // A sentence broken across two paragraphs by a stray blank line ("… a Domain Name that ends in" /
      // "an IP Reverse Zone Suffix, …"): the second goes on in lower case after no closing punctuation.
      const prev = out[out.length - 1];
      if (prev && prev.kind === kind && prev.kind === 'paragraph' && prev.section === section && !prev.lead && /[A-Za-z0-9,]$/.test(prev.text) && /^[a-z]/.test(u.text) && model.text.slice(prev.end, s).trim() === '') {
        const joined = prev.text + ' ' + u.text;
        const map = new OffsetBuilder();
        map.pushMap(prev.map);
        map.push(prev.map.at(prev.map.length - 1));
        map.pushMap(u.map);
        out[out.length - 1] = { ...prev, text: joined, map: map.build(), sentences: sentencesOf(joined, false), end: u.end, origin: undefined };
      } else out.push(u);
      break;
    }
    case 'list': {
      if (isTocList(node)) return;
      const runs = listRuns(out);
      const { lead, chain } = leadFor(out, runs, model, s, node);
      const first = out.length;
      for (const item of node.children) for (const c of item.children) blockUnits(c, model, section, opts, out, 'item');
      if (lead) for (let i = first; i < out.length; i++) if (out[i].kind === 'item' && !out[i].lead) out[i].lead = lead;
      const last = out[out.length - 1];
      if (last && out.length > first) runs.push({ ordered: !!node.ordered, next: (node.start ?? 1) + node.children.length, lead, last, chain });
      break;
    }
    case 'table': {
      if (!opts.includeHistory && isHistoryTable(node)) return void (build.skippedHistory = true);
      const header = node.children[0] ? node.children[0].children.map((c) => cellText(c as Nodes).replace(/\s+/g, ' ').trim()) : [];
      const lead = tableLead(out, model, section, s);
      const first = out.length;
      for (const row of node.children) {
        const cells: Buf[] = row.children.map((cell) => {
          const b: Buf = { chars: [], offs: [] };
          inline(cell.children, text, b);
          if (!b.offs.length) b.offs.push(cell.position?.start.offset ?? s);
          return b;
        });
        const rs = row.position?.start.offset ?? s;
        const re = row.position?.end.offset ?? e;
        const u = finish(joinCells(cells), section, 'row', rs, re);
        if (u) out.push(withRowContext(u, row === node.children[0] ? [] : header, cells, section, rs, re));
      }
      if (lead) for (let i = first + 1; i < out.length; i++) if (out[i].kind === 'row' && !out[i].lead) out[i].lead = lead;
      break;
    }
    case 'footnoteDefinition':
      for (const c of node.children) blockUnits(c, model, section, opts, out, kind);
      break;
    case 'html':
      htmlTableUnits(text, node.value, s, section, opts, out);
      break;
    default:
      // code, blockquote, html (comments and raw HTML), headings that are not sections,
      // thematic breaks, definitions, front matter: not text the CA asserts.
      break;
  }
}

// -----------------------------------------------------------------------------------------------
// List lead-ins across broken nesting

/** A list marker swallowed into a paragraph by lazy continuation: ": - item", ": * item", ": 1. item". */
const SWALLOWED_ITEM = /:\s+(?:[-*+\u2022]|\d{1,2}[.)])\s/;
/** Text that introduces what follows: ends in ":" (a link's URL shown after it does not count). */
const ENDS_IN_COLON = /:\s*(?:<[^>\s]+>\s*)?$/;
/**
 * A last sentence that announces a list without a colon ("… training covering the following areas to
 * the extent relevant for the role.", "The modes are as follows."): a lead-in when the list comes
 * right after it.
 */
const ANNOUNCES_LIST = /\b(?:the\s+following|as\s+follows)\b[^.;:!?]*[.]?\s*$/i;

/** A last sentence that announces a table: "… set out in the table below.", "… are shown below". */
const ANNOUNCES_TABLE = /\b(?:(?:in\s+)?the\s+(?:following\s+)?table(?:\s+below)?|below)\s*[.:]?\s*$/i;

/**
 * The paragraph that introduces a table right after it ("The periods are as follows:", "… set out in
 * the table below."): its body rows are read with it, like list items with their lead-in.
 */
function tableLead(out: TextUnit[], model: DocumentModel, section: Section | null, tableStart: number): TextUnit | undefined {
  const prev = out[out.length - 1];
  if (!prev || prev.kind !== 'paragraph' || prev.section !== section || prev.lead) return undefined;
  if (model.text.slice(prev.end, tableStart).trim() !== '') return undefined;
  const last = lastSentence(prev);
  return ENDS_IN_COLON.test(prev.text) || ANNOUNCES_LIST.test(last) || ANNOUNCES_TABLE.test(last) ? prev : undefined;
}

/** One list of a section's body, remembered so that a list broken into pieces is read as one. */
interface ListRun {
  ordered: boolean;
  /** The number the next item of an ordered list would have. */
  next: number;
  lead: TextUnit | undefined;
  last: TextUnit;
  /** Runs with the same chain are pieces of one list (nothing but blank lines between them). */
  chain: number;
}
const runsOf = new WeakMap<TextUnit[], ListRun[]>();
function listRuns(out: TextUnit[]): ListRun[] {
  let r = runsOf.get(out);
  if (!r) runsOf.set(out, (r = []));
  return r;
}

/**
 * A short paragraph left between two pieces of a list by a broken line ("Certificates" after an item
 * ending "…Extended Validation (EV)"): no sentence punctuation, a few words. Not a lead-in.
 */
function isFragment(u: TextUnit): boolean {
  return u.kind === 'paragraph' && !/[.:;!?]\s*$/.test(u.text) && u.text.split(' ').length <= 4;
}

/**
 * The unit that introduces a list starting at offset `listStart`, given the units before it:
 * - an ordered list that goes on with the numbering of an earlier piece of the same list ("2." after
 *   "1. …:" and its over-indented sub-bullets) has that piece's lead-in;
 * - a paragraph or an item ending in ":" right before the list;
 * - the lead of the list just before, when a mis-indented bullet or a changed marker split one
 *   list into two (only blank lines, HTML comments or a broken-off line fragment between them);
 * - the part up to the colon of a paragraph that swallowed the first items as continuation lines
 *   ("The CA follows these documents:" followed by an over-indented "- item").
 */
function leadFor(out: TextUnit[], runs: ListRun[], model: DocumentModel, listStart: number, list: List): { lead: TextUnit | undefined; chain: number } {
  const none = { lead: undefined, chain: runs.length };
  let prev = out[out.length - 1];
  if (!prev || prev.kind === 'row' || prev.kind === 'front') return none;
  const before = runs[runs.length - 1];
  const fragment = isFragment(prev) && !!before && out[out.length - 2] === before.last;
  if (fragment) prev = before.last;
  else if (model.text.slice(prev.end, listStart).replace(/<!--[\s\S]*?-->/g, '').trim() !== '') return none;
  // The list goes on from the list just before it (one list broken into pieces).
  const chain = before && before.last === prev ? before.chain : runs.length;
  if (list.ordered && (list.start ?? 1) > 1) {
    for (let i = runs.length - 1; i >= 0 && runs[i].chain === chain; i--) if (runs[i].ordered && runs[i].next === list.start) return { lead: runs[i].lead, chain };
  }
  if (!fragment && (ENDS_IN_COLON.test(prev.text) || (prev.kind === 'paragraph' && ANNOUNCES_LIST.test(lastSentence(prev))))) return { lead: prev, chain };
  if (prev.kind === 'item' && prev.lead) return { lead: prev.lead, chain };
  if (prev.kind === 'paragraph' && !fragment) {
    const m = SWALLOWED_ITEM.exec(prev.text);
    if (m) return { lead: cutUnit(prev, m.index + 1), chain };
  }
  return { lead: undefined, chain };
}

function lastSentence(u: TextUnit): string {
  const last = u.sentences[u.sentences.length - 1];
  return last ? u.text.slice(last.start, last.end) : u.text;
}

const cuts = new WeakMap<TextUnit, TextUnit>();

/** The first `n` characters of a unit, as a unit of its own. */
function cutUnit(u: TextUnit, n: number): TextUnit {
  let c = cuts.get(u);
  if (c) return c;
  const text = u.text.slice(0, n);
  const map = new OffsetBuilder();
  map.pushMap(u.map, 0, n);
  c = { ...u, text, map: map.build(), sentences: sentencesOf(text, false), end: unitOffset(u, n - 1) + 1, origin: undefined };
  cuts.set(u, c);
  return c;
}

// -----------------------------------------------------------------------------------------------
// Table rows: their context, and rows of HTML tables

/** The cells of a row as one buffer, separated like pipe-table cells. */
function joinCells(cells: Buf[]): Buf {
  const buf: Buf = { chars: [], offs: [] };
  cells.forEach((c, i) => {
    const at = c.offs[0] ?? 0;
    if (i > 0) push(buf, ' | ', [at, at, at]);
    push(buf, c.chars.join(''), c.offs);
  });
  return buf;
}

/** A column header that reads as the start of a phrase its cell ends: "Issued On or After", "Valid Until". */
const HEADER_RUNS_ON = /\b(?:before|after|from|until|till|since|by|on|of|to|for|within|at least|at most|up to|no later than)$/i;

/**
 * A row unit with the header cells of its table, its first cell (what the row is about) and,
 * when the table has a header, the row read as one statement with every cell after its header.
 */
function withRowContext(u: TextUnit, header: string[], cells: Buf[], section: Section | null, start: number, end: number): TextUnit {
  if (header.some((h) => h)) u.header = header;
  const first = u.text.split(' | ')[0]?.trim();
  if (first && first !== u.text) u.rowLabel = first;
  if (u.header && cells.length > 1) {
    const buf: Buf = { chars: [], offs: [] };
    cells.forEach((c, i) => {
      const value = c.chars.join('').replace(/\s+/g, ' ').trim();
      if (!value || /^[-\u2013\u2014]$/.test(value)) return;
      const at = c.offs[0] ?? start;
      if (buf.chars.length) push(buf, ' | ', [at, at, at]);
      const h = (header[i] ?? '').replace(/[*_]/g, '').trim();
      if (h && h.toLowerCase() !== value.toLowerCase()) {
        const joint = HEADER_RUNS_ON.test(h) ? ' ' : ': ';
        push(buf, h + joint, Array.from({ length: h.length + joint.length }, () => at));
      }
      push(buf, c.chars.join(''), c.offs);
    });
    // Each cell after its header is a sentence ("Maximum Data Reuse Period: 90 days"): a value is read
    // with the column that says what it is, not with the other cells (see rowStatement for that).
    const ctx = finish(buf, section, 'row', start, end);
    if (ctx && ctx.text !== u.text) u.inContext = { ...ctx, header: u.header, rowLabel: u.rowLabel, origin: undefined };
  }
  return u;
}

/**
 * Rows of raw HTML tables (`<table><tr><td>…`) as row units, cells separated like pipe-table
 * cells, with offsets into the HTML source. Revision-history tables are left out unless asked for.
 */
function htmlTableUnits(source: string, html: string, base: number, section: Section | null, opts: ExtractOptions, out: TextUnit[]): void {
  const rows = htmlTableRows(html, base);
  if (!rows.length) return;
  const headerRow = rows[0].header || rows.length > 1 ? rows[0] : null;
  if (!opts.includeHistory && headerRow && isHistoryHeader(headerRow.cells)) return void (build.skippedHistory = true);
  for (const r of rows) {
    const cells: Buf[] = r.cells.map((cell, i) => {
      const at = r.cellStarts[i];
      const offs = align(cell, source, at, r.end);
      return { chars: cell.split(''), offs: offs.length ? offs : [at] };
    });
    const u = finish(joinCells(cells), section, 'row', r.start, r.end);
    if (u) out.push(withRowContext(u, r === headerRow ? [] : headerRow?.header ? headerRow.cells : [], cells, section, r.start, r.end));
  }
}

/** Whether the units being built left out a revision-history table (ownUnits reads it). */
const build = { skippedHistory: false };

/**
 * Units of a section's body built without revision history that left no history table out: the
 * same as its units with history, which are then this array (issue 12: the two readings were two
 * copies of nearly every unit of the document).
 */
const sameWithHistory = new WeakSet<TextUnit[]>();

const caches = new WeakMap<DocumentModel, Map<string, TextUnit[]>>();

function cache(model: DocumentModel): Map<string, TextUnit[]> {
  let c = caches.get(model);
  if (!c) {
    c = new Map();
    caches.set(model, c);
  }
  return c;
}

/**
 * Units of a section's body across document versions: keyed by the section's first block as first
 * parsed (blocks reused by the incremental parse keep their origin), valid when the blocks are the
 * same, the text they span is the same and the heading sits at the same distance. Units are then
 * moved by the blocks' shift and re-pointed at the new section.
 */
interface Reusable {
  origins: RootContent[];
  /** The length of the text the blocks span (a moved copy has its origin's text: the length is a check of that). */
  length: number;
  start: number;
  headingGap: number;
  kind: Section['kind'];
  units: TextUnit[];
  /** The units are also those with history (sameWithHistory). */
  sameWithHistory: boolean;
}
const acrossVersions: [WeakMap<RootContent, Reusable>, WeakMap<RootContent, Reusable>] = [new WeakMap(), new WeakMap()];

/**
 * The unit `u` was copied from when its section was reused from an earlier version, else `u`:
 * every answer that depends only on a unit's content (not on its offsets) may be remembered by it.
 * Same text, sentences, lead-in and table context. (A field, not a WeakMap: the searches of a
 * keystroke ask it of every unit of the document several times.)
 */
export function unitOrigin(u: TextUnit): TextUnit {
  return u.origin ?? u;
}

function reusedUnits(model: DocumentModel, section: Section, history: 0 | 1): TextUnit[] | null {
  const blocks = section.blocks;
  if (!blocks.length) return [];
  const first = originOf(blocks[0]);
  const hit = acrossVersions[history].get(first.node);
  if (!hit || hit.origins.length !== blocks.length || hit.kind !== section.kind) return null;
  const start = blocks[0].position?.start.offset ?? 0;
  if (section.headingStart - start !== hit.headingGap) return null;
  for (let i = 0; i < blocks.length; i++) {
    const o = originOf(blocks[i]);
    if (o.node !== hit.origins[i] || o.delta - first.delta !== 0) return null;
  }
  const end = blocks[blocks.length - 1].position?.end.offset ?? start;
  if (end - start !== hit.length) return null;
  const d = start - hit.start;
  const moved = new Map<TextUnit, TextUnit>();
  const out = hit.units.map((u) => {
    // The offset map is shared with the first version, moved by `shift` (copying the map of every
    // unit after the edit was most of a keystroke's unit cost).
    const c = movedUnit(u, section, d);
    if (u.inContext) c.inContext = movedUnit(u.inContext, section, d);
    moved.set(u, c);
    c.origin = u;
    return c;
  });
  hit.units.forEach((u, i) => {
    if (u.lead) out[i].lead = moved.get(u.lead);
  });
  if (hit.sameWithHistory) sameWithHistory.add(out);
  return out;
}

/**
 * A copy of `u` in `section`, moved by `d` (lead-in left for the caller to re-point). One object
 * shape for every copy (a spread of units with different optional fields was most of the cost of
 * reusing a section's units).
 */
function movedUnit(u: TextUnit, section: Section | null, d: number): TextUnit {
  return {
    text: u.text,
    map: u.map,
    shift: (u.shift ?? 0) + d,
    section,
    kind: u.kind,
    sentences: u.sentences,
    start: u.start + d,
    end: u.end + d,
    lead: undefined,
    header: u.header,
    rowLabel: u.rowLabel,
    inContext: undefined,
    origin: undefined,
  };
}

function remember(model: DocumentModel, section: Section, history: 0 | 1, units: TextUnit[]): void {
  const blocks = section.blocks;
  if (!blocks.length || units.some((u) => u.lead && !units.includes(u.lead))) return;
  const start = blocks[0].position?.start.offset ?? 0;
  const end = blocks[blocks.length - 1].position?.end.offset ?? start;
  acrossVersions[history].set(originOf(blocks[0]).node, {
    origins: blocks.map((b) => originOf(b).node),
    length: end - start,
    start,
    headingGap: section.headingStart - start,
    kind: section.kind,
    units,
    sameWithHistory: sameWithHistory.has(units),
  });
}

/**
 * What the rule being evaluated has read, for carrying its result to the next version of the
 * document (pipeline/carry.ts): the indexes of the sections whose units it took (FRONT_READ for the
 * title block), or `all` when it took every unit. Inactive (null) outside such an evaluation.
 */
export const unitReads: { sections: Set<number> | null; all: boolean; probes: DocumentProbe[] | null } = { sections: null, all: false, probes: null };
export const FRONT_READ = -1;

/**
 * A search of every unit of the document, as a rule records it for carrying its result (carry.ts):
 * asked of one section of some version of the document, whether that section's units could take
 * part in the search's answer (a hit, a match of one of its groups). When a changed section could
 * take part in neither the last version nor this one, the search gives the same answer, moved by
 * the edit. It must be true whenever in doubt, and must not keep a model alive. It is asked only of
 * sections outside the title block (carry.ts treats a changed title block as changing every search).
 */
export type DocumentProbe = (model: DocumentModel, section: Section) => boolean;

/**
 * `documentUnits` for a search that `probe` describes: the rule reading them is not marked as
 * reading every unit (its result can still be carried across versions, asking the probe of the
 * sections an edit changed).
 */
export function probedDocumentUnits(model: DocumentModel, opts: ExtractOptions, probe: DocumentProbe): TextUnit[] {
  if (!unitReads.sections || !unitReads.probes) return documentUnits(model, opts);
  const { sections, all } = unitReads;
  unitReads.sections = null;
  try {
    return documentUnits(model, opts);
  } finally {
    unitReads.sections = sections;
    unitReads.all = all;
    unitReads.probes.push(probe);
  }
}

/**
 * Sections of the title block: unnumbered headings before chapter 1 (a title, "Version 1.2",
 * "Document history"), in order. Their units are the title block's (frontUnits), not their own.
 */
const titleSectionsOf = new WeakMap<DocumentModel, Section[]>();
export function titleSections(model: DocumentModel): Section[] {
  let out = titleSectionsOf.get(model);
  if (out) return out;
  out = [];
  const firstNumbered = model.all.find((s) => s.number && !s.appendix);
  for (const s of model.all) {
    if (firstNumbered && s.headingStart >= firstNumbered.headingStart) break;
    if (!s.number) out.push(s);
  }
  titleSectionsOf.set(model, out);
  return out;
}

/** Units of a section's own body (not its subsections). */
export function ownUnits(model: DocumentModel, section: Section, opts: ExtractOptions = {}): TextUnit[] {
  unitReads.sections?.add(section.index);
  const history = opts.includeHistory ? 1 : 0;
  const key = `${section.index}:${history}`;
  const c = cache(model);
  let u = c.get(key);
  if (!u && !opts.includeHistory && inHistory(section)) u = [];
  if (!u && history && !inHistory(section)) {
    // Read without history first: when that left no table out, it is the same reading.
    const plain = ownUnits(model, section);
    if (sameWithHistory.has(plain)) u = plain;
  }
  if (!u) {
    u = reusedUnits(model, section, history) ?? undefined;
    if (!u) {
      u = [];
      build.skippedHistory = false;
      for (const b of section.blocks) blockUnits(b, model, section, opts, u);
      if (!history && !build.skippedHistory) sameWithHistory.add(u);
      remember(model, section, history, u);
    }
    c.set(key, u);
  }
  return u;
}

/** Units of a section and, when `deep`, of all its subsections, in document order. */
export function sectionUnits(model: DocumentModel, section: Section, deep: boolean, opts: ExtractOptions = {}): TextUnit[] {
  const out = [...ownUnits(model, section, opts)];
  if (deep) for (const c of section.children) out.push(...sectionUnits(model, c, true, opts));
  return out;
}

/** Units of the title block: blocks before the first section, and front matter values. */
export function frontUnits(model: DocumentModel, opts: ExtractOptions = {}): TextUnit[] {
  const key = `front:${opts.includeHistory ? 1 : 0}`;
  const c = cache(model);
  const inTitle = titleSections(model);
  if (unitReads.sections) {
    unitReads.sections.add(FRONT_READ);
    for (const s of inTitle) unitReads.sections.add(s.index);
  }
  let u = c.get(key);
  if (u) return u;
  u = [];
  for (const b of model.preamble) blockUnits(b, model, null, opts, u);
  for (const s of inTitle) for (const b of s.blocks) blockUnits(b, model, s, opts, u);
  const fm = model.frontMatter;
  if (fm?.data) {
    const raw = model.text.slice(fm.start, fm.end);
    const visit = (v: unknown, key: string) => {
      if (typeof v === 'string' && v.trim()) {
        const first = v.trim().split('\n')[0].slice(0, 40);
        const at = raw.indexOf(first);
        const base = fm.start + (at >= 0 ? at : 0);
        const value = `${key}: ${v}`;
        const buf: Buf = { chars: [], offs: [] };
        push(buf, value, Array.from({ length: value.length }, (_, i) => Math.min(fm.end - 1, base + Math.max(0, i - key.length - 2))));
        const unit = finish(buf, null, 'front', fm.start, fm.end);
        if (unit) u!.push(unit);
      } else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    };
    visit(fm.data, '');
  }
  c.set(key, u);
  return u;
}

/**
 * Every unit of the document in order: title block first, then every section's own body. Built
 * once per model and options (every rule reads it): the array is shared, callers must not change it.
 */
export function documentUnits(model: DocumentModel, opts: ExtractOptions = {}): TextUnit[] {
  unitReads.all = true;
  const key = `doc:${opts.includeHistory ? 1 : 0}`;
  const c = cache(model);
  const hit = c.get(key);
  if (hit) return hit;
  const front = frontUnits(model, opts);
  const inFront = new Set(front.map((u) => u.section).filter((s): s is Section => !!s));
  const out = [...front];
  for (const s of model.all) if (!inFront.has(s)) out.push(...ownUnits(model, s, opts));
  c.set(key, out);
  return out;
}

/** Document offset of character `i` of a unit. */
export function unitOffset(u: TextUnit, i: number): number {
  return u.map.at(i) + (u.shift ?? 0);
}

/** The first character of a unit at or after document offset `x` (-1 when none is). */
export function unitIndexAt(u: TextUnit, x: number): number {
  return u.map.firstAtOrAfter(x, u.shift ?? 0);
}

/** Appends the document offsets of characters [from, to) of a unit to `b`. */
export function unitPushOffsets(b: OffsetBuilder, u: TextUnit, from = 0, to = u.text.length): void {
  b.pushMap(u.map, from, to, u.shift ?? 0);
}

/** Document range of unit characters [start, end). */
export function unitRange(u: TextUnit, start: number, end: number): { start: number; end: number } {
  const s = unitOffset(u, Math.max(0, Math.min(start, u.map.length - 1)));
  const e = unitOffset(u, Math.max(0, Math.min(end - 1, u.map.length - 1))) + 1;
  return { start: s, end: Math.max(s, e) };
}

const combined = new WeakMap<TextUnit, TextUnit>();

/**
 * A list item read together with the paragraph that introduces its list: the lead's last sentence
 * and the item form one sentence ("The CRL is re-published: at least every 6 hours").
 */
export function withLead(u: TextUnit, depth = 0): TextUnit | null {
  if (!u.lead) return null;
  let c = combined.get(u);
  if (c) return c;
  // A nested item's lead-in is an item with a lead-in of its own ("The CA follows:" / "1. the CA/B
  // Forum's documents:" / "- the Baseline Requirements"): read the whole chain, outermost first.
  const lead = (u.lead.lead && depth < 3 && withLead(u.lead, depth + 1)) || u.lead;
  const text = `${lead.text} ${u.text}`;
  const b = new OffsetBuilder();
  unitPushOffsets(b, lead);
  b.push(unitOffset(lead, lead.map.length - 1));
  unitPushOffsets(b, u);
  const map = b.build();
  const last = lead.sentences[lead.sentences.length - 1] ?? { start: 0, end: lead.text.length };
  const shift = lead.text.length + 1;
  const sentences = [...lead.sentences.slice(0, -1), { start: last.start, end: shift + (u.sentences[0]?.end ?? u.text.length) }, ...u.sentences.slice(1).map((x) => ({ start: x.start + shift, end: x.end + shift }))];
  c = { text, map, section: u.section, kind: u.kind, sentences, start: Math.min(lead.start, u.start), end: u.end };
  combined.set(u, c);
  return c;
}

const labelled = new WeakMap<TextUnit, TextUnit[]>();

/**
 * A table row's later cells, each read as one sentence with the row's first cell (what the row is
 * about): "Record: Audit logs | Kept for: 2 years" in a "Record | Kept for" table, where the
 * records and their period are in different cells. With the column headers when the table has them
 * (inContext), and keeping the row's lead-in. Other units have none.
 */
export function rowLabelPairs(u: TextUnit): TextUnit[] {
  if (u.kind !== 'row' || !u.rowLabel) return [];
  let c = labelled.get(u);
  if (c) return c;
  c = [];
  const base = u.inContext ?? u;
  const [label, ...rest] = base.sentences;
  if (label) {
    for (const sc of rest) {
      const a = base.text.slice(label.start, label.end);
      const b = base.text.slice(sc.start, sc.end);
      const text = `${a} | ${b}`;
      const at = base.map.at(sc.start);
      const mb = new OffsetBuilder();
      mb.pushMap(base.map, label.start, label.end);
      mb.pushRun(at, 3, 0);
      mb.pushMap(base.map, sc.start, sc.end);
      const map = mb.build();
      // The map is built from the row's own (unshifted) map: the pair keeps the row's shift.
      c.push({ text, map, ...(base.shift ? { shift: base.shift } : {}), section: u.section, kind: u.kind, sentences: [{ start: 0, end: text.length }], start: u.start, end: u.end, lead: u.lead, rowLabel: u.rowLabel, header: u.header });
    }
  }
  labelled.set(u, c);
  return c;
}

const statements = new WeakMap<TextUnit, TextUnit>();

/**
 * A table row with a header read as one statement, every cell after its column header ("Validation
 * Type: Subject Identity Information | Certificate Issued Before March 15, 2026 | Maximum Data Reuse
 * Period: 825 days"): what a number in one cell is about and when it applied are in the others.
 * Other units are returned as they are.
 */
export function rowStatement(u: TextUnit): TextUnit {
  if (!u.inContext) return u;
  let c = statements.get(u);
  if (!c) statements.set(u, (c = { ...u.inContext, sentences: sentencesOf(u.inContext.text, false), origin: undefined }));
  return c;
}

/** The sentence of `u` containing character `i`. */
export function sentenceAt(u: TextUnit, i: number): Match {
  return u.sentences.find((s) => s.start <= i && i < s.end) ?? { start: 0, end: u.text.length };
}
