/**
 * Findings: a Raw result becomes a Finding with its range, source, fixes and related locations.
 */
import type { Finding, Fix } from '../../findings';
import type { Rule } from '../types';
import { eolOf, insertionFix, renderFixText, suppressFileFix, suppressSectionFix } from '../fixes';
import type { Context, Raw } from './context';

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

