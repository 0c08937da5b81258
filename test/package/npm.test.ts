/**
 * The npm package: `npm pack` gives a tarball that installs into an empty directory with no network
 * (it has no dependencies: esbuild bundles them into dist/cli.js) and whose `cpslint` checks the
 * bundled example. Needs the bundles (npm test builds first; the pack runs with --ignore-scripts so
 * that its prepack build does not replace the files other tests are running from). Skipped when npm
 * is not available.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../support/root';

const ROOT = projectRoot();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const npmCli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : null;

function npm(args: string[], opts: SpawnSyncOptions) {
  const r = npmCli
    ? spawnSync(process.execPath, [npmCli, ...args], { encoding: 'utf8', timeout: 180_000, ...opts })
    : spawnSync('npm', args, { encoding: 'utf8', timeout: 180_000, shell: process.platform === 'win32', ...opts });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

const probe = npm(['--version'], { cwd: ROOT });
const skip = probe.error || probe.status !== 0 ? 'npm is not available' : !existsSync(join(ROOT, 'dist', 'cli.js')) ? 'dist/cli.js is not built (npm run build)' : false;

let dir = '';
let tarball = '';
before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'cpslint-npm-'));
  const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as { filename: string }[];
  tarball = join(dir, info.filename.replace(/^.*[\\/]/, ''));
  assert.ok(existsSync(tarball), tarball);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('npm pack: exactly the allow-list of .npmignore; no runtime dependencies to install', { skip }, () => {
  const r = npm(['pack', '--ignore-scripts', '--dry-run', '--json'], { cwd: ROOT });
  const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md', 'LICENSE', 'README.md', 'bin/cpslint.js', 'dist/cli.js', 'dist/cli.js.cache', 'docs/rules.md', 'examples/example-ca-cps.md', 'examples/past-findings.json',
    'package.json', 'rules/schema/cpslint-config.schema.json', 'rules/schema/past-findings.schema.json',
  ]);
  assert.equal(pkg.private, undefined, 'the package is publishable');
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'esbuild bundles the runtime dependencies');
  assert.ok(pkg.scripts.prepack, 'npm pack / npm publish build first');
});

test('the packed tarball installs offline into an empty directory and checks the bundled example', { skip }, () => {
  const app = join(dir, 'app');
  rmSync(app, { recursive: true, force: true });
  spawnSync(process.execPath, ['-e', `require('fs').mkdirSync(${JSON.stringify(app)})`]);
  writeFileSync(join(app, 'package.json'), '{"name":"try-cpslint","version":"1.0.0","private":true}\n');
  const i = npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: app });
  assert.equal(i.status, 0, i.stderr);
  // Only cpslint itself is installed: its bin needs nothing else.
  assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['cpslint']);
  const installed = join(app, 'node_modules', 'cpslint');
  const bin = join(installed, 'bin', 'cpslint.js');
  const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: app, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_PATH: '' } });
  const v = run(['--version']);
  assert.equal(v.stdout.trim(), pkg.version);
  const c = run(['check', 'node_modules/cpslint/examples/example-ca-cps.md', '--as-of', '2026-11-25']);
  assert.equal(c.status, 1, c.stderr);
  assert.match(c.stdout, /^node_modules\/cpslint\/examples\/example-ca-cps\.md$/m);
  assert.match(c.stdout, /✖ \d+ problems \(5 errors, /);
  // The same findings as the build in this checkout.
  const here = spawnSync(process.execPath, [join(ROOT, 'bin', 'cpslint.js'), 'check', 'examples/example-ca-cps.md', '--as-of', '2026-11-25', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
  const there = run(['check', join(installed, 'examples', 'example-ca-cps.md'), '--as-of', '2026-11-25', '--format', 'json']);
  const codes = (s: string) => JSON.parse(s).files[0].diagnostics.map((d: { code: string; line: number }) => `${d.code}@${d.line}`);
  assert.deepEqual(codes(there.stdout), codes(here.stdout));
  // The bin file is what npm links as `cpslint`.
  assert.ok(existsSync(join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'cpslint.cmd' : 'cpslint')));
});

test('without dist/cli.js, bin/cpslint.js says how to build instead of a stack trace', { skip }, () => {
  const app = join(dir, 'nobundle');
  const x = npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', app, tarball], { cwd: dir });
  assert.equal(x.status, 0, x.stderr);
  const installed = join(app, 'node_modules', 'cpslint');
  rmSync(join(installed, 'dist', 'cli.js'));
  const r = spawnSync(process.execPath, [join(installed, 'bin', 'cpslint.js'), '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /the CLI is not built \(dist\/cli\.js is missing\)/);
  assert.doesNotMatch(r.stderr, /at Module|Error:/);
});
