/**
 * The document's own numbering versus the BR's. Many CAs number their validation methods in their
 * own sequence ("3.2.2.4.1 Agreed-upon change to website (BR method 3.2.2.4.18)"): the local
 * heading number is then not a claim of BR method 3.2.2.4.1. An explicit citation of a BR method
 * number, in the heading or in the sentence, beats both the local number and any method-name
 * heuristic.
 */
import type { DocumentModel, Section } from '../model';
import type { TextUnit } from './extract';
import { ownUnits, sentenceAt, unitReads } from './extract';

/** A validation-method number of BR §3.2.2.4 (domains) or §3.2.2.5 (IP addresses). */
const METHOD = String.raw`3\.2\.2\.[45]\.\d{1,2}(?![\d]|\.\d)`;
const BR_NAME = String.raw`(?:\[?\s*(?:TLS\s+)?BRs?\s*\]?|\[?Baseline\s+Requirements\]?|CA\/Browser\s+Forum(?:'s)?(?:\s+Baseline\s+Requirements)?|CABF|CA\/B\s*Forum)`;
/** "BR method 3.2.2.4.18", "Baseline Requirements Section 3.2.2.4.7", "BR §3.2.2.4.19", "(BR 3.2.2.4.7)". */
const CITE_BEFORE = new RegExp(String.raw`${BR_NAME}[\s,]*(?:(?:section|sec\.|§|method|no\.|#)\s*){0,2}(${METHOD})`, 'gi');
/** "§3.2.2.4.12 of [BR]", "section 3.2.2.4.7 of the Baseline Requirements", "3.2.2.4.18 BR". */
const LIST_SEP = String.raw`\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+|&\s*|\/\s*)(?:§\s*|sections?\s+)?`;
const CITE_AFTER = new RegExp(String.raw`(${METHOD}(?:${LIST_SEP}${METHOD})*)\)?\s*(?:(?:of|in|from|under)\s+(?:the\s+)?)?${BR_NAME}`, 'gi');
const ANY_METHOD = new RegExp(METHOD, 'g');

export interface Cited {
  number: string;
  /** Offsets of the number in the text searched. */
  start: number;
  end: number;
}

/** Method numbers that `text[from, to)` cites explicitly as BR numbers. */
export function brMethodCitations(text: string, from = 0, to = text.length): Cited[] {
  const slice = text.slice(from, to);
  const out: Cited[] = [];
  for (const re of [CITE_BEFORE, CITE_AFTER]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice))) {
      // Every number of a list ("§3.2.2.4.4, §3.2.2.4.13 and §3.2.2.4.14 of the BR") is cited.
      const listAt = from + m.index + m[0].indexOf(m[1]);
      ANY_METHOD.lastIndex = 0;
      let n: RegExpExecArray | null;
      while ((n = ANY_METHOD.exec(m[1]))) {
        const at = listAt + n.index;
        if (!out.some((c) => c.start === at)) out.push({ number: n[0], start: at, end: at + n[0].length });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every method number in `text[from, to)`, cited as a BR number or not. */
function methodNumbers(text: string, from: number, to: number): Cited[] {
  const slice = text.slice(from, to);
  const out: Cited[] = [];
  ANY_METHOD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANY_METHOD.exec(slice))) out.push({ number: m[0], start: from + m.index, end: from + m.index + m[0].length });
  return out;
}

const headingCache = new WeakMap<Section, string[]>();

/**
 * BR method numbers a section's heading (or the first sentence of its body) names for it, other
 * than its own number: "3.2.2.4.1 Agreed-upon change to website (BR method 3.2.2.4.18)" names
 * 3.2.2.4.18. Empty when the section does not name another method.
 */
export function methodsNamedBySection(model: DocumentModel, s: Section): string[] {
  const own = s.number ?? '';
  // Only a section numbered like a method (3.2.2.4.N) can stand for another method.
  if (!/^3\.2\.2\.[45]\.\d{1,2}$/.test(own)) return [];
  // The answer may come from the section's first unit: a read of the rule asking, also when the
  // answer is remembered from another rule's question (carry.ts).
  unitReads.sections?.add(s.index);
  let r = headingCache.get(s);
  if (r) return r;
  // In the title any method number is a citation (the section's own number is not in the title).
  const fromTitle = methodNumbers(s.title, 0, s.title.length).map((c) => c.number);
  let found = fromTitle.filter((n) => n !== own);
  if (!found.length && !fromTitle.includes(own)) {
    const first = ownUnits(model, s)[0];
    if (first) {
      const sent = first.sentences[0] ?? { start: 0, end: first.text.length };
      found = brMethodCitations(first.text, sent.start, sent.end).map((c) => c.number).filter((n) => n !== own);
    }
  }
  r = [...new Set(found)];
  headingCache.set(s, r);
  return r;
}

/**
 * Whether a section found by its heading number (`re`, a method's number) stands for a different
 * BR method, named in its heading: then its number is the document's own, not the BR's.
 */
export function headingIsLocalNumber(model: DocumentModel, s: Section, re: { test(s: string): boolean }): boolean {
  const named = methodsNamedBySection(model, s);
  return named.length > 0 && !named.some((n) => re.test(n));
}

/** Sections under `roots` whose heading names a BR method matching `re` under another local number. */
export function sectionsNamingMethod(model: DocumentModel, roots: Section[], re: { test(s: string): boolean }): Section[] {
  const out: Section[] = [];
  const visit = (s: Section) => {
    if (s.number && !re.test(s.number) && methodsNamedBySection(model, s).some((n) => re.test(n))) out.push(s);
    for (const c of s.children) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}

/** The BR methods a method number written in this document stands for. */
function asBrMethods(model: DocumentModel, n: string): string[] {
  const local = model.all.find((s) => s.number === n && !s.scoped);
  const named = local ? methodsNamedBySection(model, local) : [];
  return named.length ? named : [n];
}

/**
 * Whether a match in `u` (characters [start, end)) for the method numbered like `re` is not a claim
 * of that BR method, because the document's own numbering or an explicit BR citation says otherwise:
 * - the match is a method number written as the document's own number, followed in the same
 *   sentence by a citation of another BR method ("3.2.2.4.1 Agreed-upon change (BR method 3.2.2.4.18)");
 * - the match is a method number that names a section of this document whose heading cites another
 *   BR method (a reference to the CA's own numbering), and the sentence does not cite it as a BR number;
 * - the match is a method name and the sentence (or else the section's heading) cites BR method
 *   numbers, none of them this method's.
 */
export function overriddenByNumbering(model: DocumentModel, u: TextUnit, start: number, end: number, re: { test(s: string): boolean } | undefined): boolean {
  if (!re) return false;
  const sent = sentenceAt(u, start);
  const matched = u.text.slice(start, end);
  const cited = brMethodCitations(u.text, sent.start, sent.end);
  const isNumber = new RegExp(`^${METHOD}$`).test(matched);
  if (isNumber) {
    if (cited.some((c) => c.start === start)) return false;
    // Another BR method cited shortly after this number, in the same sentence.
    // Not a sibling in a list of numbers ("3.2.2.4.4, 3.2.2.4.13 of the BR"): a separate citation.
    const sibling = (c: Cited) => /^[\s,;§&/]*(?:(?:and|or)\b[\s§]*)?(?:sections?\s+)?$/i.test(u.text.slice(end, c.start));
    if (cited.some((c) => c.start >= end && c.start - end <= 120 && !re.test(c.number) && !sibling(c))) return true;
    const local = model.all.find((s) => s.number === matched && !s.scoped);
    return !!local && headingIsLocalNumber(model, local, re);
  }
  let named = cited.map((c) => c.number);
  // A bare number names the BR method its section of this document cites, if it cites one.
  if (!named.length) named = methodNumbers(u.text, sent.start, sent.end).flatMap((c) => asBrMethods(model, c.number));
  if (!named.length && u.section) named = methodsNamedBySection(model, u.section);
  return named.length > 0 && !named.some((n) => re.test(n));
}
