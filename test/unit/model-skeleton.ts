/**
 * Test helpers shared by the model, structure and CLI tests: the project root, the quirk
 * fixtures, and a generator for a minimal but complete RFC 3647 document in a given heading
 * style, with quirks spliced in. Generated text is cpslint's own filler, never real CP/CPS text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { referenceOutline } from '../../server/src/service/outline';
import type { DocumentModel, Section } from '../../server/src/service/model';
import { projectRoot as repoRoot } from '../support/root';
export { repoRoot };


export const ROOT = repoRoot();
export const QUIRKS = join(ROOT, 'test', 'fixtures', 'quirks');

export function quirkNames(): string[] {
  return readdirSync(QUIRKS)
    .filter((f) => f.endsWith('.md'))
    .sort();
}

export function readQuirk(name: string): string {
  return readFileSync(join(QUIRKS, name.endsWith('.md') ? name : `${name}.md`), 'utf8');
}

export type HeadingStyle =
  /** `# 1. Introduction`, `## 1.1. Overview`, `### 4.9.1. Circumstances…` */
  | 'dots-every-level'
  /** `# 1. INTRODUCTION`, `## 1.1 Overview` */
  | 'dot-top-only'
  /** `# 1 INTRODUCTION`, `## 1.1 Overview` */
  | 'no-dots'
  /** `## 5.1<TAB>Physical controls` */
  | 'tab'
  /** `# 1.INTRODUCTION`, `## 1.1.Overview` */
  | 'no-space'
  /** `### **4.9.1 Circumstances for revocation**` */
  | 'bold-markup'
  /** chapters and 2-part numbers as headings, deeper sections as `**4.9.1. Title**` paragraphs */
  | 'bold-lines'
  /** `## 1.1 Overview ##` */
  | 'closing-hashes'
  /** `## 1.1 Overview {#sec-1-1}` */
  | 'pandoc'
  /** `## <span id="page-1-1"></span>1.1 Overview` */
  | 'span'
  /** `<a id="sec-1-1"></a>` on the line before every heading */
  | 'anchor-lines'
  /** a `# Title` heading, then every section one `#` deeper than its number (`## 1. Introduction`) */
  | 'offset+1';

export const STYLES: HeadingStyle[] = [
  'dots-every-level',
  'dot-top-only',
  'no-dots',
  'tab',
  'no-space',
  'bold-markup',
  'bold-lines',
  'closing-hashes',
  'pandoc',
  'span',
  'anchor-lines',
  'offset+1',
];

/** Titles as the skeleton writes them: chapters upper-cased in the styles that do so. */
function writtenTitle(number: string, title: string, style: HeadingStyle): string {
  const chapter = !number.includes('.');
  if (chapter && (style === 'dot-top-only' || style === 'no-dots' || style === 'no-space')) return title.toUpperCase();
  return title;
}

/** One heading in the given style, without a trailing newline. */
export function headingLine(number: string, title: string, style: HeadingStyle): string {
  const parts = number.split('.').length;
  const t = writtenTitle(number, title, style);
  const h = (d: number) => '#'.repeat(Math.min(6, d));
  const id = number.replace(/\./g, '-');
  switch (style) {
    case 'dots-every-level':
      return `${h(parts)} ${number}. ${t}`;
    case 'dot-top-only':
      return `${h(parts)} ${number}${parts === 1 ? '.' : ''} ${t}`;
    case 'no-dots':
      return `${h(parts)} ${number} ${t}`;
    case 'tab':
      return `${h(parts)} ${number}\t${t}`;
    case 'no-space':
      return `${h(parts)} ${number}.${t}`;
    case 'bold-markup':
      return `${h(parts)} **${number} ${t}**`;
    case 'bold-lines':
      return parts <= 2 ? `${h(parts)} ${number}. ${t}` : `**${number}. ${t}**`;
    case 'closing-hashes':
      return `${h(parts)} ${number} ${t} ${h(parts)}`;
    case 'pandoc':
      return `${h(parts)} ${number} ${t} {#sec-${id}}`;
    case 'span':
      return `${h(parts)} <span id="page-${id}"></span>${number} ${t}`;
    case 'anchor-lines':
      return `<a id="sec-${id}"></a>\n${h(parts)} ${number} ${t}`;
    case 'offset+1':
      return `${h(parts + 1)} ${number}. ${t}`;
  }
}

export interface SkeletonOptions {
  style?: HeadingStyle;
  /** Include the BR's optional refinements (3.2.2.4.x, 7.1.2.x …) as well as the required sections. */
  optional?: boolean;
  /** Leave these sections out, with everything under them. */
  omit?: Iterable<string>;
  /** Replace the body of a section ('' leaves it entirely blank). */
  body?: Record<string, string>;
  /** Replace the whole heading line of a section (its body and children stay). */
  heading?: Record<string, string>;
  /** Markdown inserted after a section's heading and body, before its first subsection. */
  after?: Record<string, string>;
  /** Markdown before the first chapter (title block, front matter, table of contents). */
  preamble?: string;
  /** Markdown after the last section (appendices). */
  trailer?: string;
  /** Line ending; '\r\n' for a CRLF document. */
  eol?: string;
}

/** The filler body of a section: plain practice text that is not "No stipulation". */
export function fillerBody(number: string): string {
  return `Filler text (${number}): the fixture CA states its practice here.`;
}

/**
 * A minimal, complete RFC 3647 document: every required section of rules/rfc3647-outline.yaml
 * (read through referenceOutline()) in outline order, each with a one-line body.
 */
export function skeleton(opts: SkeletonOptions = {}): string {
  const style = opts.style ?? 'dot-top-only';
  const omit = [...(opts.omit ?? [])];
  const omitted = (n: string) => omit.some((o) => n === o || n.startsWith(o + '.'));
  const chunks: string[] = [];
  if (style === 'offset+1') chunks.push('# Fixture Certification Practice Statement\n\nVersion 1.0');
  if (opts.preamble) chunks.push(opts.preamble.replace(/\n+$/, ''));
  for (const e of referenceOutline().entries) {
    if (!e.required && !opts.optional) continue;
    if (omitted(e.number)) continue;
    chunks.push(opts.heading?.[e.number] ?? headingLine(e.number, e.title, style));
    const body = opts.body && e.number in opts.body ? opts.body[e.number] : e.children.some((c) => !omitted(c) && (opts.optional || referenceOutline().byNumber.get(c)!.required)) ? '' : fillerBody(e.number);
    if (body) chunks.push(body.replace(/\n+$/, ''));
    if (opts.after?.[e.number]) chunks.push(opts.after[e.number].replace(/\n+$/, ''));
  }
  if (opts.trailer) chunks.push(opts.trailer.replace(/\n+$/, ''));
  const text = chunks.join('\n\n') + '\n';
  return opts.eol && opts.eol !== '\n' ? text.replace(/\n/g, opts.eol) : text;
}

/** The numbers a skeleton contains, in order. */
export function skeletonNumbers(opts: Pick<SkeletonOptions, 'optional' | 'omit'> = {}): string[] {
  const omit = [...(opts.omit ?? [])];
  return referenceOutline()
    .entries.filter((e) => (e.required || opts.optional) && !omit.some((o) => e.number === o || e.number.startsWith(o + '.')))
    .map((e) => e.number);
}

// ---------------------------------------------------------------------------------------------
// Model helpers

/** Numbered, non-appendix, non-scoped sections: the RFC 3647 numbering of a document. */
export function mainSections(model: DocumentModel): Section[] {
  return model.all.filter((s) => s.number !== null && !s.scoped && !s.appendix);
}

export function section(model: DocumentModel, number: string): Section {
  const s = model.all.find((x) => x.number === number && !x.scoped);
  if (!s) throw new Error(`no section ${number}; have ${model.all.map((x) => x.number ?? `"${x.title}"`).join(', ')}`);
  return s;
}

export function byTitle(model: DocumentModel, title: string): Section {
  const s = model.all.find((x) => x.title === title);
  if (!s) throw new Error(`no section titled "${title}"; have ${model.all.map((x) => `"${x.title}"`).join(', ')}`);
  return s;
}

/** 1-based line of an offset. */
export function lineOf(model: DocumentModel, offset: number): number {
  return model.lines.positionAt(offset).line + 1;
}

/** 1-based line of the first line of the text that contains `needle`. */
export function lineContaining(text: string, needle: string, from = 0): number {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in the text`);
  return text.slice(0, i).split(/\r\n|\r|\n/).length;
}

/** Compact view of the tree: "1 Introduction [1]\n  1.1 Overview [2]". */
export function treeLines(model: DocumentModel): string[] {
  const out: string[] = [];
  const walk = (s: Section, d: number) => {
    out.push(`${'  '.repeat(d)}${s.number ?? '-'} ${s.title} [${s.level}]`);
    for (const c of s.children) walk(c, d + 1);
  };
  for (const s of model.sections) walk(s, 0);
  return out;
}

/** The structural codes (rules/structure.yaml), listed here so that tests check the list rather than read it. */
export const STRUCTURAL_CODES = [
  'cps-missing-section',
  'cps-section-not-heading',
  'cps-blank-section',
  'cps-no-stipulation-normative',
  'cps-no-stipulation-with-text',
  'cps-duplicate-number',
  'cps-out-of-order',
  'cps-title-mismatch',
  'cps-heading-level',
  'cps-broken-xref',
  'cps-not-rfc3647',
];
