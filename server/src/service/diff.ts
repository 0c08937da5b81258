/**
 * What changed between two versions of a CP/CPS, for reviewers checking that a promised fix
 * landed. Pure: a function of the two parsed documents (and their findings) returning plain data.
 *
 * - Sections are matched by RFC 3647 number (appendix-local numbers and unnumbered headings are
 *   left out); a section is "changed" when its own text (before its first subsection, markup
 *   stripped, whitespace collapsed) or its title differs. Words added and removed are counted
 *   as a bag of words: a rough measure of the size of a change, not a word-by-word diff.
 * - Findings are matched by code and the number of the section they are in (never by line):
 *   first those with the same message, then the rest in order, then findings of the same code
 *   one or more levels up or down (a missing §4.9.1 reported in §4.9, then a §4.9.1 that is
 *   still incomplete). A finding of OLD with no match
 *   in NEW is resolved (a commitment gained); a finding of NEW with no match in OLD is new (a
 *   commitment lost). A new error or warning is a regression, and so is a finding that became
 *   more severe; a new info finding is not.
 * - The revision history: whether NEW carries a different version number than OLD, whether
 *   NEW's revision table has an entry for that version with a date and a description, and
 *   whether that date is not earlier than the latest date of OLD's history.
 */
import type { DocumentModel, Section } from './model';
import { sectionAt, isPrefix } from './model';
import { severityRank, type Finding, type Severity } from './findings';
import { checkDocument, type CheckOptions } from './check';
import { ownText } from './structure';
import { documentHistory, type HistoryEntry } from './rules/versioning';
import { compareVersions } from './rules/patterns';

export interface SectionRef {
  number: string;
  title: string;
  /** 1-based line of the heading (in OLD for removed sections, in NEW otherwise). */
  line: number;
}

export interface ChangedSection {
  number: string;
  title: string;
  /** Set when the title changed. */
  oldTitle?: string;
  titleChanged: boolean;
  textChanged: boolean;
  wordsAdded: number;
  wordsRemoved: number;
  oldLine: number;
  line: number;
}

export interface FindingRef {
  code: string;
  severity: Severity;
  /** Number of the section the finding is in ("" before the first numbered section). */
  section: string;
  message: string;
  /** 1-based line, in OLD for resolved findings and in NEW for new ones. */
  line: number;
}

export interface RevisionCheck {
  oldVersion: string | null;
  newVersion: string | null;
  /** NEW's version number differs from OLD's. */
  versionChanged: boolean;
  /** NEW's revision-table entry for NEW's version, if any. */
  entry: { version: string; date: string | null; dateText: string; description: string | null; line: number } | null;
  /** The latest date in OLD's revision history (or OLD's own date). */
  oldLatestDate: string | null;
  /** The entry's date is not earlier than oldLatestDate (null when either date is unknown). */
  dateNotEarlier: boolean | null;
  /** Everything above holds. */
  ok: boolean;
  /** What does not hold, in words. */
  problems: string[];
}

export interface DocumentDiff {
  old: { title: string | null; version: string | null; date: string | null };
  new: { title: string | null; version: string | null; date: string | null };
  sections: { added: SectionRef[]; removed: SectionRef[]; changed: ChangedSection[]; unchanged: number };
  commitments: {
    /** Findings of OLD that NEW no longer has. */
    gained: FindingRef[];
    /** Findings of NEW that OLD did not have. */
    lost: FindingRef[];
    /** Findings present in both. */
    unchanged: number;
    /** Findings present in both that are more severe in NEW (for example info "misplaced" → warning). */
    worse: (FindingRef & { oldSeverity: Severity })[];
    /** New errors or warnings, plus findings that became more severe. */
    regressions: number;
  };
  revision: RevisionCheck;
}

export interface DiffInput {
  model: DocumentModel;
  /** Findings of the document; computed with checkDocument(model, options) when absent. */
  findings?: Finding[];
}

const lineOf = (m: DocumentModel, offset: number) => m.lines.positionAt(offset).line + 1;

/** Numbered RFC 3647 sections by number (the first of duplicates). */
function numbered(m: DocumentModel): Map<string, Section> {
  const out = new Map<string, Section>();
  for (const s of m.all) if (s.number && !s.scoped && !out.has(s.number)) out.set(s.number, s);
  return out;
}

const normTitle = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
const normText = (t: string) => t.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();

function words(t: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of t.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? []) {
    const k = w.replace(/[.'’-]+$/, '');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Words of `b` not in `a`, counted with multiplicity. */
function extra(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [w, c] of b) n += Math.max(0, c - (a.get(w) ?? 0));
  return n;
}

function compareNumbersLoose(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    const d = !isNaN(na) && !isNaN(nb) ? na - nb : pa[i] < pb[i] ? -1 : pa[i] > pb[i] ? 1 : 0;
    if (d) return d;
  }
  return 0;
}

function diffSections(a: DocumentModel, b: DocumentModel): DocumentDiff['sections'] {
  const sa = numbered(a);
  const sb = numbered(b);
  const added: SectionRef[] = [];
  const removed: SectionRef[] = [];
  const changed: ChangedSection[] = [];
  let unchanged = 0;
  for (const [n, s] of sa) if (!sb.has(n)) removed.push({ number: n, title: s.title, line: lineOf(a, s.headingStart) });
  for (const [n, s] of sb) {
    const o = sa.get(n);
    if (!o) {
      added.push({ number: n, title: s.title, line: lineOf(b, s.headingStart) });
      continue;
    }
    const titleChanged = normTitle(o.title) !== normTitle(s.title);
    const ta = normText(ownText(o));
    const tb = normText(ownText(s));
    const textChanged = ta !== tb;
    if (!titleChanged && !textChanged) {
      unchanged++;
      continue;
    }
    const wa = words(ta);
    const wb = words(tb);
    const c: ChangedSection = {
      number: n,
      title: s.title,
      titleChanged,
      textChanged,
      wordsAdded: textChanged ? extra(wa, wb) : 0,
      wordsRemoved: textChanged ? extra(wb, wa) : 0,
      oldLine: lineOf(a, o.headingStart),
      line: lineOf(b, s.headingStart),
    };
    if (titleChanged) c.oldTitle = o.title;
    changed.push(c);
  }
  const byNumber = (x: { number: string }, y: { number: string }) => compareNumbersLoose(x.number, y.number);
  return { added: added.sort(byNumber), removed: removed.sort(byNumber), changed: changed.sort(byNumber), unchanged };
}

const normMessage = (m: string) => m.toLowerCase().replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<date>').replace(/\b\d+(\s+)(days?|months?|years?)\b/g, '<n>$1$2').replace(/\s+/g, ' ').trim();

function refs(m: DocumentModel, findings: Finding[]): FindingRef[] {
  return findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    section: sectionAt(m, m.lines.offsetAt(f.range.start))?.number ?? '',
    message: f.message,
    line: f.range.start.line + 1,
  }));
}

function diffFindings(a: FindingRef[], b: FindingRef[]): DocumentDiff['commitments'] {
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: [number, number][] = [];
  const pass = (key: (f: FindingRef) => string) => {
    const pool = new Map<string, number[]>();
    a.forEach((f, i) => {
      if (usedA.has(i)) return;
      const k = key(f);
      pool.set(k, [...(pool.get(k) ?? []), i]);
    });
    b.forEach((f, j) => {
      if (usedB.has(j)) return;
      const i = pool.get(key(f))?.shift();
      if (i === undefined) return;
      usedA.add(i);
      usedB.add(j);
      pairs.push([i, j]);
    });
  };
  pass((f) => `${f.code}\u0000${f.section}\u0000${normMessage(f.message)}`);
  pass((f) => `${f.code}\u0000${f.section}`);
  // The same finding reported one level up or down (a rule's section was missing, now it is
  // there but still incomplete: "§4.9.1 is missing" in 4.9 becomes "§4.9.1 states this only in part").
  b.forEach((f, j) => {
    if (usedB.has(j) || !f.section) return;
    const i = a.findIndex((g, k) => !usedA.has(k) && g.code === f.code && g.section && (isPrefix(g.section, f.section) || isPrefix(f.section, g.section)));
    if (i < 0) return;
    usedA.add(i);
    usedB.add(j);
    pairs.push([i, j]);
  });
  const gained = a.filter((_, i) => !usedA.has(i));
  const lost = b.filter((_, j) => !usedB.has(j));
  const worse = pairs
    .filter(([i, j]) => severityRank(b[j].severity) > severityRank(a[i].severity))
    .sort((x, y) => x[1] - y[1])
    .map(([i, j]) => ({ ...b[j], oldSeverity: a[i].severity }));
  return { gained, lost, unchanged: usedB.size, worse, regressions: lost.filter((f) => f.severity !== 'info').length + worse.length };
}

function splitRow(line: string): string[] {
  const cells = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);
  return cells.map((c) => c.replace(/\\\|/g, '|').replace(/[*_`]/g, '').trim());
}

const DESCRIPTION_HEADER = /descr|change|summary|comment|remark|detail|note|amendment|reason|modification|content/i;

/** The description of a revision entry: the description column of its row, or what is left besides version and date. */
function entryDescription(m: DocumentModel, e: HistoryEntry, version: string): string | null {
  const h = documentHistory(m);
  const raw = m.text.slice(e.start, e.end);
  const rowLine = raw.includes('\n') ? raw.split(/\r?\n/).find((l) => l.includes('|') && l.includes(version)) : raw;
  if (!rowLine) return null;
  const cells = splitRow(rowLine);
  const table = h.tables.find((t) => e.start >= t.start && e.start <= t.end);
  if (table) {
    const header = splitRow(m.text.slice(table.start, table.end).split(/\r?\n/)[0] ?? '');
    const col = header.findIndex((c) => DESCRIPTION_HEADER.test(c));
    if (col >= 0 && header.length === cells.length) return cells[col] || null;
  }
  const rest = cells.filter((c) => c && !c.includes(version) && c !== e.dateText && !/^\d{4}-\d{2}-\d{2}$/.test(c));
  const text = rest.filter((c) => /\s/.test(c) || c.length > 12).join(' ');
  return text || null;
}

function latestDate(m: DocumentModel): string | null {
  const h = documentHistory(m);
  const dates = [...h.entries.map((e) => e.date), h.date].filter((d): d is string => !!d);
  return dates.length ? dates.reduce((x, y) => (x >= y ? x : y)) : null;
}

function docVersion(m: DocumentModel): string | null {
  const h = documentHistory(m);
  if (h.version) return h.version;
  let best: string | null = null;
  for (const e of h.entries) if (e.version && (!best || compareVersions(e.version, best) > 0)) best = e.version;
  return best;
}

function revisionCheck(a: DocumentModel, b: DocumentModel): RevisionCheck {
  const oldVersion = docVersion(a);
  const newVersion = docVersion(b);
  const problems: string[] = [];
  const versionChanged = !!newVersion && (!oldVersion || compareVersions(oldVersion, newVersion) !== 0);
  if (!newVersion) problems.push('NEW carries no version number.');
  else if (!versionChanged) problems.push(`NEW has the same version number as OLD (${newVersion}).`);
  else if (oldVersion && compareVersions(newVersion, oldVersion) < 0) problems.push(`NEW's version ${newVersion} is lower than OLD's ${oldVersion}.`);
  let entry: RevisionCheck['entry'] = null;
  if (newVersion) {
    const hits = documentHistory(b).entries.filter((e) => e.version && compareVersions(e.version, newVersion) === 0);
    const e = hits.find((x) => x.date) ?? hits[0];
    if (e) entry = { version: e.version!, date: e.date, dateText: e.dateText, description: entryDescription(b, e, e.version!), line: lineOf(b, e.start) };
  }
  const oldLatestDate = latestDate(a);
  let dateNotEarlier: boolean | null = null;
  if (newVersion && !entry) problems.push(`NEW's revision history has no entry for version ${newVersion}.`);
  if (entry) {
    if (!entry.date) problems.push(entry.dateText ? `The entry for version ${entry.version} has a date cpslint cannot read ("${entry.dateText}").` : `The entry for version ${entry.version} has no date.`);
    if (!entry.description) problems.push(`The entry for version ${entry.version} does not describe the changes.`);
    if (entry.date && oldLatestDate) {
      dateNotEarlier = entry.date >= oldLatestDate;
      if (!dateNotEarlier) problems.push(`The entry for version ${entry.version} is dated ${entry.date}, earlier than OLD's latest date ${oldLatestDate}.`);
    }
  }
  const ok = problems.length === 0 && versionChanged && !!entry?.date && !!entry.description;
  return { oldVersion, newVersion, versionChanged, entry, oldLatestDate, dateNotEarlier, ok, problems };
}

/**
 * Compare OLD and NEW. Findings not given are computed with `checkDocument(model, options)`, the
 * same options for both (as-of date, programs, severities, rules).
 */
export function diffDocuments(oldDoc: DiffInput, newDoc: DiffInput, options: CheckOptions): DocumentDiff {
  const a = oldDoc.model;
  const b = newDoc.model;
  const fa = oldDoc.findings ?? checkDocument(a, options);
  const fb = newDoc.findings ?? checkDocument(b, options);
  const meta = (m: DocumentModel) => ({ title: m.metadata.title, version: docVersion(m), date: m.metadata.date });
  return {
    old: meta(a),
    new: meta(b),
    sections: diffSections(a, b),
    commitments: diffFindings(refs(a, fa), refs(b, fb)),
    revision: revisionCheck(a, b),
  };
}
