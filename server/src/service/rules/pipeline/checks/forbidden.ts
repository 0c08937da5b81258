/**
 * Forbidden claims and wording: statements a document must not make (or must not make yet).
 */
import type { Section } from '../../../model';
import type { AnyOf, ForbiddenCheck, Rule } from '../../types';
import { sentenceAt, unitRange, type TextUnit } from '../../extract';
import { footnotesOf } from '../footnotes';
import { anyMatch, findAll, quantities } from '../../patterns';
import { mayMatch, prefilterOn } from '../../prefilter';
import { negated } from '../match';
import { locateSection, within } from '../../locate';
import { atMost, keywordCap, type Context, type Raw } from '../context';
import { targetsFor } from '../units';
import { headingEvidence } from '../evidence';
import { deniedOn } from '../cessation';
import { traceTargets } from '../trace';
import { overriddenByNumbering, headingIsLocalNumber, sectionsNamingMethod } from '../../numbering';

export function evalForbidden(rule: Rule, check: ForbiddenCheck, ctx: Context): Raw[] {
  const out: Raw[] = [];
  const t = targetsFor(ctx, rule.sections, rule.subsections, false);
  traceTargets(ctx, t);
  const skip = check.skipSections.map((n) => locateSection(ctx.model, n)).filter((s): s is Section => !!s);
  const units = t.units.filter((u) => !(u.section && skip.some((s) => within(u.section, s))));
  // The units where some pattern may match (one prefilter question per unit for all the patterns,
  // not one per pattern; a whole-document check has many units and few of them match anything).
  const live = unitsThatMayMatch(check, units);
  const perSection = new Map<Section | null, number>();
  const overflow = new Map<Section | null, Raw>();
  for (const p of check.patterns) {
    const sorted = [...p.stages].sort((a, b) => ((a.from ?? '') < (b.from ?? '') ? -1 : 1));
    let stage = sorted.filter((s) => !s.from || s.from <= ctx.asOf).pop();
    let upcoming = false;
    if (!stage) {
      stage = sorted[0];
      upcoming = true;
    }
    const date = stage.from ?? rule.effective;
    const fill = (m: string, match: string) =>
      m.replace(/\{label\}/g, p.label).replace(/\{note\}/g, stage!.note).replace(/\{date\}/g, date).replace(/\{match\}/g, match);
    const emit = (start: number, end: number, section: Section | null, match: string) => {
      const n = perSection.get(section) ?? 0;
      perSection.set(section, n + 1);
      if (n >= check.perSection) {
        const last = overflow.get(section);
        if (last) last.message = last.message.replace(/( \(\+\d+ more in this section\))?$/, ` (+${n + 1 - check.perSection} more in this section)`);
        return;
      }
      const raw: Raw = {
        kind: 'claim',
        severity: upcoming ? 'info' : atMost(stage!.severity, keywordCap(stage!.keyword)),
        message: fill(rule.message, match) + (upcoming && !fill(rule.message, match).includes(date) ? ` (from ${date})` : ''),
        start,
        end,
        anchors: section ? [section] : [],
        home: section,
        withFix: false,
        dated: upcoming,
      };
      out.push(raw);
      overflow.set(section, raw);
    };
    for (const k of live) {
      const u = units[k];
      const next = units[k + 1];
      const following = next && next.section === u.section ? next.text : undefined;
      const ms = findAll(p.any, u.text);
      for (let i = 0; i < ms.length; i++) {
        const m = ms[i];
        // As of the as-of date: a stop stated in the next sentence ("Effective …, the CA will not
        // use this method") ends the claim once in force; one that starts later does not yet.
        if (deniedOn(u.text, m, negated(u.text, m.start, m.end, check.negations), ctx.asOf, following)) continue;
        if (overriddenByNumbering(ctx.model, u, m.start, m.end, p.headingNumber)) continue;
        if (p.unless && excepted(p.unless, ctx, u, m.start)) continue;
        if (check.unlessBounded) {
          const sent = sentenceAt(u, m.start);
          if (quantities(u.text, sent.start, sent.end).length) continue;
        }
        const r = unitRange(u, m.start, m.end);
        emit(r.start, r.end, u.section, u.text.slice(m.start, m.end));
      }
    }
    if (p.headingNumber) {
      const re = p.headingNumber;
      for (const ev of headingEvidence(ctx, re, t.sections, check.negations)) if (!ev.section || !headingIsLocalNumber(ctx.model, ev.section, re)) emit(ev.start, ev.end, ev.section, ev.section?.number ?? '');
      // A section under another local number whose heading names this BR method.
      for (const s of sectionsNamingMethod(ctx.model, t.sections, re)) for (const ev of headingEvidence(ctx, /^/, [s], check.negations).filter((e) => e.section === s)) emit(ev.start, ev.end, s, s.number ?? '');
    }
  }
  return out;
}

/**
 * Every pattern's alternatives as one group: the prefilter rules a text out for this group exactly
 * when it rules it out for every pattern (its needs are theirs, any one of them met suffices), and
 * then no pattern matches there (patterns.ts findAll asks the same prefilter).
 */
const unions = new WeakMap<ForbiddenCheck, AnyOf>();
export function unionOf(check: ForbiddenCheck): AnyOf {
  let u = unions.get(check);
  if (!u) {
    const groups = check.patterns.map((p) => p.any);
    const stems = groups.some((g) => g.stems) ? groups.flatMap((g) => g.stems ?? g.regexes.map(() => null)) : undefined;
    u = { terms: groups.flatMap((g) => g.terms), regexes: groups.flatMap((g) => g.regexes), ...(stems ? { stems } : {}) };
    unions.set(check, u);
  }
  return u;
}

/** Indexes of the units in which some pattern of the check may match (all of them when the prefilter is off). */
function unitsThatMayMatch(check: ForbiddenCheck, units: TextUnit[]): number[] {
  const out: number[] = [];
  const on = prefilterOn();
  const union = on ? unionOf(check) : null;
  for (let k = 0; k < units.length; k++) if (!union || mayMatch(union, units[k].text)) out.push(k);
  return out;
}

/** The match's sentence, a footnote its unit references, or the title of its section or of an
 *  enclosing one, names an exception. */
function excepted(unless: NonNullable<ForbiddenCheck['patterns'][number]['unless']>, ctx: Context, u: TextUnit, at: number): boolean {
  const sent = sentenceAt(u, at);
  if (anyMatch(unless, u.text, sent.start, sent.end)) return true;
  if (footnotesOf(ctx.model, u).some((note) => anyMatch(unless, note))) return true;
  for (let s: Section | null = u.section; s; s = s.parent) if (anyMatch(unless, s.title)) return true;
  return false;
}

// -----------------------------------------------------------------------------------------------
