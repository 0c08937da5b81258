/**
 * The compliance review: a reviewer's memo built from the same rule results as the diagnostics.
 * Pure: (model, rules, options) -> Review, plain data that the Markdown, HTML, JSON and SARIF
 * renderers print. Every sentence comes from a rule (its title, message, rationale, fix text and
 * citation) or from a line of the document; nothing is invented here.
 */
import type { DocumentModel, Section } from '../model';
import type { Finding, Severity, SourceDocument } from '../findings';
import { docUrl, SOURCE_TITLES } from '../findings';
import type { Rule } from '../rules/types';
import { evaluateRules, type FindingKind, type RuleResult } from '../rules/run';
import { structuralFindings, compareFindings } from '../check';
import { structureChecks } from '../structure';
import { referenceOutline } from '../outline';
import { sectionAt } from '../model';
import { caName, locateSection, sectionName } from '../rules/locate';
import { renderFixText, stripSnippet } from '../rules/fixes';
import { builtinRules } from '../rules/builtin';
import { recheckPastFindings, type PastFinding, type PastFindingResult } from './past';

export const REVIEW_FORMAT_VERSION = 1;

/** The parts of the review, in report order: the title block and document-wide requirements, then RFC 3647 chapters 1–9. */
const CHAPTERS = ['front', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export type Verdict = 'compliant' | 'mostly-compliant' | 'partially-compliant' | 'non-compliant';
export const VERDICT_LABELS: Record<Verdict, string> = {
  compliant: 'Compliant',
  'mostly-compliant': 'Mostly compliant',
  'partially-compliant': 'Partially compliant',
  'non-compliant': 'Non-compliant',
};
export type ChapterVerdict = 'no-issues' | 'minor-issues' | 'gaps' | 'missing' | 'not-assessed';
export const CHAPTER_VERDICT_LABELS: Record<ChapterVerdict, string> = {
  'no-issues': 'No issues found',
  'minor-issues': 'Minor issues',
  gaps: 'Gaps',
  missing: 'Missing',
  'not-assessed': 'Not assessed',
};
/** Errors from this many distinct checks (or more) make a document non-compliant. */
export const NON_COMPLIANT_ERROR_CHECKS = 5;

export interface Quote {
  /** 1-based line of the quoted text. */
  line: number;
  endLine: number;
  text: string;
  /** Document section number the quote is in, if any. */
  section: string | null;
  /** What the quote shows ("testing of that plan at least once a year"). */
  label?: string;
}

export interface Evidence {
  /** Quotes from the document; empty when nothing was found. */
  quotes: Quote[];
  /** Set when the requirement was not found: the document sections that were searched. */
  notFound?: { searched: string[]; absent: string[] };
}

export interface CitationRef {
  document: SourceDocument;
  version: string;
  section: string;
  item?: string;
  url?: string;
  /** "BR 2.2.6 §5.7.1.2 ¶1" */
  label: string;
}

export interface ReviewFinding {
  /** "F-01": stable within one review, in document order. */
  id: string;
  code: string;
  title: string;
  severity: Severity;
  kind: FindingKind | 'structure';
  message: string;
  line: number;
  column: number;
  endLine: number;
  /** The chapter the finding is reviewed under ("5"), or "front" for the title block. */
  chapter: string;
  evidence: Evidence;
  impact: string;
  recommendation: string;
  citation: CitationRef;
  /** Where the check is documented (docs/rules.md#code). */
  docs: string;
  /** For a requirement not yet in force: the date it applies from. */
  inForceFrom?: string;
}

export interface Confirmation {
  code: string;
  title: string;
  /** "§5.7.1.2 states: a maintained … plan; testing of that plan at least once a year." */
  statement: string;
  quotes: Quote[];
  citation: CitationRef;
  chapter: string;
}

export interface Clause {
  code: string;
  title: string;
  citation: CitationRef;
  status: RuleResult['status'] | 'structure';
}

export interface ChapterReview {
  /** "1".."9", or "front" for requirements about the title block and the document as a whole. */
  number: string;
  title: string;
  /** Line of the chapter heading in the document (1-based), when present. */
  line: number | null;
  present: boolean;
  verdict: ChapterVerdict;
  /** Requirements mapped to this chapter. */
  clauses: Clause[];
  findings: ReviewFinding[];
  upcoming: ReviewFinding[];
  confirmations: Confirmation[];
  /** Checks that found nothing wrong but have no quote to show (forbidden wording not present, …). */
  alsoChecked: { code: string; title: string; citation: CitationRef; note: string }[];
}

export interface Review {
  formatVersion: number;
  tool: { name: 'cpslint'; version: string };
  document: { file: string; title: string | null; version: string | null; date: string | null; ca: string | null; lines: number; rfc3647: boolean };
  asOf: string;
  programs: string[];
  /** Source documents and versions the document was checked against. */
  references: { document: SourceDocument; version: string; name: string }[];
  /** Severity changes from configuration, stated so the reader knows the verdict's basis. */
  overrides: { code: string; severity: string }[];
  verdict: { value: Verdict; label: string; reason: string };
  counts: {
    errors: number;
    warnings: number;
    info: number;
    checksRun: number;
    checksPassed: number;
    checksFailed: number;
    upcoming: number;
    notApplicable: number;
    suppressedFindings: number;
  };
  /** Errors, in chapter order: the first thing a reviewer reads. */
  highPriority: string[];
  findings: ReviewFinding[];
  chapters: ChapterReview[];
  pastFindings: PastFindingResult[] | null;
  /** Checks that were not run, and why. */
  notRun: { code: string; title: string; status: RuleResult['status']; note: string }[];
  /** Findings silenced by cpslint-disable comments, per code. */
  suppressed: { code: string; count: number }[];
  method: string[];
}

export interface ReviewOptions {
  /** File name or path shown in the report and used for evidence links. */
  file: string;
  asOf: string;
  programs: string[];
  severity?: Record<string, Severity | 'off'>;
  rules?: Rule[];
  pastFindings?: PastFinding[];
  toolVersion?: string;
  /** Rule results already computed (a policy set's, read across the set); default: evaluated here. */
  results?: RuleResult[];
  /** Findings of checks outside the rules and the structure (a policy set's own checks). */
  extraFindings?: Finding[];
  /** Milliseconds the workspace packs' patterns may run in all (limits.ts patternBudgetMs). */
  patternBudgetMs?: number;
}

const DOC_ORDER: SourceDocument[] = ['BR', 'EVG', 'MRSP', 'CRP', 'CCADB', 'RFC3647'];

export function citationLabel(c: { document: string; version: string; section: string; item?: string }): string {
  return `${c.document === 'RFC3647' ? 'RFC 3647' : c.document} ${c.version} §${c.section}${c.item ? ` ${c.item}` : ''}`;
}

function citationRef(c: { document: SourceDocument; version: string; section: string; item?: string; url?: string }): CitationRef {
  return { document: c.document, version: c.version, section: c.section, ...(c.item ? { item: c.item } : {}), ...(c.url ? { url: c.url } : {}), label: citationLabel(c) };
}

/** The chapter a rule is reviewed under: its first target section's chapter, or "front". */
function ruleChapter(rule: Rule): string {
  const n = rule.sections.find((s) => s !== 'front');
  return n ? n.split('.')[0] : 'front';
}

function topChapter(s: Section | undefined | null): string {
  for (let x = s ?? null; x; x = x.parent) if (!x.parent) return x.number && /^[1-9]$/.test(x.number) && !x.scoped && !x.appendix ? x.number : 'front';
  return 'front';
}

const QUOTE_MAX = 300;

/** Document text [s, e) as a quote: markup trimmed, whitespace collapsed. */
function clean(text: string): string {
  return text
    .replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+|\|)/, '')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s*\|\s*/g, ' | ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*\|$/, '');
}

/** Start of the sentence containing `at`, not before `floor`. */
function sentenceStart(text: string, floor: number, at: number): number {
  const before = text.slice(floor, at);
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf(': '), before.lastIndexOf('\n'));
  return cut >= 0 ? floor + cut + (before[cut] === '\n' ? 1 : 2) : floor;
}

/** End of the sentence containing `at`, not after `ceil`. */
function sentenceEnd(text: string, at: number, ceil: number): number {
  const after = text.slice(at, ceil);
  const stop = after.search(/[.;](?:\s|$)|\n/);
  return stop >= 0 ? at + stop + (after[stop] === '\n' ? 0 : 1) : ceil;
}

/**
 * A quote of [start, end): the sentence(s) containing it, whitespace collapsed and markup trimmed.
 * A long span is quoted as its first and last sentences joined by " … ", so that the words that
 * matched at both ends stay visible.
 */
export function quoteAt(model: DocumentModel, start: number, end: number, label?: string): Quote {
  const text = model.text;
  const a = model.lines.positionAt(start);
  const b = model.lines.positionAt(Math.max(start, end - 1));
  const lineStart = model.lines.lineStarts[a.line];
  const lineEnd = model.lines.lineEnd(b.line);
  const s = sentenceStart(text, lineStart, start);
  const e = sentenceEnd(text, Math.max(start, end), lineEnd);
  let q = clean(text.slice(s, e));
  if (q.length > QUOTE_MAX) {
    const firstEnd = sentenceEnd(text, start, e);
    const lastStart = sentenceStart(text, s, Math.max(start, end - 1));
    const head = clean(text.slice(s, firstEnd));
    const tail = clean(text.slice(Math.max(lastStart, firstEnd), e));
    const trunc = (x: string, n: number) => (x.length > n ? x.slice(0, n - 1).replace(/\s+\S*$/, '') : x);
    const more = (x: string, n: number) => (x.length > n ? `${trunc(x, n)} …` : x);
    q = tail && lastStart > firstEnd ? `${trunc(head, QUOTE_MAX / 2)} … ${more(tail, QUOTE_MAX / 2)}` : more(q, QUOTE_MAX);
  }
  const sec = sectionAt(model, start);
  return { line: a.line + 1, endLine: b.line + 1, text: q, section: sec?.number ?? null, ...(label ? { label } : {}) };
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1]}`;
}

function targetWords(rule: Rule, model: DocumentModel): string {
  const located = rule.sections.map((n) => (n === 'front' ? null : locateSection(model, n))).find((s) => s);
  if (located) return sectionName(located);
  const nums = rule.sections.map((n) => (n === 'front' ? 'the title block' : `§${n}`));
  return nums.join(' or ');
}

function recommendation(rule: Rule, kind: FindingKind, model: DocumentModel, citation: string): string {
  const where = targetWords(rule, model);
  switch (kind) {
    case 'missing':
    case 'partial': {
      if (rule.fix) {
        const text = stripSnippet(renderFixText(rule.fix.text, caName(model)).text).replace(/\s+/g, ' ').trim();
        return `${rule.fix.title} in ${where}, for example: "${text}"`;
      }
      return `State this in ${where}.`;
    }
    case 'misplaced':
      return `Move the statement to ${where}, or repeat it there, so that a reader finds it where ${citation.split(' ')[0]} expects it.`;
    case 'contradiction':
    case 'limit':
    case 'event':
      return `Revise the quoted text so that it agrees with ${citation}.`;
    case 'claim':
      return 'Remove the claim, or state that the method is no longer used.';
    case 'in-set':
      return 'Nothing to add: the policy set states it in the other document, and this CPS names that CP. Keep the reference to the CP current.';
    case 'not-applied':
      return 'Nothing, if the detected kind is right; otherwise name the certificate types the document covers in its title.';
    case 'versioning':
      return 'Record every version in the revision history with its number, date and a description of the change, and review the document at least once a year.';
  }
}

/** Quotes at the same place merged into one, their labels joined. */
function mergeQuotes(quotes: Quote[]): Quote[] {
  const out: Quote[] = [];
  for (const q of quotes) {
    const same = out.find((o) => o.line === q.line && o.text === q.text);
    if (!same) out.push({ ...q });
    else if (q.label && same.label !== q.label) same.label = same.label ? `${same.label}; ${q.label}` : q.label;
  }
  return out;
}

function evidenceFor(model: DocumentModel, result: RuleResult | null, f: Finding, kind: FindingKind | 'structure'): Evidence {
  const start = model.lines.offsetAt(f.range.start);
  const end = model.lines.offsetAt(f.range.end);
  if ((kind === 'missing' || kind === 'partial') && result) {
    const quotes = mergeQuotes(result.trace.evidence.map((e) => quoteAt(model, e.start, e.end, e.label)));
    return { quotes, notFound: { searched: result.trace.searched, absent: result.trace.absent } };
  }
  if (kind === 'structure') {
    if (f.code === 'cps-missing-section' || f.code === 'cps-not-rfc3647') return { quotes: [], notFound: { searched: [], absent: [] } };
    const sec = sectionAt(model, start);
    if (sec && (f.code === 'cps-no-stipulation-normative' || f.code === 'cps-no-stipulation-with-text')) {
      const body = model.text.slice(sec.bodyStart, sec.bodyEnd);
      const first = body.search(/\S/);
      if (first >= 0) {
        const text = body.slice(first).replace(/\s+$/, '');
        return { quotes: [quoteAt(model, sec.bodyStart + first, sec.bodyStart + first + text.length, 'the section text')] };
      }
    }
    if (sec && f.code === 'cps-blank-section') return { quotes: [quoteAt(model, start, end, 'the heading; no text follows it before the next heading')] };
  }
  return { quotes: [quoteAt(model, start, end)] };
}

function chapterOfFinding(model: DocumentModel, f: Finding, rule: Rule | null): string {
  if (rule) return ruleChapter(rule);
  return topChapter(sectionAt(model, model.lines.offsetAt(f.range.start)));
}

/** The overall verdict (docs/review.md): from the in-force findings' severities, the chapters present and the outline. */
export function verdictFor(rfc3647: boolean, findings: Pick<ReviewFinding, 'code' | 'severity' | 'inForceFrom'>[], missingChapters: string[]): Review['verdict'] {
  const inForce = findings.filter((f) => !f.inForceFrom);
  const errorChecks = new Set(inForce.filter((f) => f.severity === 'error').map((f) => f.code));
  const warnings = inForce.filter((f) => f.severity === 'warning').length;
  const errors = inForce.filter((f) => f.severity === 'error').length;
  const mk = (value: Verdict, reason: string) => ({ value, label: VERDICT_LABELS[value], reason });
  if (!rfc3647) return mk('non-compliant', 'The document does not follow the RFC 3647 outline, which every root program requires.');
  if (missingChapters.length)
    return mk('non-compliant', `Chapter${missingChapters.length > 1 ? 's' : ''} ${missingChapters.join(', ')} of the RFC 3647 outline ${missingChapters.length > 1 ? 'are' : 'is'} missing.`);
  if (errorChecks.size >= NON_COMPLIANT_ERROR_CHECKS)
    return mk('non-compliant', `${errors} error${errors === 1 ? '' : 's'} from ${errorChecks.size} different checks (${NON_COMPLIANT_ERROR_CHECKS} or more make a document non-compliant).`);
  if (errorChecks.size > 0)
    return mk('partially-compliant', `${errors} error${errors === 1 ? '' : 's'} from ${errorChecks.size} check${errorChecks.size === 1 ? '' : 's'} (fewer than ${NON_COMPLIANT_ERROR_CHECKS}).`);
  if (warnings > 0) return mk('mostly-compliant', `No errors; ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return mk('compliant', 'No errors or warnings from the checks that were run.');
}

function chapterVerdict(present: boolean, findings: ReviewFinding[], rfc3647: boolean): ChapterVerdict {
  if (!rfc3647) return 'not-assessed';
  if (!present) return 'missing';
  if (findings.some((f) => f.severity === 'error')) return 'gaps';
  if (findings.some((f) => f.severity === 'warning')) return 'minor-issues';
  return 'no-issues';
}

export const REVIEW_METHOD: string[] = [
  'cpslint parses the Markdown CP/CPS into its RFC 3647 sections and runs deterministic checks: the structural checks of the outline and the commitment rules of the rule packs. Each check names its source document, version and section.',
  'A commitment rule searches the sections where the requirement belongs (and their subsections) for wording that expresses each part of the requirement; negated statements do not count. Text found only elsewhere is reported as misplaced.',
  'Requirements are gated by their effective dates against the as-of date: one not yet in force is listed as upcoming and does not affect the verdict; a retired one is not run.',
  `Verdict: Non-compliant when the document does not follow the RFC 3647 outline, when a chapter 1–9 is missing, or when errors come from ${NON_COMPLIANT_ERROR_CHECKS} or more different checks; Partially compliant when errors come from 1 to ${NON_COMPLIANT_ERROR_CHECKS - 1} checks; Mostly compliant when there are warnings but no errors; Compliant when there are neither. Informational findings never change the verdict.`,
  'Confirmations quote the text that satisfied a check. They show what was checked and found; they do not offset findings and do not certify anything beyond that check.',
  'An automated review does not replace reading the document: it cannot judge whether the practices described are adequate or followed, only whether the required statements are made where they belong.',
];

export function buildReview(model: DocumentModel, options: ReviewOptions): Review {
  return reviewDocument(model, options).review;
}

/** The review, and the findings it is built from (in document order: the same list as checkDocument), for SARIF. */
export function reviewDocument(model: DocumentModel, options: ReviewOptions): { review: Review; findings: Finding[] } {
  const rules = options.rules ?? builtinRules().rules;
  const overrides = options.severity ?? {};
  const results = options.results ?? evaluateRules(model, rules, { asOf: options.asOf, programs: options.programs, severityOverrides: overrides, patternBudgetMs: options.patternBudgetMs });
  const structural = structuralFindings(model, overrides);
  const checks = structureChecks();
  const outline = referenceOutline();

  type Pending = { f: Finding; kind: FindingKind | 'structure'; result: RuleResult | null; rule: Rule | null };
  const pending: Pending[] = [];
  for (const f of [...structural.findings, ...(options.extraFindings ?? [])]) pending.push({ f, kind: 'structure', result: null, rule: null });
  for (const r of results) for (const x of r.findings) pending.push({ f: x.finding, kind: x.kind, result: r, rule: r.rule });
  pending.sort((a, b) => compareFindings(a.f, b.f));

  const findings: ReviewFinding[] = [];
  const upcomingFindings: ReviewFinding[] = [];
  let n = 0;
  for (const p of pending) {
    const upcoming = p.result?.status === 'upcoming';
    const rule = p.rule;
    const sc = rule ? null : checks.get(p.f.code);
    const citation = citationRef(rule ? rule.source : { ...p.f.source });
    const rf: ReviewFinding = {
      id: '',
      code: p.f.code,
      title: rule?.title ?? sc?.title ?? p.f.code,
      severity: p.f.severity,
      kind: p.kind,
      message: p.f.message,
      line: p.f.range.start.line + 1,
      column: p.f.range.start.character + 1,
      endLine: p.f.range.end.line + 1,
      chapter: chapterOfFinding(model, p.f, rule),
      evidence: evidenceFor(model, p.result, p.f, p.kind),
      impact: (rule?.rationale ?? sc?.rationale ?? '').replace(/\s+/g, ' ').trim(),
      recommendation: rule ? recommendation(rule, p.kind as FindingKind, model, citation.label) : (sc?.advice ?? '').replace(/\s+/g, ' ').trim(),
      citation,
      docs: docUrl(p.f.code),
      ...(upcoming && rule ? { inForceFrom: rule.effective } : {}),
    };
    if (upcoming) upcomingFindings.push(rf);
    else findings.push(rf);
  }
  // Ids in the order the report shows them: chapter by chapter, then by line.
  const byReport = (a: ReviewFinding, b: ReviewFinding) => CHAPTERS.indexOf(a.chapter) - CHAPTERS.indexOf(b.chapter) || a.line - b.line || a.code.localeCompare(b.code);
  findings.sort(byReport);
  upcomingFindings.sort(byReport);
  for (const f of [...findings, ...upcomingFindings]) f.id = `F-${String(++n).padStart(2, '0')}`;

  // Chapters.
  const chapters: ChapterReview[] = CHAPTERS.map((num) => {
    const sec = num === 'front' ? null : model.sections.find((s) => s.number === num && !s.scoped && !s.appendix) ?? null;
    return {
      number: num,
      title: num === 'front' ? 'Title block and document-wide requirements' : sec?.title || outline.byNumber.get(num)?.title || `Chapter ${num}`,
      line: sec ? model.lines.positionAt(sec.headingStart).line + 1 : null,
      present: num === 'front' || !!sec,
      verdict: 'no-issues',
      clauses: [],
      findings: [],
      upcoming: [],
      confirmations: [],
      alsoChecked: [],
    };
  });
  const byNum = new Map(chapters.map((c) => [c.number, c]));
  const chapter = (num: string) => byNum.get(num) ?? byNum.get('front')!;
  if (model.rfc3647) {
    for (const c of chapters) {
      if (c.number === 'front') continue;
      c.clauses.push({ code: 'cps-missing-section', title: 'Every RFC 3647 section of this chapter present, in order, numbered and titled', citation: citationRef(checks.get('cps-missing-section')!.source), status: 'structure' });
    }
  }
  for (const f of findings) chapter(f.chapter).findings.push(f);
  for (const f of upcomingFindings) chapter(f.chapter).upcoming.push(f);
  for (const r of results) {
    const c = chapter(ruleChapter(r.rule));
    const citation = citationRef(r.rule.source);
    if (r.status === 'pass' || r.status === 'fail' || r.status === 'upcoming' || r.status === 'suppressed') c.clauses.push({ code: r.rule.id, title: r.rule.title, citation, status: r.status });
    if (r.status !== 'pass') continue;
    if (r.trace.evidence.length) {
      const quotes = mergeQuotes(r.trace.evidence.map((e) => quoteAt(model, e.start, e.end, e.label)));
      const places = [...new Set(quotes.map((q) => (q.section ? `§${q.section}` : 'the title block')))];
      c.confirmations.push({ code: r.rule.id, title: r.rule.title, statement: `${places.join(' and ')} ${places.length > 1 ? 'state' : 'states'}: ${listText([...new Set(r.trace.evidence.map((e) => e.label))])}.`, quotes, citation, chapter: c.number });
    } else {
      const searched = r.trace.searched.map((s) => (s === 'front' ? 'the title block' : /^[\dA-Z.]+$/.test(s) ? `§${s}` : s));
      const note =
        r.trace.note ??
        (r.rule.check.type === 'forbidden'
          ? `nothing of this kind found${searched.length ? ` in ${searched.join(', ')}` : ''}`
          : r.rule.check.type === 'versioning'
            ? 'the revision history meets the check'
            : 'no finding');
      c.alsoChecked.push({ code: r.rule.id, title: r.rule.title, citation, note });
    }
  }
  for (const c of chapters) c.verdict = c.number === 'front' ? chapterVerdict(true, c.findings, model.rfc3647) : chapterVerdict(c.present, c.findings, model.rfc3647);

  const missingChapters = model.rfc3647 ? chapters.filter((c) => c.number !== 'front' && !c.present).map((c) => c.number) : [];
  const verdict = verdictFor(model.rfc3647, findings, missingChapters);

  // References: every source of a check that ran, plus RFC 3647 for the outline.
  const refs = new Map<string, { document: SourceDocument; version: string; name: string }>();
  const addRef = (d: SourceDocument, v: string) => refs.set(`${d} ${v}`, { document: d, version: v, name: SOURCE_TITLES[d] });
  for (const r of results) if (r.status !== 'not-applicable' && r.status !== 'off' && r.status !== 'retired') addRef(r.rule.source.document, r.rule.source.version);
  for (const c of checks.values()) if (c.source.document !== 'RFC3647') addRef(c.source.document, c.source.version); // RFC 3647 is added once below
  addRef('RFC3647', '(November 2003)');
  const references = [...refs.values()].sort((a, b) => DOC_ORDER.indexOf(a.document) - DOC_ORDER.indexOf(b.document) || a.version.localeCompare(b.version));

  const ran = results.filter((r) => r.status === 'pass' || r.status === 'fail' || r.status === 'suppressed');
  const suppressed = new Map<string, number>(structural.suppressed);
  for (const r of results) if (r.suppressed) suppressed.set(r.rule.id, (suppressed.get(r.rule.id) ?? 0) + r.suppressed);

  const past = options.pastFindings ? recheckPastFindings(model, options.pastFindings, { results, findings: [...findings, ...upcomingFindings], structural: structural.findings, suppressedStructural: structural.suppressed }) : null;

  const review: Review = {
    formatVersion: REVIEW_FORMAT_VERSION,
    tool: { name: 'cpslint', version: options.toolVersion ?? '0.0.0' },
    document: {
      file: options.file,
      title: model.metadata.title,
      version: model.metadata.version,
      date: model.metadata.date,
      ca: caName(model),
      lines: model.lines.lineCount,
      rfc3647: model.rfc3647,
    },
    asOf: options.asOf,
    programs: [...options.programs],
    references,
    overrides: Object.entries(overrides).map(([code, severity]) => ({ code, severity })),
    verdict,
    counts: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
      // The set-* checks run only for a document reviewed in its policy set (extraFindings).
      checksRun: ran.length + (model.rfc3647 ? [...checks.keys()].filter((k) => !k.startsWith('set-') || options.extraFindings !== undefined).length : 0),
      checksPassed: results.filter((r) => r.status === 'pass').length,
      checksFailed: results.filter((r) => r.status === 'fail').length,
      upcoming: results.filter((r) => r.status === 'upcoming').length,
      notApplicable: results.filter((r) => r.status === 'not-applicable').length,
      suppressedFindings: [...suppressed.values()].reduce((a, b) => a + b, 0),
    },
    highPriority: CHAPTERS.flatMap((num) => chapter(num).findings.filter((f) => f.severity === 'error').map((f) => f.id)),
    findings: [...findings, ...upcomingFindings],
    chapters,
    pastFindings: past,
    notRun: results
      .filter((r) => r.status === 'not-applicable' || r.status === 'off' || r.status === 'retired')
      .map((r) => ({ code: r.rule.id, title: r.rule.title, status: r.status, note: r.trace.note ?? '' })),
    suppressed: [...suppressed.entries()].map(([code, count]) => ({ code, count })),
    method: REVIEW_METHOD,
  };
  return { review, findings: pending.map((p) => p.f) };
}
