/**
 * Small RFC 3647-style CP/CPS documents for the protocol tests, generated from the reference
 * outline (rules/rfc3647-outline.yaml) so that they follow it closely enough to be detected as
 * RFC 3647 documents: every required heading, `#` depth = number of parts, a line of text each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectRoot as repoRoot } from '../support/root';
export { repoRoot };


export interface OutlineSection {
  number: string;
  title: string;
  required?: boolean;
}

let outline: OutlineSection[] | undefined;
export function outlineSections(): OutlineSection[] {
  if (!outline) {
    const data = parseYaml(readFileSync(join(repoRoot(), 'rules', 'rfc3647-outline.yaml'), 'utf8')) as { sections: OutlineSection[] };
    outline = data.sections.map((s) => ({ ...s, number: String(s.number) }));
  }
  return outline;
}

export function titleOf(number: string): string {
  const s = outlineSections().find((x) => x.number === number);
  if (!s) throw new Error(`${number} is not in rules/rfc3647-outline.yaml`);
  return s.title;
}

export interface CpsOptions {
  /** Document title (an unnumbered heading before chapter 1). */
  title: string;
  /** Section numbers left out entirely. */
  omit?: string[];
  /** Section numbers whose heading is followed by nothing at all. */
  blank?: string[];
  /** Written titles that differ from the outline's (e.g. the BR's title). */
  titles?: Record<string, string>;
  /** Extra body text per section number, replacing the default line. */
  bodies?: Record<string, string>;
}

/** A CP/CPS with every required RFC 3647 section, in outline order. */
export function cpsText(o: CpsOptions): string {
  const omit = new Set(o.omit ?? []);
  const blank = new Set(o.blank ?? []);
  const out: string[] = [`# ${o.title}`, '', 'Version 1.0, effective 2026-01-01.', ''];
  for (const s of outlineSections()) {
    if (s.required === false || omit.has(s.number)) continue;
    if ([...omit].some((m) => s.number.startsWith(m + '.'))) continue;
    const depth = s.number.split('.').length;
    const num = depth === 1 ? `${s.number}.` : s.number;
    out.push(`${'#'.repeat(depth)} ${num} ${o.titles?.[s.number] ?? s.title}`, '');
    if (blank.has(s.number)) continue;
    out.push(o.bodies?.[s.number] ?? `The CA's practice for ${s.title.toLowerCase()} is described here.`, '');
  }
  return out.join('\n');
}

/** The open CPS: a blank 5.1.1, a missing 1.5.4, an internal and an external cross-reference in 1.1. */
export const SEE_INTERNAL = 'see Section 4.9.1 for when certificates are revoked.';
export const SEE_EXTERNAL = 'Section 4.9.1 of the Baseline Requirements also applies.';
/** A Markdown link to the heading's GitHub-style anchor. */
export const ANCHOR_LINK = '[the revocation reasons](#491-circumstances-for-revocation)';
export const BLANK = '5.1.1';
export const MISSING = '1.5.4';
/** Written with the BR's title instead of RFC 3647's "CRL issuance frequency (if applicable)". */
export const RETITLED = '4.9.7';

export function mainCps(): string {
  return cpsText({
    title: 'Example CA Certification Practice Statement',
    omit: [MISSING],
    blank: [BLANK],
    titles: { [RETITLED]: 'CRL issuance frequency' },
    bodies: {
      // Non-BMP and CJK text before the references: positions are UTF-16 code units.
      '1.1': `This CPS 🔐 (認証局) describes the practices of Example CA. For revocation, ${SEE_INTERNAL}\n${SEE_EXTERNAL}\nAlso read ${ANCHOR_LINK}.`,
      '4.9.12': 'Key compromise may be reported to revoke@example.test with a CSR signed by the key.',
    },
  });
}

export function diskCp(): string {
  return cpsText({ title: 'Example CA Certificate Policy' });
}

export function draftCps(): string {
  return cpsText({ title: 'Example CA Draft CPS', blank: ['9.17'] });
}

export const README = '# Test workspace\n\nThis folder holds documents used by the cpslint protocol tests.\n\n## Usage\n\nNothing to see here.\n';

/** Offset -> 0-based LSP position (UTF-16, "\n" line ends). */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Position of the first occurrence of `needle` (plus `delta` characters). */
export function find(text: string, needle: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in fixture`);
  return positionOf(text, i + delta);
}

/** 0-based line of the heading of section `number`. */
export function headingLine(text: string, number: string): number {
  const depth = number.split('.').length;
  const re = new RegExp(`^${'#'.repeat(depth)} ${number.replace(/\./g, '\\.')}${depth === 1 ? '\\.' : ''} `, 'm');
  const m = re.exec(text);
  if (!m) throw new Error(`no heading for ${number}`);
  return positionOf(text, m.index).line;
}
