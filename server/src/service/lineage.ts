/**
 * Versions of one document: parseDocument(text, previous) links the new model to the previous one's
 * lineage, a small object that state carried across versions hangs off (rules/pipeline/carry.ts).
 * Nothing here keeps an old model alive: the lineage is reachable only from the models that share it,
 * so closing a document (dropping its models) frees everything carried for it.
 */
import type { DocumentModel } from './model';

export type Lineage = object;
const lineages = new WeakMap<DocumentModel, Lineage>();

export function linkVersion(model: DocumentModel, previous: DocumentModel | null | undefined): void {
  if (previous) lineages.set(model, lineageOf(previous));
}

export function lineageOf(model: DocumentModel): Lineage {
  let l = lineages.get(model);
  if (!l) lineages.set(model, (l = {}));
  return l;
}
