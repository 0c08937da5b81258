/**
 * Textual cross-references: "Section 4.9.1", "§ 4.9.3", "sections 4.9.1 and 4.9.2",
 * "Sections 4.9.1–4.9.3". A reference to another document ("Section 4.9.1 of the Baseline
 * Requirements", "RFC 5280, Section 4.2") is recognised and marked external.
 */
import type { RootContent, Nodes } from 'mdast';
import { originOf, type DocumentModel } from './model';

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
// "of the CP" in a CPS names the separate Certificate Policy: only "the CP/CPS", "this CP" and the
// like are this document ("the CPS" too: a CP rarely cites a CPS's sections).
const INTERNAL_AFTER = /^\s*\)?\s*(?:of|in)\s+(?:this|these|the\s+present|the\s+CP\s*\/\s*CPS|this\s+CP|the\s+CPS)\b/i;
const CP_AFTER = /^\s*\)?\s*,?\s*(?:of|in|under)\s+(?:the|its|our|\w+['’]s)\s+(?:CP|Certificate\s+Policy)\b(?!\s*\/)/;
const EXTERNAL_AFTER =
  /^\s*\)?\s*,?\s*(?:respectively\s*,?\s*)?(?:(?:of|in|from|under)\s+(?:the\s+|its\s+|their\s+|an?\s+)?(?:[“"'[]?[A-Z0-9][\w/.-]*|RFC|applicable|relevant|such|said)|in\s+(?:compliance|accordance)\s+with\s+(?:the\s+)?(?:\[|RFC|BRs?\b|Baseline|EV\s*G|ETSI|WebTrust|ISO|NIST|FIPS))/;

/** A link or URL right after the phrase ("Section 4.2 (https://…)", "Section 3.1 of [the BR](…)"). */
const LINK_AFTER = /^\s*[,(]?\s*(?:(?:of|in)\s+(?:the\s+)?)?(?:<?https?:\/\/|\[[^\]\r\n]{1,120}\]\((?!#))/i;

function scanText(model: DocumentModel, start: number, end: number, out: XRef[], linkedElsewhere = false, cpItself = false): void {
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
    const external =
      linkedElsewhere || (!INTERNAL_AFTER.test(after) && (EXTERNAL_BEFORE.test(before) || EXTERNAL_AFTER.test(after) || LINK_AFTER.test(after) || (CP_AFTER.test(after) && !cpItself)));
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

/** Whether a link points outside this document (anything but a `#fragment`). */
function linksOut(node: Nodes): boolean {
  return (node.type === 'link' && !/^#/.test(node.url)) || (node.type === 'linkReference' && node.referenceType !== 'shortcut');
}

function visit(model: DocumentModel, node: Nodes, out: XRef[], inLink = false, cpItself = false): void {
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
      if (p) scanText(model, p.start.offset!, p.end.offset!, out, inLink, cpItself);
      return;
    }
    default:
      break;
  }
  const linked = inLink || linksOut(node);
  if ('children' in node) for (const c of node.children as Nodes[]) visit(model, c, out, linked, cpItself);
}

function inlineTextOf(n: Nodes): string {
  if ('value' in n && typeof n.value === 'string') return n.value;
  if ('children' in n) return (n.children as Nodes[]).map(inlineTextOf).join(' ');
  return '';
}

/** All cross-references in body text (not in headings, code, HTML or front matter). */
export function findXRefs(model: DocumentModel): XRef[] {
  let out = refsOf.get(model);
  if (out) return out;
  out = [];
  const blocks: RootContent[] = model.blocks.map((b) => b.node);
  // A CP (not a CPS) citing "Section 4.9 of the CP" cites itself.
  const title = model.metadata.title ?? '';
  const cpItself = /certificate\s+polic(?:y|ies)/i.test(title) && !/practice|\bCPS\b/i.test(title);
  for (const b of blocks) {
    if (b.type === 'heading') continue;
    blockRefs(model, b, cpItself, out);
  }
  // Text nodes split "Section 4.9.1" only at markup; merged phrases across nodes are rare.
  refsOf.set(model, out);
  return out;
}

const refsOf = new WeakMap<DocumentModel, XRef[]>();

/** What a block's references were read from: the block and the text around it that scanText looks at. */
const BEFORE = 300;
const AFTER = 80;
interface BlockRefs {
  context: string;
  cpItself: boolean;
  /** Offsets as in the block first parsed (its origin). */
  refs: XRef[];
}
const byBlock = new WeakMap<RootContent, BlockRefs>();

/**
 * The references in one top-level block, remembered by the block as first parsed (a block the
 * incremental parse reused is a moved copy of it): valid while the block and the text scanText
 * reads around it are the same.
 */
function blockRefs(model: DocumentModel, b: RootContent, cpItself: boolean, out: XRef[]): void {
  const p = b.position;
  if (!p || p.start.offset === undefined || p.end.offset === undefined) return visit(model, b as Nodes, out, false, cpItself);
  const { node, delta } = originOf(b);
  const context = model.text.slice(Math.max(0, p.start.offset - BEFORE), p.end.offset + AFTER);
  const hit = byBlock.get(node);
  if (hit && hit.cpItself === cpItself && hit.context === context) {
    for (const r of hit.refs) out.push(delta ? { ...r, start: r.start + delta, end: r.end + delta, phraseStart: r.phraseStart + delta, phraseEnd: r.phraseEnd + delta } : r);
    return;
  }
  const mine: XRef[] = [];
  visit(model, b as Nodes, mine, false, cpItself);
  out.push(...mine);
  byBlock.set(node, { context, cpItself, refs: delta ? mine.map((r) => ({ ...r, start: r.start - delta, end: r.end - delta, phraseStart: r.phraseStart - delta, phraseEnd: r.phraseEnd - delta })) : mine });
}

export function xrefAt(refs: XRef[], offset: number): XRef | undefined {
  return refs.find((r) => r.start <= offset && offset <= r.end);
}

// -----------------------------------------------------------------------------------------------
// Targets that are not headings

/**
 * A line that starts with a section-like number and is not a heading: a clause-numbered paragraph
 * ("9.6.3.1<TAB>For OV TLS …"), a numbered list item ("- 1.3.2.1 Enterprise RAs …"), a bold run-in
 * line, or a table row whose first cell is the number ("| **4.7.3** | … |").
 */
const NUMBERED_LINE = /^[ \t]{0,3}(?:>\s*)*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\|[ \t]*)?(?:\*\*|__)?(?:section\s+|§\s*)?(\d{1,2}(?:\.\d{1,3}){1,6})\.?(?:\*\*|__)?(?=[ \t|:)]|$)/gim;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const DIGIT_DOT_DIGIT = /\d\.\d/;
/** A line that opens or closes fenced code, or (anywhere in a line) a digit, a dot and a digit. */
const LINES_THAT_MATTER = /^[ \t]{0,3}(?:`{3,}|~{3,})|\d\.\d/gm;

const targetCache = new WeakMap<DocumentModel, Set<string>>();

/** Numbers that start a paragraph, list item or table row outside code: valid cross-reference targets. */
export function numberedParagraphs(model: DocumentModel): Set<string> {
  let out = targetCache.get(model);
  if (out) return out;
  out = new Set();
  const text = model.text;
  // Fenced code is skipped; front matter too. Only two kinds of line matter: a fence, and a line
  // with a digit, a dot and a digit (every number NUMBERED_LINE reads has one); the others are
  // stepped over by one scan of the text instead of being cut out one by one.
  let fence: string | null = null;
  const from = model.frontMatter ? model.frontMatter.end : 0;
  LINES_THAT_MATTER.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = LINES_THAT_MATTER.exec(text))) {
    const i = Math.max(from, text.lastIndexOf('\n', m.index - 1) + 1);
    let e = text.indexOf('\n', m.index);
    if (e < 0) e = text.length;
    LINES_THAT_MATTER.lastIndex = e + 1;
    const line = text.slice(i, e).replace(/\r$/, '');
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
    } else if (f) fence = f[1];
    else if (DIGIT_DOT_DIGIT.test(line) && !/^[ \t]{0,3}#/.test(line)) {
      NUMBERED_LINE.lastIndex = 0;
      const n = NUMBERED_LINE.exec(line);
      // A version number in the first cell of a revision table is not a section ("| 5.18 | 2025-06-18 |").
      if (n && !(/^[ \t]*\|/.test(line) && n[1].split('.').length < 3 && !/\*\*|__/.test(n[0]))) out.add(n[1]);
    }
  }
  targetCache.set(model, out);
  return out;
}
