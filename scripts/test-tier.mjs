#!/usr/bin/env node
// Runs one tier of the compiled tests (out/test, built by `npm run build`) with node --test.
//
//   node scripts/test-tier.mjs fast   # `npm test`: every test file not listed in SLOW below
//   node scripts/test-tier.mjs slow   # `npm run test:slow`: the files in SLOW, property tests at full depth
//
// The two tiers are complementary by construction: a file is slow only when SLOW names it, so a new
// test file runs in `npm test`, and `.ci/run` runs both tiers, so CI runs every test. SLOW holds what
// spends its time starting processes (the CLI, the language server, npm pack) or walking the real
// corpus, and the property tests; the times in the README come from
// `node --test --test-reporter=spec` on two cores.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const outTest = join(root, 'out', 'test');

/** Files (paths under out/test, `/`-separated) or folders (ending in `/`) of the slow tier. */
export const SLOW = [
  'unit/model.property.test.js',
  'unit/incremental.property.test.js',
  'corpus/',
  'rules/corpus.test.js',
  'rules/fixapply.test.js',
  'hostile/',
  'protocol/server.test.js',
  'package/',
  'cli/cli.test.js',
  'cli/stylish.test.js',
  'cli/sarif.test.js',
  'cli/sets.test.js',
];

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

export function tiers() {
  if (!existsSync(outTest)) throw new Error('out/test is missing: run npm run build first');
  const all = testFiles(outTest).map((p) => relative(outTest, p).split(sep).join('/'));
  for (const s of SLOW) if (!all.some((f) => (s.endsWith('/') ? f.startsWith(s) : f === s))) throw new Error(`scripts/test-tier.mjs: SLOW names ${s}, which is not a test under out/test`);
  const slow = all.filter((f) => SLOW.some((s) => (s.endsWith('/') ? f.startsWith(s) : f === s)));
  return { fast: all.filter((f) => !slow.includes(f)), slow };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tier = process.argv[2];
  if (tier !== 'fast' && tier !== 'slow' && tier !== 'list') {
    console.error('usage: node scripts/test-tier.mjs fast|slow|list');
    process.exit(2);
  }
  const t = tiers();
  if (tier === 'list') {
    for (const k of ['fast', 'slow']) for (const f of t[k]) console.log(`${k}\tout/test/${f}`);
    process.exit(0);
  }
  const files = t[tier].map((f) => join('out', 'test', ...f.split('/')));
  const env = tier === 'slow' ? { ...process.env, CPSLINT_SLOW: '1' } : process.env;
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(3), ...files], { cwd: root, stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}
