/**
 * A cheap detector for "is this Markdown file a CP/CPS?", used by the client to decide
 * whether to start the language server for a document, and by the server and the CLI
 * workspace scan. It looks only at the first 64 KiB and never parses Markdown.
 */

import { referenceOutline, titleMatches } from './outline';

const HEAD = 64 * 1024;

const STRONG = [
  /certificat(e|ion)\s+polic(y|ies)/i,
  /certification\s+practice\s+statement/i,
  /\bCP\s*\/\s*CPS\b/,
  /\bRFC\s*3647\b/i,
  /baseline\s+requirements/i,
  /pr[áa]cticas?\s+de\s+certificaci[óo]n/i,
  /pol[íi]tica\s+de\s+certificad/i,
];

/** Numbered headings ("# 1. Introduction", "## 4.9.1 …", "**4.9.1 …**"). */
const NUMBERED_HEADING = /^\s{0,3}(?:#{1,6}[ \t]+(?:\*\*)?|\*\*)\d{1,2}(?:\.\d{1,3})*(?:\.?(?:[ \t]|\*\*|$)|\.(?=[A-Za-z]))/gm;

/** RFC 3647 chapter titles, as they appear in numbered headings. */
const CHAPTERS = [
  /^\s{0,3}(#{1,6}\s*|\*\*)\s*1(?:\.\s*|\s+)introduction/im,
  /^\s{0,3}(#{1,6}\s*|\*\*)\s*2(?:\.\s*|\s+)publication\s+and\s+repository/im,
  /^\s{0,3}(#{1,6}\s*|\*\*)\s*3(?:\.\s*|\s+)identification\s+and\s+authentication/im,
  /^\s{0,3}(#{1,6}\s*|\*\*)\s*4(?:\.\s*|\s+)certificate\s+life[- ]?cycle/im,
  /^\s{0,3}(#{1,6}\s*|\*\*)\s*6(?:\.\s*|\s+)technical\s+security\s+controls/im,
  /^\s{0,3}(#{1,6}\s*|\*\*)\s*8(?:\.\s*|\s+)compliance\s+audit/im,
];

export function looksLikeCps(text: string): boolean {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  // Three chapter headings decide; the first chapters are near the top, so this usually stops
  // there instead of searching the whole text for the later ones (the server asks on every version).
  let chapters = 0;
  for (const re of CHAPTERS) if (re.test(text) && ++chapters >= 3) return true;
  const strong = STRONG.filter((re) => re.test(head)).length;
  // A README about a CP/CPS mentions the same words; a CP/CPS also has numbered sections.
  const numbered = (head.match(NUMBERED_HEADING) ?? []).length;
  return (strong >= 2 && numbered >= 2) || (strong >= 1 && chapters >= 1 && numbered >= 2);
}

/**
 * Whether a parsed document is a CP/CPS (or a part of one) that a check makes sense of: the policy
 * wording of `looksLikeCps`, or at least two headings numbered and titled as in the RFC 3647 outline
 * ("5.3 Personnel controls", "5.3.3 Training requirements"). A README, a changelog or a shopping list
 * has neither, and checking it would only report its missing chapters.
 */
export function isPolicyDocument(text: string, sections: ReadonlyArray<{ number: string | null; title: string; scoped?: boolean }>): boolean {
  if (looksLikeCps(text)) return true;
  const outline = referenceOutline();
  let titled = 0;
  for (const s of sections) {
    const e = s.number && !s.scoped ? outline.byNumber.get(s.number) : undefined;
    if (e && s.title.trim() && titleMatches(s.title, e) && ++titled >= 2) return true;
  }
  return false;
}
