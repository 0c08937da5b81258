/**
 * What a rule looked at and found (the material of the compliance review).
 */
import { sectionAt } from '../../model';
import type { Finding } from '../../findings';
import type { Rule } from '../types';
import type { Context, Evidence, Raw } from './context';
import type { Targets } from './units';

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
  /** Policy sets: another document of the set answers for this one (the CP's gap reported by the CPS, a CP-only rule on a CPS). */
  deferred?: boolean;
  /** Policy sets: met by a statement in another document of the set (the CP this CPS names). */
  metBy?: { file: string; start: number; end: number };
}

export function traceTargets(ctx: Context, t: Targets): void {
  if (!ctx.trace) return;
  ctx.trace.searched = [...(t.front ? ['front'] : []), ...t.sections.map((s) => s.number ?? s.title)];
  ctx.trace.absent = [...t.missing];
}

export function traceEvidence(ctx: Context, label: string, ev: Evidence): void {
  if (!ctx.trace) return;
  // The concepts that matched are part of the explanation ("… [@mass-revocation, @exercise]").
  if (ev.concepts?.length) label = `${label} [${ev.concepts.join(', ')}]`;
  ctx.trace.evidence.push({ label, start: ev.start, end: ev.end, section: ev.section?.number ?? null });
  if (ev.also) ctx.trace.evidence.push({ label, start: ev.also.start, end: ev.also.end, section: sectionAt(ctx.model, ev.also.start)?.number ?? null });
}
