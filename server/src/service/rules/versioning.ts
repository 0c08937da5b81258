/**
 * The document's version history: the revision table (in the title block, §1.2 or §1.2.1, or
 * a section titled "Revision history"/"Document history"), front matter version and date, and
 * checks on it (a dated entry per version, the age of the latest version, gaps between versions).
 */
import type { Table, TableRow, Nodes, RootContent, Root } from 'mdast';
import { markdownParser } from '../markdown';
import type { DocumentModel, Section } from '../model';
import { inlineText } from '../model';
import { FRONT_READ, HISTORY_TITLE, isHistoryTable, unitReads, VERSION_HEADER } from './extract';
import { locateSection } from './locate';
import { compareVersions, daysBetween, parseDate } from './patterns';
import { htmlTableRows } from '../html-table';

export interface HistoryEntry {
  version: string | null;
  date: string | null;
  /** Raw text of the date cell (for messages). */
  dateText: string;
  start: number;
  end: number;
}

export interface History {
  entries: HistoryEntry[];
  /** The table(s) the entries came from. */
  tables: { start: number; end: number; section: Section | null }[];
  version: string | null;
  date: string | null;
  /** Where the front-matter or title-block version is, for ranges. */
  metaRange: { start: number; end: number } | null;
  /** What was read (carry.ts): sections by index, the title block, or (`all`) every section. */
  read: { sections: Set<number>; front: boolean; all: boolean };
}

function cellText(n: Nodes): string {
  return 'children' in n ? inlineText(n.children as Nodes[]) : '';
}

function columnIndex(header: TableRow, re: RegExp, prefer?: RegExp): number {
  const cells = header.children.map((c) => cellText(c as Nodes).toLowerCase().trim());
  if (prefer) {
    const p = cells.findIndex((c) => re.test(c) && prefer.test(c));
    if (p >= 0) return p;
  }
  return cells.findIndex((c) => re.test(c));
}

function entriesOf(t: Table): HistoryEntry[] {
  const header = t.children[0];
  const vi = columnIndex(header, VERSION_HEADER);
  const di = columnIndex(header, /\bdate\b|\bdated\b|\beffective\b|\bpublished\b/, /effective/);
  const out: HistoryEntry[] = [];
  for (const row of t.children.slice(1)) {
    const cells = row.children.map((c) => cellText(c as Nodes).trim());
    const vText = vi >= 0 ? cells[vi] ?? '' : '';
    const dText = di >= 0 ? cells[di] ?? '' : cells.find((c) => parseDate(c)) ?? '';
    const v = /\d+(?:\.\d+)*/.exec(vText)?.[0] ?? null;
    const d = parseDate(dText);
    if (!v && !d && !cells.some((c) => c)) continue;
    out.push({ version: v, date: d, dateText: dText, start: row.position!.start.offset!, end: row.position!.end.offset! });
  }
  return out;
}


function historySections(model: DocumentModel): (Section | null)[] {
  const out: (Section | null)[] = [null];
  for (const n of ['1.2', '1.2.1']) {
    const s = locateSection(model, n);
    if (s) out.push(s);
  }
  // A history heading anywhere (title block, appendix), with its child headings.
  const add = (s: Section) => {
    if (!out.includes(s)) out.push(s);
    for (const c of s.children) add(c);
  };
  for (const s of model.all) if (HISTORY_TITLE.test(s.title)) add(s);
  return out;
}

// -----------------------------------------------------------------------------------------------
// History found by its content: bold version lines and HTML tables

/** "**Version 2.1 — 3 March 2024**", "**v1.4 (2024-03-03)**", "**Release 5.18**, 18 June 2025". */
const VERSION_LINE = /^[\s*_]*(?:document\s+)?(?:version|ver\.?|v\.?|revision|rev\.?|release)\s*[:#]?\s*(\d+(?:\.\d+){0,3})\b/i;

/** Paragraphs and list items that open with a bold version line. */
function boldVersionEntries(model: DocumentModel, blocks: RootContent[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const visit = (n: Nodes) => {
    if (n.type === 'paragraph') {
      const first = n.children[0];
      if (!first || (first.type !== 'strong' && first.type !== 'emphasis') || !n.position) return;
      const bold = inlineText(first.children);
      const m = VERSION_LINE.exec(bold);
      if (!m) return;
      // The date is in the bold text or right after it on the same line.
      const lineEnd = model.lines.lineEnd(model.lines.positionAt(n.position.start.offset!).line);
      const line = model.text.slice(n.position.start.offset!, Math.min(lineEnd, n.position.end.offset!));
      const dateText = line.replace(/[*_]/g, '').slice(m[0].replace(/[*_]/g, '').length).trim().slice(0, 80);
      out.push({ version: m[1], date: parseDate(dateText), dateText, start: n.position.start.offset!, end: Math.min(lineEnd, n.position.end.offset!) });
      return;
    }
    if (n.type === 'list') for (const item of n.children) for (const c of item.children.slice(0, 1)) visit(c as Nodes);
  };
  for (const b of blocks) visit(b as Nodes);
  return out;
}

const DATE_HEADER = /\bdate\b|\bdated\b|\beffective\b|\bpublished\b/;

/** Entries of an HTML revision table: a header row naming a version and a date or a change. */
function htmlHistoryEntries(html: string, base: number): HistoryEntry[] | null {
  const rows = htmlTableRows(html, base);
  const hi = rows.findIndex((r) => r.cells.some((c) => VERSION_HEADER.test(c.toLowerCase())));
  if (hi < 0 || hi > 2) return null;
  const head = rows[hi].cells.map((c) => c.toLowerCase());
  const vi = head.findIndex((c) => VERSION_HEADER.test(c));
  const di = head.findIndex((c) => DATE_HEADER.test(c));
  const hasChange = head.some((c) => /\b(change|changes|description|summary|modifications?|amendments?|author|comments?|details?|reason)\b/.test(c));
  if (di < 0 && !hasChange) return null;
  const out: HistoryEntry[] = [];
  for (const r of rows.slice(hi + 1)) {
    const vText = r.cells[vi] ?? '';
    const dText = di >= 0 ? r.cells[di] ?? '' : r.cells.find((c) => parseDate(c)) ?? '';
    const v = /\d+(?:\.\d+)*/.exec(vText)?.[0] ?? null;
    if (!v && !r.cells.some((c) => c)) continue;
    out.push({ version: v, date: parseDate(dText), dateText: dText, start: r.start, end: r.end });
  }
  return out.length ? out : null;
}

/** Whether a block is an HTML block holding a table. */
function htmlTable(b: RootContent): string | null {
  return b.type === 'html' && /<table\b/i.test(b.value) ? b.value : null;
}

const cache = new WeakMap<DocumentModel, History>();
const tableParser = markdownParser(false);

/**
 * The document's own date, for `--as-of document` (the way zlint checks a certificate as of its
 * notBefore): the dated revision entry of the document's version, else the title-block or
 * front-matter date, else the latest dated revision entry. Null when the document gives no date.
 */
export function documentDate(model: DocumentModel): string | null {
  const h = documentHistory(model);
  if (h.version) {
    const e = h.entries.find((x) => x.version === h.version && x.date);
    if (e?.date) return e.date;
  }
  if (h.date) return h.date;
  const dates = h.entries.map((e) => e.date).filter((d): d is string => !!d);
  return dates.length ? dates.reduce((a, b) => (a >= b ? a : b)) : null;
}

export function documentHistory(model: DocumentModel): History {
  const c = cache.get(model);
  if (c) return c;
  const entries: HistoryEntry[] = [];
  const tables: History['tables'] = [];
  const fromBlocks = (s: Section | null, blocks: RootContent[], bold: boolean) => {
    for (const b of blocks) {
      const html = htmlTable(b);
      if (html) {
        const es = htmlHistoryEntries(html, b.position!.start.offset!);
        if (es) {
          tables.push({ start: b.position!.start.offset!, end: b.position!.end.offset!, section: s });
          entries.push(...es);
        }
        continue;
      }
      if (b.type !== 'table' || !isHistoryTable(b)) continue;
      tables.push({ start: b.position!.start.offset!, end: b.position!.end.offset!, section: s });
      entries.push(...entriesOf(b));
    }
    // Bold version lines: in a history section, or a run of at least two elsewhere.
    const es = boldVersionEntries(model, blocks);
    if (es.length && (bold || es.length >= 2)) {
      tables.push({ start: es[0].start, end: es[es.length - 1].end, section: s });
      entries.push(...es);
    }
  };
  const read: History['read'] = { sections: new Set(), front: false, all: false };
  for (const s of historySections(model)) {
    if (s) read.sections.add(s.index);
    else read.front = true;
    fromBlocks(s, s ? s.blocks : model.preamble, !!s && HISTORY_TITLE.test(s.title));
  }
  // Failing that, a revision table anywhere (an appendix, a heading that does not say "history").
  if (!entries.length) {
    read.all = true;
    const seen = new Set(historySections(model));
    for (const s of model.all) if (!seen.has(s)) fromBlocks(s, s.blocks.filter((b) => b.type === 'table' || htmlTable(b)), false);
  }
  const fm = model.frontMatter;
  // Front matter that carries a Markdown revision table in a block scalar (pandoc/LaTeX templates).
  if (fm?.data) {
    const raw = model.text.slice(fm.start, fm.end);
    const visit = (v: unknown) => {
      if (typeof v === 'string' && /\|.*\|/.test(v) && /\|\s*:?-{2,}/.test(v)) {
        let tree: Root;
        try {
          tree = tableParser.parse(v);
        } catch {
          return;
        }
        const firstRow = v.split('\n').find((l) => l.includes('|'))?.trim() ?? '';
        const at = raw.indexOf(firstRow.slice(0, 30));
        const base = fm.start + Math.max(0, at);
        for (const b of tree.children) {
          if (b.type !== 'table' || !isHistoryTable(b)) continue;
          const len = (b.position!.end.offset ?? 0) - (b.position!.start.offset ?? 0);
          tables.push({ start: base, end: Math.min(fm.end, base + len), section: null });
          // Offsets inside a block scalar are approximate: every entry points at the table.
          entries.push(...entriesOf(b).map((e) => ({ ...e, start: base, end: Math.min(fm.end, base + len) })));
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(fm.data);
  }
  let metaRange: History['metaRange'] = null;
  const version = model.metadata.version;
  if (version) {
    const limit = (model.all[0]?.headingStart ?? model.text.length) + 2000;
    const at = model.text.indexOf(version, fm ? fm.start : 0);
    if (at >= 0 && at < limit) metaRange = { start: at, end: at + version.length };
    // Read: the text up to the limit.
    read.front = true;
    for (const s of model.all) if (s.headingStart < limit + version.length) read.sections.add(s.index);
  }
  const h: History = { entries, tables, version, date: model.metadata.date ? parseDate(model.metadata.date) : null, metaRange, read };
  cache.set(model, h);
  return h;
}

export interface VersioningIssue {
  kind: 'no-version' | 'no-history' | 'undated' | 'unreadable-date' | 'unrecorded' | 'stale' | 'gap';
  /** Overrides the rule severity (an unreadable but present date is only informational). */
  severity?: 'info';
  start: number;
  end: number;
  message: string;
}

function latest(h: History): { version: string | null; date: string | null; start: number; end: number } | null {
  const dated = h.entries.filter((e) => e.date);
  let best: HistoryEntry | null = null;
  for (const e of h.entries) {
    if (!e.version) continue;
    if (!best || compareVersions(e.version, best.version!) > 0 || (compareVersions(e.version, best.version!) === 0 && (e.date ?? '') > (best.date ?? ''))) best = e;
  }
  let out: { version: string | null; date: string | null; start: number; end: number } | null = best
    ? { version: best.version, date: best.date, start: best.start, end: best.end }
    : null;
  if (!out && dated.length) {
    const d = dated.reduce((a, b) => (a.date! >= b.date! ? a : b));
    out = { version: d.version, date: d.date, start: d.start, end: d.end };
  }
  // Front matter wins when it names a later (or the same, dated) version.
  if (h.version && h.date && h.metaRange && (!out || !out.version || compareVersions(h.version, out.version) > 0 || (compareVersions(h.version, out.version) === 0 && !out.date))) {
    out = { version: h.version, date: h.date, start: h.metaRange.start, end: h.metaRange.end };
  }
  return out;
}

export function versioningIssues(
  model: DocumentModel,
  opts: { asOf: string; effective: string; maxAgeDays?: number; maxGapDays?: number; requireDatedEntries?: boolean },
): VersioningIssue[] {
  const h = documentHistory(model);
  // What the history was read from (remembered per model: recorded for the rule asking, carry.ts).
  if (unitReads.sections) {
    for (const i of h.read.sections) unitReads.sections.add(i);
    if (h.read.front) unitReads.sections.add(FRONT_READ);
    if (h.read.all) unitReads.all = true;
  }
  const out: VersioningIssue[] = [];
  const head = locateSection(model, '1.2') ?? model.all[0] ?? null;
  const fallback = h.tables[0] ?? (head ? { start: head.headingStart, end: head.headingEnd } : { start: 0, end: model.lines.lineEnd(0) });
  const anyVersion = h.version ?? h.entries.find((e) => e.version)?.version ?? null;

  if (opts.requireDatedEntries) {
    if (!anyVersion) out.push({ kind: 'no-version', ...fallback, message: 'The document carries no version number (in front matter, the title block or a revision table).' });
    if (!h.entries.length) {
      out.push({
        kind: 'no-history',
        ...(h.metaRange ?? fallback),
        message: 'No revision history was found: add a table with a version and a date for every version (in §1.2, §1.2.1 or the title block).',
      });
    } else {
      const undated = h.entries.filter((e) => e.version && !e.date);
      const empty = undated.filter((e) => !/\d/.test(e.dateText));
      const unreadable = undated.filter((e) => /\d/.test(e.dateText));
      for (const e of empty.slice(0, 5)) out.push({ kind: 'undated', start: e.start, end: e.end, message: `Version ${e.version} has no date in the revision history.` });
      if (empty.length > 5) out[out.length - 1].message += ` (${empty.length - 5} more undated versions)`;
      for (const e of unreadable.slice(0, 5)) {
        out.push({
          kind: 'unreadable-date',
          severity: 'info',
          start: e.start,
          end: e.end,
          message: `cpslint cannot read the date of version ${e.version} ("${e.dateText}"), so it cannot check the update interval there; YYYY-MM-DD or "Month D, YYYY" can be read.`,
        });
      }
      if (h.version && !h.entries.some((e) => e.version && compareVersions(e.version, h.version!) === 0)) {
        out.push({
          kind: 'unrecorded',
          ...(h.metaRange ?? fallback),
          message: `The document says it is version ${h.version}, but the revision history has no entry for that version.`,
        });
      }
    }
  }

  const last = latest(h);
  if (opts.maxAgeDays && last?.date && last.date <= opts.asOf) {
    const age = daysBetween(last.date, opts.asOf);
    if (age > opts.maxAgeDays) {
      out.push({
        kind: 'stale',
        start: last.start,
        end: last.end,
        message: `The latest version${last.version ? ` (${last.version})` : ''} is dated ${last.date}, ${age} days before ${opts.asOf}; a new version with a dated changelog entry is due at least every ${opts.maxAgeDays} days, even when nothing else changes.`,
      });
    }
  }
  if (opts.maxGapDays) {
    const dated = h.entries.filter((e) => e.date).sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
    const older: { a: HistoryEntry; b: HistoryEntry; gap: number }[] = [];
    for (let i = 1; i < dated.length; i++) {
      const a = dated[i - 1];
      const b = dated[i];
      if (b.date! > opts.asOf) continue;
      const gap = daysBetween(a.date!, b.date!);
      if (gap <= opts.maxGapDays) continue;
      // An interval is governed by the requirement when it ends after the requirement took
      // effect (the version was due while the rule was in force); older ones are history.
      if (b.date! > opts.effective) {
        out.push({
          kind: 'gap',
          start: b.start,
          end: b.end,
          message: `${b.version ? `Version ${b.version}` : 'This version'} (${b.date}) came ${gap} days after ${a.version ? `version ${a.version}` : 'the previous one'} (${a.date}); the limit between versions is ${opts.maxGapDays} days.`,
        });
      } else older.push({ a, b, gap });
    }
    if (older.length) {
      // Gaps the requirement did not govern yet: history, not a finding against the document.
      const longest = older.reduce((x, y) => (y.gap > x.gap ? y : x));
      out.push({
        kind: 'gap',
        severity: 'info',
        start: longest.b.start,
        end: longest.b.end,
        message: `${older.length === 1 ? 'One interval' : `${older.length} intervals`} between versions exceeded ${opts.maxGapDays} days before the requirement took effect on ${opts.effective} (the longest: ${longest.gap} days before ${longest.b.version ? `version ${longest.b.version}` : 'the version'} of ${longest.b.date}); not counted against the document.`,
      });
    }
  }
  return out;
}
