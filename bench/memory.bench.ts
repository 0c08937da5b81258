/**
 * In-process memory of the language service with the ten largest documents open (issue 12), stage
 * by stage, the way the server holds them (a model per open document, kept alive like server.ts's
 * `models` map). Not a test: nothing asserts; it prints heapUsed / RSS after each stage.
 *
 *   nice npm run -s build && node --expose-gc out/bench/memory.bench.js
 *
 * Stages: start (rule packs loaded, one small check done), after parse (models only), after unit
 * extraction (documentUnits with and without revision history), after checks, after a second round
 * of checks (caches warm), after closing every document (the server's onDidClose: models dropped,
 * dropTextCaches) and a forced GC.
 *
 * Options: MEM_SNAPSHOT=dir writes heap snapshots after checks, after checking again and after closing (v8.writeHeapSnapshot);
 * MEM_CACHES=1 prints, per document checked alone, the characters of keys each per-text memo holds
 * after the check (a generation, fitTextCaches, must hold them) and after one more check of an edited copy;
 * MEM_SAMPLE=1 prints the top allocation sites of the checks by bytes still alive after them
 * (inspector HeapProfiler sampling), MEM_SAMPLE=all by bytes allocated (garbage included); MEM_DOCS=n uses the n largest documents (default 10).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { Session } from 'node:inspector';
import { parseDocument, checkDocument } from '../server/src/service';
import type { DocumentModel } from '../server/src/service';
import { documentUnits } from '../server/src/service/rules/extract';
import { dropTextCaches } from '../server/src/service/rules/pipeline/match';
import { tokenCache } from '../server/src/service/rules/pipeline/normalise';
import { textFacts } from '../server/src/service/rules/prefilter';
import { prepared } from '../server/src/service/rules/patterns';
import { textScopes } from '../server/src/service/rules/pipeline/scope';
import { projectRoot } from '../test/support/root';
import { syntheticCps } from './synthetic';

const ROOT = projectRoot();
const AS_OF = '2026-11-25';
const PROGRAMS = ['mozilla', 'chrome', 'apple', 'microsoft'];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

interface Doc {
  name: string;
  text: string;
}

function docs(n: number): Doc[] {
  const out: Doc[] = [];
  for (const sub of ['corpus', 'reference']) {
    const dir = join(ROOT, '..', 'shared', sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const path = join(dir, f);
      if (statSync(path).isFile()) out.push({ name: `${sub}/${f}`, text: readFileSync(path, 'utf8') });
    }
  }
  out.push({ name: 'synthetic 2 MB', text: syntheticCps(ROOT, 2 * 1024 * 1024) });
  out.push({ name: 'synthetic 400 KB', text: syntheticCps(ROOT, 400 * 1024) });
  out.sort((a, b) => b.text.length - a.text.length);
  const ten = out.slice(0, n);
  while (ten.length < n) ten.push({ name: `synthetic 400 KB #${ten.length}`, text: syntheticCps(ROOT, 400 * 1024, 3647 + ten.length) });
  return ten;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
let base = 0;
function stage(name: string, chars: number): void {
  gc!();
  gc!();
  const m = process.memoryUsage();
  const d = m.heapUsed - base;
  console.log(`| ${name} | ${mb(m.heapUsed)} | ${mb(d)} | ${chars ? (d / chars).toFixed(1) : '–'} | ${mb(m.rss)} | ${mb(m.external + m.arrayBuffers)} |`);
}

async function sampled<T>(run: () => T): Promise<T> {
  const s = new Session();
  s.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((res, rej) => s.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('HeapProfiler.enable');
  // MEM_SAMPLE=all: every allocation (what the run allocates, garbage included); otherwise what is still alive.
  const all = process.env.MEM_SAMPLE === 'all';
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: all, includeObjectsCollectedByMinorGC: all });
  const r = run();
  gc!();
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
  interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
  const bySite = new Map<string, number>();
  const walk = (n: Node, stack: string[]) => {
    const here = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    if (n.selfSize) bySite.set(here, (bySite.get(here) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, [...stack, here]);
  };
  walk(profile.head, []);
  console.log(`\n${all ? 'Bytes allocated' : 'Live bytes'} by allocation site (sampled):`);
  for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${mb(v).padStart(9)}  ${k}`);
  console.log();
  s.disconnect();
  return r;
}

async function main(): Promise<void> {
  const set = docs(Number(process.env.MEM_DOCS ?? 10));
  const chars = set.reduce((n, d) => n + d.text.length, 0);
  // Warm up: rule packs compiled, module-level tables built.
  checkDocument(parseDocument('# 1. Introduction\n\nThe CA keeps records for 2 years.\n'), { asOf: AS_OF, programs: PROGRAMS });
  dropTextCaches();
  gc!();
  base = process.memoryUsage().heapUsed;
  console.log(`${set.length} documents, ${mb(chars)} of text (${set.map((d) => `${d.name} ${(d.text.length / 1024).toFixed(0)} KB`).join(', ')})\n`);
  if (process.env.MEM_CACHES) return cacheSizes(set);
  console.log('| stage | heap used | heap over start | bytes per character | RSS | external |');
  console.log('|---|---|---|---|---|---|');
  stage('start (packs loaded)', 0);
  const models = new Map<string, DocumentModel>();
  for (const [i, d] of set.entries()) models.set(`doc${i}`, parseDocument(d.text));
  stage('after parse (models)', chars);
  for (const m of models.values()) {
    documentUnits(m);
    documentUnits(m, { includeHistory: true });
  }
  stage('after unit extraction', chars);
  const checkAll = () => {
    let n = 0;
    for (const m of models.values()) n += checkDocument(m, { asOf: AS_OF, programs: PROGRAMS }).length;
    return n;
  };
  const findings = process.env.MEM_SAMPLE ? await sampled(checkAll) : checkAll();
  stage(`after checks (${findings} findings)`, chars);
  if (process.env.MEM_SNAPSHOT) console.log(`  snapshot ${writeHeapSnapshot(join(process.env.MEM_SNAPSHOT, 'after-checks.heapsnapshot'))}`);
  checkAll();
  stage('after checks again', chars);
  if (process.env.MEM_SNAPSHOT) console.log(`  snapshot ${writeHeapSnapshot(join(process.env.MEM_SNAPSHOT, 'after-checks-again.heapsnapshot'))}`);
  // The server's onDidClose for every document.
  for (const k of [...models.keys()]) {
    models.delete(k);
    dropTextCaches();
  }
  stage('after closing all', 0);
  if (process.env.MEM_SNAPSHOT) console.log(`  snapshot ${writeHeapSnapshot(join(process.env.MEM_SNAPSHOT, 'after-close.heapsnapshot'))}`);
}

/** Characters of keys in each per-text memo after checking one document from empty caches. */
function cacheSizes(set: Doc[]): void {
  const caches = { tokens: tokenCache, facts: textFacts, prepared, scopes: textScopes };
  console.log(`| document | size | budget per generation | ${Object.keys(caches).map((k) => `${k}: entries / key chars / turns`).join(' | ')} | check | check after an edit |`);
  console.log(`|---|---|---|${Object.keys(caches).map(() => '---').join('|')}|---|---|`);
  for (const d of set) {
    dropTextCaches();
    for (const c of Object.values(caches)) c.turns = 0;
    let t = performance.now();
    checkDocument(parseDocument(d.text), { asOf: AS_OF, programs: PROGRAMS });
    const first = performance.now() - t;
    const mid = Math.floor(d.text.length / 2);
    const edited = d.text.slice(0, mid) + 'x' + d.text.slice(mid);
    t = performance.now();
    checkDocument(parseDocument(edited), { asOf: AS_OF, programs: PROGRAMS });
    const again = performance.now() - t;
    const cells = Object.values(caches).map((c) => {
      const s = c.stats();
      return `${s.entries} / ${(s.youngChars / 1e6).toFixed(2)} M / ${s.turns}`;
    });
    console.log(`| ${d.name} | ${(d.text.length / 1024).toFixed(0)} KB | ${(tokenCache.budget / 1e6).toFixed(2)} M | ${cells.join(' | ')} | ${first.toFixed(0)} ms | ${again.toFixed(0)} ms |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
