/**
 * A one-line progress bar on stderr while many files are checked. Only on an interactive
 * terminal: never when stderr is piped or redirected, in CI logs (CI set), or on a dumb terminal.
 */

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

/** Whether a progress bar may be drawn on `stream`. */
export function progressEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!stream.isTTY) return false;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

export interface Progress {
  /** Before working on item `index` (0-based) named `label`. */
  tick(index: number, label: string): void;
  /** Erase the bar (call before printing the results). */
  done(): void;
}

const NONE: Progress = { tick() {}, done() {} };

/** A progress bar for `total` items, or a no-op when it must not be drawn (see progressEnabled) or there is one item. */
export function createProgress(total: number, stream: ProgressStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (total < 2 || !progressEnabled(stream, env)) return NONE;
  let drawn = false;
  return {
    tick(index, label) {
      const width = Math.max(40, stream.columns ?? 80);
      const count = `${index + 1}/${total}`;
      const barWidth = Math.min(30, Math.max(10, Math.floor(width / 4)));
      const filled = Math.round((index / total) * barWidth);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
      const room = width - bar.length - count.length - 4;
      const name = label.length > room ? '…' + label.slice(label.length - room + 1) : label;
      stream.write(`\r\x1b[2K${bar} ${count} ${name}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
