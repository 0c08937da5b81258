/**
 * bin/cpslint.js loads dist/cli.js with V8's code cache (dist/cli.js.cache, written by the build)
 * only when the cache was made from this exact bundle on this Node.js; a stale, foreign or damaged
 * cache is ignored and the CLI behaves exactly as without one.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../support/root';

const ROOT = projectRoot();
const cache = join(ROOT, 'dist', 'cli.js.cache');
const skip = !existsSync(join(ROOT, 'dist', 'cli.js')) ? 'dist/cli.js is not built (npm run build)' : false;
const example = join(ROOT, 'examples', 'example-ca-cps.md');

let dir = '';
before(() => {
  if (skip) return;
  // A copy of the installed layout (bin/ beside dist/), so that its cache can be damaged freely.
  dir = mkdtempSync(join(tmpdir(), 'cpslint-cache-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(join(ROOT, 'bin', 'cpslint.js'), join(dir, 'bin', 'cpslint.js'));
  copyFileSync(join(ROOT, 'dist', 'cli.js'), join(dir, 'dist', 'cli.js'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function check(bin: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'check', example, '--as-of', '2026-11-25', '--format', 'json'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the build writes a code cache for this bundle and this Node.js', { skip }, () => {
  assert.ok(existsSync(cache), 'npm run build writes dist/cli.js.cache');
  const head = readFileSync(cache).subarray(0, 200).toString('latin1').split('\n')[0];
  assert.match(head, new RegExp(`^cpslint-code-cache 1 [0-9a-f]{40} ${process.versions.v8.replace(/\./g, '\\.')} ${process.arch}$`));
});

test('with the cache, without it, and with a stale or damaged one, the CLI gives the same results', { skip }, () => {
  const bin = join(dir, 'bin', 'cpslint.js');
  const target = join(dir, 'dist', 'cli.js.cache');
  const plain = check(bin);
  assert.equal(plain.status, 1, plain.stderr);
  assert.ok(JSON.parse(plain.stdout).files[0].diagnostics.length > 0);
  // Written by a warm-up run, as the build does.
  const written = check(bin, { CPSLINT_WRITE_CODE_CACHE: target });
  assert.equal(written.stdout, plain.stdout);
  assert.ok(existsSync(target));
  const good = readFileSync(target);
  assert.equal(check(bin).stdout, plain.stdout, 'loaded with the cache');
  // Made from another bundle (the key's hash differs): ignored.
  const text = good.toString('latin1');
  const nl = text.indexOf('\n');
  const stale = text.slice(0, nl).replace(/ ([0-9a-f]{40}) /, (_m, h: string) => ` ${h.replace(/^./, (c) => (c === '0' ? '1' : '0'))} `);
  writeFileSync(target, Buffer.concat([Buffer.from(stale + '\n', 'latin1'), good.subarray(nl + 1)]));
  assert.equal(check(bin).stdout, plain.stdout, 'a stale cache is ignored');
  // The right key over damaged data: V8 rejects it and the bundle is compiled as usual.
  writeFileSync(target, Buffer.concat([good.subarray(0, nl + 1), Buffer.alloc(4096, 7)]));
  const damaged = check(bin);
  assert.equal(damaged.status, 1, damaged.stderr);
  assert.equal(damaged.stdout, plain.stdout, 'a damaged cache is ignored');
  // A cache of another bundle under the right key: the bundle changed since (same length, other text).
  writeFileSync(target, good);
  const bundle = join(dir, 'dist', 'cli.js');
  const src = readFileSync(bundle, 'utf8');
  writeFileSync(bundle, src.replace('not a CP/CPS: no RFC 3647 outline', 'NOT A CP/CPS: no RFC 3647 outline'));
  try {
    const tiny = join(dir, 'tiny.md');
    writeFileSync(tiny, '# Notes\n\nNothing here.\n');
    const r = spawnSync(process.execPath, [bin, 'check', tiny], { encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stderr, /NOT A CP\/CPS/, 'the edited bundle runs, not the cached code of the old one');
  } finally {
    writeFileSync(bundle, src);
  }
});
