/** Findings: what every check returns. Converted to LSP diagnostics by the server and to JSON/text by the CLI. */
import type { Range } from './text';

export type Severity = 'error' | 'warning' | 'info';

/** Severities from the least to the most severe. */
export const SEVERITY_ORDER: readonly Severity[] = ['info', 'warning', 'error'];

/** A severity's place in SEVERITY_ORDER: info 0, warning 1, error 2. */
export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}
export type SourceDocument = 'BR' | 'MRSP' | 'CCADB' | 'CRP' | 'RFC3647' | 'EVG';

/** The full titles of the source documents, for docs, reports and SARIF. */
export const SOURCE_TITLES: Record<SourceDocument, string> = {
  BR: 'TLS Baseline Requirements',
  MRSP: 'Mozilla Root Store Policy',
  CCADB: 'CCADB Policy',
  CRP: 'Chrome Root Program Policy',
  EVG: 'EV Guidelines',
  RFC3647: 'RFC 3647',
};

export interface Citation {
  document: SourceDocument;
  version: string;
  section: string;
  url?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits against the exact text the finding was computed from. */
  edits: TextEdit[];
  /** The inserted text uses snippet placeholders (${1:...}); plain-text consumers strip them. */
  snippet?: boolean;
  kind?: 'quickfix' | 'suppress';
  /**
   * Safe to apply without reading it (the editor's "fix all" on save, `source.fixAll.cpslint`):
   * it needs no input (no snippet placeholders) and makes no statement of the CA's practice. Rule
   * fixes put requirement text in the CA's voice, so they are never unattended.
   */
  unattended?: boolean;
}

export interface Finding {
  /** Stable code: the rule id (e.g. "cps-missing-section", "br-5.7.1.2-mass-revocation-assertion"). */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  source: Citation;
  fixes?: Fix[];
  /** Related locations (e.g. the first of two duplicate numbers). */
  related?: { range: Range; message: string }[];
  /** Marked by the UI as unnecessary/deprecated text, if any. */
  tags?: ('unnecessary' | 'deprecated')[];
}

/**
 * Where a code is documented: docs/rules.md, one heading per code. The server passes the
 * file URI of the copy shipped with the extension; the CLI prints the path in the package.
 */
export function docUrl(code: string, base = 'docs/rules.md'): string {
  return `${base}#${code.toLowerCase().replace(/[^a-z0-9.-]/g, '')}`;
}
