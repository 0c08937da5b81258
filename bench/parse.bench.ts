/**
 * Parse and check timings on large documents. Run: npm run bench
 * Measures the pure service (what the server does on each edit after debouncing) on the bundled
 * example, on a synthetic document of ~1 MB, and on ../shared corpus files when present.
 * Prints median and p95 over repeated runs, plus heap growth. Not a test: nothing asserts a time.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, checkDocument, documentSymbols, foldingRanges } from '../server/src/service';

const root = process.cwd();
const asOf = '2026-11-25';

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, min ${s[0].toFixed(1)} ms`;
}

function bench(name: string, text: string, runs = 15): void {
  const parse: number[] = [];
  const check: number[] = [];
  const features: number[] = [];
  const heap0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const model = parseDocument(text);
    parse.push(performance.now() - t);
    t = performance.now();
    checkDocument(model, { asOf, programs: ['mozilla', 'chrome'] });
    check.push(performance.now() - t);
    t = performance.now();
    documentSymbols(model);
    foldingRanges(model);
    features.push(performance.now() - t);
  }
  const heap = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  console.log(`${name} (${(text.length / 1024).toFixed(0)} KiB, ${text.split('\n').length} lines)`);
  console.log(`  parse:    ${stats(parse)}`);
  console.log(`  check:    ${stats(check)}`);
  console.log(`  symbols+folding: ${stats(features)}`);
  console.log(`  heap growth over ${runs} runs: ${heap.toFixed(1)} MiB`);
}

const example = readFileSync(join(root, 'examples/example-ca-cps.md'), 'utf8');
bench('examples/example-ca-cps.md', example);

// A synthetic 1 MB CPS: the example with each section's text repeated.
const big = example.replace(/\n\n([^#\n][^\n]{40,})\n/g, (_m, p: string) => `\n\n${(p + ' ').repeat(12)}\n`);
bench('synthetic large CPS', big, 7);

const corpus = join(root, '..', 'shared', 'corpus');
if (existsSync(corpus)) {
  for (const f of readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'README.md')) bench(`corpus/${f}`, readFileSync(join(corpus, f), 'utf8'), 7);
} else console.log('(../shared/corpus absent: corpus benchmarks skipped)');
