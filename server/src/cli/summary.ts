/** The per-file table printed after the findings when `cpslint check` read more than one file. */
import type { Finding } from '../service';

export interface FileCounts {
  file: string;
  error: number;
  warning: number;
  info: number;
}

export function countFindings(file: string, findings: Finding[]): FileCounts {
  const c: FileCounts = { file, error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/**
 * Rows sorted worst first (errors, then warnings, then info, then by name), with a total row.
 * Numbers are right-aligned; the file column is as wide as the longest name.
 */
export function summaryTable(rows: FileCounts[]): string[] {
  const sorted = [...rows].sort((a, b) => b.error - a.error || b.warning - a.warning || b.info - a.info || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const total: FileCounts = { file: `total (${rows.length} files)`, error: 0, warning: 0, info: 0 };
  for (const r of rows) {
    total.error += r.error;
    total.warning += r.warning;
    total.info += r.info;
  }
  const head = ['file', 'errors', 'warnings', 'info'];
  const cells = (r: FileCounts) => [r.file, String(r.error), String(r.warning), String(r.info)];
  const all = [head, ...sorted.map(cells), cells(total)];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...sorted.map((r) => line(cells(r))), rule, line(cells(total))];
}
