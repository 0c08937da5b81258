/**
 * Commitment rules: the compiled form of the YAML rule packs under rules/packs/.
 * Pure data; no I/O and no `vscode`.
 */
import type { Severity, SourceDocument } from '../findings';
import type { TextPattern } from './linear';
import type { StemPhrase } from './pipeline/normalise';

export type Program = 'mozilla' | 'chrome' | 'apple' | 'microsoft' | 'all';
export type DocKind = 'CP' | 'CPS' | 'CP/CPS' | 'TLS' | 'S/MIME' | 'code-signing';
export type Scope = 'sentence' | 'paragraph' | 'section';
export type Polarity = 'positive' | 'negative' | 'any';
export type Elsewhere = 'allowed' | 'weaker' | 'none';
export type Keyword = 'MUST' | 'MUST NOT' | 'SHALL' | 'SHALL NOT' | 'REQUIRED' | 'SHOULD' | 'SHOULD NOT' | 'RECOMMENDED' | 'NOT RECOMMENDED' | 'MAY' | 'OPTIONAL';

/** Keywords of recommendations and options: a finding about one is never above warning. */
export const ADVISORY_KEYWORDS: ReadonlySet<Keyword> = new Set<Keyword>(['SHOULD', 'SHOULD NOT', 'RECOMMENDED', 'NOT RECOMMENDED', 'MAY', 'OPTIONAL']);

/** A group of alternatives; one of them has to match. */
export interface AnyOf {
  /** Source text of each alternative, for messages and docs (a concept stays "@name"). */
  terms: string[];
  /** Compiled alternatives: V8's engine for built-in packs, the linear one for workspace packs (linear.ts). */
  regexes: TextPattern[];
  /** Where each regex came from: its term, or the concept ("@mass-revocation") it was expanded from. */
  sources?: string[];
  /** Each regex's phrase as stems (null for a /regex/), when the group also matches inflected forms. */
  stems?: (StemPhrase | null)[];
}

/** A concept the text has to express: every group matched in one sentence, paragraph or section. */
export interface EvidencePart {
  id: string;
  /** Short description of what is missing, used in "partial" messages ("testing at least once a year"). */
  label: string;
  scope: Scope;
  all: AnyOf[];
  /** Alternatives rejected when they occur in the same unit (e.g. "incident response" without "mass"). */
  unless: AnyOf[];
  polarity: Polarity;
  /** Sections for this part only (defaults to the rule's sections). */
  sections?: string[];
  /** A section whose number matches and whose body makes a positive statement also satisfies the part. */
  headingNumber?: TextPattern;
  /** The part is only required from this date. */
  from?: string;
  /** The most a "stated only in part" finding may say when only such parts are missing (a practice
   *  the requirement demands but does not demand be written, such as 24x7 intake). */
  severity?: Severity;
  /** The topic the part is about (a concept such as "@mass-revocation"): evidence found outside
   *  the expected sections counts only when the topic is named in its sentence, paragraph, the
   *  sentence before it or its section heading (pipeline/rank.ts). */
  anchor?: AnyOf;
}

export interface Contradiction {
  id: string;
  all: AnyOf[];
  scope: Scope;
  /** 'positive' (default): only non-negated statements count. 'any': negated wording is itself the problem. */
  polarity: Polarity;
  /** Alternatives that cancel the contradiction when present in the same unit. */
  unless: AnyOf[];
  /** Ids of this rule's parts: when one of them is stated anywhere in the document, the contradiction
   *  is not reported (a BR version cited beside a commitment to the latest version). */
  unlessStated: string[];
  severity: Severity;
  message: string;
  /** Search the whole document instead of the rule's sections. */
  anywhere: boolean;
  from?: string;
  until?: string;
}

export interface Duration {
  value: number;
  unit: Unit;
}
export type Unit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years' | 'bits' | 'percent' | 'count';

export interface LimitStep {
  from?: string;
  value: number;
  unit: Unit;
}

export interface Limit {
  id: string;
  /** Keywords that must occur in the same clause as the number. */
  near: AnyOf[];
  /** Keywords that make a clause irrelevant (e.g. "root", "CA certificate"). */
  exclude: AnyOf[];
  /** Words that state another quantity: a number one of them stands before, nearer than the keyword
   *  that claimed it, is theirs ("after investigating, the CA revokes within 5 days": the revocation's). */
  claimedBy: AnyOf[];
  kind: 'max' | 'min';
  /** The bound, possibly stepping with dates; the step in force at asOf applies. */
  steps: LimitStep[];
  /** Units the numbers may be written in; defaults to the step unit's family. */
  severity: Severity;
  message: string;
  /** Event the period must be counted from, and wrong events that are reported. */
  events?: { correct: AnyOf[]; wrong: AnyOf[]; message: string; severity: Severity };
  /** Requires this many words between keyword and number at most (default 25). */
  window: number;
  /** The limit does not apply when one of these occurs (not negated) anywhere in the document
   *  (the BR's 4-day CRL interval unless certificates carry an OCSP pointer). */
  unlessAnywhere: AnyOf[];
}

export interface ForbiddenStage {
  from?: string;
  severity: Severity;
  /** The stage's own keyword (SHOULD NOT while discouraged, MUST NOT once forbidden). */
  keyword?: Keyword;
  /** Extra words for the message ("discouraged", "no longer permitted"). */
  note: string;
}

export interface ForbiddenPattern {
  id: string;
  label: string;
  any: AnyOf;
  /** Sections whose own number marks the claim (a CPS subsection "3.2.2.4.2" describing the method). */
  headingNumber?: TextPattern;
  /** Skip a match when its sentence, or the title of its section or of an enclosing one, names one of
   *  these (a profile of CA certificates when the rule is about subscriber certificates). */
  unless?: AnyOf;
  stages: ForbiddenStage[];
}

export interface CommitmentCheck {
  type: 'commitment';
  parts: EvidencePart[];
  contradictions: Contradiction[];
  limits: Limit[];
  /** The rule only applies when one of these occurs (positively) somewhere in the document. */
  appliesIf: AnyOf[];
  /** The rule does not apply when one of these occurs (any polarity) in the document. */
  notApplicableIf: AnyOf[];
  /** Wording (all groups in one sentence, in the rule's sections) that satisfies every part,
   *  such as an explicit incorporation of the BR section by reference. */
  satisfiedBy: AnyOf[];
  /** Built-in condition: the rule is satisfied when the document is written in English. */
  satisfiedIfEnglish: boolean;
  /** Also read revision-history tables (normally skipped). */
  includeHistory: boolean;
  /** Extra words that deny a statement for this rule ("no longer", "retired"). */
  negations?: AnyOf;
}

export interface ForbiddenCheck {
  type: 'forbidden';
  patterns: ForbiddenPattern[];
  /** Skip a match when the same sentence also states a number with a unit (the parameter is given). */
  unlessBounded: boolean;
  /** Sections whose text is never searched (e.g. definitions). */
  skipSections: string[];
  /** At most this many findings per section (the rest are counted in the last message). */
  perSection: number;
  /** Extra words that deny a claim ("no longer", "retired", "removed"). */
  negations?: AnyOf;
}

export interface VersioningCheck {
  type: 'versioning';
  /** Latest version must be dated within this many days of asOf. */
  maxAgeDays?: number;
  /** Successive dated entries must be at most this many days apart (entries from `effective` on). */
  maxGapDays?: number;
  /** A version number and a dated changelog entry for every version. */
  requireDatedEntries?: boolean;
}

export type RuleCheck = CommitmentCheck | ForbiddenCheck | VersioningCheck;

export interface RuleSource {
  document: SourceDocument;
  version: string;
  section: string;
  /** Finer location within the section, for docs ("item 4", "¶2"). */
  item?: string;
  url?: string;
  /** Where other versions of the source put the requirement: version → section ("2.1.7" → "2"). */
  sectionIn?: Record<string, string>;
}

export interface RuleFix {
  title: string;
  /** Text in the CA's voice, with snippet placeholders (${1:CA name}). */
  text: string;
  /** Preferred sections to receive the text, first existing wins; defaults to the rule's first section. */
  sections?: string[];
}

export interface SeverityStep {
  from: string;
  severity: Severity;
}

export interface Rule {
  id: string;
  title: string;
  source: RuleSource;
  /** Free text for the docs: which version or ballot introduced the rule. */
  since?: string;
  effective: string;
  ineffective?: string;
  programs: Program[];
  kinds: DocKind[];
  /** RFC 3647 sections where the statement belongs; "front" = title block and front matter. */
  sections: string[];
  /** Search the subsections of the target sections too (default true). */
  subsections: boolean;
  elsewhere: Elsewhere;
  severity: Severity;
  /** RFC 2119 keyword of the cited requirement (MUST, SHOULD NOT, …); SHOULD-class keywords cap findings at warning. */
  keyword?: Keyword;
  /** Which document of a policy set must carry the statement (absent: either). Read only by policy-set checks. */
  in?: 'cps' | 'cp' | 'either';
  /** A duty performed outside the CP/CPS (e.g. CCADB uploads): findings are capped at info. */
  outsideDocument?: boolean;
  /** Whose certificates the requirement is about: statements scoped to the other subject are not read. */
  certificates?: 'subscriber' | 'ca';
  /** Severity changes on later dates (e.g. warning now, error from 2027-07-01). */
  escalate: SeverityStep[];
  message: string;
  rationale: string;
  docs?: string;
  fix?: RuleFix;
  check: RuleCheck;
  /** The numbers, dates and defined terms the rule relies on, and where each stands in the source
   *  (checked against the reference texts by test/rules/facts.test.ts). */
  facts?: RuleFact[];
  /** Where the rule was loaded from. */
  file: string;
  line: number;
  pack: string;
  /** The engine its patterns run on: 'linear' for a workspace pack (time-budgeted), else built-in. */
  engine?: 'native' | 'linear';
}

export interface RuleFact {
  /** "4 days", "2026-03-15", "Random Value". */
  fact: string;
  /** Section of the source that states it (default: the rule's cited section). */
  in?: string;
  /** Reference text "<DOC>-<version>" (default: the rule's cited document and version). */
  doc?: string;
  /** The words of that section stating the fact (default: the fact itself). */
  quote?: string;
  /** Not a value of the source but the author's choice (why); it may appear only inside a fix placeholder. */
  choice?: string;
}

export interface RuleLoadError {
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  message: string;
  ruleId?: string;
}

export interface RunOptions {
  /** YYYY-MM-DD. */
  asOf: string;
  /** Root programs the CA participates in (mozilla, chrome, apple, microsoft). Rules for "all" always run. */
  programs: string[];
  /** Per-rule severity override, or 'off'. */
  severityOverrides?: Record<string, Severity | 'off'>;
  /** Milliseconds the patterns of workspace (linear-engine) rules may run in all (default: limits.ts). */
  patternBudgetMs?: number;
  /** Document kinds (CP, CPS, CP/CPS, TLS, S/MIME, code-signing); detected from the title when absent. */
  kinds?: string[];
  /** What `kinds` were taken from, for "not applied" notes (default: "the kinds given in the options"). */
  kindsFrom?: string;
  /** Attach "Suppress … for this section / file" fixes to every finding (default true). */
  suppressFixes?: boolean;
}
