/**
 * `npm run bench`: cpslint on big documents (issue 6). Not a test: nothing asserts a time; the
 * numbers are printed as a table and written to bench/results.md with the date and the machine
 * (sections 1-5; the sections of earlier sessions' notes after them, numbered 6 and up, are kept).
 *
 * Documents: the largest files in ../shared/corpus and ../shared/reference (when present) and a
 * synthetic CP/CPS of 2 MB (bench/synthetic.ts, generated at run time into the OS temp directory).
 *
 * 1. Whole-process cost on the same file, side by side: remark parse alone (a process that reads
 *    and parses: the floor), `cpslint check`, and markdownlint-cli2 (a peer linter); plus the
 *    in-process split (remark, model, checks).
 * 2. The language server over real JSON-RPC (dist/server.js over stdio): didOpen -> diagnostics;
 *    200 single-character edits inside §4.9, each awaited (keystroke -> diagnostics, p50/p95);
 *    bursts of typing at 100 ms per character (last keystroke -> diagnostics); results computed
 *    for superseded versions (the server's cpslint/debug/stats counters).
 * 3. Server memory (RSS) after opening the ten largest documents, and the heap after closing them (forced GC).
 * 4. Hostile input: how long each case takes and how it ends.
 *
 * Options: BENCH_QUICK=1 runs fewer repetitions. BENCH_ONLY=process runs section 1 alone (the
 * whole-process and in-process cost, start-up and growth), BENCH_ONLY=memory section 3 alone and
 * BENCH_ONLY=hostile-cli section 5 alone (printed; results.md is not written).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { markdownParser } from '../server/src/service/markdown';
import { parseDocument, checkDocument } from '../server/src/service';
import { loadRulePacks } from '../server/src/service/rules/load';
import { parseConfig } from '../server/src/service/config';
import { LspClient, fileUri, sleep } from '../test/protocol/lsp-client';
import { projectRoot } from '../test/support/root';
import { syntheticCps, tempFile } from './synthetic';
import { YAML_BOMB, housePack } from '../test/hostile/inputs';

const ROOT = projectRoot();
const QUICK = !!process.env.BENCH_QUICK;
const AS_OF = '2026-11-25';
const PROGRAMS = ['mozilla', 'chrome', 'apple', 'microsoft'];
/** cpslint's own Markdown parser (server/src/service/markdown.ts): the floor the check is compared with. */
const processor = markdownParser();

interface Doc {
  name: string;
  path: string;
  chars: number;
  footnotes?: number;
}

const md: string[] = [];
function out(line = ''): void {
  console.log(line);
  md.push(line);
}

function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`);

function sharedDocs(): Doc[] {
  const docs: Doc[] = [];
  for (const sub of ['corpus', 'reference']) {
    const dir = join(ROOT, '..', 'shared', sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const path = join(dir, f);
      docs.push({ name: `${sub}/${f}`, path, chars: statSync(path).size });
    }
  }
  return docs.sort((a, b) => b.chars - a.chars);
}

/** `text` with a footnote reference in every fifth body paragraph and the definitions at the end (as bench/keystroke.bench.ts). */
function withFootnotes(text: string): string {
  let n = 0;
  const body = text.replace(/\n\n([A-Z][^\n#|<>-][^\n]{60,}?)\.\n/g, (m, p: string) => (++n % 5 === 0 ? `\n\n${p}[^${n / 5}].\n` : m));
  const notes = Array.from({ length: Math.floor(n / 5) }, (_, i) => `[^${i + 1}]: Footnote ${i + 1}: see the repository for the current version.\n`).join('\n');
  return `${body}\n${notes}`;
}

function wall(cmd: string, args: string[], cwd = ROOT): { ms: number; status: number | null; stderr: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t, status: r.status, stderr: (r.stderr ?? '').slice(0, 300) };
}

// ---------------------------------------------------------------------------------------------
// 1. Whole-process and in-process cost

function processCosts(docs: Doc[]): void {
  const runs = QUICK ? 1 : 3;
  out('## 1. One file, whole process (median of ' + runs + ' runs) and in process');
  out();
  out('| document | size | remark alone (process) | `cpslint check` (process) | ratio | markdownlint-cli2 (process) | ratio | in process: remark | model (incl. remark) | checks | (model+checks) / remark |');
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  const remarkOnly = join(ROOT, 'out', 'bench', 'remark-only.bench.js');
  const cli = join(ROOT, 'bin', 'cpslint.js');
  const mdl = join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
  for (const d of docs) {
    const r = [], c = [], m = [];
    for (let i = 0; i < runs; i++) {
      r.push(wall(process.execPath, [remarkOnly, d.path]).ms);
      const cr = wall(process.execPath, [cli, 'check', d.path, '--as-of', AS_OF, '--format', 'json']);
      if (cr.status !== null && cr.status > 1) out(`(cpslint check exited ${cr.status}: ${cr.stderr})`);
      c.push(cr.ms);
      // markdownlint-cli2 globs relative to its cwd: run it in the file's directory.
      m.push(wall(process.execPath, [mdl, basename(d.path)], dirname(d.path)).ms);
    }
    const text = readFileSync(d.path, 'utf8');
    const ip = { remark: [] as number[], model: [] as number[], check: [] as number[] };
    for (let i = 0; i < (QUICK ? 2 : 5); i++) {
      let t = performance.now();
      processor.parse(text);
      ip.remark.push(performance.now() - t);
      t = performance.now();
      const model = parseDocument(text);
      ip.model.push(performance.now() - t);
      t = performance.now();
      checkDocument(model, { asOf: AS_OF, programs: PROGRAMS });
      ip.check.push(performance.now() - t);
    }
    const [R, C, M] = [median(r), median(c), median(m)];
    const [iR, iM, iC] = [median(ip.remark), median(ip.model), median(ip.check)];
    out(`| ${d.name} | ${kb(d.chars)} | ${ms(R)} | ${ms(C)} | **${(C / R).toFixed(2)}×** | ${ms(M)} | ${(M / R).toFixed(2)}× | ${ms(iR)} | ${ms(iM)} | ${ms(iC)} | ${((iM + iC) / iR).toFixed(2)}× |`);
  }
  out();
}

/** CPU seconds (user + system) of one `cpslint check` process, as the process itself counts them at exit. */
function cliCpu(path: string): number {
  // The command a user runs (bin/cpslint.js, which loads the bundle with its code cache), with a
  // preloaded hook that prints the process's CPU time at exit.
  const r = spawnSync(process.execPath, ['--require', cpuHook(), join(ROOT, 'bin', 'cpslint.js'), 'check', path, '--as-of', AS_OF, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return Number(/CPUUS (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN) / 1e6;
}

let hookFile: string | undefined;
function cpuHook(): string {
  return (hookFile ??= tempFile('cpu-hook.js', "process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPUUS '+(u.user+u.system)+'\\n')});\n"));
}

/** CPU seconds of a process that only parses the file with remark (the same packages as cpslint). */
function remarkCpu(path: string): number {
  const code = `process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPUUS '+(u.user+u.system)+'\\n')});process.argv.splice(1,0,'x');require(${JSON.stringify(join(ROOT, 'out', 'bench', 'remark-only.bench.js'))});`;
  const r = spawnSync(process.execPath, ['-e', code, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return Number(/CPUUS (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN) / 1e6;
}

function startAndScaling(): void {
  const runs = QUICK ? 3 : 5;
  out('### Start-up and growth (CPU time of whole processes, median of ' + runs + ' runs)');
  out();
  const small = tempFile('one-kb.md', readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8').slice(0, 1024));
  const one = median(Array.from({ length: runs }, () => cliCpu(small)));
  const bare = median(Array.from({ length: runs }, () => {
    const r = spawnSync(process.execPath, ['-e', "process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('CPUUS '+(u.user+u.system))})"], { encoding: 'utf8' });
    return Number(/CPUUS (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN) / 1e6;
  }));
  out(`| figure | value | target |`);
  out(`|---|---|---|`);
  out(`| \`cpslint check\` on a 1 KB file | **${one.toFixed(3)} s CPU** (node alone: ${bare.toFixed(3)} s) | ≤ 0.25 s |`);
  const rows: string[] = [];
  let prev = 0;
  for (const mb of [0.5, 1, 2, 4]) {
    const f = tempFile(`synthetic-${mb}mb.md`, syntheticCps(ROOT, Math.round(mb * 1024 * 1024)));
    const n = mb >= 4 ? Math.min(runs, 3) : runs;
    const c = median(Array.from({ length: n }, () => cliCpu(f)));
    const r = median(Array.from({ length: n }, () => remarkCpu(f)));
    rows.push(`| \`cpslint check\`, synthetic ${mb} MB | ${c.toFixed(2)} s CPU; remark alone ${r.toFixed(2)} s; **${(c / r).toFixed(2)}×**${prev ? `; ×${(c / prev).toFixed(2)} for ×2 size` : ''} | ${mb === 2 ? '≤ 1.3× remark' : 'linear growth (×2 per ×2)'} |`);
    prev = c;
  }
  for (const r of rows) out(r);
  out();
}

// ---------------------------------------------------------------------------------------------
// 2. The language server

interface Stats {
  scheduled: number;
  validations: number;
  parsed: number;
  checked: number;
  staleComputed: number;
  skippedStale: number;
  published: number;
  rssBytes: number;
  heapUsedBytes: number;
  lastParseMs: number;
  lastCheckMs: number;
}

async function startServer(folder: string): Promise<LspClient> {
  const c = new LspClient();
  c.settings = { enable: true, asOf: AS_OF };
  await c.initialize({ folder });
  return c;
}

async function diagnosticsFor(c: LspClient, uri: string, version: number, after: number): Promise<number> {
  const p = await c.waitForDiagnostics(uri, (x) => x.version === version, after, 300_000);
  return p.seq;
}

/** Offset of a place inside §4.9's body (the first paragraph after the 4.9 heading), for typing. */
function typingSpot(text: string): number {
  const h = /^#{1,6}\s*(?:\*\*)?4\.9\.?\s[^\n]*\n/m.exec(text) ?? /^#{1,6}[^\n]*\b4\.9\.1\b[^\n]*\n/m.exec(text);
  const from = h ? h.index + h[0].length : Math.floor(text.length / 2);
  const para = /\n[A-Za-z][^\n]{20,}/g;
  para.lastIndex = from;
  const m = para.exec(text);
  return m ? m.index + 10 : from;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) (line++, (start = i + 1));
  return { line, character: offset - start };
}

async function serverLatency(d: Doc): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'cpslint-bench-ws-'));
  const c = await startServer(folder);
  try {
    const text = readFileSync(d.path, 'utf8');
    const uri = fileUri(join(folder, 'cps.md'));
    let t = performance.now();
    await c.open(uri, text);
    let seq = await diagnosticsFor(c, uri, 1, -1);
    const openMs = performance.now() - t;

    // Per edit: type one character inside §4.9, wait for that version's diagnostics.
    const spot = typingSpot(text);
    const pos = positionAt(text, spot);
    const edits = QUICK ? 40 : 100;
    const per: number[] = [];
    const parse: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < edits; i++) {
      // A document re-parsed whole on every edit: 50 edits are enough for p50/p95.
      if (i === 50 && median(per) > 250) break;
      const at = { line: pos.line, character: pos.character + i };
      t = performance.now();
      const v = await c.change(uri, [{ range: { start: at, end: at }, text: 'x' }]);
      seq = await diagnosticsFor(c, uri, v, seq);
      per.push(performance.now() - t);
      const st = await c.request<Stats>('cpslint/debug/stats', {});
      parse.push(st.lastParseMs);
      check.push(st.lastCheckMs);
    }
    // Bursts: 15 characters at 100 ms each (brisk typing); latency from the last keystroke.
    const bursts = QUICK ? 3 : 10;
    const afterBurst: number[] = [];
    let col = pos.character + edits;
    for (let b = 0; b < bursts; b++) {
      let v = 0;
      for (let i = 0; i < 15; i++) {
        const at = { line: pos.line, character: col++ };
        t = performance.now();
        v = await c.change(uri, [{ range: { start: at, end: at }, text: 'y' }]);
        if (i < 14) await sleep(100);
      }
      seq = await diagnosticsFor(c, uri, v, seq);
      afterBurst.push(performance.now() - t);
    }
    const stats = await c.request<Stats>('cpslint/debug/stats', {});
    out(`| ${d.name} | ${kb(d.chars)} | ${d.footnotes ?? 0} | ${ms(openMs)}${d.chars <= 420 * 1024 ? ' (≤ 1 s)' : ''} | ${per.length} | ${ms(median(per))} | **${ms(quantile(per, 0.95))}** (≤ 50 ms) | ${ms(quantile(per.slice(10), 0.95))} | ${ms(median(parse))} / ${ms(quantile(parse, 0.95))} | ${ms(median(check))} / ${ms(quantile(check, 0.95))} | ${ms(median(afterBurst))} | ${ms(quantile(afterBurst, 0.95))} | ${stats.checked} | ${stats.staleComputed} | ${stats.skippedStale} |`);
  } finally {
    await c.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function memorySection(shared: Doc[], synth2: Doc, synth400: Doc): Promise<void> {
  out('## 3. Server memory with the ten largest documents open');
  out();
  out('"RSS after all diagnostics" is read 500 ms after the last document\'s diagnostics, garbage included (V8 collects when it decides to). Readings "after GC" follow two forced full GCs and a 250 ms wait, while V8 returns the freed pages on a background thread.');
  out();
  out('| documents | total size | RSS at start | RSS after all diagnostics | V8 heap used | live heap, all open (after GC) | RSS, all open (after GC) | heap at start (after GC) | heap after closing all (after GC) | RSS after closing |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  const ten = [...shared, synth2, synth400].sort((a, b) => b.chars - a.chars).slice(0, 10);
  while (ten.length < 10) ten.push({ ...synth400, name: `synthetic 400 KB #${ten.length}` });
  await serverMemory(ten);
  out();
}

async function serverMemory(docs: Doc[]): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'cpslint-bench-ws-'));
  const c = await startServer(folder);
  try {
    const start = await c.request<{ rssBytes: number; heapUsedBytes: number }>('cpslint/debug/gc', {});
    const before = start.rssBytes;
    let seq = -1;
    for (const [i, d] of docs.entries()) {
      const uri = fileUri(join(folder, `doc${i}.md`));
      await c.open(uri, readFileSync(d.path, 'utf8'));
      seq = await diagnosticsFor(c, uri, 1, -1);
    }
    void seq;
    await sleep(500);
    const s = await c.request<Stats>('cpslint/debug/stats', {});
    // Live heap with every document open (after a forced GC; measured after the RSS above).
    const live = await c.request<{ rssBytes: number; heapUsedBytes: number }>('cpslint/debug/gc', {});
    const total = docs.reduce((n, d) => n + d.chars, 0);
    for (const [i] of docs.entries()) await c.notify('textDocument/didClose', { textDocument: { uri: fileUri(join(folder, `doc${i}.md`)) } });
    await sleep(500);
    const after = await c.request<{ rssBytes: number; heapUsedBytes: number }>('cpslint/debug/gc', {});
    // BENCH_SPACES=1: the committed size of each V8 heap space, all open and after closing (stderr).
    if (process.env.BENCH_SPACES) console.error(JSON.stringify({ live, after }, (_k, v) => (typeof v === 'number' ? Math.round(v / 1048576) : v)));
    out(`| ${docs.length} | ${kb(total)} | ${kb(before)} | **${kb(s.rssBytes)}** (≤ 200 MB) | ${kb(s.heapUsedBytes)} | ${kb(live.heapUsedBytes)} | ${kb(live.rssBytes)} | ${kb(start.heapUsedBytes)} | **${kb(after.heapUsedBytes)}** (≤ ${kb(start.heapUsedBytes + 20 * 1024 * 1024)}: start + 20 MB) | ${kb(after.rssBytes)} |`);
  } finally {
    await c.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Hostile input (in process, service level; the tests check the messages)

const EVIL_PACK = housePack([{ id: 'house-evil', title: 'A catastrophic pattern', pattern: '/(a+)+$/' }]);

function hostile(): void {
  out('## 4. Hostile input (in process)');
  out();
  out('| case | size | time | outcome |');
  out('|---|---|---|---|');
  const cases: [string, () => string][] = [
    ['20 MB CP/CPS (synthetic)', () => syntheticCps(ROOT, 20 * 1024 * 1024)],
    ['1 MB single line', () => '# 1. Introduction\n\n' + 'word '.repeat(210_000)],
    ['100,000 nested block quotes', () => '# 1. Introduction\n\n' + '> '.repeat(100_000) + 'x\n'],
    ['100,000 nested list items', () => '# 1. Introduction\n\n' + '- '.repeat(100_000) + 'x\n'],
    ['10,000 lines of deepening list indentation', () => '# 1. Introduction\n\n' + Array.from({ length: 10_000 }, (_, i) => ' '.repeat(Math.min(i, 400) * 2) + '- x').join('\n')],
    ['50,000 headings', () => Array.from({ length: 50_000 }, (_, i) => `## ${1 + (i % 9)}.${i} Title`).join('\n')],
    ['50,000 emphasis delimiters in a paragraph', () => '# 1. Introduction\n\n' + '*a '.repeat(50_000) + 'b' + ' a*'.repeat(50_000)],
    ['binary content (1 MB)', () => Array.from({ length: 1 << 20 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['invalid UTF-8 (decoded with U+FFFD)', () => Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i % 3 ? 0xc3 : 0x28))).toString('utf8')],
  ];
  for (const [name, make] of cases) {
    const text = make();
    const t = performance.now();
    let outcome: string;
    try {
      const m = parseDocument(text);
      const f = checkDocument(m, { asOf: AS_OF, programs: PROGRAMS });
      outcome = m.parseError ? `not parsed: ${m.parseError}` : `${m.all.length} sections, ${f.length} findings`;
    } catch (e) {
      outcome = `THREW ${(e as Error).name}: ${(e as Error).message.slice(0, 80)}`;
    }
    out(`| ${name} | ${kb(text.length)} | ${ms(performance.now() - t)} | ${outcome} |`);
  }
  const bomb = YAML_BOMB;
  for (const [name, run] of [
    ['catastrophic pattern in a rule pack', () => {
      const e = loadRulePacks([{ file: 'house.yaml', text: EVIL_PACK }]).errors[0];
      return e ? `${e.file}:${e.line}: ${e.message}` : 'loaded';
    }],
    ['YAML alias bomb in a rule pack', () => loadRulePacks([{ file: 'bomb.yaml', text: bomb }]).errors[0]?.message ?? 'loaded'],
    ['YAML alias bomb in .cpslint.yaml', () => parseConfig(bomb, '.cpslint.yaml').errors[0] ?? 'loaded'],
  ] as [string, () => string][]) {
    const t = performance.now();
    let outcome: string;
    try {
      outcome = run();
    } catch (e) {
      outcome = `THREW ${(e as Error).message.slice(0, 80)}`;
    }
    out(`| ${name} | – | ${ms(performance.now() - t)} | ${outcome.replace(/\|/g, '\\|').slice(0, 160)} |`);
  }
  out();
}

// ---------------------------------------------------------------------------------------------
// 5. Hostile workspaces through the CLI (issue 13): whole processes, time and peak RSS

/** Run the CLI in a child process that reports its own peak RSS (process.resourceUsage().maxRSS, KiB). */
function cliWithRss(args: string[], env: Record<string, string> = {}): { ms: number; rssMb: number; status: number | null; stderr: string } {
  const code = `process.on('exit',()=>process.stderr.write('\\nMAXRSS '+process.resourceUsage().maxRSS+'\\n'));process.argv.splice(1,0,'cpslint');require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}).main();`;
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-e', code, ...args], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0);
  return { ms: performance.now() - t, rssMb: rss / 1024, status: r.status, stderr: (r.stderr ?? '').replace(/\n?MAXRSS \d+\n?/, '') };
}

function hostileCli(): void {
  out('## 5. Hostile workspaces through the CLI (whole process)');
  out();
  out('| case | time | peak RSS | exit | first message |');
  out('|---|---|---|---|---|');
  const dir = mkdtempSync(join(tmpdir(), 'cpslint-bench-hostile-'));
  const cps = join(dir, 'cps.md');
  writeFileSync(cps, syntheticCps(ROOT, 200 * 1024));
  const ws = (name: string, config: string, files: Record<string, string> = {}) => {
    const d = join(dir, name);
    mkdirSync(d);
    writeFileSync(join(d, '.cpslint.yaml'), config);
    for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v);
    writeFileSync(join(d, 'cps.md'), readFileSync(cps));
    return join(d, 'cps.md');
  };
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const evil = housePack([
    { id: 'house-evil-a', title: 'Nested bounded groups', pattern: '/(?:(?:\\w+\\s?){10}){10}$/' },
    { id: 'house-evil-b', title: 'A repeated group', pattern: '/(a+){10}$/' },
    { id: 'house-evil-c', title: 'Dot star repeated', pattern: '/(.*a){10}x/' },
  ]);
  const cases: [string, () => string[]][] = [
    ['32 MB file', () => [file('big.md', '# 1. Introduction\n\n' + 'The CA keeps records. '.repeat(1_500_000))]],
    ['1,000,000 short lines (2 MB)', () => [file('lines.md', '# 1. Introduction\n' + 'x\n'.repeat(1_000_000))]],
    ['a single 5 MB line', () => [file('line.md', '# 1. Introduction\n\n' + 'word '.repeat(1_000_000))]],
    ['50 MB .cpslint.yaml', () => [ws('bigcfg', '# ' + 'x'.repeat(50 * 1024 * 1024) + '\n')]],
    ['three evil patterns in a workspace pack (200 KB CP/CPS)', () => [ws('evil', 'rulePacks: [house.yaml]\n', { 'house.yaml': evil })]],
    ['rulePacks: [/dev/zero]', () => [ws('zero', 'rulePacks: [/dev/zero]\n'), '--allow-outside']],
  ];
  if (process.platform !== 'win32') {
    cases.push(['a FIFO as a rule pack', () => {
      const f = ws('fifo', 'rulePacks: [pipe.yaml]\n');
      spawnSync('mkfifo', [join(dirname(f), 'pipe.yaml')]);
      return [f];
    }]);
  }
  for (const [name, make] of cases) {
    const args = make();
    const r = cliWithRss(['check', '--as-of', AS_OF, ...args]);
    const first = r.stderr.split('\n').find((l) => l.trim()) ?? '';
    out(`| ${name} | ${ms(r.ms)} | ${r.rssMb.toFixed(0)} MB | ${r.status} | ${first.replace(dir, '…').replace(/\|/g, '\\|').slice(0, 140)} |`);
  }
  rmSync(dir, { recursive: true, force: true });
  out();
}

/**
 * The sections of results.md that a run does not write (numbered 6 and up, and "Notes": paired
 * comparisons and profiles of earlier sessions), kept below the new run's sections 1-5.
 */
function keptNotes(file: string): string {
  if (!existsSync(file)) return '';
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => /^## (?:(?:[6-9]|\d{2,})\.|Notes\b)/.test(l));
  return at < 0 ? '' : '\n' + lines.slice(at).join('\n').replace(/\n*$/, '\n');
}

async function main(): Promise<void> {
  // BENCH_ONLY=hostile-cli: only section 5, printed (results.md is not written).
  if (process.env.BENCH_ONLY === 'hostile-cli') {
    hostileCli();
    console.log(md.join('\n'));
    return;
  }
  const shared = sharedDocs();
  // BENCH_ONLY=memory: only section 3 (server memory), printed (results.md is not written).
  if (process.env.BENCH_ONLY === 'memory') {
    const s2 = { name: 'synthetic 2 MB CP/CPS', path: tempFile('synthetic-2mb.md', syntheticCps(ROOT, 2 * 1024 * 1024)), chars: 0 };
    const s4 = { name: 'synthetic 400 KB CP/CPS', path: tempFile('synthetic-400kb.md', syntheticCps(ROOT, 400 * 1024)), chars: 0 };
    for (const d of [s2, s4]) d.chars = statSync(d.path).size;
    await memorySection(shared, s2, s4);
    console.log(md.join('\n'));
    return;
  }
  const synth2 = { name: 'synthetic 2 MB CP/CPS', path: tempFile('synthetic-2mb.md', syntheticCps(ROOT, 2 * 1024 * 1024)), chars: 0 };
  synth2.chars = statSync(synth2.path).size;
  const synth400 = { name: 'synthetic 400 KB CP/CPS', path: tempFile('synthetic-400kb.md', syntheticCps(ROOT, 400 * 1024)), chars: 0 };
  synth400.chars = statSync(synth400.path).size;

  const cpu = cpus();
  out('# cpslint benchmark results');
  out();
  out(`Date: ${new Date().toISOString()}. Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${kb(totalmem())} RAM, Node ${process.version}, ${process.platform}/${process.arch}.`);
  out(`Load average at the start (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpu.length} cores; other processes share the machine, so absolute times are upper bounds.`);
  out(shared.length ? `Documents: the largest of ../shared/corpus and ../shared/reference, and synthetic ones (bench/synthetic.ts).` : 'Documents: ../shared is absent, so only the synthetic documents (bench/synthetic.ts).');
  out();

  // BENCH_ONLY=server: only section 2 (keystroke latency), printed (results.md is not written).
  const only = process.env.BENCH_ONLY;
  const big = [...shared.slice(0, 3), synth400, synth2];
  if (!only) {
    processCosts(big);
    startAndScaling();
  }
  // BENCH_ONLY=process: only section 1, printed (results.md is not written).
  if (only === 'process') {
    processCosts(big);
    startAndScaling();
    console.log('\n(BENCH_ONLY=process: section 1 only; bench/results.md not written)');
    return;
  }

  out('## 2. Language server over JSON-RPC (keystroke → publishDiagnostics)');
  out();
  out(`Per edit: ${QUICK ? 40 : 100} single characters typed inside §4.9, each awaited. "p95 from the 11th edit" leaves out the first ten edits after didOpen, while the incremental path is still being compiled by the JIT (reported beside the target, not instead of it). Burst: 15 characters at 100 ms intervals, measured from the last keystroke. Stale: results computed for a version superseded before they were published (wasted work); skipped: validations dropped before parsing or checking because a newer version had arrived.`);
  out();
  out('Targets: keystroke → diagnostics p95 ≤ 50 ms; didOpen of a 400 KB document → first diagnostics ≤ 1 s. Parse and checks: the server\'s own lastParseMs / lastCheckMs of each edit\'s validation (p50 / p95).');
  out();
  out('| document | size | footnote definitions | didOpen → diagnostics | edits | per edit p50 | per edit p95 | p95 from the 11th edit | parse p50 / p95 | checks p50 / p95 | after burst p50 | after burst p95 | checks run | stale results | skipped |');
  out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  // The largest real document of up to ~400 KB, the largest one without footnote definitions
  // (footnotes once forced a whole parse per edit), and the synthetic ones, one with footnotes.
  const noFootnotes = (d: Doc) => !/\[\^[^\]\r\n]*\]:/.test(readFileSync(d.path, 'utf8'));
  const latencyDocs: Doc[] = [...new Set([shared.find((d) => d.chars <= 420 * 1024), shared.find((d) => d.chars <= 420 * 1024 && noFootnotes(d))].filter((d): d is Doc => !!d)), synth400, synth2];
  const synthFn = { name: 'synthetic 400 KB CP/CPS with footnotes', path: tempFile('synthetic-400kb-footnotes.md', withFootnotes(readFileSync(synth400.path, 'utf8'))), chars: 0 };
  synthFn.chars = statSync(synthFn.path).size;
  latencyDocs.splice(latencyDocs.indexOf(synth400) + 1, 0, synthFn);
  for (const d of latencyDocs) d.footnotes = (readFileSync(d.path, 'utf8').match(/^\[\^[^\]\n]+\]:/gm) ?? []).length;
  for (const d of latencyDocs) await serverLatency(d);
  out();
  if (only === 'server') {
    console.log(md.join('\n'));
    return;
  }

  await memorySection(shared, synth2, synth400);

  hostile();
  hostileCli();
  out(`Load average at the end (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
  writeFileSync(join(ROOT, 'bench', 'results.md'), md.join('\n') + '\n' + keptNotes(join(ROOT, 'bench', 'results.md')));
  console.log('\nwritten to bench/results.md');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
