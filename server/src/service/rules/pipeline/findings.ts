/**
 * Findings: a Raw result becomes a Finding with its range, source, fixes and related locations.
 */
import type { Finding, Fix } from '../../findings';
import type { Rule } from '../types';
import type { Severity } from '../../findings';
import { eolOf, insertionFix, renderFixText, suppressFileFix, suppressSectionFix } from '../fixes';
import { atMost, keywordCap, type Context, type Raw } from './context';

export function toFinding(rule: Rule, raw: Raw, ctx: Context): Finding {
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


/**
 * The most a rule's finding may say: a duty performed outside the CP/CPS (a CCADB upload) is at
 * most info when the document is silent about it, since silence proves nothing about the practice; a recommendation
 * (SHOULD, SHOULD NOT, MAY …) is at most a warning, whatever the pack says.
 */
export function severityCap(rule: Rule, kind: Raw['kind']): Severity {
  // A statement the document does make (a late upload promised, a wrong clock) is still about the document.
  if (rule.outsideDocument && (kind === 'missing' || kind === 'partial' || kind === 'misplaced')) return 'info';
  return keywordCap(rule.keyword);
}

export function capSeverity(rule: Rule, severity: Severity, kind: Raw['kind']): Severity {
  return atMost(severity, severityCap(rule, kind));
}

/**
 * One finding per (code, range, message): the first of identical findings is kept, in order.
 * `of` picks the finding out of a wrapper (a rule result's `{ finding, kind }`).
 */
export function dedupeFindings<T>(items: T[], of: (item: T) => Finding = (x) => x as Finding): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const f = of(item);
    const r = f.range;
    const key = `${f.code}\u0000${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
