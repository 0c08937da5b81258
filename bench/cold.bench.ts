/**
 * A full check in a fresh process, then the same for other documents in the same process:
 *
 *   node out/bench/cold.bench.js [FILE ...]
 *
 * Without files: three synthetic 400 KB CP/CPS documents with different seeds (different texts, so
 * that the second and third checks find no cached answers, but JIT-compiled code). Separates the
 * cost of cold code (first document) from the cost of the work (the others); didOpen in a fresh
 * language server pays the first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../server/src/service/model';
import { checkDocument } from '../server/src/service/check';
import { builtinRules } from '../server/src/service/rules/builtin';
import { syntheticCps } from './synthetic';

const ROOT = join(__dirname, '..', '..');
const files = process.argv.slice(2);
const docs = files.length ? files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })) : [1, 2, 3].map((s) => ({ name: `synthetic 400 KB, seed ${s}`, text: syntheticCps(ROOT, 400 * 1024, s) }));
let t = performance.now();
builtinRules();
console.log(`load rule packs ${(performance.now() - t).toFixed(0)} ms`);
for (const d of docs) {
  t = performance.now();
  const model = parseDocument(d.text);
  const p = performance.now() - t;
  t = performance.now();
  const f = checkDocument(model, { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] });
  const c = performance.now() - t;
  console.log(`${d.name}: parse ${p.toFixed(0)} ms, check ${c.toFixed(0)} ms, ${f.length} findings`);
}
