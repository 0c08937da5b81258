/**
 * CPU profile of N keystrokes (parse with the previous model + check, as the server does) typed in
 * §4.9 of the synthetic 400 KB document (`syn`) or ../shared/reference/BR-2.2.6.md (`br`):
 *   node out/bench/profile-keystroke.bench.js syn|br [N]
 * Writes the profile to the OS temp directory (open it in Chrome DevTools) and prints the medians
 * and how many rules were carried across versions (rules/pipeline/carry.ts). AT=mid types in the
 * middle of the document instead (as bench/open.bench.ts does); FILE=path types in that file; NOPROFILE=1 skips the profiler
 * and prints the CPU time per keystroke too; GC=1 prints each keystroke's parse, check and GC time. Not a test.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, movedStats } from '../server/src/service/model';
import { checkDocument } from '../server/src/service/check';
import { syntheticCps } from './synthetic';
import { carryStats } from '../server/src/service/rules/pipeline/carry';
const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
const which = process.argv[2] ?? 'syn';
let text = process.env.FILE ? readFileSync(process.env.FILE, 'utf8') : which === 'syn' ? syntheticCps(require('node:path').join(__dirname, '..', '..'), 400_000) : readFileSync(require('node:path').join(__dirname, '..', '..', '..', 'shared', 'reference', 'BR-2.2.6.md'), 'utf8');
const N = Number(process.argv[3] ?? 20);
const h = text.search(/^#{1,6} *(?:\*\*)?4\.9\.\d/m);
// AT=mid: inside the first paragraph after the middle (a block that opens with a letter: typing in a
// heading would change the outline, and every rule would be evaluated again).
const mid = (text.length >> 1) + text.slice(text.length >> 1).search(/\n\n[A-Za-z]/);
let at = process.env.AT === 'mid' || h < 0 ? mid + 7 : text.indexOf('\n\n', h) + 2;
let model = parseDocument(text);
checkDocument(model, opts);
const { Session } = require('node:inspector');
const s = new Session(); s.connect();
const post = (m: string, p?: any) => new Promise<any>((res, rej) => s.post(m, p, (e: any, r: any) => (e ? rej(e) : res(r))));
(async () => {
  // WARM=N: N keystrokes typed near the start of the document first, not measured (is the slow
  // start of typing the JIT's, or the caches' of the typed section?).
  for (let i = 0, w = text.indexOf('\n\n', 2000) + 2; i < Number(process.env.WARM ?? 0); i++, at++) {
    text = text.slice(0, w) + 'w' + text.slice(w);
    model = parseDocument(text, model);
    checkDocument(model, opts);
  }
  const profile = !process.env.NOPROFILE;
  if (profile) { await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 200 }); await post('Profiler.start'); }
  const cpu0 = process.cpuUsage();
  const ps: number[] = [], cs: number[] = [];
  // GC=1: the time V8 spent in garbage collection during each keystroke, beside its parse and check.
  const gcs: number[] = [];
  const evals: string[] = [];
  let gcNow = 0;
  const obs = process.env.GC ? new (require('node:perf_hooks').PerformanceObserver)((l: any) => { for (const e of l.getEntries()) gcNow += e.duration; }) : null;
  obs?.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < N; i++) {
    text = text.slice(0, at) + 'x' + text.slice(at); at++;
    const before = { ...carryStats };
    const t0 = performance.now();
    model = parseDocument(text, model);
    const t1 = performance.now();
    checkDocument(model, opts);
    const t2 = performance.now();
    ps.push(t1 - t0); cs.push(t2 - t1);
    if (obs) { await new Promise((r) => setImmediate(r)); gcs.push(gcNow); gcNow = 0; evals.push(`rules evaluated ${carryStats.evaluated - before.evaluated}, reading all ${carryStats.readAll - before.readAll}`); }
  }
  if (obs) for (let i = 0; i < N; i++) console.log(`keystroke ${i}: parse ${ps[i].toFixed(1)} ms, check ${cs[i].toFixed(1)} ms, GC ${gcs[i].toFixed(1)} ms, ${evals[i]}`);
  const cpu = process.cpuUsage(cpu0);
  if (profile) {
    const { profile: prof } = await post('Profiler.stop');
    const file = require('node:path').join(require('node:os').tmpdir(), `cpslint-keystroke-${which}.cpuprofile`);
    require('node:fs').writeFileSync(file, JSON.stringify(prof));
    console.log('profile written to', file);
  } else console.log(`CPU per keystroke ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms (all threads, GC included)`);
  const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1].toFixed(1);
  console.log(movedStats);
  console.log(carryStats, which, 'parse med', med(ps), 'check med', med(cs));
})();
