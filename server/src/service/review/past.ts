/**
 * Past findings: earlier review findings or incidents (rules/schema/past-findings.schema.json),
 * re-checked against the current document. A finding that names a cpslint check is resolved when
 * that check now passes and still present when it fails; anything else is reported as not
 * checkable automatically, never guessed.
 */
import type { ValidateFunction } from 'ajv';
import schema from '../../../../rules/schema/past-findings.schema.json';
import type { DocumentModel } from '../model';
import type { Finding } from '../findings';
import type { RuleResult } from '../rules/run';
import { locateSection, sectionName } from '../rules/locate';
import { structureChecks } from '../structure';
import type { ReviewFinding, Quote } from './build';
import { quoteAt } from './build';

export interface PastFinding {
  id: string;
  rule?: string;
  section?: string;
  description: string;
  date: string;
  status: 'open' | 'in-progress' | 'claimed-fixed' | 'closed' | 'accepted';
  reference?: string;
  url?: string;
}

export type Recheck = 'resolved' | 'still-present' | 'not-checkable';
export const RECHECK_LABELS: Record<Recheck, string> = { resolved: 'Resolved', 'still-present': 'Still present', 'not-checkable': 'Not checkable automatically' };

export interface PastFindingResult {
  past: PastFinding;
  result: Recheck;
  /** The check it was mapped to, if any. */
  check: string | null;
  explanation: string;
  /** Ids of this review's findings ("F-03") that show it is still present. */
  findings: string[];
  /** Text that shows it resolved. */
  quotes: Quote[];
}

// Compiled on first use (Ajv is loaded only when a past-findings file is read).
let validator: ValidateFunction<{ findings: PastFinding[] }> | undefined;
function validate(data: unknown): data is { findings: PastFinding[] } {
  if (!validator) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    validator = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile<{ findings: PastFinding[] }>(schema);
  }
  const ok = validator(data);
  validate.errors = validator.errors;
  return ok;
}
validate.errors = null as ValidateFunction['errors'];

/** Parse and validate a past-findings file; throws an Error with a readable message. */
export function parsePastFindings(text: string, file = 'past findings'): PastFinding[] {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(data)) data = { findings: data };
  if (!validate(data)) {
    const errs = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(top level)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params as { allowedValues: string[] }).allowedValues.join(', ')})` : ''}`);
    throw new Error(`${file}: does not match the past-findings format: ${errs.join('; ')}`);
  }
  const seen = new Set<string>();
  for (const f of data.findings) {
    if (seen.has(f.id)) throw new Error(`${file}: finding id "${f.id}" appears twice`);
    seen.add(f.id);
  }
  return data.findings;
}

export interface RecheckInput {
  results: RuleResult[];
  /** This review's findings (with ids). */
  findings: ReviewFinding[];
  structural: Finding[];
  suppressedStructural: Map<string, number>;
}

function inSection(f: ReviewFinding, section: string | undefined): boolean {
  if (!section) return true;
  const quoted = f.evidence.quotes.some((q) => q.section === section || q.section?.startsWith(section + '.'));
  return quoted || f.message.includes(`§${section}`) || f.message.includes(`${section} `);
}

export function recheckPastFindings(model: DocumentModel, past: PastFinding[], input: RecheckInput): PastFindingResult[] {
  const structural = structureChecks();
  return past.map((p): PastFindingResult => {
    const base = { past: p, findings: [] as string[], quotes: [] as Quote[] };
    if (!p.rule) {
      const sec = p.section ? locateSection(model, p.section) : null;
      const related = p.section ? input.results.filter((r) => r.rule.sections.includes(p.section!)).map((r) => r.rule.id) : [];
      return {
        ...base,
        result: 'not-checkable',
        check: null,
        explanation: `No cpslint check is named for it${p.section ? `; §${p.section} is ${sec ? 'present' : 'not in the document'}${related.length ? `, and the checks on that section are ${related.join(', ')}` : ''}` : ''}. Read the document to confirm.`,
      };
    }
    if (structural.has(p.rule)) {
      const mine = input.findings.filter((f) => f.code === p.rule && inSection(f, p.section));
      if (p.rule === 'cps-missing-section' && p.section) {
        const sec = locateSection(model, p.section);
        if (sec) {
          return { ...base, result: 'resolved', check: p.rule, explanation: `${sectionName(sec)} is now in the document (line ${model.lines.positionAt(sec.headingStart).line + 1}).`, quotes: [quoteAt(model, sec.headingStart, sec.headingEnd)] };
        }
      }
      if (mine.length) return { ...base, result: 'still-present', check: p.rule, findings: mine.map((f) => f.id), explanation: `${p.rule} still reports ${mine.length === 1 ? 'a finding' : `${mine.length} findings`}${p.section ? ` for §${p.section}` : ''}.` };
      if (input.suppressedStructural.get(p.rule)) return { ...base, result: 'not-checkable', check: p.rule, explanation: `${p.rule} is silenced by a cpslint-disable comment in the document, so it cannot be re-checked.` };
      return { ...base, result: 'resolved', check: p.rule, explanation: `${p.rule} reports nothing${p.section ? ` for §${p.section}` : ''} now.` };
    }
    const r = input.results.find((x) => x.rule.id === p.rule);
    if (!r) return { ...base, result: 'not-checkable', check: null, explanation: `"${p.rule}" is not a cpslint check (see docs/rules.md for the codes).` };
    const mine = input.findings.filter((f) => f.code === p.rule);
    switch (r.status) {
      case 'pass':
        return {
          ...base,
          result: 'resolved',
          check: p.rule,
          quotes: r.trace.evidence.map((e) => quoteAt(model, e.start, e.end, e.label)),
          explanation: r.trace.evidence.length ? `${p.rule} passes: the document now states ${[...new Set(r.trace.evidence.map((e) => e.label))].join('; ')}.` : `${p.rule} passes${r.trace.note ? ` (${r.trace.note})` : ''}.`,
        };
      case 'fail':
        return { ...base, result: 'still-present', check: p.rule, findings: mine.map((f) => f.id), explanation: `${p.rule} still fails: ${mine.map((f) => f.id).join(', ')}.` };
      case 'upcoming':
        return mine.length
          ? { ...base, result: 'still-present', check: p.rule, findings: mine.map((f) => f.id), explanation: `${p.rule} still fails (the requirement is in force from ${r.rule.effective}).` }
          : { ...base, result: 'resolved', check: p.rule, quotes: r.trace.evidence.map((e) => quoteAt(model, e.start, e.end, e.label)), explanation: `${p.rule} passes (the requirement is in force from ${r.rule.effective}).` };
      case 'suppressed':
        return { ...base, result: 'not-checkable', check: p.rule, explanation: `${p.rule} is silenced by a cpslint-disable comment in the document, so it cannot be re-checked.` };
      default:
        return { ...base, result: 'not-checkable', check: p.rule, explanation: `${p.rule} was not run: ${r.trace.note || r.status}.` };
    }
  });
}
