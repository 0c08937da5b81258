/**
 * Quick-fix text for commitment rules. Pure: every edit is computed against the exact text of
 * the model. Fixes insert the rule's text at the end of the section's own body (before its first
 * subsection), replace a bare "No stipulation.", or create the missing section heading in
 * RFC 3647 order, in the document's own heading style.
 */
import type { DocumentModel } from '../model';
import type { Fix } from '../findings';
import { locateSection } from './locate';
import { eolOf, insertIntoSection, createSection } from '../edits';

// Edits and suppression fixes live in ../edits and ../suppress (structural checks use them too).
export { eolOf, insertIntoSection, headingLine, createSection, applyEdits } from '../edits';
export { suppressSectionFix, suppressFileFix } from '../suppress';

const PLACEHOLDER = /\$\{(\d+):([^}]*)\}/g;

/**
 * Fill in the CA's name (placeholders labelled "CA name") and report whether snippet
 * placeholders remain. In snippet text, `$`, `}` and `\` of filled-in values are escaped.
 */
export function renderFixText(template: string, ca: string | null): { text: string; snippet: boolean } {
  const remaining = [...template.matchAll(PLACEHOLDER)].filter((m) => !(ca && /^ca name$/i.test(m[2].trim())));
  const snippet = remaining.length > 0;
  const esc = (s: string) => (snippet ? s.replace(/[$}\\]/g, '\\$&') : s);
  const text = template.replace(PLACEHOLDER, (all, _n: string, label: string) => (ca && /^ca name$/i.test(label.trim()) ? esc(ca) : all));
  return { text, snippet };
}

/** Plain text of a snippet: placeholders replaced by their default (or by `values[label]`). */
export function stripSnippet(text: string, values: Record<string, string> = {}): string {
  return text.replace(PLACEHOLDER, (_a, _n, label: string) => values[label] ?? label).replace(/\\([$}\\])/g, '$1');
}

/**
 * The fix that adds `text` where the rule expects it: the first of `sections` that exists, else
 * a new section `create` (the rule's own section) at its place in RFC 3647 order.
 */
export function insertionFix(model: DocumentModel, title: string, sections: string[], create: string | undefined, text: string, snippet: boolean): Fix | null {
  for (const n of sections.filter((x) => x !== 'front')) {
    const s = locateSection(model, n);
    if (s) return { title, edits: [insertIntoSection(model, s, text)], snippet: snippet || undefined, kind: 'quickfix' };
  }
  if (!create) return null;
  return { title: `${title} (new §${create})`, edits: [createSection(model, create, text)], snippet: snippet || undefined, kind: 'quickfix' };
}

export { locateSection };
