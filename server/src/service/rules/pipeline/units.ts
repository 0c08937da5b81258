/**
 * Stage 1, text units: which units of the document a rule reads (its target sections, the
 * title block, the rest of the document, and sections the target points to).
 */
import { locateSection, within } from '../locate';
import type { DocumentModel, Section } from '../../model';
import { TextUnit, ownUnits, sectionUnits, frontUnits, probedDocumentUnits, type DocumentProbe } from '../extract';
import type { Context } from './context';
import { unitsInScope, type RuleScope } from './scope';

export interface Targets {
  sections: Section[];
  /** Numbers of target sections not in the document. */
  missing: string[];
  front: boolean;
  units: TextUnit[];
}

export function targetsFor(ctx: Context, numbers: string[], deep: boolean, includeHistory: boolean): Targets {
  const sections: Section[] = [];
  const missing: string[] = [];
  let front = false;
  for (const n of numbers) {
    if (n === 'front') {
      front = true;
      continue;
    }
    const s = locateSection(ctx.model, n);
    if (s) {
      if (!sections.some((x) => within(s, x))) sections.push(s);
    } else missing.push(n);
  }
  const seen = new Set<TextUnit>();
  const units: TextUnit[] = [];
  const add = (list: TextUnit[]) => {
    for (const u of list) if (!seen.has(u)) (seen.add(u), units.push(u));
  };
  if (front) add(frontUnits(ctx.model, { includeHistory }));
  for (const s of sections) add(sectionUnits(ctx.model, s, deep, { includeHistory }));
  return { sections, missing, front, units };
}

/**
 * Units in the rule's scope outside the targets, excluding definitions and references (1.6).
 * `probe` describes the search of them (extract.ts DocumentProbe); `elsewhereSection` gives the
 * units one section contributes.
 */
export function elsewhereUnits(ctx: Context, t: Targets, includeHistory: boolean, scope: RuleScope, probe: DocumentProbe): TextUnit[] {
  const inTarget = new Set(t.units);
  const defs = locateSection(ctx.model, '1.6');
  return unitsInScope(scope, probedDocumentUnits(ctx.model, { includeHistory }, probe)).filter((u) => !inTarget.has(u) && !(defs && u.section && within(u.section, defs)));
}

/**
 * The units `section` (not a target of the rule, not in the title block) contributes to
 * elsewhereUnits: its own units in the rule's scope, none in the definitions (1.6).
 */
export function elsewhereSection(model: DocumentModel, section: Section, includeHistory: boolean, scope: RuleScope): TextUnit[] {
  const defs = locateSection(model, '1.6');
  if (defs && within(section, defs)) return [];
  return unitsInScope(scope, ownUnits(model, section, { includeHistory }));
}

// -----------------------------------------------------------------------------------------------
// Matching
/**
 * Sections of this document that `units` point to ("see Section 7.1", a bare "(Section 4.9.9)"), not
 * references into other documents.
 */
export const XREF =
  /(?:\((?=\s*(?:sections?|§)\s*\d)\s*|\b(?:see|refer to|(?:as\s+)?(?:indicated|stated|outlined|explained|established|documented|contained|given)\s+in|pursuant to|according to|described in|detailed in|specified in|set out in|set forth in|defined in|covered in|found in|listed in|provided in|in accordance with|as per|per|under)\s+(?:the\s+)?)(?:sections?|§|chapters?|paragraphs?|par\.|clauses?)\s*(\d{1,2}(?:\.\d{1,3})*)(?![.\d]*\d)/gi;
export const APPENDIX_REF = /\b(?:appendix|annex)\s+([A-Z]|\d{1,2})\b/gi;
export const FOREIGN = /^[^.;]{0,30}?\b(?:of|in)\s+(?:the\s+)?(?:CA\/Browser Forum'?s?\s+)?(?:Baseline Requirements|BRs?|TLS BRs?|EV Guidelines|EVG|RFC|Mozilla|Chrome|CCADB|Network|Microsoft|Apple|S\/MIME|NCSSR|ETSI|WebTrust)/i;

export function referencedSections(ctx: Context, units: TextUnit[]): Section[] {
  const out: Section[] = [];
  for (const u of units) {
    XREF.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = XREF.exec(u.text))) {
      if (FOREIGN.test(u.text.slice(m.index + m[0].length))) continue;
      const s = ctx.model.all.find((x) => x.number === m![1] && !x.scoped && !x.appendix);
      if (s && !out.includes(s)) out.push(s);
    }
    APPENDIX_REF.lastIndex = 0;
    while ((m = APPENDIX_REF.exec(u.text))) {
      const id = m[1].toUpperCase();
      const s = ctx.model.all.find((x) => (x.appendix && x.number === id) || new RegExp(`^(?:appendix|annex)\\s+${id}\\b`, 'i').test(x.title));
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------
// Commitment rules
