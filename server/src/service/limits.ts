/**
 * Every bound on the work one input can cause, in one place (issue 13). Pure: the CLI and the
 * language server read the environment variable CPSLINT_LIMITS and pass the result in.
 *
 * Below the limits, time and memory grow linearly with the input; past one, cpslint stops with a
 * message that names the limit and how to raise it, never with a crash or a hang.
 */
export interface Limits {
  /** Characters in one Markdown document (after decoding). */
  maxDocumentChars: number;
  /** Lines in one Markdown document. */
  maxDocumentLines: number;
  /** Characters in the longest line of a document. */
  maxLineChars: number;
  /** Bytes read from one Markdown file (checked while reading, not from `stat`). */
  maxDocumentBytes: number;
  /** Bytes of one `.cpslint.yaml`. */
  maxConfigBytes: number;
  /** Bytes of one rule pack named by `rulePacks`. */
  maxRulePackBytes: number;
  /** Bytes of a `--past-findings` file. */
  maxPastFindingsBytes: number;
  /** Rule packs one configuration may name. */
  maxRulePacks: number;
  /** Rules the workspace packs of one configuration may add, in all. */
  maxWorkspaceRules: number;
  /** YAML alias expansions per pack or configuration file ("billion laughs"). */
  maxYamlAliases: number;
  /** Characters of one pattern in a workspace rule pack. */
  maxPatternChars: number;
  /** Instructions one workspace pattern may compile to (the linear engine's cost per character). */
  maxPatternProgram: number;
  /** Milliseconds that the workspace packs' patterns may run in all for one document check. */
  patternBudgetMs: number;
  /** Findings reported for one document. */
  maxFindings: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxDocumentChars: 8 * 1024 * 1024,
  maxDocumentLines: 200_000,
  maxLineChars: 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxConfigBytes: 1024 * 1024,
  maxRulePackBytes: 4 * 1024 * 1024,
  maxPastFindingsBytes: 16 * 1024 * 1024,
  maxRulePacks: 50,
  maxWorkspaceRules: 2000,
  maxYamlAliases: 100,
  maxPatternChars: 1000,
  maxPatternProgram: 2000,
  patternBudgetMs: 10_000,
  maxFindings: 10_000,
});

/** How a message tells the user to raise a limit. */
export function raiseHint(name: keyof Limits): string {
  return `limit ${name}; raise it with the environment variable CPSLINT_LIMITS="${name}=N"`;
}

/**
 * `CPSLINT_LIMITS`: comma-separated `name=N` pairs ("maxDocumentChars=20000000,patternBudgetMs=0").
 * Unknown names and values that are not whole numbers (0 or more) are errors; the rest apply.
 */
export function parseLimits(spec: string | undefined): { limits: Limits; errors: string[] } {
  const limits: Limits = { ...DEFAULT_LIMITS };
  const errors: string[] = [];
  if (!spec?.trim()) return { limits, errors };
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]+)\s*=\s*(\d{1,15})$/.exec(item);
    const name = m?.[1] as keyof Limits | undefined;
    if (!m || !name || !(name in DEFAULT_LIMITS)) {
      errors.push(`CPSLINT_LIMITS: ${excerpt(item, 40)} is not name=N with a known name (${Object.keys(DEFAULT_LIMITS).join(', ')})`);
      continue;
    }
    limits[name] = Number(m[2]);
  }
  return { limits, errors };
}

/** Why a document's text is over a limit, or null. Linear in the text; allocates nothing big. */
export function documentOverLimit(text: string, limits: Limits): string | null {
  if (text.length > limits.maxDocumentChars) return `the document has ${text.length} characters, more than ${limits.maxDocumentChars} (${raiseHint('maxDocumentChars')})`;
  let lines = 1;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > limits.maxLineChars) return `line ${lines} has ${end - start} characters, more than ${limits.maxLineChars} (${raiseHint('maxLineChars')})`;
    if (nl < 0) break;
    lines++;
    if (lines > limits.maxDocumentLines) return `the document has more than ${limits.maxDocumentLines} lines (${raiseHint('maxDocumentLines')})`;
    start = nl + 1;
  }
  return null;
}

/** A short, escaped excerpt of untrusted text for a message: never the whole of a long value. */
export function excerpt(s: string, max = 60): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  const quoted = JSON.stringify(cut);
  return s.length > max ? `${quoted.slice(0, -1)}…" (${s.length} characters)` : quoted;
}
