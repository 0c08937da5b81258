/**
 * Document-wide conditions of a check ("the document mentions X anywhere"): one boolean per model
 * and query, remembered for every rule that asks it. Not a unit read of the rule (extract.ts
 * unitReads): the query and its answer are recorded instead (`asked`), and pipeline/carry.ts asks
 * it again of the next version before it carries the rule's findings, so a rule whose only
 * document-wide read is such a condition is carried when the answer did not change.
 */
import type { DocumentModel } from '../../model';
import type { AnyOf } from '../types';
import { documentUnits, unitOrigin, unitReads, type TextUnit } from '../extract';
import { lineageOf, type Lineage } from '../../lineage';
import { anyMatch, findAll } from '../patterns';
import { negated } from './match';

export interface Query {
  groups: AnyOf[];
  includeHistory: boolean;
  /** Count only matches not negated (with these extra negation terms); `plain`: any match. */
  negation: AnyOf | undefined | 'plain';
}

/** Queries answered while the rule being evaluated ran (null: not recording). */
export const asked: { list: { q: Query; value: boolean }[] | null } = { list: null };

const NO_NEG = {};

/** An answer, and the unit (its origin, extract.ts unitOrigin) whose text made it true. */
interface Answer {
  value: boolean;
  witness: TextUnit | null;
}
type Answers = WeakMap<AnyOf[], Map<string, WeakMap<object, Answer>>>;
const answers = new WeakMap<DocumentModel, Answers>();

/**
 * The latest version of each document that answered a query, per reading (with or without revision
 * history): its answers and the origins of its units. A unit of the next version with the same
 * origin has the same text, so the next version's answer needs only the units that are new: a
 * false answer stays false unless one of them matches; a true one stays true while its witness is
 * there. (Every keystroke asked each query of every unit of the document.)
 */
interface Generation {
  model: WeakRef<DocumentModel>;
  origins: Set<TextUnit>;
  answers: Answers;
  /** The generation before (one level only: its own `prev` is dropped). */
  prev: Generation | null;
}
const generations = new WeakMap<Lineage, [Generation | undefined, Generation | undefined]>();

function answersOf(model: DocumentModel): Answers {
  let a = answers.get(model);
  if (!a) answers.set(model, (a = new WeakMap()));
  return a;
}

function slotOf(a: Answers, q: Query, mode: string, negKey: object): Answer | undefined {
  return a.get(q.groups)?.get(mode)?.get(negKey);
}

function storeIn(a: Answers, q: Query, mode: string, negKey: object, v: Answer): void {
  let byMode = a.get(q.groups);
  if (!byMode) a.set(q.groups, (byMode = new Map()));
  let byNeg = byMode.get(mode);
  if (!byNeg) byMode.set(mode, (byNeg = new WeakMap()));
  byNeg.set(negKey, v);
}

/** This version's generation for the reading, and the previous version's (when it answered anything). */
function generationsFor(model: DocumentModel, history: boolean, units: TextUnit[]): { cur: Generation; prev: Generation | null } {
  const lineage = lineageOf(model);
  let pair = generations.get(lineage);
  if (!pair) generations.set(lineage, (pair = [undefined, undefined]));
  const i = history ? 1 : 0;
  const last = pair[i];
  if (last && last.model.deref() === model) return { cur: last, prev: last.prev };
  const origins = new Set<TextUnit>();
  for (const u of units) origins.add(unitOrigin(u));
  if (last) last.prev = null;
  const cur: Generation = { model: new WeakRef(model), origins, answers: answersOf(model), prev: last ?? null };
  pair[i] = cur;
  return { cur, prev: cur.prev };
}

function matches(q: Query, u: TextUnit, neg: AnyOf | undefined): boolean {
  for (const g of q.groups) {
    if (q.negation === 'plain') {
      if (anyMatch(g, u.text)) return true;
      continue;
    }
    const ms = findAll(g, u.text);
    for (let k = 0; k < ms.length; k++) if (!negated(u.text, ms[k].start, ms[k].end, neg)) return true;
  }
  return false;
}

export function anywhere(model: DocumentModel, q: Query): boolean {
  const mode = `${q.includeHistory ? 1 : 0}${q.negation === 'plain' ? 'p' : 'n'}`;
  const negKey = q.negation === 'plain' || !q.negation ? NO_NEG : q.negation;
  let answer = slotOf(answersOf(model), q, mode, negKey);
  if (answer === undefined) {
    const reading = unitReads.sections;
    const all = unitReads.all;
    unitReads.sections = null;
    try {
      const units = documentUnits(model, { includeHistory: q.includeHistory });
      const neg = q.negation === 'plain' ? undefined : q.negation;
      const { cur, prev } = generationsFor(model, q.includeHistory, units);
      const before = prev ? slotOf(prev.answers, q, mode, negKey) : undefined;
      if (before && before.value && before.witness && cur.origins.has(before.witness)) answer = before;
      else if (prev && before && !before.value) {
        answer = { value: false, witness: null };
        for (const u of units) {
          if (prev.origins.has(unitOrigin(u))) continue;
          if (matches(q, u, neg)) {
            answer = { value: true, witness: unitOrigin(u) };
            break;
          }
        }
      } else {
        answer = { value: false, witness: null };
        for (const u of units) {
          if (matches(q, u, neg)) {
            answer = { value: true, witness: unitOrigin(u) };
            break;
          }
        }
      }
    } finally {
      unitReads.sections = reading;
      unitReads.all = all;
    }
    storeIn(answersOf(model), q, mode, negKey, answer);
  }
  asked.list?.push({ q, value: answer.value });
  return answer.value;
}
