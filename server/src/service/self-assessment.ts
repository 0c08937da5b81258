/**
 * The CCADB Compliance Self-Assessment (MRSP §3.4, CCADB Policy §6.4), drafted from what cpslint
 * found: one row per section of the BR outline (the RFC 3647 outline with the BR's added
 * subsections) and one per MRSP, CRP and CCADB clause cpslint checks, each with cpslint's status,
 * the CP/CPS section and line that address it, the evidence quote and the recommendation. And the
 * reverse: a CA's filled-in self-assessment checked against its CP/CPS (`verifyAssessment`).
 * Pure: documents and rule results in, rows and text out; the CLI reads and writes the files.
 */
import type { DocumentModel, Section } from './model';
import type { RuleResult } from './rules/run';
import { referenceOutline } from './outline';
import { quoteAt } from './review/build';
import { locateSection } from './rules/locate';
import { DENIAL_BODY } from './rules/pipeline/evidence';

export type AssessmentStatus = 'met' | 'partly met' | 'missing' | 'not checked automatically';

export interface AssessedDocument {
  file: string;
  model: DocumentModel;
  /** 'cp' or 'cps' in a policy set; a lone document is 'cps'. */
  role: 'cp' | 'cps';
  results: RuleResult[];
}

export interface AssessmentRow {
  /** "BR", "MRSP", "CRP", "CCADB". */
  source: string;
  version: string;
  section: string;
  /** The requirement in a few words (a rule's title, or the outline's section title). */
  requirement: string;
  status: AssessmentStatus;
  /** The document(s) of the set that address it. */
  document: string;
  /** CP/CPS section(s), "§4.9.3". */
  where: string;
  /** 1-based line of the first place, or null. */
  line: number | null;
  evidence: string;
  recommendation: string;
  /** The cpslint checks behind the row. */
  checks: string[];
}

export const ASSESSMENT_COLUMNS: { key: keyof AssessmentRow; title: string }[] = [
  { key: 'source', title: 'Source' },
  { key: 'section', title: 'Section' },
  { key: 'requirement', title: 'Requirement' },
  { key: 'status', title: 'Status (cpslint)' },
  { key: 'document', title: 'Document' },
  { key: 'where', title: 'CP/CPS section' },
  { key: 'line', title: 'Line' },
  { key: 'evidence', title: 'Evidence' },
  { key: 'recommendation', title: 'Recommendation' },
  { key: 'checks', title: 'cpslint checks' },
];

const RAN = new Set(['pass', 'fail', 'upcoming', 'suppressed']);

function secOf(model: DocumentModel, offset: number): Section | null {
  let found: Section | null = null;
  for (const s of model.all) if (s.headingStart <= offset && offset <= Math.max(s.end, s.headingEnd)) found = s;
  return found;
}

function label(s: Section | null): string {
  return s ? (s.number ? `§${s.number}` : `"${s.title}"`) : 'the title block';
}

function short(text: string, n = 240): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1).replace(/\s+\S*$/, '')} …` : t;
}

/** The rows for one rule across the documents that own it. */
function ruleRow(docs: AssessedDocument[], ruleId: string): Omit<AssessmentRow, 'source' | 'version' | 'section' | 'requirement'> | null {
  const owned: { d: AssessedDocument; r: RuleResult }[] = [];
  for (const d of docs) {
    const r = d.results.find((x) => x.rule.id === ruleId);
    if (r && RAN.has(r.status) && !r.deferred && r.trace.applicable) owned.push({ d, r });
  }
  if (!owned.length) return null;
  const places: string[] = [];
  const files: string[] = [];
  let line: number | null = null;
  let evidence = '';
  const recs: string[] = [];
  let anyMissing = false;
  let anyPartial = false;
  let allMet = true;
  for (const { d, r } of owned) {
    const unmet = r.findings.filter((f) => f.kind !== 'in-set' && f.kind !== 'not-applied');
    const ev = r.trace.evidence[0];
    if (r.metBy) {
      const cp = docs.find((x) => x.file === r.metBy!.file);
      if (cp) {
        const q = quoteAt(cp.model, r.metBy.start, r.metBy.end);
        places.push(`${cp.file} ${label(secOf(cp.model, r.metBy.start))}`);
        files.push(cp.file);
        line = line ?? q.line;
        evidence = evidence || `${q.text} (the CP, incorporated by ${d.file})`;
      }
    } else if (ev) {
      const q = quoteAt(d.model, ev.start, ev.end);
      places.push(`${docs.length > 1 ? `${d.file} ` : ''}${label(secOf(d.model, ev.start))}`);
      files.push(d.file);
      line = line ?? q.line;
      evidence = evidence || q.text;
    }
    if (unmet.length) {
      allMet = false;
      if (unmet.every((f) => f.kind === 'missing')) anyMissing = true;
      else anyPartial = true;
      const f = unmet[0].finding;
      if (!ev && !r.metBy) {
        places.push(`${docs.length > 1 ? `${d.file} ` : ''}line ${f.range.start.line + 1}`);
        files.push(d.file);
        line = line ?? f.range.start.line + 1;
      }
      recs.push(`${docs.length > 1 ? `${d.file}: ` : ''}${short(f.message, 400)}`);
    }
  }
  const status: AssessmentStatus = allMet ? 'met' : anyMissing && !anyPartial && !evidence ? 'missing' : 'partly met';
  const upcoming = owned.find((o) => o.r.status === 'upcoming');
  return {
    status,
    document: [...new Set(files.length ? files : owned.map((o) => o.d.file))].join(', '),
    where: [...new Set(places)].join('; '),
    line,
    evidence,
    recommendation: recs.join(' ') + (upcoming ? `${recs.length ? ' ' : ''}In force from ${upcoming.r.rule.effective}.` : ''),
    checks: [ruleId],
  };
}

function worst(a: AssessmentStatus, b: AssessmentStatus): AssessmentStatus {
  const order: AssessmentStatus[] = ['met', 'not checked automatically', 'partly met', 'missing'];
  return order.indexOf(b) > order.indexOf(a) ? b : a;
}

/** The first words of a section's own text, as the evidence of a row cpslint does not check. */
function sectionText(model: DocumentModel, s: Section): string {
  const body = model.text.slice(s.bodyStart, s.children[0]?.headingStart ?? s.bodyEnd);
  const first = body.search(/\S/);
  if (first < 0) return '';
  return quoteAt(model, s.bodyStart + first, s.bodyStart + first + 1).text;
}

export interface AssessmentOptions {
  /** BR version the outline rows are labelled with. */
  brVersion?: string;
}

/** The self-assessment rows. CPS(s) are searched before the CP for the sections cpslint does not check. */
export function selfAssessment(docs: AssessedDocument[], options: AssessmentOptions = {}): AssessmentRow[] {
  const rows: AssessmentRow[] = [];
  const rules = new Map<string, RuleResult['rule']>();
  for (const d of docs) for (const r of d.results) rules.set(r.rule.id, r.rule);
  const brVersion = options.brVersion ?? [...rules.values()].find((r) => r.source.document === 'BR')?.source.version ?? '';
  const order = [...docs].sort((a, b) => (a.role === b.role ? 0 : a.role === 'cps' ? -1 : 1));
  for (const entry of referenceOutline().entries) {
    const behind = [...rules.values()].filter((r) => r.source.document === 'BR' && r.source.section === entry.number);
    const parts = behind.map((r) => ruleRow(docs, r.id)).filter((x): x is NonNullable<typeof x> => !!x);
    const title = entry.brTitle ?? entry.title;
    if (parts.length) {
      const status = parts.map((p) => p.status).reduce(worst);
      rows.push({
        source: 'BR',
        version: brVersion,
        section: entry.number,
        requirement: [...new Set(behind.filter((r) => parts.some((p) => p.checks.includes(r.id))).map((r) => r.title))].join('; '),
        status,
        document: [...new Set(parts.flatMap((p) => p.document.split(', ')).filter(Boolean))].join(', '),
        where: [...new Set(parts.flatMap((p) => p.where.split('; ')).filter(Boolean))].join('; '),
        line: parts.find((p) => p.line !== null)?.line ?? null,
        evidence: parts.map((p) => p.evidence).filter(Boolean).join(' | '),
        recommendation: parts.map((p) => p.recommendation).filter(Boolean).join(' '),
        checks: parts.flatMap((p) => p.checks),
      });
      continue;
    }
    // Not checked automatically: point at the document's own section, if it has one.
    let placed: AssessmentRow | null = null;
    for (const d of order) {
      const s = locateSection(d.model, entry.number);
      if (!s) continue;
      const text = sectionText(d.model, s);
      placed = {
        source: 'BR',
        version: brVersion,
        section: entry.number,
        requirement: title,
        status: 'not checked automatically',
        document: d.file,
        where: `${docs.length > 1 ? `${d.file} ` : ''}${label(s)}`,
        line: d.model.lines.positionAt(s.headingStart).line + 1,
        evidence: text,
        recommendation: !text ? 'The section is blank: state the practice, or "No stipulation." where nothing applies.' : entry.normative && DENIAL_BODY.test(text) ? 'The section says there is nothing to state, but the BR requires content here: describe the practice.' : 'Review by hand: cpslint does not check this section.',
        checks: [],
      };
      break;
    }
    rows.push(
      placed ?? {
        source: 'BR',
        version: brVersion,
        section: entry.number,
        requirement: title,
        status: 'not checked automatically',
        document: '',
        where: '',
        line: null,
        evidence: '',
        recommendation: `No ${docs.length > 1 ? 'document of the set' : 'CP/CPS section'} is numbered ${entry.number}: add it (with "No stipulation." if nothing applies) or say where the topic is addressed.`,
        checks: [],
      },
    );
  }
  // The root-program and CCADB clauses cpslint checks: one row per check.
  for (const r of rules.values()) {
    if (r.source.document === 'BR' || r.source.document === 'RFC3647' || r.source.document === 'EVG') continue;
    const p = ruleRow(docs, r.id);
    if (!p) continue;
    rows.push({ source: r.source.document, version: r.source.version, section: r.source.section, requirement: r.title, ...p });
  }
  return rows;
}

// -------------------------------------------------------------------------------------------------
// Output

function cellText(row: AssessmentRow, key: keyof AssessmentRow): string {
  const v = row[key];
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return key === 'source' ? `${row.source} ${row.version}`.trim() : String(v);
}

/** The rows as a table of strings, header first. */
export function assessmentTable(rows: AssessmentRow[]): string[][] {
  return [ASSESSMENT_COLUMNS.map((c) => c.title), ...rows.map((r) => ASSESSMENT_COLUMNS.map((c) => cellText(r, c.key)))];
}

/** RFC 4180 CSV (CRLF line ends; every field with a comma, quote or line break quoted). */
export function toCsv(table: string[][]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return table.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

/** CSV text into rows (quoted fields, doubled quotes, CRLF or LF); bounded by the input's size. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A semicolon-separated export (common in some locales) when the header has no comma.
  const firstLine = t.slice(0, t.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes(';') ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quoted) {
      if (c === '"') {
        if (t[i + 1] === '"') (field += '"'), i++;
        else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && t[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function assessmentMarkdown(rows: AssessmentRow[], title: string): string {
  const counts = new Map<AssessmentStatus, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const out = [
    `# Compliance self-assessment draft: ${title}`,
    '',
    `Drafted by cpslint from the CP/CPS text; review every row before pasting it into the CCADB template. ${rows.length} rows: ${(['met', 'partly met', 'missing', 'not checked automatically'] as AssessmentStatus[]).map((s) => `${counts.get(s) ?? 0} ${s}`).join(', ')}.`,
    '',
  ];
  const table = assessmentTable(rows);
  out.push(`| ${table[0].join(' | ')} |`, `|${table[0].map(() => '---').join('|')}|`);
  for (const r of table.slice(1)) out.push(`| ${r.map(mdCell).join(' | ')} |`);
  return out.join('\n') + '\n';
}

// -------------------------------------------------------------------------------------------------
// Verifying a filled-in self-assessment

export interface VerifyColumns {
  /** 0-based index of the column holding the BR section, and of the one holding the CP/CPS references. */
  section: number;
  refs: number;
  headerRow: number;
}

export interface VerifyProblem {
  /** 1-based row of the sheet. */
  row: number;
  section: string;
  cited: string;
  problem: string;
}

export interface VerifyResult {
  columns: VerifyColumns;
  rowsRead: number;
  problems: VerifyProblem[];
}

const SECTION_HEADER = /\b(?:br\s*)?(?:section|clause|requirement\s*(?:no\.?|number|#|id))\b|^\s*§\s*$|^\s*br\s*$/i;
const REFS_HEADER = /\bcp\s*\/?\s*cps\b|\bcps\b|\breferences?\b|\blocation\b|\bwhere\b|\bexplanation\b|\bcomments?\b/i;

/** A column given by header text, a 1-based number or a letter (A, B, … AA). */
export function columnIndex(table: string[][], headerRow: number, spec: string): number | null {
  const s = spec.trim();
  if (/^\d+$/.test(s)) return Number(s) - 1;
  if (/^[A-Z]{1,2}$/.test(s)) return [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const i = (table[headerRow] ?? []).findIndex((h) => h.trim().toLowerCase() === s.toLowerCase());
  return i >= 0 ? i : null;
}

/** The header row and the two columns, from the first 30 rows (a template has a few lines of instructions on top). */
export function detectColumns(table: string[][]): VerifyColumns | null {
  for (let r = 0; r < Math.min(30, table.length); r++) {
    const row = table[r].map((c) => c.trim());
    const section = row.findIndex((c) => c.length <= 60 && SECTION_HEADER.test(c) && !REFS_HEADER.test(c));
    const refs = row.findIndex((c, i) => i !== section && c.length <= 80 && REFS_HEADER.test(c));
    if (section >= 0 && refs >= 0) return { section, refs, headerRow: r };
  }
  return null;
}

/** Section numbers cited in a reference cell, each with the document it names (CP or CPS) if any. */
export function citedSections(cell: string): { number: string; doc: 'cp' | 'cps' | null }[] {
  const out: { number: string; doc: 'cp' | 'cps' | null }[] = [];
  const re = /(?:\b(CP\s*\/\s*CPS|CPS|CP)\b[^\d§;,]{0,20})?(?:§+\s*|\bsections?\s+|\bsec\.?\s*)?\b(\d{1,2}(?:\.\d{1,3}){1,5}|\d(?=\s*(?:$|[;,)]))|(?<=§\s*|sections?\s+)\d{1,2})\b/gi;
  let lastDoc: 'cp' | 'cps' | null = null;
  for (const m of cell.matchAll(re)) {
    const d: 'cp' | 'cps' | null = m[1] ? (/^cp$/i.test(m[1].trim()) ? 'cp' : 'cps') : lastDoc;
    if (m[1]) lastDoc = d;
    // A version or date ("version 2.1", "2026-01-01") is not a section.
    const before = cell.slice(Math.max(0, (m.index ?? 0) - 10), m.index);
    if (/version\s*$|v\.?\s*$|rfc\s*$/i.test(before)) continue;
    out.push({ number: m[2], doc: d });
  }
  return out;
}

/**
 * Check a filled-in self-assessment against the CP/CPS: every row whose CP/CPS reference is blank,
 * cites a section the documents do not have, one that says "No stipulation" or is blank, or where
 * cpslint finds the commitment missing, or stated in another section than the one cited.
 */
export function verifyAssessment(table: string[][], docs: AssessedDocument[], columns: VerifyColumns, ours: AssessmentRow[]): VerifyResult {
  const problems: VerifyProblem[] = [];
  let rowsRead = 0;
  const byDoc = (d: 'cp' | 'cps' | null) => {
    const list = d ? docs.filter((x) => x.role === d) : [];
    return list.length ? list : [...docs].sort((a, b) => (a.role === b.role ? 0 : a.role === 'cps' ? -1 : 1));
  };
  for (let r = columns.headerRow + 1; r < table.length; r++) {
    const row = table[r];
    const sectionCell = (row[columns.section] ?? '').trim();
    const m = /^(?:BR\s*)?§?\s*(\d{1,2}(?:\.\d{1,3})*)\b/i.exec(sectionCell);
    if (!m) continue;
    rowsRead++;
    const section = m[1];
    const refCell = (row[columns.refs] ?? '').trim();
    const add = (cited: string, problem: string) => problems.push({ row: r + 1, section, cited, problem });
    if (!refCell) {
      add('', 'no CP/CPS section is given');
      continue;
    }
    const cited = citedSections(refCell);
    const ourRow = ours.find((o) => o.source === 'BR' && o.section === section);
    if (!cited.length) {
      if (/\bno\s+stipulation\b|\bn\/a\b|not\s+applicable/i.test(refCell)) add(refCell, `the answer is "${short(refCell, 60)}" rather than a CP/CPS section`);
      else add(refCell, 'no CP/CPS section number could be read from this cell');
      continue;
    }
    const foundSections: { doc: AssessedDocument; s: Section }[] = [];
    for (const c of cited) {
      const candidates = byDoc(c.doc);
      const hit = candidates.map((d) => ({ d, s: d.model.all.find((x) => x.number === c.number && !x.scoped) ?? null })).find((x) => x.s);
      const citedLabel = `${c.doc ? `${c.doc.toUpperCase()} ` : ''}§${c.number}`;
      if (!hit || !hit.s) {
        add(citedLabel, `${candidates.map((d) => d.file).join(' / ')} has no section ${c.number}`);
        continue;
      }
      foundSections.push({ doc: hit.d, s: hit.s });
      const own = hit.d.model.text.slice(hit.s.bodyStart, hit.s.children[0]?.headingStart ?? hit.s.bodyEnd).trim();
      if (!own && !hit.s.children.length) add(citedLabel, `${hit.d.file} §${c.number} is blank`);
      else if (own && DENIAL_BODY.test(own.replace(/^[>*_\s]+/, ''))) add(citedLabel, `${hit.d.file} §${c.number} says "${short(own, 40)}"`);
    }
    if (!ourRow || !foundSections.length) continue;
    const citedText = cited.map((c) => `§${c.number}`).join(', ');
    if (ourRow.status === 'missing') add(citedText, `cpslint finds the commitment missing: ${short(ourRow.recommendation, 300)}`);
    else if (ourRow.status === 'met' || ourRow.status === 'partly met') {
      const at = [...ourRow.where.matchAll(/§([\dA-Z.]+)/g)].map((x) => x[1]);
      const inside = at.some((n) => cited.some((c) => n === c.number || n.startsWith(`${c.number}.`) || c.number.startsWith(`${n}.`)));
      if (at.length && !inside) add(citedText, `cpslint finds it in ${ourRow.where}, not in the cited ${citedText}`);
      if (ourRow.status === 'partly met') add(citedText, `cpslint finds it only in part: ${short(ourRow.recommendation, 300)}`);
    }
  }
  return { columns, rowsRead, problems };
}

export function verifyMarkdown(v: VerifyResult, sheet: string, against: string): string {
  const out = [`**cpslint check of the self-assessment ${sheet} against ${against}**`, '', `${v.rowsRead} row(s) with a BR section read; ${v.problems.length} problem(s) in ${new Set(v.problems.map((p) => p.row)).size} row(s).`, ''];
  for (const p of v.problems) out.push(`- Row ${p.row}, BR ${p.section}${p.cited ? ` (cites ${p.cited})` : ''}: ${p.problem}`);
  return out.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The rows as an HTML page without scripts (the VS Code panel); `link(file, line)` makes each line a link to the document. */
export function assessmentHtml(rows: AssessmentRow[], title: string, link: (file: string, line: number) => string | null, csp = "default-src 'none'; style-src 'unsafe-inline'"): string {
  const cls: Record<AssessmentStatus, string> = { met: 'met', 'partly met': 'partly', missing: 'missing', 'not checked automatically': 'manual' };
  const head = ASSESSMENT_COLUMNS.filter((c) => c.key !== 'checks' && c.key !== 'line').map((c) => `<th>${esc(c.title)}</th>`).join('');
  const body = rows
    .map((r) => {
      const file = r.document.split(', ')[0] ?? '';
      const href = r.line !== null && file ? link(file, r.line) : null;
      const where = href ? `<a href="${esc(href)}">${esc(r.where || `line ${r.line}`)}</a>` : esc(r.where);
      return `<tr class="${cls[r.status]}"><td>${esc(`${r.source} ${r.version}`.trim())}</td><td>${esc(r.section)}</td><td>${esc(r.requirement)}</td><td>${esc(r.status)}</td><td>${esc(r.document)}</td><td>${where}</td><td>${esc(r.evidence)}</td><td>${esc(r.recommendation)}</td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${esc(csp)}"><title>${esc(title)}</title><style>
body{font-family:var(--vscode-font-family,sans-serif);font-size:var(--vscode-font-size,13px);color:var(--vscode-foreground);}
table{border-collapse:collapse;width:100%}th,td{border:1px solid var(--vscode-panel-border,#8884);padding:3px 5px;vertical-align:top;text-align:left}
th{position:sticky;top:0;background:var(--vscode-editor-background,#fff)}tr.missing td:nth-child(4){color:var(--vscode-errorForeground,#c00)}tr.partly td:nth-child(4){color:var(--vscode-editorWarning-foreground,#b60)}tr.met td:nth-child(4){color:var(--vscode-testing-iconPassed,#080)}
</style></head><body><h1>Compliance self-assessment draft</h1><p>${esc(title)}. Drafted by cpslint from the CP/CPS text: review every row before pasting it into the CCADB template.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></body></html>`;
}
