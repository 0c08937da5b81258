/**
 * `cpslint check` output for people (the default, like eslint's "stylish"): findings grouped by
 * file, line:column, severity and message in aligned columns, long messages wrapped to the terminal,
 * the rule code and its source under each message, then one summary line with correct plurals.
 * Colour only when wanted (see useColor); `--format compact` keeps the one-line-per-finding format
 * for editors' problem matchers and grep.
 */
import type { Finding, Severity } from '../service';

export interface StylishFile {
  file: string;
  findings: Finding[];
}

export interface StylishOptions {
  color: boolean;
  /** Total width to wrap at (the terminal's columns; 100 when not a terminal). */
  width: number;
  asOf: string;
  /** Findings left out by --quiet / --min-severity, to say so in the summary. */
  hidden?: number;
}

const ESC = '\u001b[';
const paint = (on: boolean, code: string, s: string) => (on && s ? `${ESC}${code}m${s}${ESC}0m` : s);
const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

/** n and the noun, pluralised: "1 error", "2 errors", "0 warnings". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/**
 * Whether to colour output written to `stream`: --color / --no-color first, then FORCE_COLOR
 * (0/false turns it off), then NO_COLOR (any non-empty value, https://no-color.org), then an
 * interactive terminal that is not "dumb".
 */
export function useColor(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env.NO_COLOR) return false;
  return !!stream.isTTY && env.TERM !== 'dumb';
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= width) cur += ' ' + w;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}

/** The summary line: "✖ 11 problems (5 errors, 4 warnings, 2 info) in 1 file, as of 2026-11-25". */
export function summaryLine(counts: Record<Severity, number>, files: number, asOf: string, color: boolean, hidden = 0): string {
  const total = counts.error + counts.warning + counts.info;
  const where = `in ${plural(files, 'file')}, as of ${asOf}`;
  const hiddenNote = hidden ? ` (${plural(hidden, 'finding')} below the minimum severity not shown)` : '';
  if (!total) return `${paint(color, '32', '✔')} no problems ${where}${hiddenNote}`;
  const mark = counts.error ? paint(color, '31;1', '✖') : counts.warning ? paint(color, '33;1', '⚠') : paint(color, '36;1', 'ℹ');
  const text = `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) ${where}`;
  return `${mark} ${paint(color, '1', text)}${hiddenNote}`;
}

/** The stylish report: one block per file with findings, then the summary line. */
export function stylish(files: StylishFile[], opts: StylishOptions): string[] {
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const c = opts.color;
  for (const f of files) {
    for (const x of f.findings) counts[x.severity]++;
    if (!f.findings.length) continue;
    const pos = f.findings.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1}`);
    const posWidth = Math.max(...pos.map((p) => p.length));
    const sevWidth = Math.max(...f.findings.map((x) => x.severity.length));
    // "  465:31  error  " then the message, wrapped; continuation lines start under the message.
    const indent = 2 + posWidth + 2 + sevWidth + 2;
    const room = Math.max(30, opts.width - indent);
    out.push(paint(c, '4', f.file));
    f.findings.forEach((x, i) => {
      const lines = wrap(x.message, room);
      const head = `  ${paint(c, '2', pos[i].padStart(posWidth))}  ${paint(c, SEVERITY_COLOR[x.severity], x.severity.padEnd(sevWidth))}  `;
      out.push(head + lines[0]);
      for (const l of lines.slice(1)) out.push(' '.repeat(indent) + l);
      const cite = `${x.source.document} ${x.source.version} §${x.source.section}`;
      out.push(' '.repeat(indent) + paint(c, '2', `${x.code} · ${cite}`));
    });
    out.push('');
  }
  out.push(summaryLine(counts, files.length, opts.asOf, c, opts.hidden));
  return out;
}
