/**
 * Quotes for findings: a "found elsewhere" or "stated only in part" diagnostic carries, in its
 * related information, the words it relied on, so that a reader judges the evidence without
 * opening the review. The quote is the sentence holding the evidence (cut around the match when
 * long), with the concepts that matched.
 */
import type { DocumentModel } from '../../model';
import type { Evidence } from './context';
import { unitIndexAt } from '../extract';

/** Longest quote, in characters; a longer sentence is cut around the evidence. */
export const QUOTE_MAX = 180;

function clip(text: string, from: number, to: number): string {
  if (text.length <= QUOTE_MAX) return text;
  const mid = Math.floor((from + to) / 2);
  let s = Math.max(0, Math.min(mid - QUOTE_MAX / 2, text.length - QUOTE_MAX));
  let e = Math.min(text.length, s + QUOTE_MAX);
  // Cut at word boundaries.
  while (s > 0 && /\S/.test(text[s - 1]) && s > from - QUOTE_MAX) s--;
  while (e < text.length && /\S/.test(text[e]) && e < to + QUOTE_MAX / 4) e++;
  return `${s > 0 ? '…' : ''}${text.slice(s, e).trim()}${e < text.length ? '…' : ''}`;
}

/** The words of the document the evidence stands on. */
export function quoteOf(model: DocumentModel, ev: Evidence): string {
  const u = ev.unit;
  if (!u) {
    // A heading (a subsection numbered like the requirement): its line.
    const lineStart = model.text.lastIndexOf('\n', ev.start - 1) + 1;
    const nl = model.text.indexOf('\n', ev.start);
    return clip(model.text.slice(lineStart, nl < 0 ? model.text.length : nl).replace(/^#+\s*/, '').trim(), 0, 0);
  }
  const i = Math.max(0, unitIndexAt(u, ev.start));
  let j = unitIndexAt(u, ev.end);
  if (j < 0) j = u.text.length;
  const scope = ev.scope ?? u.sentences.find((s) => s.start <= i && i < s.end) ?? { start: 0, end: u.text.length };
  const text = u.text.slice(scope.start, scope.end);
  return clip(text, i - scope.start, j - scope.start);
}

/** A related-information message: `found here` + what it states + the quote + the concepts. */
export function quotedMessage(model: DocumentModel, ev: Evidence, what: string, lead = 'stated here'): string {
  const concepts = ev.concepts?.length ? ` (concepts: ${ev.concepts.join(', ')})` : '';
  return `${lead}: ${what}: "${quoteOf(model, ev)}"${concepts}`;
}
