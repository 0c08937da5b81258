/**
 * Policy sets: a Certificate Policy checked together with the Certification Practice Statement(s)
 * that implement it. Pure: (documents, rules, options) -> findings per document.
 *
 * Each document is evaluated alone first (exactly as `checkDocument` does); then, rule by rule, the
 * set is read as one policy:
 * - `in: either` (the default): a commitment the CPS lacks but its CP states counts as met when the
 *   CPS names the CP (by title or policy OID); the CPS gets an info finding that says where ("stated
 *   in the CP §4.9.3 …, incorporated by this CPS §1.1"). A CPS that does not name its CP keeps its
 *   finding, with a note that the CP's statement does not carry over. The CP's own finding is left
 *   to the CPS(s) that ran the same rule (one report per requirement, in the practice statement).
 * - `in: cps`: the statement must be in the CPS; the CP is not asked for it, and a CPS finding gets a
 *   note when only the CP states it.
 * - `in: cp`: the statement must be in the CP; a CPS is not asked for it, and the CP's finding gets a
 *   note when only a CPS states it.
 * Set-level checks: the CPS names its CP; a CP version the CPS cites is the CP's version; a CP
 * dated after the CPS is noted.
 */
import type { DocumentModel, Section } from './model';
import type { Finding, Severity } from './findings';
import type { Rule, DocKind } from './rules/types';
import { sectionAt } from './model';
import { builtinRules } from './rules/builtin';
import { fitTextCaches } from './text-cache';
import { prefilterFor } from './rules/prefilter';
import { evaluateRules, type RuleResult } from './rules/run';
import { structuralFindings, sortFindings } from './check';
import { structureChecks } from './structure';
import { dedupeFindings } from './rules/pipeline/findings';
import { documentKindsWithReason, sectionName } from './rules/locate';
import { DOC_NAMES } from './rules/pipeline/context';
import { quoteAt } from './review/build';

export type SetRole = 'cp' | 'cps';

export interface SetDocument {
  /** File name or path, as shown in messages. */
  file: string;
  model: DocumentModel;
  role: SetRole;
}

export interface PolicySet {
  name: string;
  cp: SetDocument;
  cps: SetDocument[];
}

export interface SetCheckOptions {
  asOf: string;
  programs: string[];
  severity?: Record<string, Severity | 'off'>;
  rules?: Rule[];
  /** Milliseconds the workspace packs' patterns may run in all, per document (limits.ts patternBudgetMs). */
  patternBudgetMs?: number;
}

/** Where a CPS names its CP. */
export interface Incorporation {
  /** How: 'title' or 'oid'. */
  by: 'title' | 'oid';
  /** The words that name it (the title or the OID). */
  text: string;
  start: number;
  end: number;
  section: Section | null;
}

export interface SetDocumentResult {
  file: string;
  role: SetRole;
  model: DocumentModel;
  /** Rule results after reading the set (what the review is built from). */
  results: RuleResult[];
  /** Every finding of the document: structure, rules (read in the set), set-level checks. */
  findings: Finding[];
  /** Set-level findings only (also in `findings`). */
  setFindings: Finding[];
  /** For a CPS: where it names its CP (null when it does not). */
  incorporation: Incorporation | null;
}

export interface SetResult {
  name: string;
  documents: SetDocumentResult[];
}

const COMMITMENT_KINDS = new Set(['missing', 'partial', 'misplaced']);

/** The CABF and other shared arcs: citing one does not name a CA's own policy. */
const SHARED_OID = /^(?:2\.23\.140|1\.3\.6\.1\.5\.5\.7|2\.5\.29|1\.2\.840|0\.4\.0)\b/;
const OID = /\b[0-2](?:\.\d{1,9}){3,}\b/g;

/** The policy OIDs a CP defines: dotted OIDs of its own arc in §1.2 (else anywhere before chapter 2). */
export function policyOids(model: DocumentModel): string[] {
  const s12 = model.all.find((s) => s.number === '1.2');
  const text = s12 ? model.text.slice(s12.headingStart, s12.end) : model.text.slice(0, model.sections.find((s) => s.number === '2')?.headingStart ?? Math.min(model.text.length, 20000));
  const out = new Set<string>();
  for (const m of text.matchAll(OID)) if (!SHARED_OID.test(m[0])) out.add(m[0]);
  return [...out];
}

function norm(s: string): string {
  return s
    .replace(/[*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A CP's title without a trailing version/date ("… Certificate Policy, Version 2.1"). */
function coreTitle(title: string): string {
  return title
    .replace(/[\s,–—-]*\(?\b(?:version|v\.?|rev(?:ision)?\.?)\s*\d[\w.]*\)?\s*$/i, '')
    .replace(/^the\s+/i, '')
    .trim();
}

/** Where `cps` names `cp`: its title (case-insensitive, markup ignored) or one of its policy OIDs. */
export function findIncorporation(cps: DocumentModel, cp: DocumentModel): Incorporation | null {
  const title = cp.metadata.title ? coreTitle(cp.metadata.title.replace(/\s+/g, ' ')) : '';
  const text = cps.text;
  // Skip the CPS's own title block: naming the CP there is a title, not an incorporation, but it
  // still names it, so it counts; the first mention wins.
  const hits: Incorporation[] = [];
  if (title.length >= 12) {
    const words = title.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const re = new RegExp(words.join('[\\s*_`]+'), 'i');
    const m = re.exec(text);
    if (m) hits.push({ by: 'title', text: title, start: m.index, end: m.index + m[0].length, section: sectionAt(cps, m.index) ?? null });
  }
  for (const oid of policyOids(cp)) {
    const re = new RegExp(`(?<![\\d.])${oid.replace(/\./g, '\\.')}(?![\\d]|\\.\\d)`);
    const m = re.exec(text);
    if (m) hits.push({ by: 'oid', text: oid, start: m.index, end: m.index + m[0].length, section: sectionAt(cps, m.index) ?? null });
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0] ?? null;
}

/** The document type a member is checked as: its role, unless its title says it is a combined CP/CPS. */
function kindsFor(doc: SetDocument): DocKind[] {
  const detected = documentKindsWithReason(doc.model).kinds;
  const title = doc.model.metadata.title ?? '';
  const combined = detected.has('CP/CPS') && /\bCP\s*\/\s*CPS\b|polic(?:y|ies)\s+and\s+(?:certification\s+)?practices?\s+statement/i.test(title);
  const type: DocKind = combined ? 'CP/CPS' : doc.role === 'cp' ? 'CP' : 'CPS';
  return [type, ...[...detected].filter((k) => k === 'TLS' || k === 'S/MIME' || k === 'code-signing')];
}

function where(model: DocumentModel, s: Section | null | undefined): string {
  return s ? sectionName(s) : 'the title block';
}

function lineOf(model: DocumentModel, offset: number): number {
  return model.lines.positionAt(offset).line + 1;
}

/** "stated in the CP §4.9.3 ("…")" from a passing result's first evidence. */
function statedIn(label: string, doc: SetDocumentResult, r: RuleResult): string {
  const ev = r.trace.evidence[0];
  if (!ev) return `met in the ${label}`;
  const q = quoteAt(doc.model, ev.start, ev.end);
  const text = q.text.length > 160 ? `${q.text.slice(0, 157).replace(/\s+\S*$/, '')} …` : q.text;
  return `stated in the ${label} ${where(doc.model, sectionAt(doc.model, ev.start))} (${doc.file}, line ${q.line}: "${text}")`;
}

function docName(rule: Rule): string {
  return DOC_NAMES[rule.source.document] ?? rule.source.document;
}

function withNote(f: Finding, note: string): Finding {
  return { ...f, message: `${f.message.replace(/\s+$/, '')} ${note}` };
}

/** A set-level finding; its severity and source are the check's in rules/structure.yaml (set-*). */
function setFinding(model: DocumentModel, code: 'set-cps-names-cp' | 'set-cp-version' | 'set-cp-newer', message: string, start: number, end: number): Finding {
  const c = structureChecks().get(code)!;
  return { code, severity: c.severity, message, range: model.lines.range(start, end), source: { ...c.source }, fixes: [] };
}

function titleSpan(model: DocumentModel): { start: number; end: number } {
  const t = model.metadata.title;
  const at = t ? model.text.indexOf(t) : -1;
  if (at >= 0) return { start: at, end: at + t!.length };
  const nl = model.text.indexOf('\n');
  return { start: 0, end: nl < 0 ? model.text.length : nl };
}

/** The CP version a CPS cites ("… Certificate Policy, version 2.0", "CP v2.0"), with its place. */
function citedCpVersion(cps: DocumentModel, inc: Incorporation | null): { version: string; start: number; end: number } | null {
  const re = /\b(?:certificate\s+policy|CP)\b[^.\n]{0,80}?\b(?:version|v\.?)\s*(\d+(?:\.\d+)*)/gi;
  const from = inc ? Math.max(0, inc.start - 200) : 0;
  const text = cps.text;
  re.lastIndex = from;
  const m = re.exec(text) ?? (from ? ((re.lastIndex = 0), re.exec(text)) : null);
  if (!m) return null;
  const vAt = m.index + m[0].lastIndexOf(m[1]);
  return { version: m[1], start: vAt, end: vAt + m[1].length };
}

function versionKey(v: string): string {
  return v.replace(/^v/i, '').replace(/(\.0)+$/, '');
}

/** Set-level findings for one CPS: does it name its CP, is the CP version it cites the CP's, is the CP newer. */
function setChecks(cps: SetDocument, cp: SetDocument, inc: Incorporation | null): Finding[] {
  const out: Finding[] = [];
  const model = cps.model;
  const t = titleSpan(model);
  const cpTitle = cp.model.metadata.title;
  const oids = policyOids(cp.model);
  if (!inc) {
    const by = [cpTitle ? `by its title ("${coreTitle(cpTitle)}")` : '', oids.length ? `by a policy OID it defines (${oids.slice(0, 3).join(', ')})` : ''].filter(Boolean).join(' or ');
    out.push(
      setFinding(
        model,
        'set-cps-names-cp',
        `This CPS does not name the CP of its policy set (${cp.file}) ${by || 'by title or policy OID'}, so the CP's statements are not counted for it. Say in §1.1 or §1.2 which CP this CPS implements.`,
        t.start,
        t.end,
      ),
    );
  }
  const cited = citedCpVersion(model, inc);
  const cpVersion = cp.model.metadata.version;
  if (cited && cpVersion && versionKey(cited.version) !== versionKey(cpVersion)) {
    out.push(
      setFinding(model, 'set-cp-version', `This CPS cites version ${cited.version} of its CP, but ${cp.file} is version ${cpVersion}. Update the reference, or check the set: the CPS may implement an older CP.`, cited.start, cited.end),
    );
  }
  const cpDate = cp.model.metadata.date;
  const cpsDate = model.metadata.date;
  if (cpDate && cpsDate && /^\d{4}-\d{2}-\d{2}$/.test(cpDate) && /^\d{4}-\d{2}-\d{2}$/.test(cpsDate) && cpDate > cpsDate) {
    out.push(setFinding(model, 'set-cp-newer', `The CP (${cp.file}) is dated ${cpDate}, after this CPS (${cpsDate}): check that the CPS still implements the current CP.`, t.start, t.end));
  }
  return out;
}

function ruleFindings(r: RuleResult): Finding[] {
  return r.findings.map((x) => x.finding);
}

/**
 * Check a policy set. Each document's structural findings are its own; rule findings are read
 * across the set as described above; set-level findings are added to each CPS.
 */
export function checkPolicySet(set: PolicySet, options: SetCheckOptions & { only?: DocumentModel }): SetResult {
  const rules = options.rules ?? builtinRules().rules;
  // Only the results one document needs (the editor checks one document at a time): a CPS reads
  // its CP; the CP reads every CPS.
  const only = options.only ? [set.cp, ...set.cps].find((d) => d.model === options.only) : undefined;
  const members = only ? (only.role === 'cp' ? [set.cp, ...set.cps] : [set.cp, only]) : [set.cp, ...set.cps];
  const chars = members.reduce((n, d) => n + d.model.text.length, 0);
  fitTextCaches(chars);
  prefilterFor(chars);
  const evaluated: SetDocumentResult[] = members.map((d) => ({
    file: d.file,
    role: d.role,
    model: d.model,
    results: evaluateRules(d.model, rules, { asOf: options.asOf, programs: options.programs, severityOverrides: options.severity, patternBudgetMs: options.patternBudgetMs, kinds: kindsFor(d), kindsFrom: `its place in the policy set "${set.name}" (the ${d.role === 'cp' ? 'CP' : 'CPS'})` }),
    findings: [],
    setFindings: [],
    incorporation: d.role === 'cps' ? findIncorporation(d.model, set.cp.model) : null,
  }));
  const cp = evaluated[0];
  const cpss = evaluated.slice(1);
  const byRule = (doc: SetDocumentResult, id: string) => doc.results.find((r) => r.rule.id === id) ?? null;
  // Whether a document states what a rule asks, read as a combined CP/CPS (a CP is not asked for a
  // CPS-only statement, but when it makes one the CPS's finding says so).
  const probes = new Map<string, RuleResult | null>();
  const probe = (doc: SetDocumentResult, rule: Rule): RuleResult | null => {
    const own = byRule(doc, rule.id);
    if (own && own.status !== 'not-applicable') return own;
    const key = `${doc.file}\u0000${rule.id}`;
    if (!probes.has(key)) {
      const purposes = kindsFor(members.find((m) => m.model === doc.model)!).filter((k) => k !== 'CP' && k !== 'CPS' && k !== 'CP/CPS');
      probes.set(key, evaluateRules(doc.model, [rule], { asOf: options.asOf, programs: options.programs, severityOverrides: options.severity, kinds: ['CP/CPS', ...purposes] })[0] ?? null);
    }
    return probes.get(key)!;
  };
  const ran = (r: RuleResult | null) => !!r && (r.status === 'pass' || r.status === 'fail' || r.status === 'suppressed' || r.status === 'upcoming');
  const unmet = (r: RuleResult) => r.findings.some((x) => COMMITMENT_KINDS.has(x.kind));
  const passes = (r: RuleResult | null): r is RuleResult => !!r && r.status === 'pass' && r.rule.check.type === 'commitment';

  const adjusted = new Map<SetDocumentResult, RuleResult[]>();
  for (const doc of evaluated) {
    adjusted.set(
      doc,
      doc.results.map((r) => {
        if (r.status === 'not-applicable' && r.findings.some((x) => x.kind === 'not-applied')) {
          // Not for this kind of document, but another document of the set ran it: the set is covered.
          const by = evaluated.filter((o) => o !== doc && ran(byRule(o, r.rule.id)));
          if (by.length) return { ...r, deferred: true, findings: [], trace: { ...r.trace, note: `checked in ${by.map((o) => o.file).join(', ')}, the set's ${by[0].role === 'cp' ? 'CP' : 'CPS'}` } };
          return r;
        }
        if (r.rule.check.type !== 'commitment' || !unmet(r)) return r;
        const at = r.rule.in ?? 'either';
        const others = doc.role === 'cps' ? [cp] : cpss;
        const otherRuns = others.map((o) => byRule(o, r.rule.id));
        const keep = r.findings.filter((x) => !COMMITMENT_KINDS.has(x.kind));
        const commit = r.findings.filter((x) => COMMITMENT_KINDS.has(x.kind));
        if (doc.role === 'cp') {
          // The CP's gap is reported by the CPS(s) that ran the rule, unless the rule wants it in the CP.
          if (at !== 'cp' && otherRuns.some(ran)) {
            const note = `left to the CPS of the set (${cpss.filter((_, i) => ran(otherRuns[i])).map((o) => o.file).join(', ')})${at === 'cps' ? `: ${docName(r.rule)} asks for this in the CPS or combined CP/CPS` : ''}`;
            return { ...r, deferred: true, status: keep.length ? r.status : 'pass', findings: keep, trace: { ...r.trace, note } };
          }
          if (at === 'cp') {
            const probed = cpss.map((o) => probe(o, r.rule));
            const i = probed.findIndex(passes);
            if (i >= 0) {
              const note = `The CPS ${statedIn('CPS', cpss[i], probed[i]!).replace(/^stated in the CPS /, 'states it in ')}, but ${docName(r.rule)} asks for it in the CP or combined CP/CPS.`;
              return { ...r, findings: [...keep, ...commit.map((x) => ({ ...x, finding: withNote(x.finding, note) }))] };
            }
          }
          return r;
        }
        // A CPS.
        const cpRun = at === 'cps' ? probe(cp, r.rule) : otherRuns[0];
        if (at === 'cp') {
          return { ...r, deferred: true, status: keep.length ? r.status : 'pass', findings: keep, trace: { ...r.trace, note: `asked of the CP (${cp.file}): ${docName(r.rule)} wants it in the CP or combined CP/CPS` } };
        }
        if (!passes(cpRun)) return r;
        const stated = statedIn('CP', cp, cpRun);
        if (at === 'cps') {
          const note = `The CP ${stated.replace(/^stated in the CP /, 'states it in ')}, but ${docName(r.rule)} ${r.rule.source.document === 'BR' ? 'ask' : 'asks'} for it in the CPS or combined CP/CPS.`;
          return { ...r, findings: [...keep, ...commit.map((x) => ({ ...x, finding: withNote(x.finding, note) }))] };
        }
        if (!doc.incorporation) {
          const note = `The CP ${stated.replace(/^stated in the CP /, 'states it in ')}, but this CPS does not name the CP, so that statement does not carry over.`;
          return { ...r, findings: [...keep, ...commit.map((x) => ({ ...x, finding: withNote(x.finding, note) }))] };
        }
        const inc = doc.incorporation;
        const incWhere = `${where(doc.model, inc.section)}, line ${lineOf(doc.model, inc.start)}`;
        const message = `Met in the policy set: ${stated}, incorporated by this CPS, which names the CP ${inc.by === 'oid' ? `by its policy OID ${inc.text}` : 'by its title'} in ${incWhere}.`;
        const first = commit[0].finding;
        const info: Finding = { code: first.code, severity: 'info', message, range: first.range, source: first.source, fixes: [] };
        const ev = cpRun.trace.evidence[0];
        return { ...r, ...(ev ? { metBy: { file: cp.file, start: ev.start, end: ev.end } } : {}), status: keep.length ? r.status : 'pass', findings: [...keep, { finding: info, kind: 'in-set' }], trace: { ...r.trace, note: message.replace(/^Met in the policy set: /, '').replace(/\.$/, '') } };
      }),
    );
  }

  for (const doc of evaluated) {
    if (only && doc.model !== only.model) continue;
    const results = adjusted.get(doc)!;
    const member = members.find((m) => m.model === doc.model)!;
    const setFindings = doc.role === 'cps' ? setChecks(member, set.cp, doc.incorporation) : [];
    const overrides = options.severity ?? {};
    const shownSet = setFindings.filter((f) => overrides[f.code] !== 'off').map((f) => (overrides[f.code] && overrides[f.code] !== 'off' ? { ...f, severity: overrides[f.code] as Severity } : f));
    doc.results = results;
    doc.setFindings = shownSet;
    doc.findings = dedupeFindings(sortFindings([...structuralFindings(doc.model, overrides).findings, ...results.flatMap(ruleFindings), ...shownSet]));
  }
  return { name: set.name, documents: only ? evaluated.filter((d) => d.model === only.model) : evaluated };
}

/** The document type a lone document was detected as, for grouping files into a set. */
export function detectedRole(model: DocumentModel): SetRole | 'cp/cps' {
  const k = documentKindsWithReason(model).kinds;
  return k.has('CP') ? 'cp' : k.has('CPS') ? 'cps' : 'cp/cps';
}

/**
 * Sets found in a group of documents: each CPS that names a CP of the group by title or policy
 * OID joins that CP's set (named after the CP's file). Documents in no set are left out.
 */
export function detectSets(docs: { file: string; model: DocumentModel }[]): PolicySet[] {
  const cps = docs.filter((d) => detectedRole(d.model) === 'cp');
  const out = new Map<string, PolicySet>();
  for (const d of docs) {
    if (detectedRole(d.model) !== 'cps') continue;
    const hit = cps.find((c) => findIncorporation(d.model, c.model));
    if (!hit) continue;
    let s = out.get(hit.file);
    if (!s) out.set(hit.file, (s = { name: hit.file, cp: { file: hit.file, model: hit.model, role: 'cp' }, cps: [] }));
    s.cps.push({ file: d.file, model: d.model, role: 'cps' });
  }
  return [...out.values()];
}
