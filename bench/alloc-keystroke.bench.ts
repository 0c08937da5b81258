/**
 * Where a keystroke allocates: V8's sampling heap profiler (collected objects included) over N
 * keystrokes typed in §4.9 of the synthetic 400 KB document, as the server parses and checks them:
 *   node out/bench/alloc-keystroke.bench.js [N]
 * Prints the bytes allocated per keystroke by the functions that allocate most (self and with
 * their callees). Not a test.
 *
 * FILE=path types into that document instead. PROMOTED=1 leaves out what the young generation's
 * scavenges collected: what remains is what a keystroke leaves for the major GC (promoted to the old
 * generation, dead or alive), the bytes that make the occasional slow keystroke.
 */
import { parseDocument } from '../server/src/service/model';
import { checkDocument } from '../server/src/service/check';
import { syntheticCps } from './synthetic';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
let text = process.env.FILE ? readFileSync(process.env.FILE, 'utf8') : syntheticCps(join(__dirname, '..', '..'), 400_000);
const N = Number(process.argv[2] ?? 20);
const h = text.search(/^#{1,6} *(?:\*\*)?4\.9\.\d/m);
let at = h >= 0 ? text.indexOf('\n\n', h) + 2 : Math.floor(text.length / 2);
let model = parseDocument(text);
checkDocument(model, opts);
for (let i = 0; i < 5; i++) {
  text = text.slice(0, at) + 'x' + text.slice(at);
  at++;
  model = parseDocument(text, model);
  checkDocument(model, opts);
}
interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
const s = new Session();
s.connect();
const post = (m: string, p?: object) => new Promise<any>((res, rej) => s.post(m, p, (e: Error | null, r: unknown) => (e ? rej(e) : res(r))));
void (async () => {
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !process.env.PROMOTED });
  for (let i = 0; i < N; i++) {
    text = text.slice(0, at) + 'x' + text.slice(at);
    at++;
    model = parseDocument(text, model);
    checkDocument(model, opts);
  }
  const { profile } = await post('HeapProfiler.stopSampling');
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  const key = (n: Node) => `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
  const who = new Map<string, number>();
  const walk = (n: Node, stack: string[]): number => {
    const k = key(n);
    if (process.env.WHO && n.callFrame.functionName === process.env.WHO) {
      const w = stack.slice(-3).reverse().join(' < ');
      who.set(w, (who.get(w) ?? 0) + n.selfSize);
    }
    self.set(k, (self.get(k) ?? 0) + n.selfSize);
    all += n.selfSize;
    let t = n.selfSize;
    for (const c of n.children) t += walk(c, [...stack, k]);
    if (!stack.includes(k)) total.set(k, (total.get(k) ?? 0) + t);
    return t;
  };
  walk(profile.head as Node, []);
  const mb = (b: number) => (b / N / 1e6).toFixed(2).padStart(7) + ' MB';
  console.log(`${process.env.PROMOTED ? 'promoted' : 'allocated'} per keystroke: ${(all / N / 1e6).toFixed(1)} MB (sampled)`);
  console.log('self:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(mb(v), k);
  if (process.env.WHO) for (const [k, v] of [...who].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${mb(v)} ${process.env.WHO} < ${k}`);
  console.log('with callees:');
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(mb(v), k);
})();
