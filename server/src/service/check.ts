/** All findings for one document: structural checks plus commitment rules, with overrides and suppressions applied. */
import { fitTextCaches } from './text-cache';
import { prefilterFor } from './rules/prefilter';
import type { DocumentModel } from './model';
import type { Finding, Fix, Severity, TextEdit } from './findings';
import type { Position } from './text';
import { checkStructure } from './structure';
import { suppressions, isSuppressed, suppressSectionFix, suppressFileFix } from './suppress';
import { sectionAt } from './model';
import { runRules } from './rules/run';
import { dedupeFindings } from './rules/pipeline/findings';
import { builtinRules } from './rules/builtin';
import { loadRulePacks } from './rules/load';
import type { Rule, RuleLoadError } from './rules/types';
import type { Limits } from './limits';

export interface CheckOptions {
  /** YYYY-MM-DD; rules are gated by their effective dates against it. */
  asOf: string;
  /** Root programs whose rules apply (mozilla, chrome, apple, microsoft). */
  programs: string[];
  /** Per-code severity override or 'off'. */
  severity?: Record<string, Severity | 'off'>;
  /** The commitment rules to run; default: the built-in packs. */
  rules?: Rule[];
  /** Milliseconds the workspace packs' patterns may run in all (limits.ts patternBudgetMs). */
  patternBudgetMs?: number;
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Built-in rules plus extra packs (already read by the caller); a later pack's rule replaces a built-in one with the same id. */
export function rulesWith(extra: { file: string; text: string }[], limits?: Limits): { rules: Rule[]; errors: RuleLoadError[] } {
  const base = builtinRules();
  if (!extra.length) return { rules: base.rules, errors: base.errors };
  // Packs from a workspace or a command line run on the linear-time engine (rules/linear.ts).
  const more = loadRulePacks(extra, { engine: 'linear', limits });
  const ids = new Set(more.rules.map((r) => r.id));
  return { rules: [...base.rules.filter((r) => !ids.has(r.id)), ...more.rules], errors: [...base.errors, ...more.errors] };
}

export function checkDocument(model: DocumentModel, options: CheckOptions): Finding[] {
  const rules = options.rules ?? builtinRules().rules;
  fitTextCaches(model.text.length);
  prefilterFor(model.text.length);
  // runRules applies overrides, suppression comments and suppress fixes to rule findings itself
  // (keeping rules not yet in force at info); the structural findings get the same here.
  const fromRules = runRules(model, rules, { asOf: options.asOf, programs: options.programs, severityOverrides: options.severity, patternBudgetMs: options.patternBudgetMs });
  return dedupeFindings(sortFindings([...structuralFindings(model, options.severity).findings, ...fromRules]));
}

/** Document order: line, column, then code. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

/** The structural findings with severity overrides, `cpslint-disable` comments and suppress fixes applied; `suppressed` counts the silenced ones per code. */
export function structuralFindings(model: DocumentModel, overrides: Record<string, Severity | 'off'> = {}): { findings: Finding[]; suppressed: Map<string, number> } {
  const sup = suppressions(model);
  const findings: Finding[] = [];
  const suppressed = new Map<string, number>();
  for (const f of checkStructure(model)) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    if (isSuppressed(sup, model, f.code, model.lines.offsetAt(f.range.start))) {
      suppressed.set(f.code, (suppressed.get(f.code) ?? 0) + 1);
      continue;
    }
    const section = sectionAt(model, model.lines.offsetAt(f.range.start)) ?? null;
    const suppressHere = section && f.code !== 'cps-not-rfc3647' ? [suppressSectionFix(model, f.code, section)] : [];
    findings.push({ ...f, severity: o ?? f.severity, fixes: [...(f.fixes ?? []), ...suppressHere, suppressFileFix(model, f.code)] });
  }
  return { findings, suppressed };
}

/**
 * "Fix all findings of this rule": the first quick fix (not a suppression) of every finding with
 * `code`, as one list of non-overlapping edits against the same text. Fixes whose edits would
 * overlap or touch the same position as an earlier one are left out rather than risk a corrupt result.
 */
export function fixAllEdits(findings: Finding[], code: string): { edits: TextEdit[]; snippet: boolean; count: number } {
  return combineFixes(findings, (f) => (f.code === code ? f.fixes?.find((x) => x.kind !== 'suppress') : undefined));
}

/**
 * What the editor's `source.fixAll.cpslint` applies (e.g. from `editor.codeActionsOnSave`): every
 * finding's unattended fix (Fix.unattended: no placeholders, no statement of practice), combined
 * as in fixAllEdits. Commitment text and placeholders stay quick fixes a person chooses.
 */
export function unattendedFixEdits(findings: Finding[]): { edits: TextEdit[]; count: number } {
  const { edits, count } = combineFixes(findings, (f) => f.fixes?.find((x) => x.unattended && !x.snippet && x.kind !== 'suppress'));
  return { edits, count };
}

function combineFixes(findings: Finding[], pick: (f: Finding) => Fix | undefined): { edits: TextEdit[]; snippet: boolean; count: number } {
  const taken: { start: Position; end: Position }[] = [];
  const edits: TextEdit[] = [];
  let snippet = false;
  let count = 0;
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
  const clash = (r: { start: Position; end: Position }) => taken.some((t) => !before(r.end, t.start) && !before(t.end, r.start));
  for (const f of findings) {
    const fix = pick(f);
    if (!fix || fix.edits.some((e) => clash(e.range))) continue;
    for (const e of fix.edits) {
      taken.push(e.range);
      edits.push(e);
    }
    snippet = snippet || !!fix.snippet;
    count++;
  }
  return { edits, snippet, count };
}
