/**
 * Running commitment rules over a parsed CP/CPS. Pure: (model, rules, options) -> findings.
 */
import type { DocumentModel, Section } from '../model';
import { sectionAt } from '../model';
import type { Finding, Fix, Severity } from '../findings';
import type { AnyOf, CommitmentCheck, Contradiction, DocKind, EvidencePart, ForbiddenCheck, Limit, Rule, RunOptions, Scope } from './types';
import { TextUnit, sectionUnits, frontUnits, documentUnits, ownUnits, unitRange, sentenceAt, withLead } from './extract';
import { findAll, anyMatch, isNegated, quantities, counts, sameFamily, toBase, formatQuantity, type Match, type Quantity } from './patterns';
import { locateSection, within, sectionName, caName, documentKinds, isEnglish, suppressions, isSuppressed, type Suppressions } from './locate';
import { eolOf, insertionFix, renderFixText, suppressFileFix, suppressSectionFix } from './fixes';
import { versioningIssues } from './versioning';
import { overriddenByNumbering, headingIsLocalNumber, sectionsNamingMethod } from './numbering';

const DOC_TYPES: DocKind[] = ['CP', 'CPS', 'CP/CPS'];
const PURPOSES: DocKind[] = ['TLS', 'S/MIME', 'code-signing'];
const SEVERITY_ORDER: Severity[] = ['info', 'warning', 'error'];

function weaker(s: Severity): Severity {
  return SEVERITY_ORDER[Math.max(0, SEVERITY_ORDER.indexOf(s) - 1)];
}

const DOC_NAMES: Record<string, string> = { BR: 'The Baseline Requirements', MRSP: "Mozilla's policy", CCADB: 'The CCADB Policy', CRP: "Chrome's policy", EVG: 'The EV Guidelines', RFC3647: 'RFC 3647' };

interface Raw {
  kind: 'missing' | 'partial' | 'misplaced' | 'contradiction' | 'limit' | 'event' | 'claim' | 'versioning';
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Sections a suppression comment may sit in for this finding. */
  anchors: Section[];
  /** Section that receives "suppress for this section". */
  home: Section | null;
  related?: { start: number; end: number; message: string }[];
  withFix: boolean;
  /** Already downgraded for a future date (no further gating). */
  dated?: boolean;
}

interface Evidence {
  unit: TextUnit | null;
  start: number;
  end: number;
  section: Section | null;
  /** Another span that is part of the evidence (section scope: the last group's match). */
  also?: { start: number; end: number };
}

/** Per-document state shared by all rules. */
class Context {
  private _ca: string | null | undefined;
  private _english: boolean | undefined;
  private _sup: Suppressions | undefined;
  readonly kinds: Set<DocKind>;
  /** What the rule being evaluated looked at; filled only when results are requested (the review). */
  trace: RuleTrace | null = null;
  constructor(
    readonly model: DocumentModel,
    readonly options: RunOptions,
  ) {
    const k = new Set<DocKind>((options.kinds as DocKind[] | undefined) ?? [...documentKinds(model)]);
    if (!DOC_TYPES.some((d) => k.has(d))) k.add('CP/CPS');
    if (!PURPOSES.some((p) => k.has(p))) k.add('TLS');
    this.kinds = k;
  }
  get asOf(): string {
    return this.options.asOf;
  }
  get ca(): string | null {
    if (this._ca === undefined) this._ca = caName(this.model);
    return this._ca;
  }
  get english(): boolean {
    if (this._english === undefined) this._english = isEnglish(this.model);
    return this._english;
  }
  get sup(): Suppressions {
    if (!this._sup) this._sup = suppressions(this.model);
    return this._sup;
  }
}

function applies(rule: Rule, ctx: Context): boolean {
  if (!rule.programs.includes('all') && !rule.programs.some((p) => ctx.options.programs.includes(p))) return false;
  const types = rule.kinds.filter((k) => DOC_TYPES.includes(k));
  const purposes = rule.kinds.filter((k) => PURPOSES.includes(k));
  if (types.length && !types.some((k) => ctx.kinds.has(k))) return false;
  if (purposes.length && !purposes.some((k) => ctx.kinds.has(k))) return false;
  return true;
}

function severityAt(rule: Rule, asOf: string): Severity {
  let s = rule.severity;
  for (const e of [...rule.escalate].sort((a, b) => (a.from < b.from ? -1 : 1))) if (e.from <= asOf) s = e.severity;
  return s;
}

// -----------------------------------------------------------------------------------------------
// Targets

interface Targets {
  sections: Section[];
  /** Numbers of target sections not in the document. */
  missing: string[];
  front: boolean;
  units: TextUnit[];
}

function targetsFor(ctx: Context, numbers: string[], deep: boolean, includeHistory: boolean): Targets {
  const sections: Section[] = [];
  const missing: string[] = [];
  let front = false;
  for (const n of numbers) {
    if (n === 'front') {
      front = true;
      continue;
    }
    const s = locateSection(ctx.model, n);
    if (s) {
      if (!sections.some((x) => within(s, x))) sections.push(s);
    } else missing.push(n);
  }
  const seen = new Set<TextUnit>();
  const units: TextUnit[] = [];
  const add = (list: TextUnit[]) => {
    for (const u of list) if (!seen.has(u)) (seen.add(u), units.push(u));
  };
  if (front) add(frontUnits(ctx.model, { includeHistory }));
  for (const s of sections) add(sectionUnits(ctx.model, s, deep, { includeHistory }));
  return { sections, missing, front, units };
}

/** Units outside the targets, excluding definitions and references (1.6). */
function elsewhereUnits(ctx: Context, t: Targets, includeHistory: boolean): TextUnit[] {
  const inTarget = new Set(t.units);
  const defs = locateSection(ctx.model, '1.6');
  return documentUnits(ctx.model, { includeHistory }).filter((u) => !inTarget.has(u) && !(defs && u.section && within(u.section, defs)));
}

// -----------------------------------------------------------------------------------------------
// Matching

function polarOk(text: string, m: Match, polarity: 'positive' | 'negative' | 'any', neg?: AnyOf): boolean {
  if (polarity === 'any') return true;
  const n = isNegated(text, m.start, m.end, neg);
  return polarity === 'positive' ? !n : n;
}

/** Matches of every group within [from, to) honouring polarity; null when a group is absent. */
function groupMatches(groups: AnyOf[], unless: AnyOf[], polarity: 'positive' | 'negative' | 'any', text: string, from: number, to: number, neg?: AnyOf): Match[] | null {
  if (unless.some((g) => anyMatch(g, text, from, to))) return null;
  const chosen: Match[] = [];
  let negatedSeen = false;
  for (const g of groups) {
    const ms = findAll(g, text, from, to);
    if (!ms.length) return null;
    if (polarity === 'negative') {
      const n = ms.find((m) => isNegated(text, m.start, m.end, neg));
      if (n) negatedSeen = true;
      chosen.push(n ?? ms[0]);
      continue;
    }
    const ok = ms.find((m) => polarOk(text, m, polarity, neg));
    if (!ok) return null;
    chosen.push(ok);
  }
  if (polarity === 'negative' && !negatedSeen) return null;
  return chosen;
}

function scopes(u: TextUnit, scope: Scope): Match[] {
  return scope === 'sentence' ? u.sentences : [{ start: 0, end: u.text.length }];
}

function evidenceFrom(u: TextUnit, ms: Match[]): Evidence {
  const s = Math.min(...ms.map((m) => m.start));
  const e = Math.max(...ms.map((m) => m.end));
  const r = unitRange(u, s, e);
  return { unit: u, start: r.start, end: r.end, section: u.section };
}

function findEvidence(groups: AnyOf[], unless: AnyOf[], polarity: EvidencePart['polarity'], scope: Scope, units: TextUnit[], neg?: AnyOf): Evidence | null {
  if (!groups.length) return null;
  if (scope === 'section') {
    // Each group anywhere among the units (of one section subtree — the caller passes them).
    if (unless.length && units.some((u) => unless.some((g) => anyMatch(g, u.text)))) return null;
    let first: Evidence | null = null;
    let last: Evidence | null = null;
    let negatedSeen = false;
    for (const g of groups) {
      let found: Evidence | null = null;
      for (const u of units) {
        const ms = findAll(g, u.text).filter((m) => (polarity === 'negative' ? true : polarOk(u.text, m, polarity, neg)));
        if (!ms.length) continue;
        if (polarity === 'negative' && ms.some((m) => isNegated(u.text, m.start, m.end, neg))) negatedSeen = true;
        found = evidenceFrom(u, [ms[0]]);
        break;
      }
      if (!found) return null;
      first = first ?? found;
      last = found;
    }
    if (polarity === 'negative' && !negatedSeen) return null;
    // The diagnostic points at the first group's match; the review also quotes the last group's (often the specific part).
    return first && last && last !== first && (last.start >= first.end || last.end <= first.start) ? { ...first, also: { start: last.start, end: last.end } } : first;
  }
  for (const u of units) {
    for (const sc of scopes(u, scope)) {
      const ms = groupMatches(groups, unless, polarity, u.text, sc.start, sc.end, neg);
      if (ms) return evidenceFrom(u, ms);
    }
  }
  // List items together with the sentence that introduces the list.
  for (const u0 of units) {
    const u = withLead(u0);
    if (!u) continue;
    for (const sc of scopes(u, scope)) {
      if (sc.end <= u0.lead!.text.length) continue;
      const ms = groupMatches(groups, unless, polarity, u.text, sc.start, sc.end, neg);
      if (ms) return evidenceFrom(u, ms);
    }
  }
  return null;
}

const DENIAL_BODY = /^(?:no\s+stipulations?|not\s+applicable|n\/a|not\s+used|reserved|retired|\[?retired\]?|void|intentionally\s+(?:left\s+)?blank|this\s+method\s+is\s+not)/i;

/** Subsections numbered like `re` (within `roots`) whose own body states something positive. */
function headingEvidence(ctx: Context, re: RegExp, roots: Section[], neg?: AnyOf): Evidence[] {
  const out: Evidence[] = [];
  const visit = (s: Section) => {
    if (s.number && re.test(s.number)) {
      const units = ownUnits(ctx.model, s);
      const first = units[0];
      const sent = first ? first.text.slice(first.sentences[0]?.start ?? 0, first.sentences[0]?.end ?? first.text.length) : '';
      const denied =
        /\b(?:not|never|no\s+longer)\b|n't\b/i.test(sent) && /\b(?:method|use[sd]?|rel(?:y|ies|ied)|perform(?:s|ed)?|offer(?:s|ed)?|support(?:s|ed)?|employ(?:s|ed)?)\b/i.test(sent);
      const positive = !!first && !DENIAL_BODY.test(first.text) && !denied && !(neg && anyMatch(neg, sent));
      if (positive) out.push({ unit: null, start: s.numberStart, end: s.numberEnd, section: s });
    }
    for (const c of s.children) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}

function partEvidence(ctx: Context, part: EvidencePart, units: TextUnit[], roots: Section[], neg?: AnyOf): Evidence | null {
  if (part.scope === 'section') {
    // Section scope: all groups within one target section subtree (or the title block).
    const bySection = new Map<Section | null, TextUnit[]>();
    for (const u of units) {
      const root = roots.find((r) => u.section && within(u.section, r)) ?? null;
      const list = bySection.get(root) ?? [];
      list.push(u);
      bySection.set(root, list);
    }
    for (const list of bySection.values()) {
      const ev = findEvidence(part.all, part.unless, part.polarity, 'section', list, neg);
      if (ev) return ev;
    }
  } else {
    const ev = findEvidence(part.all, part.unless, part.polarity, part.scope, units, neg);
    if (ev) return ev;
  }
  if (part.headingNumber) return headingEvidence(ctx, part.headingNumber, roots, neg)[0] ?? null;
  return null;
}

/** Sections of this document that `units` point to ("see Section 7.1"), not references into other documents. */
const XREF =
  /\b(?:see|refer to|(?:as\s+)?(?:indicated|stated|outlined|explained|established|documented|contained|given)\s+in|pursuant to|according to|described in|detailed in|specified in|set out in|set forth in|defined in|covered in|found in|listed in|provided in|in accordance with|as per|per|under)\s+(?:the\s+)?(?:sections?|§|chapters?|paragraphs?|par\.|clauses?)\s*(\d{1,2}(?:\.\d{1,3})*)(?![.\d]*\d)/gi;
const APPENDIX_REF = /\b(?:appendix|annex)\s+([A-Z]|\d{1,2})\b/gi;
const FOREIGN = /^[^.;]{0,30}?\b(?:of|in)\s+(?:the\s+)?(?:CA\/Browser Forum'?s?\s+)?(?:Baseline Requirements|BRs?|TLS BRs?|EV Guidelines|EVG|RFC|Mozilla|Chrome|CCADB|Network|Microsoft|Apple|S\/MIME|NCSSR|ETSI|WebTrust)/i;

function referencedSections(ctx: Context, units: TextUnit[]): Section[] {
  const out: Section[] = [];
  for (const u of units) {
    XREF.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = XREF.exec(u.text))) {
      if (FOREIGN.test(u.text.slice(m.index + m[0].length))) continue;
      const s = ctx.model.all.find((x) => x.number === m![1] && !x.scoped && !x.appendix);
      if (s && !out.includes(s)) out.push(s);
    }
    APPENDIX_REF.lastIndex = 0;
    while ((m = APPENDIX_REF.exec(u.text))) {
      const id = m[1].toUpperCase();
      const s = ctx.model.all.find((x) => (x.appendix && x.number === id) || new RegExp(`^(?:appendix|annex)\\s+${id}\\b`, 'i').test(x.title));
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------
// Commitment rules

function headingAnchor(ctx: Context, t: Targets, numbers: string[]): { start: number; end: number; section: Section | null; missingNote: string } {
  const model = ctx.model;
  const lineEnd = (off: number) => model.lines.lineEnd(model.lines.positionAt(off).line);
  const primary = numbers.find((n) => n !== 'front');
  const s = primary ? locateSection(model, primary) : null;
  if (s) return { start: s.numberStart, end: lineEnd(s.headingStart), section: s, missingNote: '' };
  if (t.sections[0]) return { start: t.sections[0].numberStart, end: lineEnd(t.sections[0].headingStart), section: t.sections[0], missingNote: '' };
  if (primary) {
    const parts = primary.split('.');
    for (let i = parts.length - 1; i >= 1; i--) {
      const a = locateSection(model, parts.slice(0, i).join('.'));
      if (a) return { start: a.numberStart, end: lineEnd(a.headingStart), section: a, missingNote: `§${primary} is missing. ` };
    }
    const first = model.all[0];
    return first
      ? { start: first.headingStart, end: lineEnd(first.headingStart), section: null, missingNote: `§${primary} is missing. ` }
      : { start: 0, end: lineEnd(0), section: null, missingNote: `§${primary} is missing. ` };
  }
  const first = model.all[0];
  return { start: first ? first.headingStart : 0, end: first ? lineEnd(first.headingStart) : lineEnd(0), section: null, missingNote: '' };
}

/** Where the rule expects the text, naming the document's own section when its number differs. */
function expectedWhere(rule: Rule, t: Targets): string {
  const located = t.sections[0];
  const canonical = rule.sections.find((n) => n !== 'front');
  if (located && canonical && located.number !== canonical) return `${sectionName(located)} ("${located.title}", RFC 3647 §${canonical})`;
  return targetLabel(rule);
}

function targetLabel(rule: Rule): string {
  const nums = rule.sections.map((n) => (n === 'front' ? 'the title block' : `§${n}`));
  return nums.length <= 2 ? nums.join(' or ') : `${nums.slice(0, -1).join(', ')} or ${nums[nums.length - 1]}`;
}

function listLabels(labels: string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join('; ')}; and ${labels[labels.length - 1]}`;
}

function evalCommitment(rule: Rule, check: CommitmentCheck, ctx: Context): Raw[] {
  const out: Raw[] = [];
  const model = ctx.model;
  const asOf = ctx.asOf;
  const neg = check.negations;
  const all = documentUnits(model, { includeHistory: check.includeHistory });
  if (check.notApplicableIf.length && all.some((u) => check.notApplicableIf.some((g) => anyMatch(g, u.text)))) {
    if (ctx.trace) (ctx.trace.applicable = false), (ctx.trace.note = `does not apply: the document mentions ${check.notApplicableIf.map((g) => g.terms[0]).join(' / ')}`);
    return out;
  }
  if (check.appliesIf.length && !all.some((u) => check.appliesIf.some((g) => findAll(g, u.text).some((m) => !isNegated(u.text, m.start, m.end, neg))))) {
    if (ctx.trace) (ctx.trace.applicable = false), (ctx.trace.note = `does not apply: the document never mentions ${check.appliesIf.map((g) => g.terms[0]).join(' / ')}`);
    return out;
  }

  const t = targetsFor(ctx, rule.sections, rule.subsections, check.includeHistory);
  traceTargets(ctx, t);
  const anchor = headingAnchor(ctx, t, rule.sections);
  const anchors = [...t.sections, ...(anchor.section && !t.sections.includes(anchor.section) ? [anchor.section] : [])];
  const severity = severityAt(rule, asOf);

  // Contradictions.
  for (const c of check.contradictions) {
    if ((c.from && c.from > asOf) || (c.until && c.until <= asOf)) continue;
    const units = c.anywhere ? all : t.units;
    out.push(...contradictions(c, units, neg, anchors));
  }

  // Numeric limits.
  for (const l of check.limits) out.push(...limitFindings(l, t.units, asOf, anchors));
  // A statement that contradicts the requirement, or states a value outside its limit, already says what is wrong; no missing/partial on top.
  const contradicted = out.length > 0;

  // Evidence parts.
  const parts = check.parts.filter((p) => !p.from || p.from <= asOf);
  const refEvidence = check.satisfiedBy.length > 0 ? findEvidence(check.satisfiedBy, [], 'positive', 'sentence', t.units, neg) : null;
  const byReference = refEvidence !== null;
  if (ctx.trace && refEvidence) traceEvidence(ctx, 'incorporates the requirement by reference', refEvidence);
  if (ctx.trace && check.satisfiedIfEnglish && ctx.english) ctx.trace.note = 'the document is written in English';
  if (parts.length && !contradicted && !byReference && !(check.satisfiedIfEnglish && ctx.english)) {
    const found = new Map<string, Evidence>();
    const elsewhere = new Map<string, Evidence>();
    let others: TextUnit[] | null = null;
    for (const p of parts) {
      const pt = p.sections ? targetsFor(ctx, p.sections, rule.subsections, check.includeHistory) : t;
      const ev = partEvidence(ctx, p, pt.units, pt.sections, neg);
      if (ev) {
        found.set(p.id, ev);
        traceEvidence(ctx, p.label, ev);
        continue;
      }
      // "See Section 7.1": text in a section the target explicitly points to counts as stated there.
      const refs = referencedSections(ctx, pt.units).filter((r) => !pt.sections.some((x) => within(r, x)));
      const evr = refs.length ? partEvidence(ctx, { ...p, headingNumber: undefined }, refs.flatMap((r) => sectionUnits(model, r, true, { includeHistory: check.includeHistory })), refs, neg) : null;
      if (evr) {
        found.set(p.id, evr);
        traceEvidence(ctx, p.label, evr);
        continue;
      }
      if (rule.elsewhere === 'none') continue;
      others = others ?? elsewhereUnits(ctx, t, check.includeHistory);
      const otherRoots = model.sections.filter((s) => !t.sections.some((x) => within(x, s) || within(s, x)));
      const evo = partEvidence(ctx, { ...p, headingNumber: undefined }, others.filter((u) => !pt.units.includes(u)), otherRoots, neg);
      if (evo) elsewhere.set(p.id, evo);
    }
    const missing = parts.filter((p) => !found.has(p.id));
    if (missing.length) {
      const where = t.sections.length ? `${sectionName(t.sections[0])}${expectedWhere(rule, t).includes('RFC 3647 §') ? ` (RFC 3647 §${rule.sections.find((n) => n !== 'front')})` : ''}` : targetLabel(rule);
      const misplaced = missing.filter((p) => elsewhere.has(p.id));
      const absent = missing.filter((p) => !elsewhere.has(p.id));
      const related = [...found.values()].map((e) => ({ start: e.start, end: e.end, message: 'stated here' }));
      if (rule.elsewhere === 'allowed' && absent.length === 0) {
        // Satisfied: evidence elsewhere is acceptable for this rule.
        for (const p of misplaced) traceEvidence(ctx, p.label, elsewhere.get(p.id)!);
      } else if (rule.elsewhere !== 'allowed' && absent.length === 0) {
        const ev = elsewhere.get(misplaced[0].id)!;
        const labels = misplaced.map((p) => p.label);
        out.push({
          kind: 'misplaced',
          severity: weaker(severity),
          message: `Found, but in ${sectionName(ev.section)} rather than ${expectedWhere(rule, t)}: ${listLabels(labels)}. ${DOC_NAMES[rule.source.document] ?? rule.source.document} expect${rule.source.document === 'BR' ? '' : 's'} it in ${targetLabel(rule)}.`,
          start: ev.start,
          end: ev.end,
          anchors,
          home: anchor.section,
          related: [{ start: anchor.start, end: anchor.end, message: `expected in ${targetLabel(rule)}` }, ...related],
          withFix: true,
        });
      } else {
        const counted = rule.elsewhere === 'allowed' ? absent : missing;
        const anyFound = found.size > 0 || (rule.elsewhere === 'allowed' && elsewhere.size > 0) || (counted.length < parts.length);
        if (!anyFound || counted.length === parts.length) {
          out.push({
            kind: 'missing',
            severity,
            message: `${anchor.missingNote}${rule.message}`,
            start: anchor.start,
            end: anchor.end,
            anchors,
            home: anchor.section,
            withFix: true,
          });
        } else {
          const movedNote = rule.elsewhere !== 'allowed' && misplaced.length
            ? ` (${listLabels(misplaced.map((p) => p.label))} appear${misplaced.length === 1 ? 's' : ''} only in ${sectionName(elsewhere.get(misplaced[0].id)!.section)})`
            : '';
          out.push({
            kind: 'partial',
            severity,
            message: `${anchor.missingNote}${where} states this only in part (${rule.title}); missing: ${listLabels(counted.map((p) => p.label))}${movedNote}.`,
            start: anchor.start,
            end: anchor.end,
            anchors,
            home: anchor.section,
            related,
            withFix: true,
          });
        }
      }
    }
  }

  return out;
}

function contradictions(c: Contradiction, units: TextUnit[], neg: AnyOf | undefined, anchors: Section[]): Raw[] {
  const out: Raw[] = [];
  for (const u of units) {
    for (const sc of scopes(u, c.scope)) {
      const ms = groupMatches(c.all, c.unless, c.polarity, u.text, sc.start, sc.end, neg);
      if (!ms) continue;
      const r = unitRange(u, Math.min(...ms.map((m) => m.start)), Math.max(...ms.map((m) => m.end)));
      out.push({ kind: 'contradiction', severity: c.severity, message: c.message.trim(), start: r.start, end: r.end, anchors: u.section ? [u.section, ...anchors] : anchors, home: u.section, withFix: false });
      break;
    }
    if (out.length >= 5) break;
  }
  return out;
}

function stepAt(l: Limit, asOf: string): Limit['steps'][number] {
  let cur = l.steps[0];
  for (const s of l.steps) if (!s.from || s.from <= asOf) cur = s;
  return cur;
}

/** The clause of `u` around character `i`: its sentence, cut at semicolons and ", and"/", or"/"; otherwise". */
function clauseOf(u: TextUnit, i: number): Match {
  const sent = sentenceAt(u, i);
  let s = sent.start;
  let e = sent.end;
  const cut = /;|,\s+(?:and|or|but|otherwise|whereas|while)\b|\botherwise\b/gi;
  cut.lastIndex = sent.start;
  let m: RegExpExecArray | null;
  const text = u.text.slice(0, sent.end);
  while ((m = cut.exec(text))) {
    if (m.index + m[0].length <= i) s = m.index + m[0].length;
    else if (m.index >= i) {
      e = m.index;
      break;
    }
  }
  return { start: s, end: e };
}

function wordsBetween(text: string, a: Match, b: Match): number {
  const from = Math.min(a.end, b.end);
  const to = Math.max(a.start, b.start);
  if (to <= from) return 0;
  return text.slice(from, to).split(/\s+/).filter(Boolean).length;
}

function limitFindings(l: Limit, units: TextUnit[], asOf: string, anchors: Section[]): Raw[] {
  const out: Raw[] = [];
  const bound = stepAt(l, asOf);
  if (l.steps.every((s) => s.from && s.from > asOf)) return out;
  const over = (x: Quantity) =>
    l.kind === 'max' ? toBase(x.value, x.unit, 'short') > toBase(bound.value, bound.unit, 'long') + 1e-9 : toBase(x.value, x.unit, 'long') + 1e-9 < toBase(bound.value, bound.unit, 'short');
  for (const u of units) {
    const qs = (bound.unit === 'count' ? counts(u.text) : quantities(u.text)).filter((q) => sameFamily(q.unit, bound.unit));
    if (!qs.length) continue;
    // Each keyword of the first group claims the nearest number in its clause ("every 7 days and the
    // nextUpdate is 14 days": nextUpdate -> 14 days). Counts must precede their noun.
    const chosen = new Set<Quantity>();
    let lastEnd = -1;
    for (const a of findAll(l.near[0], u.text)) {
      if (a.start < lastEnd) continue; // "key compromise" and its "compromise": one keyword
      lastEnd = a.end;
      const cl = clauseOf(u, a.start);
      let best: Quantity | null = null;
      let bestD = Infinity;
      for (const q of qs) {
        if (q.start < cl.start || q.end > cl.end) continue;
        if (bound.unit === 'count' && q.end > a.start) continue;
        const d = wordsBetween(u.text, a, q);
        if (d < bestD) (best = q), (bestD = d);
      }
      if (best && bestD <= l.window) chosen.add(best);
    }
    for (const q of [...chosen].sort((a, b) => a.start - b.start)) {
      const cl = clauseOf(u, q.start);
      if (l.near.slice(1).some((g) => !anyMatch(g, u.text, cl.start, cl.end))) continue;
      if (l.exclude.some((g) => anyMatch(g, u.text, cl.start, cl.end))) continue;
      const fill = (msg: string, event = '') =>
        msg.replace(/\{value\}/g, formatQuantity(q.value, q.unit)).replace(/\{limit\}/g, formatQuantity(bound.value, bound.unit)).replace(/\{event\}/g, event).trim();
      const home = u.section;
      if (over(q)) {
        const r = unitRange(u, q.start, q.end);
        out.push({ kind: 'limit', severity: l.severity, message: fill(l.message), start: r.start, end: r.end, anchors: home ? [home, ...anchors] : anchors, home, withFix: false });
        continue;
      }
      if (l.events) {
        // The event is what the period is counted from: "<number> of/after/from <event>".
        const lead = /^[\s,]*(?:(?:counted|measured|calculated|starting|beginning)\s+)?(?:of|after|from|following|since|upon|as\s+of)\b/i.exec(u.text.slice(q.end, cl.end));
        if (!lead) continue;
        const tail = { start: q.end, end: Math.min(cl.end, q.end + lead[0].length + 90) };
        if (l.events.correct.some((g) => anyMatch(g, u.text, tail.start, tail.end))) continue;
        const wrong = l.events.wrong.flatMap((g) => findAll(g, u.text, tail.start, tail.end)).sort((a, b) => a.start - b.start)[0];
        if (!wrong) continue;
        const r = unitRange(u, q.start, wrong.end);
        out.push({
          kind: 'event',
          severity: l.events.severity,
          message: fill(l.events.message, u.text.slice(wrong.start, wrong.end)),
          start: r.start,
          end: r.end,
          anchors: home ? [home, ...anchors] : anchors,
          home,
          withFix: false,
        });
      }
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------
// Forbidden claims and wording

function evalForbidden(rule: Rule, check: ForbiddenCheck, ctx: Context): Raw[] {
  const out: Raw[] = [];
  const t = targetsFor(ctx, rule.sections, rule.subsections, false);
  traceTargets(ctx, t);
  const skip = check.skipSections.map((n) => locateSection(ctx.model, n)).filter((s): s is Section => !!s);
  const units = t.units.filter((u) => !(u.section && skip.some((s) => within(u.section, s))));
  const perSection = new Map<Section | null, number>();
  const overflow = new Map<Section | null, Raw>();
  for (const p of check.patterns) {
    const sorted = [...p.stages].sort((a, b) => ((a.from ?? '') < (b.from ?? '') ? -1 : 1));
    let stage = sorted.filter((s) => !s.from || s.from <= ctx.asOf).pop();
    let upcoming = false;
    if (!stage) {
      stage = sorted[0];
      upcoming = true;
    }
    const date = stage.from ?? rule.effective;
    const fill = (m: string, match: string) =>
      m.replace(/\{label\}/g, p.label).replace(/\{note\}/g, stage!.note).replace(/\{date\}/g, date).replace(/\{match\}/g, match);
    const emit = (start: number, end: number, section: Section | null, match: string) => {
      const n = perSection.get(section) ?? 0;
      perSection.set(section, n + 1);
      if (n >= check.perSection) {
        const last = overflow.get(section);
        if (last) last.message = last.message.replace(/( \(\+\d+ more in this section\))?$/, ` (+${n + 1 - check.perSection} more in this section)`);
        return;
      }
      const raw: Raw = {
        kind: 'claim',
        severity: upcoming ? 'info' : stage!.severity,
        message: fill(rule.message, match) + (upcoming && !fill(rule.message, match).includes(date) ? ` (from ${date})` : ''),
        start,
        end,
        anchors: section ? [section] : [],
        home: section,
        withFix: false,
        dated: upcoming,
      };
      out.push(raw);
      overflow.set(section, raw);
    };
    for (const u of units) {
      for (const m of findAll(p.any, u.text)) {
        if (isNegated(u.text, m.start, m.end, check.negations)) continue;
        if (overriddenByNumbering(ctx.model, u, m.start, m.end, p.headingNumber)) continue;
        if (check.unlessBounded) {
          const sent = sentenceAt(u, m.start);
          if (quantities(u.text, sent.start, sent.end).length) continue;
        }
        const r = unitRange(u, m.start, m.end);
        emit(r.start, r.end, u.section, u.text.slice(m.start, m.end));
      }
    }
    if (p.headingNumber) {
      const re = p.headingNumber;
      for (const ev of headingEvidence(ctx, re, t.sections, check.negations)) if (!ev.section || !headingIsLocalNumber(ctx.model, ev.section, re)) emit(ev.start, ev.end, ev.section, ev.section?.number ?? '');
      // A section under another local number whose heading names this BR method.
      for (const s of sectionsNamingMethod(ctx.model, t.sections, re)) for (const ev of headingEvidence(ctx, /^/, [s], check.negations).filter((e) => e.section === s)) emit(ev.start, ev.end, s, s.number ?? '');
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------

function evaluate(rule: Rule, ctx: Context): Raw[] {
  const c = rule.check;
  if (c.type === 'commitment') return evalCommitment(rule, c, ctx);
  if (c.type === 'forbidden') return evalForbidden(rule, c, ctx);
  const sev = severityAt(rule, ctx.asOf);
  const head = locateSection(ctx.model, '1.2');
  return versioningIssues(ctx.model, { asOf: ctx.asOf, effective: rule.effective, maxAgeDays: c.maxAgeDays, maxGapDays: c.maxGapDays, requireDatedEntries: c.requireDatedEntries }).map((i) => {
    const home = ctx.model.all.filter((s) => s.headingStart <= i.start).pop() ?? null;
    return { kind: 'versioning' as const, severity: i.severity ?? sev, message: i.message, start: i.start, end: i.end, anchors: [home, head].filter((s): s is Section => !!s), home, withFix: false, dated: !!i.severity };
  });
}

function toFinding(rule: Rule, raw: Raw, ctx: Context): Finding {
  const model = ctx.model;
  const fixes: Fix[] = [];
  if (raw.withFix && rule.fix) {
    const { text, snippet } = renderFixText(rule.fix.text, ctx.ca);
    const block = text.replace(/\r?\n/g, eolOf(model.text));
    const f = insertionFix(model, rule.fix.title, rule.fix.sections ?? rule.sections, rule.sections.find((n) => n !== 'front'), block, snippet);
    if (f) fixes.push(f);
  }
  if (ctx.options.suppressFixes !== false) {
    if (raw.home) fixes.push(suppressSectionFix(model, rule.id, raw.home));
    fixes.push(suppressFileFix(model, rule.id));
  }
  const f: Finding = {
    code: rule.id,
    severity: raw.severity,
    message: raw.message,
    range: model.lines.range(raw.start, raw.end),
    source: { document: rule.source.document, version: rule.source.version, section: rule.source.section, ...(rule.source.url ? { url: rule.source.url } : {}) },
    fixes,
  };
  if (raw.related?.length) f.related = raw.related.map((r) => ({ range: model.lines.range(r.start, r.end), message: r.message }));
  return f;
}

/** Why a rule produced no findings, or what it found: the material of the compliance review. */
export type RuleStatus =
  | 'pass' // in force, applies, evaluated, no finding left
  | 'fail' // in force, at least one finding
  | 'upcoming' // not yet in force on the as-of date (findings are info "in force from")
  | 'not-applicable' // program, document kind or the rule's own applicability test excludes it
  | 'retired' // no longer in force on the as-of date
  | 'off' // turned off by configuration
  | 'suppressed'; // every finding silenced by a cpslint-disable comment

export type FindingKind = Raw['kind'];

export interface RuleTrace {
  applicable: boolean;
  /** Numbers of the document's sections that were searched, and target sections it lacks. */
  searched: string[];
  absent: string[];
  /** Statements found for parts of the requirement, with where they are. */
  evidence: { label: string; start: number; end: number; section: string | null }[];
  note?: string;
}

export interface RuleResult {
  rule: Rule;
  status: RuleStatus;
  findings: { finding: Finding; kind: FindingKind }[];
  /** Findings silenced by cpslint-disable comments. */
  suppressed: number;
  trace: RuleTrace;
}

function traceTargets(ctx: Context, t: Targets): void {
  if (!ctx.trace) return;
  ctx.trace.searched = [...(t.front ? ['front'] : []), ...t.sections.map((s) => s.number ?? s.title)];
  ctx.trace.absent = [...t.missing];
}

function traceEvidence(ctx: Context, label: string, ev: Evidence): void {
  if (!ctx.trace) return;
  ctx.trace.evidence.push({ label, start: ev.start, end: ev.end, section: ev.section?.number ?? null });
  if (ev.also) ctx.trace.evidence.push({ label, start: ev.also.start, end: ev.also.end, section: sectionAt(ctx.model, ev.also.start)?.number ?? null });
}

/**
 * Run `rules` over a parsed document. Only documents that follow the RFC 3647 outline are
 * checked. Rules are filtered by program and document kind, gated by their dates against
 * `options.asOf` (not yet in force: reported as info "in force from DATE"; retired: skipped),
 * then severity overrides and `cpslint-disable` comments are applied.
 */
export function runRules(model: DocumentModel, rules: Rule[], options: RunOptions): Finding[] {
  return collect(model, rules, options, false)
    .flatMap((r) => r.findings.map((f) => f.finding))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

/** Every rule with its status, findings and the evidence it found: what the compliance review reports. */
export function evaluateRules(model: DocumentModel, rules: Rule[], options: RunOptions): RuleResult[] {
  return collect(model, rules, options, true);
}

function collect(model: DocumentModel, rules: Rule[], options: RunOptions, tracing: boolean): RuleResult[] {
  const results: RuleResult[] = [];
  const blank = (): RuleTrace => ({ applicable: true, searched: [], absent: [], evidence: [] });
  if (!model.rfc3647) {
    if (tracing) for (const rule of rules) results.push({ rule, status: 'not-applicable', findings: [], suppressed: 0, trace: { ...blank(), applicable: false, note: 'the document does not follow the RFC 3647 outline' } });
    return results;
  }
  const ctx = new Context(model, options);
  const overrides = options.severityOverrides ?? {};
  for (const rule of rules) {
    const trace = blank();
    const skip = (status: RuleStatus, note: string) => tracing && results.push({ rule, status, findings: [], suppressed: 0, trace: { ...trace, applicable: status !== 'not-applicable', note } });
    const override = overrides[rule.id];
    if (override === 'off') {
      skip('off', 'turned off by configuration');
      continue;
    }
    if (!applies(rule, ctx)) {
      skip('not-applicable', 'not for the selected root programs or this kind of document');
      continue;
    }
    if (rule.ineffective && rule.ineffective <= options.asOf) {
      skip('retired', `no longer in force since ${rule.ineffective}`);
      continue;
    }
    const inForce = rule.effective <= options.asOf;
    ctx.trace = tracing ? trace : null;
    const all = evaluate(rule, ctx);
    ctx.trace = null;
    const raws = all.filter((r) => !isSuppressed(ctx.sup, model, rule.id, r.start) && !r.anchors.some((a) => isSuppressed(ctx.sup, model, rule.id, a.headingStart)));
    const findings: RuleResult['findings'] = [];
    for (const raw of raws) {
      if (!inForce) {
        raw.severity = 'info';
        if (!raw.dated) raw.message = `${raw.message.replace(/\.$/, '')} (in force from ${rule.effective}).`;
      } else if (override && !raw.dated) raw.severity = override;
      findings.push({ finding: toFinding(rule, raw, ctx), kind: raw.kind });
    }
    const suppressed = all.length - raws.length;
    const status: RuleStatus = !trace.applicable ? 'not-applicable' : !inForce ? 'upcoming' : findings.length ? 'fail' : suppressed ? 'suppressed' : 'pass';
    results.push({ rule, status, findings, suppressed, trace });
  }
  return results;
}
