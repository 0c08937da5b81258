/**
 * Document-wide conditions of a check ("the document mentions X anywhere"): one boolean per model
 * and query, remembered for every rule that asks it. Not a unit read of the rule (extract.ts
 * unitReads): the query and its answer are recorded instead (`asked`), and pipeline/carry.ts asks
 * it again of the next version before it carries the rule's findings, so a rule whose only
 * document-wide read is such a condition is carried when the answer did not change.
 */
import type { DocumentModel } from '../../model';
import type { AnyOf } from '../types';
import { documentUnits, unitReads } from '../extract';
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
const answers = new WeakMap<DocumentModel, WeakMap<AnyOf[], Map<string, WeakMap<object, boolean>>>>();

export function anywhere(model: DocumentModel, q: Query): boolean {
  let byGroups = answers.get(model);
  if (!byGroups) answers.set(model, (byGroups = new WeakMap()));
  let byMode = byGroups.get(q.groups);
  if (!byMode) byGroups.set(q.groups, (byMode = new Map()));
  const mode = `${q.includeHistory ? 1 : 0}${q.negation === 'plain' ? 'p' : 'n'}`;
  let byNeg = byMode.get(mode);
  if (!byNeg) byMode.set(mode, (byNeg = new WeakMap()));
  const negKey = q.negation === 'plain' || !q.negation ? NO_NEG : q.negation;
  let value = byNeg.get(negKey);
  if (value === undefined) {
    const reading = unitReads.sections;
    const all = unitReads.all;
    unitReads.sections = null;
    try {
      const units = documentUnits(model, { includeHistory: q.includeHistory });
      const neg = q.negation === 'plain' ? undefined : q.negation;
      value =
        q.negation === 'plain'
          ? units.some((u) => q.groups.some((g) => anyMatch(g, u.text)))
          : units.some((u) => q.groups.some((g) => findAll(g, u.text).some((m) => !negated(u.text, m.start, m.end, neg))));
    } finally {
      unitReads.sections = reading;
      unitReads.all = all;
    }
    byNeg.set(negKey, value);
  }
  asked.list?.push({ q, value });
  return value;
}
