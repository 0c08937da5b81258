/**
 * Inline suppression comments, honoured for every finding:
 *   <!-- cpslint-disable RULE-ID [RULE-ID…] -->       in a section's body: that section and its subsections
 *   <!-- cpslint-disable-file RULE-ID [RULE-ID…] -->  anywhere: the whole file
 * Without ids, every rule is disabled. Comments inside code blocks do not count.
 */
import type { Nodes } from 'mdast';
import type { DocumentModel, Section } from './model';
import type { Finding } from './findings';

export interface Suppressions {
  file: Set<string> | 'all' | null;
  /** Section -> ids (or 'all'), applying to the section and its descendants. */
  sections: Map<Section, Set<string> | 'all'>;
}

const DIRECTIVE = /<!--\s*cpslint-disable(-file)?\b([^>]*?)-->/g;

function ids(list: string): Set<string> | 'all' {
  const s = list
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  return s.length ? new Set(s) : 'all';
}

function merge(a: Set<string> | 'all' | null | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

function htmlNodes(n: Nodes, out: { value: string; offset: number }[]): void {
  if (n.type === 'html' && n.position) out.push({ value: n.value, offset: n.position.start.offset! });
  if (n.type === 'code' || n.type === 'inlineCode') return;
  if ('children' in n) for (const c of n.children as Nodes[]) htmlNodes(c, out);
}

export function findSuppressions(model: DocumentModel): Suppressions {
  const res: Suppressions = { file: null, sections: new Map() };
  const html: { value: string; offset: number }[] = [];
  htmlNodes(model.root as unknown as Nodes, html);
  for (const h of html) {
    DIRECTIVE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE.exec(h.value))) {
      const set = ids(m[2]);
      if (m[1]) res.file = merge(res.file, set);
      else {
        const owner = ownerOf(model, h.offset);
        if (owner) res.sections.set(owner, merge(res.sections.get(owner), set));
        else res.file = merge(res.file, set);
      }
    }
  }
  return res;
}

function ownerOf(model: DocumentModel, offset: number): Section | null {
  let found: Section | null = null;
  for (const s of model.all) {
    if (s.headingStart > offset) break;
    found = s;
  }
  return found;
}

function covers(set: Set<string> | 'all' | null | undefined, code: string): boolean {
  return set === 'all' || (!!set && set.has(code));
}

export function isSuppressed(model: DocumentModel, sup: Suppressions, f: Finding): boolean {
  if (covers(sup.file, f.code)) return true;
  if (!sup.sections.size) return false;
  const offset = model.lines.offsetAt(f.range.start);
  for (let s = ownerOf(model, offset); s; s = s.parent) if (covers(sup.sections.get(s), f.code)) return true;
  return false;
}
