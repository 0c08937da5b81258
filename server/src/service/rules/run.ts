/**
 * Running commitment rules over a parsed CP/CPS. Pure: (model, rules, options) -> findings.
 *
 * The pipeline (pipeline/): units (what a rule reads) -> match (term groups in a sentence) ->
 * evidence (the statement that satisfies a part) -> checks/ (commitment, limits, forbidden) ->
 * findings (ranges, fixes, related locations); context holds per-document state, trace what
 * the review reports.
 */
import type { DocumentModel, Section } from '../model';
import type { Finding } from '../findings';
import type { Rule, RunOptions } from './types';
import { locateSection, isSuppressed } from './locate';
import { versioningIssues } from './versioning';
import { Context, forKinds, forPrograms, kindsInWords, severityAt, unmetKinds, type Raw } from './pipeline/context';
import { evalCommitment } from './pipeline/checks/commitment';
import { evalForbidden } from './pipeline/checks/forbidden';
import { capSeverity, dedupeFindings, toFinding } from './pipeline/findings';
import type { RuleResult, RuleStatus, RuleTrace } from './pipeline/trace';
import { PatternBudgetError, startPatternBudget, endPatternBudget } from './linear';
import { DEFAULT_LIMITS } from '../limits';
import { Carry } from './pipeline/carry';

export type { RuleStatus, FindingKind, RuleTrace, RuleResult } from './pipeline/trace';

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

/** "Not applied: this rule concerns TLS documents; the document was read as a CP/CPS for S/MIME from the title "…"." */
function kindNote(rule: Rule, ctx: Context): string {
  const { types, purposes } = unmetKinds(rule, ctx);
  const wanted = [types.length ? `${types.join(' or ')} documents` : '', purposes.length ? `${purposes.join(' or ')} certificates` : '']
    .filter(Boolean)
    .join(' about ');
  return `Not applied: this rule concerns ${wanted || 'other documents'}, and the document was read as ${kindsInWords(ctx.kinds)} from ${ctx.kindsFrom}.`;
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
  startPatternBudget(options.patternBudgetMs ?? DEFAULT_LIMITS.patternBudgetMs);
  try {
    collectRules(model, rules, options, tracing, ctx, overrides, results);
  } finally {
    endPatternBudget();
  }
  return results;
}

/**
 * A workspace rule whose patterns ran out of the check's time budget: one information finding
 * that names the rule, its pack file and line, instead of its findings.
 */
function budgetFinding(rule: Rule, ctx: Context, e: PatternBudgetError): Raw {
  return {
    kind: 'not-applied',
    severity: 'info',
    message: `Not checked: rule ${rule.id} (${rule.file}:${rule.line}) was stopped because ${e.message}.`,
    start: ctx.titleSpan.start,
    end: ctx.titleSpan.end,
    anchors: [],
    home: null,
    withFix: false,
    dated: true,
  };
}

function collectRules(model: DocumentModel, rules: Rule[], options: RunOptions, tracing: boolean, ctx: Context, overrides: NonNullable<RunOptions['severityOverrides']>, results: RuleResult[]): void {
  // Results carried from the last version of the document (not for the review, which traces every rule).
  const carry = tracing ? null : new Carry(model, ctx);
  collectEach(model, rules, options, tracing, ctx, overrides, results, carry);
  carry?.commit();
}

function collectEach(model: DocumentModel, rules: Rule[], options: RunOptions, tracing: boolean, ctx: Context, overrides: NonNullable<RunOptions['severityOverrides']>, results: RuleResult[], carry: Carry | null): void {
  const blank = (): RuleTrace => ({ applicable: true, searched: [], absent: [], evidence: [] });
  for (const rule of rules) {
    const trace = blank();
    const skip = (status: RuleStatus, note: string) => tracing && results.push({ rule, status, findings: [], suppressed: 0, trace: { ...trace, applicable: status !== 'not-applicable', note } });
    const override = overrides[rule.id];
    if (override === 'off') {
      skip('off', 'turned off by configuration');
      continue;
    }
    if (!forPrograms(rule, ctx)) {
      skip('not-applicable', 'not for the selected root programs');
      continue;
    }
    if (!forKinds(rule, ctx)) {
      // Said, not silent: the reader sees which kind was detected and from what, and can
      // tell a wrong detection from a rule that really does not concern the document.
      const note = kindNote(rule, ctx);
      const raw: Raw = { kind: 'not-applied', severity: 'info', message: note, start: ctx.titleSpan.start, end: ctx.titleSpan.end, anchors: [], home: null, withFix: false, dated: true };
      const shown = isSuppressed(ctx.sup, model, rule.id, raw.start) ? [] : [{ finding: toFinding(rule, raw, ctx), kind: raw.kind }];
      if (tracing) results.push({ rule, status: 'not-applicable', findings: shown, suppressed: 0, trace: { ...trace, applicable: false, note } });
      else results.push({ rule, status: 'not-applicable', findings: shown, suppressed: 0, trace });
      continue;
    }
    if (rule.ineffective && rule.ineffective <= options.asOf) {
      skip('retired', `no longer in force since ${rule.ineffective}`);
      continue;
    }
    const inForce = rule.effective <= options.asOf;
    ctx.trace = tracing ? trace : null;
    let all: Raw[];
    try {
      all = carry ? carry.evaluate(rule, () => evaluate(rule, ctx)) : evaluate(rule, ctx);
    } catch (e) {
      if (!(e instanceof PatternBudgetError)) throw e;
      ctx.trace = null;
      const raw = budgetFinding(rule, ctx, e);
      results.push({ rule, status: 'not-applicable', findings: [{ finding: toFinding(rule, raw, ctx), kind: raw.kind }], suppressed: 0, trace: { ...trace, applicable: false, note: raw.message } });
      continue;
    }
    ctx.trace = null;
    const raws = all.filter((r) => !isSuppressed(ctx.sup, model, rule.id, r.start) && !r.anchors.some((a) => isSuppressed(ctx.sup, model, rule.id, a.headingStart)));
    const made: RuleResult['findings'] = [];
    for (const raw of raws) {
      raw.severity = capSeverity(rule, raw.severity, raw.kind);
      if (!inForce) {
        raw.severity = 'info';
        if (!raw.dated) raw.message = `${raw.message.replace(/\.$/, '')} (in force from ${rule.effective}).`;
      } else if (override && !raw.dated) raw.severity = override;
      made.push({ finding: toFinding(rule, raw, ctx), kind: raw.kind });
    }
    // Identical findings (same place, same words) are one finding.
    const findings = dedupeFindings(made, (x) => x.finding);
    const suppressed = all.length - raws.length;
    const status: RuleStatus = !trace.applicable ? 'not-applicable' : !inForce ? 'upcoming' : findings.length ? 'fail' : suppressed ? 'suppressed' : 'pass';
    results.push({ rule, status, findings, suppressed, trace });
  }
}
