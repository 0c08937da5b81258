/** All findings for one document: structural checks plus commitment rules, with overrides applied. */
import type { DocumentModel } from './model';
import type { Finding, Severity } from './findings';
import { checkStructure } from './structure';
import { findSuppressions, isSuppressed } from './suppress';
import { suppressFixes } from './edits';
import { sectionAt } from './model';

export interface CheckOptions {
  /** YYYY-MM-DD; rules are gated by their effective dates against it. */
  asOf: string;
  /** Root programs whose rules apply (mozilla, chrome, apple, microsoft). */
  programs: string[];
  /** Per-code severity override or 'off'. */
  severity?: Record<string, Severity | 'off'>;
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function checkDocument(model: DocumentModel, options: CheckOptions): Finding[] {
  const sup = findSuppressions(model);
  const findings = [...checkStructure(model)].filter((f) => !isSuppressed(model, sup, f));
  for (const f of findings) {
    const section = sectionAt(model, model.lines.offsetAt(f.range.start)) ?? null;
    f.fixes = [...(f.fixes ?? []), ...suppressFixes(model, f.code, f.code === 'cps-not-rfc3647' ? null : section)];
  }
  return applySeverity(findings, options.severity ?? {}).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}

function applySeverity(findings: Finding[], overrides: Record<string, Severity | 'off'>): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}
