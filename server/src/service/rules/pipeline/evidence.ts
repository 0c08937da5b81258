/**
 * Evidence: the statement (unit and range) that satisfies one part of a requirement.
 */
import type { Section } from '../../model';
import type { AnyOf, EvidencePart, Scope } from '../types';
import { TextUnit, ownUnits, rowLabelPairs, unitOrigin, unitRange, withLead } from '../extract';
import { findAll, anyMatch, isNegated, type Match } from '../patterns';
import { within } from '../locate';
import type { Context, Evidence } from './context';
import { groupMatches, polarOk, unitHit } from './match';
import { windows } from './window';

export function evidenceFrom(u: TextUnit, ms: Match[], scope?: Match): Evidence {
  const s = Math.min(...ms.map((m) => m.start));
  const e = Math.max(...ms.map((m) => m.end));
  const r = unitRange(u, s, e);
  const concepts = [...new Set(ms.map((m) => m.source).filter((x): x is string => !!x && x.startsWith('@')))];
  return { unit: u, start: r.start, end: r.end, section: u.section, ...(concepts.length ? { concepts } : {}), ...(scope ? { scope: { start: scope.start, end: scope.end } } : {}) };
}

/** The next paragraph of the same section after `u` among `units` (where a stop may be stated). */
function followingText(units: TextUnit[], k: number): string | undefined {
  const n = units[k + 1];
  return n && n.section === units[k].section ? n.text : undefined;
}

/**
 * Every statement among `units` that satisfies the groups, in the order the matcher prefers
 * them: a sentence or paragraph on its own, then a list item with its lead-in, then a
 * back-reference window (window.ts). `limit` stops early (findEvidence wants the first).
 */
export function evidenceCandidates(groups: AnyOf[], unless: AnyOf[], polarity: EvidencePart['polarity'], scope: Scope, units: TextUnit[], neg?: AnyOf, asOf?: string, limit = Infinity, topic: AnyOf | undefined = groups[0]): Evidence[] {
  const out: Evidence[] = [];
  if (!groups.length) return out;
  if (scope === 'section') {
    // Each group anywhere among the units (of one section subtree — the caller passes them).
    if (unless.length && units.some((u) => unless.some((g) => anyMatch(g, u.text)))) return out;
    // Each unit, then its row read in context (one list, not an array per unit: a search of the
    // whole document after each keystroke reads every unit).
    const flat: TextUnit[] = [];
    for (const u of units) {
      flat.push(u);
      if (u.inContext) flat.push(u.inContext);
    }
    units = flat;
    let first: Evidence | null = null;
    let last: Evidence | null = null;
    let negatedSeen = false;
    const concepts = new Set<string>();
    for (const g of groups) {
      let found: Evidence | null = null;
      for (let k = 0; k < units.length; k++) {
        const u = units[k];
        const all = findAll(g, u.text);
        if (!all.length) continue;
        const ms = polarity === 'negative' ? all : all.filter((m) => polarOk(u.text, m, polarity, neg, asOf, followingText(units, k)));
        if (!ms.length) continue;
        if (polarity === 'negative' && ms.some((m) => isNegated(u.text, m.start, m.end, neg))) negatedSeen = true;
        found = evidenceFrom(u, [ms[0]]);
        for (const c of found.concepts ?? []) concepts.add(c);
        break;
      }
      if (!found) return out;
      first = first ?? found;
      last = found;
    }
    if (polarity === 'negative' && !negatedSeen) return out;
    // The diagnostic points at the first group's match; the review also quotes the last group's (often the specific part).
    const ev = first && last && last !== first && (last.start >= first.end || last.end <= first.start) ? { ...first, also: { start: last.start, end: last.end } } : first!;
    out.push(concepts.size ? { ...ev, concepts: [...concepts] } : ev);
    return out;
  }
  // The passes below read each run of units of one section on its own (a unit's following
  // paragraph and a window's previous sentence are in the same section): their hits are
  // remembered per run (runPass), so a search of the whole document after an edit reads again
  // only the sections the edit changed.
  const runs = runsOf(units);
  const q: RunQuery = { groups, unless, polarity, scope, neg, asOf, topic };
  const memos = runs.map((run) => memoFor(run, q));
  const passes = scope === 'sentence' ? 5 : 4;
  for (let pass = 0; pass < passes && out.length < limit; pass++) {
    const p = pass === 3 && scope !== 'sentence' ? 4 : pass;
    for (let r = 0; r < runs.length; r++) {
      if (out.length >= limit) break;
      const run = runs[r];
      for (const h of runPass(run, memos[r], p)) {
        if (out.length >= limit) break;
        out.push(rebuild(run, p, h, scope));
      }
    }
  }
  return out;
}

/** The arguments of a search other than the units (identities: rules keep their groups). */
interface RunQuery {
  groups: AnyOf[];
  unless: AnyOf[];
  polarity: EvidencePart['polarity'];
  scope: 'sentence' | 'paragraph';
  neg: AnyOf | undefined;
  asOf: string | undefined;
  topic: AnyOf | undefined;
}

/** A hit of one pass in a run: the unit (index in the run), which derived reading, the matches in its text. */
interface RunHit {
  k: number;
  /** Pass 3 (row-label pairs): the pair, and whether it was read with the lead-in. Pass 4 (windows): the window. */
  j: number;
  lead: boolean;
  ms: Match[];
  sc: Match;
}

interface RunMemo {
  q: RunQuery;
  /** Per pass, once computed. */
  passes: (RunHit[] | undefined)[];
}

/**
 * Remembered hits per run: keyed by the first unit's origin (extract.ts unitOrigin), checked against
 * all of them; `seen` is the run as last asked (the units of one version), which later searches of
 * the same version match by identity alone.
 */
interface RunRecord {
  origins: TextUnit[];
  seen: TextUnit[];
  /** By the query's groups (a rule part's own array), then the rest of the query. */
  memos: Map<AnyOf[], RunMemo[]>;
}
const records = new WeakMap<TextUnit, RunRecord[]>();

/** Units of one section that follow each other among the searched units. */
function runsOf(units: TextUnit[]): TextUnit[][] {
  const runs: TextUnit[][] = [];
  let cur: TextUnit[] | null = null;
  for (const u of units) {
    if (cur && cur[0].section === u.section) cur.push(u);
    else runs.push((cur = [u]));
  }
  return runs;
}

function sameQuery(a: RunQuery, b: RunQuery): boolean {
  return a.groups === b.groups && a.unless === b.unless && a.polarity === b.polarity && a.scope === b.scope && a.neg === b.neg && a.asOf === b.asOf && a.topic === b.topic;
}

function sameUnits(a: TextUnit[], b: TextUnit[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function recordFor(run: TextUnit[]): RunRecord {
  const first = unitOrigin(run[0]);
  let list = records.get(first);
  if (!list) records.set(first, (list = []));
  for (const r of list) if (sameUnits(r.seen, run)) return r;
  let rec = list.find((r) => r.origins.length === run.length && r.origins.every((o, i) => o === unitOrigin(run[i])));
  if (!rec) {
    if (list.length >= 4) list.shift();
    list.push((rec = { origins: run.map(unitOrigin), seen: run, memos: new Map() }));
  }
  rec.seen = run;
  return rec;
}

function memoFor(run: TextUnit[], q: RunQuery): RunMemo {
  const rec = recordFor(run);
  let list = rec.memos.get(q.groups);
  if (!list) rec.memos.set(q.groups, (list = []));
  let m = list.find((x) => sameQuery(x.q, q));
  // Room for every pass from the start (an array grown by assignment keeps slack).
  if (!m) list.push((m = { q, passes: new Array<RunHit[] | undefined>(5).fill(undefined) }));
  return m;
}

/**
 * The hits of one pass over one run, remembered: they depend only on the units' content (texts,
 * sentences, lead-ins, table context), which a unit copied from an earlier version shares with its
 * origin. Pass 0: the unit on its own; 1: a list item with its lead-in; 2: a table row with its
 * column headers; 3: each cell with the row's label (and the lead-in); 4: back-reference windows.
 */
function runPass(run: TextUnit[], m: RunMemo, pass: number): RunHit[] {
  const q = m.q;
  const hit = m.passes[pass];
  if (hit) return hit;
  const out: RunHit[] = [];
  const { groups, unless, polarity, scope, neg, asOf, topic } = q;
  const whole = scope !== 'sentence';
  if (pass === 0) {
    run.forEach((u, k) => {
      const h = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, -1, asOf, followingText(run, k));
      if (h) out.push({ k, j: -1, lead: false, ms: h.ms, sc: h.sc });
    });
  } else if (pass === 1) {
    run.forEach((u0, k) => {
      const u = withLead(u0);
      if (!u) return;
      const h = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, u.text.length - u0.text.length, asOf);
      if (h) out.push({ k, j: -1, lead: false, ms: h.ms, sc: h.sc });
    });
  } else if (pass === 2) {
    run.forEach((u0, k) => {
      const u = u0.inContext;
      if (!u) return;
      const h = unitHit(groups, unless, polarity, u.text, whole ? null : u.sentences, neg, -1, asOf);
      if (h) out.push({ k, j: -1, lead: false, ms: h.ms, sc: h.sc });
    });
  } else if (pass === 3) {
    run.forEach((u0, k) => {
      rowLabelPairs(u0).forEach((p, j) => {
        for (const lead of p.lead ? [false, true] : [false]) {
          const u = lead ? withLead(p)! : p;
          const h = unitHit(groups, unless, polarity, u.text, u.sentences, neg, u.text.length - p.text.length, asOf);
          if (h) out.push({ k, j, lead, ms: h.ms, sc: h.sc });
        }
      });
    });
  } else {
    // A sentence that refers back ("the procedure", "this plan") read with the one before it: the
    // sentence before names the topic (the part's anchor, else its first group) and the referring
    // sentence supplies some of the rest ("… the CCADB Policy" after a sentence about publication
    // does not make the publication a CCADB upload: the topic is not named before).
    windows(run, scope).forEach((w, j) => {
      if (topic && !findAll(topic, w.unit.text, w.from, w.refFrom).length) return;
      if (!groups.some((g) => g !== topic && findAll(g, w.unit.text, w.refFrom, w.to).length)) return;
      const ms = groupMatches(groups, unless, polarity, w.unit.text, w.from, w.to, neg, asOf);
      if (ms && ms.some((x) => x.start >= w.refFrom)) out.push({ k: -1, j, lead: false, ms, sc: { start: w.from, end: w.to } });
    });
  }
  // Most passes over most runs find nothing: one shared empty answer instead of an array each
  // (issue 12: 140,000 empty arrays, 9 MB with the ten largest documents checked). Never modified.
  const answer = out.length ? out : NO_HITS;
  m.passes[pass] = answer;
  return answer;
}
const NO_HITS: RunHit[] = [];

/** The evidence of a remembered hit, read from this version's units (their offsets). */
function rebuild(run: TextUnit[], pass: number, h: RunHit, scope: 'sentence' | 'paragraph'): Evidence {
  if (pass === 0) return evidenceFrom(run[h.k], h.ms, h.sc);
  if (pass === 1) return evidenceFrom(withLead(run[h.k])!, h.ms, h.sc);
  if (pass === 2) return evidenceFrom(run[h.k].inContext!, h.ms, h.sc);
  if (pass === 3) {
    const p = rowLabelPairs(run[h.k])[h.j];
    return evidenceFrom(h.lead ? withLead(p)! : p, h.ms, h.sc);
  }
  return evidenceFrom(windows(run, scope)[h.j].unit, h.ms, h.sc);
}

export function findEvidence(groups: AnyOf[], unless: AnyOf[], polarity: EvidencePart['polarity'], scope: Scope, units: TextUnit[], neg?: AnyOf, asOf?: string, topic?: AnyOf): Evidence | null {
  return evidenceCandidates(groups, unless, polarity, scope, units, neg, asOf, 1, topic ?? groups[0])[0] ?? null;
}

export const DENIAL_BODY = /^(?:no\s+stipulations?|not\s+applicable|n\/a|not\s+used|reserved|retired|\[?retired\]?|void|intentionally\s+(?:left\s+)?blank|this\s+method\s+is\s+not)/i;

/** Subsections numbered like `re` (within `roots`) whose own body states something positive. */
export function headingEvidence(ctx: Context, re: { test(s: string): boolean }, roots: Section[], neg?: AnyOf): Evidence[] {
  const out: Evidence[] = [];
  const visit = (s: Section) => {
    if (s.number && re.test(s.number)) {
      const units = ownUnits(ctx.model, s);
      const first = units[0];
      const sent = first ? first.text.slice(first.sentences[0]?.start ?? 0, first.sentences[0]?.end ?? first.text.length) : '';
      const denied =
        /\b(?:not|never|no\s+longer)\b|n't\b/i.test(sent) && /\b(?:method|use[sd]?|rel(?:y|ies|ied)|perform(?:s|ed)?|offer(?:s|ed)?|support(?:s|ed)?|employ(?:s|ed)?)\b/i.test(sent);
      const positive = !!first && !DENIAL_BODY.test(first.text) && !denied && !(neg && anyMatch(neg, sent));
      if (positive) out.push({ unit: null, start: s.numberStart, end: s.numberEnd, section: s });
    }
    for (const c of s.children) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}

/** `units` grouped by the root (of `roots`) whose subtree holds them; null for the title block. */
export function unitsByRoot(units: TextUnit[], roots: Section[]): Map<Section | null, TextUnit[]> {
  const bySection = new Map<Section | null, TextUnit[]>();
  for (const u of units) {
    const root = roots.find((r) => u.section && within(u.section, r)) ?? null;
    const list = bySection.get(root) ?? [];
    list.push(u);
    bySection.set(root, list);
  }
  return bySection;
}

export function partEvidence(ctx: Context, part: EvidencePart, units: TextUnit[], roots: Section[], neg?: AnyOf): Evidence | null {
  const asOf = ctx.asOf;
  if (part.scope === 'section') {
    // Section scope: all groups within one target section subtree (or the title block).
    for (const list of unitsByRoot(units, roots).values()) {
      const ev = findEvidence(part.all, part.unless, part.polarity, 'section', list, neg, asOf, part.anchor);
      if (ev) return ev;
    }
  } else {
    const ev = findEvidence(part.all, part.unless, part.polarity, part.scope, units, neg, asOf, part.anchor);
    if (ev) return ev;
  }
  if (part.headingNumber) return headingEvidence(ctx, part.headingNumber, roots, neg)[0] ?? null;
  return null;
}

