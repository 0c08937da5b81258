/**
 * Per-document state shared by every rule, the intermediate finding (Raw) and evidence shapes,
 * and whether a rule applies to this document at all.
 */
import type { DocumentModel, Section } from '../../model';
import type { Severity } from '../../findings';
import type { DocKind, Rule, RunOptions } from '../types';
import type { TextUnit } from '../extract';
import { caName, documentKinds, isEnglish, suppressions, type Suppressions } from '../locate';
import type { RuleTrace } from './trace';

export const DOC_TYPES: DocKind[] = ['CP', 'CPS', 'CP/CPS'];
export const PURPOSES: DocKind[] = ['TLS', 'S/MIME', 'code-signing'];
export const SEVERITY_ORDER: Severity[] = ['info', 'warning', 'error'];

export function weaker(s: Severity): Severity {
  return SEVERITY_ORDER[Math.max(0, SEVERITY_ORDER.indexOf(s) - 1)];
}

export const DOC_NAMES: Record<string, string> = { BR: 'The Baseline Requirements', MRSP: "Mozilla's policy", CCADB: 'The CCADB Policy', CRP: "Chrome's policy", EVG: 'The EV Guidelines', RFC3647: 'RFC 3647' };

export interface Raw {
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

export interface Evidence {
  unit: TextUnit | null;
  start: number;
  end: number;
  section: Section | null;
  /** Another span that is part of the evidence (section scope: the last group's match). */
  also?: { start: number; end: number };
}

/** Per-document state shared by all rules. */
export class Context {
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

export function applies(rule: Rule, ctx: Context): boolean {
  if (!rule.programs.includes('all') && !rule.programs.some((p) => ctx.options.programs.includes(p))) return false;
  const types = rule.kinds.filter((k) => DOC_TYPES.includes(k));
  const purposes = rule.kinds.filter((k) => PURPOSES.includes(k));
  if (types.length && !types.some((k) => ctx.kinds.has(k))) return false;
  if (purposes.length && !purposes.some((k) => ctx.kinds.has(k))) return false;
  return true;
}

export function severityAt(rule: Rule, asOf: string): Severity {
  let s = rule.severity;
  for (const e of [...rule.escalate].sort((a, b) => (a.from < b.from ? -1 : 1))) if (e.from <= asOf) s = e.severity;
  return s;
}

// -----------------------------------------------------------------------------------------------
// Targets
