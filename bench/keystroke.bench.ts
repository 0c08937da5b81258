/**
 * Keystroke cost on large documents, through the code path of the language server's validate():
 * parseDocument(text, previous model) then checkDocument(model). For each document, N single
 * characters are typed inside §4.9 (each one a new version) and the parse and check times of
 * every version are recorded (CPU time of this process and wall time), p50/p95. The "full parse"
 * column is what a keystroke costs when the document is parsed whole (no previous model).
 * Documents: synthetic 400 KB CP/CPS (bench/synthetic.ts), the same with footnotes, and the largest
 * documents of ../shared (skipped when absent). A script, never a timed assertion.
 *
 *   npm run bench:keystroke            (KEYSTROKES=60 by default)
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parseDocument } from '../server/src/service/model';
import { checkDocument } from '../server/src/service/check';
import { syntheticCps } from './synthetic';

const root = join(__dirname, '..', '..');
const shared = join(root, '..', 'shared');
const N = Number(process.env.KEYSTROKES ?? 60);
const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };

/** `text` with a footnote reference in every fifth body paragraph and the definitions at the end. */
function withFootnotes(text: string): string {
  let n = 0;
  const body = text.replace(/\n\n([A-Z][^\n#|<>-][^\n]{60,}?)\.\n/g, (m, p: string) => (++n % 5 === 0 ? `\n\n${p}[^${n / 5}].\n` : m));
  const notes = Array.from({ length: Math.floor(n / 5) }, (_, i) => `[^${i + 1}]: Footnote ${i + 1}: see the repository for the current version.\n`).join('\n');
  return `${body}\n${notes}`;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Row {
  name: string;
  size: number;
  footnotes: number;
  full: number;
  parse: number[];
  check: number[];
  total: number[];
  wall: number[];
}

function run(name: string, text: string): Row {
  const footnotes = (text.match(/^\[\^[^\]\n]+\]:/gm) ?? []).length;
  // Where to type: the body of 4.9.x (else the middle of the document).
  const h = text.search(/^#{1,6} *(?:\*\*)?4\.9\.\d/m);
  let at = h >= 0 ? text.indexOf('\n\n', h) + 2 : Math.floor(text.length / 2);
  let model = parseDocument(text);
  checkDocument(model, opts);
  const f0 = cpuMs();
  parseDocument(text);
  const full = cpuMs() - f0;
  const row: Row = { name, size: text.length, footnotes, full, parse: [], check: [], total: [], wall: [] };
  for (let i = 0; i < N; i++) {
    text = text.slice(0, at) + 'x' + text.slice(at);
    at++;
    const w0 = performance.now();
    const c0 = cpuMs();
    model = parseDocument(text, model);
    const c1 = cpuMs();
    checkDocument(model, opts);
    const c2 = cpuMs();
    row.parse.push(c1 - c0);
    row.check.push(c2 - c1);
    row.total.push(c2 - c0);
    row.wall.push(performance.now() - w0);
  }
  return row;
}

const docs: [string, string][] = [];
const syn = syntheticCps(root, 400_000);
docs.push(['synthetic 400 KB CP/CPS', syn], ['synthetic 400 KB CP/CPS with footnotes', withFootnotes(syn)]);
for (const dir of ['corpus', 'reference']) {
  const d = join(shared, dir);
  if (!existsSync(d)) continue;
  const files = readdirSync(d)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => join(d, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .slice(0, 2);
  for (const f of files) docs.push([`${dir}/${f.split('/').pop()}`, readFileSync(f, 'utf8')]);
}

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
console.log(`# Keystroke → findings (the server's parse + check path), ${N} keystrokes per document`);
console.log(`${new Date().toISOString()}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}. CPU time of this process (wall p95 beside it).\n`);
console.log('| document | size | footnote definitions | full parse | parse p50 | parse p95 | checks p50 | checks p95 | **total p50** | **total p95** (target ≤ 50 ms) | wall p95 |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const [name, text] of docs) {
  const r = run(name, text);
  console.log(`| ${r.name} | ${(r.size / 1024).toFixed(0)} KB | ${r.footnotes} | ${ms(r.full)} | ${ms(pct(r.parse, 50))} | ${ms(pct(r.parse, 95))} | ${ms(pct(r.check, 50))} | ${ms(pct(r.check, 95))} | **${ms(pct(r.total, 50))}** | **${ms(pct(r.total, 95))}** | ${ms(pct(r.wall, 95))} |`);
}
