/**
 * Textual cross-references: "Section 4.9.1", "§ 4.9.3", "sections 4.9.1 and 4.9.2",
 * "Sections 4.9.1–4.9.3". A reference to another document ("Section 4.9.1 of the Baseline
 * Requirements", "RFC 5280, Section 4.2") is recognised and marked external.
 */
import type { RootContent, Nodes } from 'mdast';
import type { DocumentModel } from './model';

export interface XRef {
  number: string;
  start: number;
  end: number;
  /** The whole phrase ("Sections 4.9.1–4.9.3"). */
  phraseStart: number;
  phraseEnd: number;
  external: boolean;
  /** Part of a range (4.9.1–4.9.3): the endpoints are references, the span between is implied. */
  rangeEndpoint: boolean;
}

const NUM = String.raw`\d{1,2}(?:\.\d{1,3})*`;
// The keyword may be repeated inside a list ("Section 4.9.1.1 and Section 4.9.1.2 of the BR"), so
// that a trailing "of <document>" marks every number of the list as external.
const SEP = String.raw`\s*(?:,\s*(?:and|or)?|and|or|&|to|through|thru|–|—|-)\s*(?:§\s*|[Ss]ections?\s+)?`;
const REF = new RegExp(String.raw`(?<![\w.])(§§?|[Ss]ections?|SECTIONS?|[Ss]ecs?\.|[Cc]hapters?|[Cc]lauses?)\s*(${NUM}(?:${SEP}${NUM}(?![\w]))*)(?![\w])`, 'g');
const ONE = new RegExp(NUM, 'g');

const EXTERNAL_BEFORE =
  /(?:RFC\s*\d+|\bBRs?|Baseline\s+Requirements|EV\s*Guidelines|\bEVG|Guidelines|Policy|Requirements|WebTrust|ETSI[\w\s.-]*|ISO(?:\/IEC)?[\w\s.-]*|\]|MRSP|CCADB|Act|Regulation|eIDAS|FIPS[\w\s.-]*|NIST[\w\s.-]*|X\.509|Standard)(?:\s+for\s+(?:the\s+)?[A-Z][\w/.-]*(?:\s+[A-Z][\w/.-]*){0,3})?['’]?s?\s*,?\s*(?:\([\w\s.,-]+\)\s*)?$/;
const INTERNAL_AFTER = /^\s*\)?\s*(?:of|in)\s+(?:this|these|the\s+present|the\s+CP\s*\/\s*CPS|this\s+CP|the\s+CPS|the\s+CP)\b/i;
const EXTERNAL_AFTER =
  /^\s*\)?\s*,?\s*(?:respectively\s*,?\s*)?(?:(?:of|in|from|under)\s+(?:the\s+|its\s+|their\s+|an?\s+)?(?:[“"'[]?[A-Z0-9][\w/.-]*|RFC|applicable|relevant|such|said)|in\s+(?:compliance|accordance)\s+with\s+(?:the\s+)?(?:\[|RFC|BRs?\b|Baseline|EV\s*G|ETSI|WebTrust|ISO|NIST|FIPS))/;

function scanText(model: DocumentModel, start: number, end: number, out: XRef[]): void {
  const text = model.text.slice(start, end);
  REF.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = REF.exec(text))) {
    const phraseStart = start + m.index;
    const phraseEnd = phraseStart + m[0].length;
    // A link just before the phrase ("[NIST SP 800-56A](https://…) Section 5.6") counts by its text.
    const before = model.text
      .slice(Math.max(0, phraseStart - 300), phraseStart)
      .replace(/\]\([^\s()]*(?:\([^\s()]*\)[^\s()]*)*\)(\s*,?\s*)$/, ']$1')
      .slice(-60);
    const after = model.text.slice(phraseEnd, phraseEnd + 80);
    const external = !INTERNAL_AFTER.test(after) && (EXTERNAL_BEFORE.test(before) || EXTERNAL_AFTER.test(after));
    const listStart = phraseStart + m[0].indexOf(m[2], m[1].length);
    const list = m[2];
    ONE.lastIndex = 0;
    let n: RegExpExecArray | null;
    let prevEnd = 0;
    while ((n = ONE.exec(list))) {
      const sep = list.slice(prevEnd, n.index);
      const nextSep = list.slice(n.index + n[0].length).match(/^\s*(to|through|thru|–|—|-)\s*/);
      const isRange = /(to|through|thru|–|—|-)\s*(§\s*|[Ss]ections?\s+)?$/.test(sep) || !!nextSep;
      out.push({
        number: n[0],
        start: listStart + n.index,
        end: listStart + n.index + n[0].length,
        phraseStart,
        phraseEnd,
        external,
        rangeEndpoint: isRange,
      });
      prevEnd = n.index + n[0].length;
    }
  }
}

function visit(model: DocumentModel, node: Nodes, out: XRef[]): void {
  switch (node.type) {
    case 'code':
    case 'inlineCode':
    case 'html':
    case 'yaml':
    case 'definition':
      return;
    case 'table': {
      // Revision-history tables name sections of earlier versions.
      const head = node.children[0] ? inlineTextOf(node.children[0] as Nodes) : '';
      if (/version|revision|change|ballot|history|date/i.test(head)) return;
      break;
    }
    case 'text': {
      const p = node.position;
      if (p) scanText(model, p.start.offset!, p.end.offset!, out);
      return;
    }
    default:
      break;
  }
  if ('children' in node) for (const c of node.children as Nodes[]) visit(model, c, out);
}

function inlineTextOf(n: Nodes): string {
  if ('value' in n && typeof n.value === 'string') return n.value;
  if ('children' in n) return (n.children as Nodes[]).map(inlineTextOf).join(' ');
  return '';
}

/** All cross-references in body text (not in headings, code, HTML or front matter). */
export function findXRefs(model: DocumentModel): XRef[] {
  const out: XRef[] = [];
  const blocks: RootContent[] = model.blocks.map((b) => b.node);
  for (const b of blocks) {
    if (b.type === 'heading') continue;
    visit(model, b as Nodes, out);
  }
  // Text nodes split "Section 4.9.1" only at markup; merged phrases across nodes are rare.
  return out;
}

export function xrefAt(refs: XRef[], offset: number): XRef | undefined {
  return refs.find((r) => r.start <= offset && offset <= r.end);
}
