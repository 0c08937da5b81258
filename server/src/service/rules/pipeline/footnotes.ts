/**
 * Footnotes that qualify a statement: a table row "ExtendedKeyUsage [^7] | serverAuth, clientAuth"
 * whose note says the client purpose ends on a date. Text units drop footnote references, so this
 * reads them from the source span of the unit and returns the text of the definitions they name.
 */
import type { FootnoteDefinition } from 'mdast';
import type { DocumentModel } from '../../model';
import { visitAsParsed } from '../../model';
import { unitReads, type TextUnit } from '../extract';

const definitions = new WeakMap<DocumentModel, Map<string, string>>();

function definitionsOf(model: DocumentModel): Map<string, string> {
  let map = definitions.get(model);
  if (map) return map;
  map = new Map();
  visitAsParsed(model.root, (n, delta) => {
    if (n.type !== 'footnoteDefinition') return true;
    const d = n as FootnoteDefinition;
    const s = d.position?.start.offset;
    const e = d.position?.end.offset;
    if (s !== undefined && e !== undefined) {
      const body = model.text.slice(s + delta, e + delta).replace(/^\[\^[^\]]*\]:\s*/, '').replace(/\s+/g, ' ').trim();
      map!.set(d.identifier.toLowerCase(), body);
    }
    return false;
  });
  definitions.set(model, map);
  return map;
}

/** The texts of the footnotes that the unit's source references, in order, without duplicates. */
export function footnotesOf(model: DocumentModel, u: TextUnit): string[] {
  const src = model.text.slice(u.start, u.end);
  if (!src.includes('[^')) return [];
  const defs = definitionsOf(model);
  if (!defs.size) return [];
  // Footnote definitions can be anywhere in the document: a read of every part of it (carry.ts).
  unitReads.all = true;
  const out: string[] = [];
  for (const m of src.matchAll(/\[\^([^\]\s]{1,100})\]/g)) {
    const body = defs.get(m[1].toLowerCase());
    if (body !== undefined && !out.includes(body)) out.push(body);
  }
  return out;
}
