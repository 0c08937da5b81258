/**
 * Many files: expandInputs (directories, globs, config include/ignore, node_modules/.git), the
 * summary table, the progress bar (only on an interactive terminal outside CI) and --max-warnings.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs, { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { ROOT, skeleton } from '../unit/model-skeleton';
import { expandInputs, isGlob } from '../../server/src/cli/files';
import { createProgress, progressEnabled } from '../../server/src/cli/progress';
import { summaryTable } from '../../server/src/cli/summary';

const AS_OF = '2026-11-25';
let dir = '';
const put = (rel: string, text: string) => {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
};

function cpslint(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env });
  if (r.error) throw r.error;
  return r;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cpslint-files-'));
  const cps = skeleton();
  put('tree/a-cps.md', cps);
  put('tree/README.md', '# Policies\n\nThis folder holds the CA\'s policy documents.\n');
  put('tree/sub/b-cps.markdown', skeleton({ omit: ['5'] }));
  put('tree/sub/notes.txt', cps);
  put('tree/node_modules/pkg/cps.md', cps);
  put('tree/.git/cps.md', cps);
  put('tree/drafts/c-cps.md', cps);
  put('tree/policy/plain.md', '# House policy\n\nNot a CP/CPS by the look of it, but listed in include.\n');
  put('tree/.cpslint.yaml', 'ignore: ["drafts/**"]\ninclude: ["policy/*.md"]\n');
  put('empty/README.md', '# Nothing here\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('expandInputs', () => {
  test('a directory: CP/CPS Markdown files and config includes, minus ignores, node_modules and .git; sorted', () => {
    const r = expandInputs(['tree'], { cwd: dir });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.files, [join('tree', 'a-cps.md'), join('tree', 'policy', 'plain.md'), join('tree', 'sub', 'b-cps.markdown')]);
  });

  test('a glob: every matching file, like a shell, minus node_modules, .git and config ignores', () => {
    const r = expandInputs(['tree/**/*.md'], { cwd: dir });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.files, [join('tree', 'README.md'), join('tree', 'a-cps.md'), join('tree', 'policy', 'plain.md')]);
    assert.deepEqual(expandInputs(['tree/sub/*.{md,markdown}'], { cwd: dir }).files, [join('tree', 'sub', 'b-cps.markdown')]);
    // A pattern that names node_modules itself reaches into it.
    assert.deepEqual(expandInputs(['tree/node_modules/**/*.md'], { cwd: dir }).files, [join('tree', 'node_modules', 'pkg', 'cps.md')]);
  });

  test('absolute inputs stay absolute', () => {
    const r = expandInputs([join(dir, 'tree', 'sub')], { cwd: ROOT });
    assert.deepEqual(r.files, [join(dir, 'tree', 'sub', 'b-cps.markdown')]);
    assert.deepEqual(expandInputs([join(dir, 'tree', 'sub', '*.markdown')], { cwd: ROOT }).files, [join(dir, 'tree', 'sub', 'b-cps.markdown')]);
  });

  test('files are kept as given (also missing ones, to be reported), once each', () => {
    const r = expandInputs(['tree/README.md', 'missing.md', 'tree', './tree/a-cps.md'], { cwd: dir });
    assert.deepEqual(r.files, [join('tree', 'README.md'), 'missing.md', join('tree', 'a-cps.md'), join('tree', 'policy', 'plain.md'), join('tree', 'sub', 'b-cps.markdown')]);
  });

  test('a glob matching nothing and a directory without CP/CPS files are errors', () => {
    const r = expandInputs(['nothing/*.md', 'empty'], { cwd: dir });
    assert.deepEqual(r.files, []);
    assert.equal(r.errors.length, 2);
    assert.match(r.errors[0], /^nothing\/\*\.md: no files match this pattern$/);
    assert.match(r.errors[1], /^empty: no CP\/CPS Markdown files found in this directory/);
  });

  // Root reads everything, so permissions cannot make a file unreadable in a root CI container:
  // the file system's answer is simulated (node:fs mocked), which works for every user.
  test('an unreadable subfolder and an unreadable Markdown file are reported (EACCES), not skipped silently', (t) => {
    const denied = (p: unknown) => Object.assign(new Error(`EACCES: permission denied, ${String(p)}`), { code: 'EACCES' });
    const realReaddir = fs.readdirSync;
    const realOpen = fs.openSync;
    t.mock.method(fs, 'readdirSync', ((p: fs.PathLike, o?: unknown) => {
      if (String(p).endsWith(join('tree', 'sub'))) throw denied(p);
      return (realReaddir as (p: fs.PathLike, o?: unknown) => unknown)(p, o);
    }) as typeof fs.readdirSync);
    t.mock.method(fs, 'openSync', ((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p).endsWith('a-cps.md')) throw denied(p);
      return (realOpen as (p: fs.PathLike, ...r: unknown[]) => number)(p, ...rest);
    }) as typeof fs.openSync);
    const r = expandInputs(['tree'], { cwd: dir });
    assert.deepEqual(r.errors, [`${join('tree', 'a-cps.md')}: skipped: permission denied (EACCES)`, `${join(dir, 'tree', 'sub')}: folder skipped: permission denied (EACCES)`]);
    // The readable files are still found; a file listed by the config's include is not opened by the walk.
    assert.deepEqual(r.files, [join('tree', 'policy', 'plain.md')]);
  });

  test('isGlob', () => {
    for (const g of ['*.md', 'a/**/b.md', 'cps-v{1,2}.md', 'cps?.md', 'cps[12].md']) assert.equal(isGlob(g), true, g);
    for (const f of ['cps.md', 'docs/cps-1.2.md', '/abs/path.md']) assert.equal(isGlob(f), false, f);
  });
});

describe('cpslint check with directories and globs', () => {
  test('a directory: every file is checked, then a summary table and the totals', () => {
    const r = cpslint(['check', 'tree', '--as-of', AS_OF]);
    assert.equal(r.stderr, '');
    const out = r.stdout.trimEnd().split('\n');
    const head = out.findIndex((l) => /^file\s+errors\s+warnings\s+info$/.test(l));
    assert.ok(head > 0, r.stdout);
    const rows = out.slice(head + 2, out.length - 4);
    assert.equal(rows.length, 3);
    // Worst first: b-cps.markdown lacks chapter 5.
    assert.match(rows[0], new RegExp(`^tree/sub/b-cps\\.markdown\\s+\\d+`));
    assert.match(out[out.length - 3], /^total \(3 files\)\s+\d+\s+\d+\s+\d+$/);
    assert.match(out[out.length - 1], /in 3 files, as of 2026-11-25$/);
    // The compact format has the same table, and its own summary line.
    const compact = cpslint(['check', 'tree', '--as-of', AS_OF, '--format', 'compact']).stdout.trimEnd().split('\n');
    assert.match(compact[compact.length - 3], /^total \(3 files\)\s+\d+\s+\d+\s+\d+$/);
    assert.match(compact[compact.length - 1], /in 3 file\(s\) \(as of 2026-11-25\)$/);
    const j = JSON.parse(cpslint(['check', 'tree', '--as-of', AS_OF, '--format', 'json']).stdout);
    assert.deepEqual(j.files.map((f: { file: string }) => f.file), ['tree/a-cps.md', 'tree/policy/plain.md', 'tree/sub/b-cps.markdown']);
  });

  test('a quoted glob is expanded by cpslint (no shell involved)', () => {
    const j = JSON.parse(cpslint(['check', 'tree/**/*-cps.*', '--format', 'json', '--as-of', AS_OF]).stdout);
    assert.deepEqual(j.files.map((f: { file: string }) => f.file), ['tree/a-cps.md', 'tree/sub/b-cps.markdown']);
  });

  test('one file: no summary table', () => {
    const r = cpslint(['check', 'tree/a-cps.md', '--as-of', AS_OF]);
    assert.ok(!/^file\s+errors/m.test(r.stdout));
  });

  test('nothing to check: exit 2 with a clear message', () => {
    const r = cpslint(['check', 'empty', '--as-of', AS_OF]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cpslint: empty: no CP\/CPS Markdown files found in this directory/);
    const g = cpslint(['check', 'nowhere/**/*.md']);
    assert.equal(g.status, 2);
    assert.match(g.stderr, /cpslint: nowhere\/\*\*\/\*\.md: no files match this pattern/);
  });
});

describe('progress bar', () => {
  test('only on an interactive terminal outside CI', () => {
    assert.equal(progressEnabled({ isTTY: true }, {}), true);
    assert.equal(progressEnabled({ isTTY: false }, {}), false);
    assert.equal(progressEnabled({}, {}), false);
    assert.equal(progressEnabled({ isTTY: true }, { CI: 'true' }), false);
    assert.equal(progressEnabled({ isTTY: true }, { CI: '1' }), false);
    assert.equal(progressEnabled({ isTTY: true }, { CI: 'false' }), true);
    assert.equal(progressEnabled({ isTTY: true }, { TERM: 'dumb' }), false);
  });

  test('draws on a terminal stream and erases itself; draws nothing otherwise', () => {
    let written = '';
    const tty = { isTTY: true, columns: 60, write: (s: string) => (written += s) };
    const p = createProgress(3, tty, {});
    p.tick(0, 'a.md');
    p.tick(1, 'a/very/long/path/that/does/not/fit/in/the/line/at/all/b.md');
    p.done();
    assert.match(written, /\r\x1b\[2K\[-+\] 1\/3 a\.md/);
    assert.match(written, /2\/3 …/);
    assert.ok(written.endsWith('\r\x1b[2K'));
    for (const line of written.split('\r')) assert.ok(line.replace(/\x1b\[2K/, '').length <= 60, line);
    let none = '';
    createProgress(3, { isTTY: false, write: (s: string) => (none += s) }, {}).tick(0, 'a.md');
    createProgress(3, { isTTY: true, write: (s: string) => (none += s) }, { CI: 'true' }).tick(0, 'a.md');
    createProgress(1, { isTTY: true, write: (s: string) => (none += s) }, {}).tick(0, 'a.md');
    assert.equal(none, '');
  });

  test('not printed when stderr is piped', () => {
    const r = cpslint(['check', 'tree', '--as-of', AS_OF], { ...process.env, CI: '' });
    assert.equal(r.stderr, '');
    assert.ok(!r.stdout.includes('\r'));
  });

  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  test('printed on a real terminal (util-linux script), and not with CI set', { skip: !script && 'script(1) is not installed' }, () => {
    const run = (ci: string) => {
      const cmd = `"${process.execPath}" "${join(ROOT, 'bin/cpslint.js')}" check tree --as-of ${AS_OF} >/dev/null`;
      const r = spawnSync(script!, ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: ci, TERM: 'xterm' } });
      return r.stdout;
    };
    assert.match(run(''), /\[[#-]+\] 1\/3 tree/);
    assert.ok(!/\[[#-]+\] \d\/3/.test(run('true')));
  });
});

describe('summary table', () => {
  test('sorted worst first, aligned, with totals', () => {
    const t = summaryTable([
      { file: 'b.md', error: 0, warning: 2, info: 1 },
      { file: 'a.md', error: 0, warning: 2, info: 1 },
      { file: 'long/name.md', error: 12, warning: 0, info: 0 },
    ]);
    assert.deepEqual(t, [
      'file             errors  warnings  info',
      '---------------  ------  --------  ----',
      'long/name.md         12         0     0',
      'a.md                  0         2     1',
      'b.md                  0         2     1',
      '---------------  ------  --------  ----',
      'total (3 files)      12         4     2',
    ]);
  });
});

describe('--max-warnings', () => {
  test('exit 1 when the warnings exceed the limit, 0 at the limit', () => {
    // The example with its errors lowered to warnings: only warnings and info remain.
    const example = readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8');
    put('mw/cps.md', example);
    const first = JSON.parse(cpslint(['check', 'mw/cps.md', '--format', 'json', '--as-of', AS_OF]).stdout);
    const codes = [...new Set(first.files[0].diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { code: string }) => d.code))];
    put('mw/.cpslint.yaml', `rules:\n${codes.map((c) => `  ${c}: warning`).join('\n')}\n`);
    const j = JSON.parse(cpslint(['check', 'mw/cps.md', '--format', 'json', '--as-of', AS_OF]).stdout);
    const warnings = j.files[0].diagnostics.filter((d: { severity: string }) => d.severity === 'warning').length;
    assert.ok(warnings > 1);
    assert.equal(j.files[0].diagnostics.filter((d: { severity: string }) => d.severity === 'error').length, 0);
    assert.equal(cpslint(['check', 'mw/cps.md', '--as-of', AS_OF]).status, 0);
    const at = cpslint(['check', 'mw/cps.md', '--as-of', AS_OF, '--max-warnings', String(warnings)]);
    assert.equal(at.status, 0);
    assert.equal(at.stderr, '');
    const over = cpslint(['check', 'mw/cps.md', '--as-of', AS_OF, '--max-warnings', String(warnings - 1)]);
    assert.equal(over.status, 1);
    assert.equal(over.stderr.trim(), `cpslint: ${warnings} warning(s), more than --max-warnings ${warnings - 1} allows`);
    // The output format is unaffected (stdout stays valid JSON).
    const overJson = cpslint(['check', 'mw/cps.md', '--as-of', AS_OF, '--max-warnings', '0', '--format', 'json']);
    assert.equal(overJson.status, 1);
    JSON.parse(overJson.stdout);
  });

  test('a bad value is a usage error', () => {
    for (const v of ['abc', '1.5', '-1', '']) {
      const r = cpslint(['check', 'tree/a-cps.md', `--max-warnings=${v}`]);
      assert.equal(r.status, 2, v);
      assert.match(r.stderr, /--max-warnings ".*" is not a whole number of warnings/, v);
      assert.equal(r.stdout, '');
    }
  });

  test('--help documents the new options', () => {
    const h = cpslint(['check', '--help']).stdout;
    assert.match(h, /--max-warnings <n>/);
    assert.match(h, /sarif/);
    assert.match(h, /directories/);
  });
});
