/**
 * Commitment checks: the document must state each part of a requirement (in the expected
 * sections, or elsewhere with a weaker finding), must not contradict it, and must keep its limits.
 */
import type { Section } from '../../../model';
import type { AnyOf, CommitmentCheck, EvidencePart, Rule } from '../../types';
import { TextUnit, sectionUnits, ownUnits, probedDocumentUnits, type DocumentProbe } from '../../extract';
import { anyMatch } from '../../patterns';
import { anywhere } from '../anywhere';
import { locateSection, within, sectionName } from '../../locate';
import { DOC_NAMES, atMost, strongest, weaker, severityAt, type Context, type Evidence, type Raw } from '../context';
import { targetsFor, elsewhereUnits, elsewhereSection, referencedSections, type Targets } from '../units';
import { evidenceCandidates, findEvidence, partEvidence } from '../evidence';
import { bestElsewhere } from '../rank';
import { quotedMessage } from '../quote';
import { traceEvidence, traceTargets } from '../trace';
import { contradictions, limitFindings } from './limits';
import { ruleScope, unitsInScope } from '../scope';

/**
 * No `unless` groups, one array for every call: the evidence and unit-hit caches compare a search's
 * groups by identity, and a fresh [] per check made every check a new question (issue 12: the
 * evidence memos of units reused across versions grew by one per rule at every check).
 */
const NO_GROUPS: AnyOf[] = [];

export function headingAnchor(ctx: Context, t: Targets, numbers: string[]): { start: number; end: number; section: Section | null; missingNote: string } {
  const model = ctx.model;
  const lineEnd = (off: number) => model.lines.lineEnd(model.lines.positionAt(off).line);
  const primary = numbers.find((n) => n !== 'front');
  const s = primary ? locateSection(model, primary) : null;
  if (s) return { start: s.numberStart, end: lineEnd(s.headingStart), section: s, missingNote: '' };
  if (t.sections[0]) return { start: t.sections[0].numberStart, end: lineEnd(t.sections[0].headingStart), section: t.sections[0], missingNote: '' };
  if (primary) {
    const parts = primary.split('.');
    for (let i = parts.length - 1; i >= 1; i--) {
      const a = locateSection(model, parts.slice(0, i).join('.'));
      if (a) return { start: a.numberStart, end: lineEnd(a.headingStart), section: a, missingNote: `§${primary} is missing. ` };
    }
    const first = model.all[0];
    return first
      ? { start: first.headingStart, end: lineEnd(first.headingStart), section: null, missingNote: `§${primary} is missing. ` }
      : { start: 0, end: lineEnd(0), section: null, missingNote: `§${primary} is missing. ` };
  }
  const first = model.all[0];
  return { start: first ? first.headingStart : 0, end: first ? lineEnd(first.headingStart) : lineEnd(0), section: null, missingNote: '' };
}

/** Where the rule expects the text, naming the document's own section when its number differs. */
export function expectedWhere(rule: Rule, t: Targets): string {
  const located = t.sections[0];
  const canonical = rule.sections.find((n) => n !== 'front');
  if (located && canonical && located.number !== canonical) return `${sectionName(located)} ("${located.title}", RFC 3647 §${canonical})`;
  return targetLabel(rule);
}

export function targetLabel(rule: Rule): string {
  const nums = rule.sections.map((n) => (n === 'front' ? 'the title block' : `§${n}`));
  return nums.length <= 2 ? nums.join(' or ') : `${nums.slice(0, -1).join(', ')} or ${nums[nums.length - 1]}`;
}

export function listLabels(labels: string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join('; ')}; and ${labels[labels.length - 1]}`;
}

/**
 * Whether one section's `units` could take part in a search of the whole document for part `p`
 * (the probe of pipeline/carry.ts). Sentence and paragraph scope read each section's units on their
 * own (evidence.ts runs): a section takes part only with a hit of its own. Section scope combines
 * matches of the part's groups across a subtree and drops a subtree where an `unless` group
 * occurs, so any match of a group there counts, as does the topic (ranking reads it).
 */
function mayTakePart(p: EvidencePart, units: TextUnit[], neg: AnyOf | undefined, asOf: string | undefined, topic: AnyOf | undefined): boolean {
  if (!units.length) return false;
  if (p.scope === 'section') {
    const groups = p.anchor ? [...p.all, ...p.unless, p.anchor] : [...p.all, ...p.unless];
    return units.some((u) => groups.some((g) => anyMatch(g, u.text) || (!!u.inContext && anyMatch(g, u.inContext.text))));
  }
  return evidenceCandidates(p.all, p.unless, p.polarity, p.scope, units, neg, asOf, 1, topic).length > 0;
}

export function evalCommitment(rule: Rule, check: CommitmentCheck, ctx: Context): Raw[] {
  const out: Raw[] = [];
  const model = ctx.model;
  const asOf = ctx.asOf;
  const neg = check.negations;
  // Every unit of the document, taken only when a part of the check reads the whole document, with
  // a probe of the search made of them: a check whose whole-document searches no edited section
  // takes part in can still be carried to the next version (pipeline/carry.ts).
  const history = !!check.includeHistory;
  const allUnits = (probe: DocumentProbe) => probedDocumentUnits(model, { includeHistory: history }, probe);
  const ownOf = (m: typeof model, s: Section) => ownUnits(m, s, { includeHistory: history });
  if (check.notApplicableIf.length && anywhere(model, { groups: check.notApplicableIf, includeHistory: !!check.includeHistory, negation: 'plain' })) {
    if (ctx.trace) (ctx.trace.applicable = false), (ctx.trace.note = `does not apply: the document mentions ${check.notApplicableIf.map((g) => g.terms[0]).join(' / ')}`);
    return out;
  }
  if (check.appliesIf.length && !anywhere(model, { groups: check.appliesIf, includeHistory: !!check.includeHistory, negation: neg })) {
    if (ctx.trace) (ctx.trace.applicable = false), (ctx.trace.note = `does not apply: the document never mentions ${check.appliesIf.map((g) => g.terms[0]).join(' / ')}`);
    return out;
  }

  // Stage 2, scope: statements about other certificate types or the other subject are not read.
  const rs = ruleScope(rule);
  const t = targetsFor(ctx, rule.sections, rule.subsections, check.includeHistory);
  t.units = unitsInScope(rs, t.units);
  traceTargets(ctx, t);
  const anchor = headingAnchor(ctx, t, rule.sections);
  const anchors = [...t.sections, ...(anchor.section && !t.sections.includes(anchor.section) ? [anchor.section] : [])];
  const severity = severityAt(rule, asOf);

  // Contradictions.
  for (const c of check.contradictions) {
    if ((c.from && c.from > asOf) || (c.until && c.until <= asOf)) continue;
    const units = c.anywhere ? allUnits((m, s) => contradictions(c, ownOf(m, s), neg, []).length > 0) : t.units;
    const hits = contradictions(c, units, neg, anchors);
    if (!hits.length) continue;
    // A part stated anywhere (the commitment the contradiction would deny) cancels it. Asked only
    // when there is a contradiction: otherwise the rule reads no more than its sections (carry.ts).
    const stated = check.parts.filter((p) => c.unlessStated.includes(p.id));
    if (stated.length) {
      const probe: DocumentProbe = (m, s) => stated.some((p) => mayTakePart(p, unitsInScope(rs, ownOf(m, s)), neg, undefined, p.all[0]));
      const everyUnit = unitsInScope(rs, allUnits(probe));
      if (stated.some((p) => findEvidence(p.all, p.unless, p.polarity, p.scope, everyUnit, neg))) continue;
    }
    out.push(...hits);
  }

  // Numeric limits.
  for (const l of check.limits) {
    if (l.unlessAnywhere.length && anywhere(model, { groups: l.unlessAnywhere, includeHistory: !!check.includeHistory, negation: neg })) continue;
    out.push(...limitFindings(l, t.units, asOf, anchors, rs, neg));
  }
  // A statement that contradicts the requirement, or states a value outside its limit, already says what is wrong; no missing/partial on top.
  const contradicted = out.length > 0;

  // Evidence parts.
  const parts = check.parts.filter((p) => !p.from || p.from <= asOf);
  const refEvidence = check.satisfiedBy.length > 0 ? findEvidence(check.satisfiedBy, NO_GROUPS, 'positive', 'sentence', t.units, neg, asOf) : null;
  const byReference = refEvidence !== null;
  if (ctx.trace && refEvidence) traceEvidence(ctx, 'incorporates the requirement by reference', refEvidence);
  if (ctx.trace && check.satisfiedIfEnglish && ctx.english) ctx.trace.note = 'the document is written in English';
  if (parts.length && !contradicted && !byReference && !(check.satisfiedIfEnglish && ctx.english)) {
    const found = new Map<string, Evidence>();
    const elsewhere = new Map<string, Evidence>();
    let others: TextUnit[] | null = null;
    for (const p of parts) {
      const pt = p.sections ? targetsFor(ctx, p.sections, rule.subsections, check.includeHistory) : t;
      if (pt !== t) pt.units = unitsInScope(rs, pt.units);
      const ev = partEvidence(ctx, p, pt.units, pt.sections, neg);
      if (ev) {
        found.set(p.id, ev);
        traceEvidence(ctx, p.label, ev);
        continue;
      }
      // "See Section 7.1": text in a section the target explicitly points to counts as stated there.
      const refs = referencedSections(ctx, pt.units).filter((r) => !pt.sections.some((x) => within(r, x)));
      const evr = refs.length ? partEvidence(ctx, { ...p, headingNumber: undefined }, unitsInScope(rs, refs.flatMap((r) => sectionUnits(model, r, true, { includeHistory: check.includeHistory }))), refs, neg) : null;
      if (evr) {
        found.set(p.id, evr);
        traceEvidence(ctx, p.label, evr);
        continue;
      }
      if (rule.elsewhere === 'none') continue;
      // Elsewhere: the best-ranked statement that names the part's topic (rank.ts), not the
      // first place the part's words co-occur; below the threshold the part stays missing.
      // The probe covers every part of the check (a part found in its sections is not searched
      // for elsewhere, but asking of it too only makes the probe more cautious).
      others =
        others ??
        elsewhereUnits(ctx, t, history, rs, (m, s) => {
          const units = elsewhereSection(m, s, history, rs);
          return parts.some((x) => mayTakePart(x, units, neg, asOf, x.anchor ?? x.all[0]));
        });
      const otherRoots = model.sections.filter((s) => !t.sections.some((x) => within(x, s) || within(s, x)));
      const inPart = pt === t ? null : new Set(pt.units);
      const best = bestElsewhere(ctx, { ...p, headingNumber: undefined }, inPart ? others.filter((u) => !inPart.has(u)) : others, otherRoots, pt.sections.length ? pt.sections : t.sections, neg);
      if (best) elsewhere.set(p.id, best.evidence);
    }
    const missing = parts.filter((p) => !found.has(p.id));
    if (missing.length) {
      const where = t.sections.length ? `${sectionName(t.sections[0])}${expectedWhere(rule, t).includes('RFC 3647 §') ? ` (RFC 3647 §${rule.sections.find((n) => n !== 'front')})` : ''}` : targetLabel(rule);
      const misplaced = missing.filter((p) => elsewhere.has(p.id));
      const absent = missing.filter((p) => !elsewhere.has(p.id));
      // Every part that was found is quoted where it stands (quote.ts).
      const related = parts.filter((p) => found.has(p.id)).map((p) => {
        const e = found.get(p.id)!;
        return { start: e.start, end: e.end, message: quotedMessage(model, e, p.label) };
      });
      const movedRelated = misplaced.map((p) => {
        const e = elsewhere.get(p.id)!;
        return { start: e.start, end: e.end, message: quotedMessage(model, e, p.label, `found in ${sectionName(e.section)}`) };
      });
      if (rule.elsewhere === 'allowed' && absent.length === 0) {
        // Satisfied: evidence elsewhere is acceptable for this rule.
        for (const p of misplaced) traceEvidence(ctx, p.label, elsewhere.get(p.id)!);
      } else if (rule.elsewhere !== 'allowed' && absent.length === 0) {
        const ev = elsewhere.get(misplaced[0].id)!;
        const labels = misplaced.map((p) => p.label);
        out.push({
          kind: 'misplaced',
          severity: weaker(severity),
          message: `Found, but in ${sectionName(ev.section)} rather than ${expectedWhere(rule, t)}: ${listLabels(labels)}. ${DOC_NAMES[rule.source.document] ?? rule.source.document} expect${rule.source.document === 'BR' ? '' : 's'} it in ${targetLabel(rule)}.`,
          start: ev.start,
          end: ev.end,
          anchors,
          home: anchor.section,
          related: [{ start: anchor.start, end: anchor.end, message: `expected in ${targetLabel(rule)}` }, ...movedRelated, ...related],
          withFix: true,
        });
      } else {
        const counted = rule.elsewhere === 'allowed' ? absent : missing;
        const anyFound = found.size > 0 || (rule.elsewhere === 'allowed' && elsewhere.size > 0) || (counted.length < parts.length);
        if (!anyFound || counted.length === parts.length) {
          out.push({
            kind: 'missing',
            severity,
            message: `${anchor.missingNote}${rule.message}`,
            start: anchor.start,
            end: anchor.end,
            anchors,
            home: anchor.section,
            withFix: true,
          });
        } else {
          const movedNote = rule.elsewhere !== 'allowed' && misplaced.length
            ? ` (${listLabels(misplaced.map((p) => p.label))} appear${misplaced.length === 1 ? 's' : ''} only in ${sectionName(elsewhere.get(misplaced[0].id)!.section)})`
            : '';
          // The most the missing parts can say: a part that caps its own severity lowers the finding
          // only when every missing part does.
          const partial = strongest(counted.map((p) => atMost(severity, p.severity ?? severity)));
          out.push({
            kind: 'partial',
            severity: partial,
            message: `${anchor.missingNote}${where} states this only in part (${rule.title}); missing: ${listLabels(counted.map((p) => p.label))}${movedNote}.`,
            start: anchor.start,
            end: anchor.end,
            anchors,
            home: anchor.section,
            related: rule.elsewhere !== 'allowed' ? [...related, ...movedRelated] : related,
            withFix: true,
          });
        }
      }
    }
  }

  return out;
}
