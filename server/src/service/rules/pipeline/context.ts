/**
 * Per-document state shared by every rule, the intermediate finding (Raw) and evidence shapes,
 * and whether a rule applies to this document at all.
 */
import type { DocumentModel, Section } from '../../model';
import { SEVERITY_ORDER, severityRank, type Severity } from '../../findings';
import { ADVISORY_KEYWORDS, type DocKind, type Keyword, type Rule, type RunOptions } from '../types';
import { unitReads, type TextUnit } from '../extract';
import { caName, documentKindsWithReason, isEnglish, suppressions, type Suppressions } from '../locate';
import type { RuleTrace } from './trace';

export const DOC_TYPES: DocKind[] = ['CP', 'CPS', 'CP/CPS'];
export const PURPOSES: DocKind[] = ['TLS', 'S/MIME', 'code-signing'];
export { SEVERITY_ORDER };

export function weaker(s: Severity): Severity {
  return SEVERITY_ORDER[Math.max(0, severityRank(s) - 1)];
}

/** `s`, lowered to `cap` when it is above it. */
export function atMost(s: Severity, cap: Severity): Severity {
  return severityRank(s) > severityRank(cap) ? cap : s;
}

/** The most severe of `list` (info when it is empty). */
export function strongest(list: Severity[]): Severity {
  return list.reduce<Severity>((m, x) => (severityRank(x) > severityRank(m) ? x : m), 'info');
}

/** The most a finding about a requirement with this RFC 2119 keyword may say: a recommendation
 *  (SHOULD, SHOULD NOT, MAY …) is never above warning. */
export function keywordCap(keyword: Keyword | undefined): Severity {
  return keyword && ADVISORY_KEYWORDS.has(keyword) ? 'warning' : 'error';
}

export const DOC_NAMES: Record<string, string> = { BR: 'The Baseline Requirements', MRSP: "Mozilla's policy", CCADB: 'The CCADB Policy', CRP: "Chrome's policy", EVG: 'The EV Guidelines', RFC3647: 'RFC 3647' };

export interface Raw {
  kind: 'missing' | 'partial' | 'misplaced' | 'contradiction' | 'limit' | 'event' | 'claim' | 'versioning' | 'not-applied' | 'in-set';
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
  /** Concepts ("@mass-revocation") whose terms matched, for the review and the quote. */
  concepts?: string[];
  /** The matched scope in the unit's text (sentence, window or paragraph), for ranking. */
  scope?: { start: number; end: number };
}

/** Per-document state shared by all rules. */
export class Context {
  private _ca: string | null | undefined;
  private _english: boolean | undefined;
  private _sup: Suppressions | undefined;
  readonly kinds: Set<DocKind>;
  /** What the kinds were read from ("the title \"…\""), for "not applied" findings. */
  readonly kindsFrom: string;
  /** What the rule being evaluated looked at; filled only when results are requested (the review). */
  trace: RuleTrace | null = null;
  constructor(
    readonly model: DocumentModel,
    readonly options: RunOptions,
  ) {
    const detected = options.kinds ? null : documentKindsWithReason(model);
    const k = new Set<DocKind>((options.kinds as DocKind[] | undefined) ?? [...detected!.kinds]);
    this.kindsFrom = detected ? detected.from : options.kindsFrom ?? 'the kinds given in the options';
    if (!DOC_TYPES.some((d) => k.has(d))) k.add('CP/CPS');
    if (!PURPOSES.some((p) => k.has(p))) k.add('TLS');
    this.kinds = k;
  }
  private _title: { start: number; end: number } | undefined;
  /** Where the document's title is written (else the first line): the place of document-wide notes. */
  get titleSpan(): { start: number; end: number } {
    if (!this._title) {
      const t = this.model.metadata.title;
      const text = this.model.text;
      const at = t ? text.indexOf(t) : -1;
      if (at >= 0) this._title = { start: at, end: at + t!.length };
      else {
        const nl = text.indexOf('\n');
        this._title = { start: 0, end: (nl < 0 ? text.length : nl) - (text[nl - 1] === '\r' ? 1 : 0) };
      }
    }
    return this._title;
  }
  get asOf(): string {
    return this.options.asOf;
  }
  get ca(): string | null {
    if (this._ca === undefined) this._ca = caName(this.model);
    return this._ca;
  }
  /** Whether `english` was read since it was last set to false (pipeline/carry.ts). */
  englishRead = false;
  get english(): boolean {
    this.englishRead = true;
    if (this._english === undefined) {
      // Read for the whole document, not by the rule being evaluated: not one of its unit reads.
      const reading = unitReads.sections;
      const all = unitReads.all;
      unitReads.sections = null;
      try {
        this._english = isEnglish(this.model);
      } finally {
        unitReads.sections = reading;
        unitReads.all = all;
      }
    }
    return this._english;
  }
  get sup(): Suppressions {
    if (!this._sup) this._sup = suppressions(this.model);
    return this._sup;
  }
}

export function applies(rule: Rule, ctx: Context): boolean {
  return forPrograms(rule, ctx) && forKinds(rule, ctx);
}

export function forPrograms(rule: Rule, ctx: Context): boolean {
  return rule.programs.includes('all') || rule.programs.some((p) => ctx.options.programs.includes(p));
}

/** The kinds the document was read as, in words ("a CP/CPS for S/MIME"). */
export function kindsInWords(kinds: Iterable<DocKind>): string {
  const ks = [...kinds];
  const type = ks.filter((k) => DOC_TYPES.includes(k)).join(' and ') || 'CP/CPS';
  const purposes = ks.filter((k) => PURPOSES.includes(k));
  return `${type === 'CP' ? 'a CP' : `a ${type}`}${purposes.length ? ` for ${purposes.join(' and ')}` : ''}`;
}

/** The rule's document types and certificate purposes the document was not read as (each empty when met). */
export function unmetKinds(rule: Rule, ctx: Context): { types: DocKind[]; purposes: DocKind[] } {
  const unmet = (group: DocKind[]) => {
    const wanted = rule.kinds.filter((k) => group.includes(k));
    return wanted.length && !wanted.some((k) => ctx.kinds.has(k)) ? wanted : [];
  };
  return { types: unmet(DOC_TYPES), purposes: unmet(PURPOSES) };
}

export function forKinds(rule: Rule, ctx: Context): boolean {
  const { types, purposes } = unmetKinds(rule, ctx);
  return !types.length && !purposes.length;
}

export function severityAt(rule: Rule, asOf: string): Severity {
  let s = rule.severity;
  for (const e of [...rule.escalate].sort((a, b) => (a.from < b.from ? -1 : 1))) if (e.from <= asOf) s = e.severity;
  return s;
}

// -----------------------------------------------------------------------------------------------
// Targets
