/**
 * `cpslint check` for people: the stylish default (grouped by file, aligned, wrapped, colour only
 * when wanted, plurals), --quiet / --min-severity, -o FILE, - for standard input, --print-config
 * and the fail-fast configuration errors.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, skeleton } from '../unit/model-skeleton';
import { plural, stylish, summaryLine, useColor, wrap } from '../../server/src/cli/stylish';
import { parseDocument } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';

const EXAMPLE = 'examples/example-ca-cps.md';
const AS_OF = '2026-11-25';
const ANSI = /\x1b\[[0-9;]*m/;

function cpslint(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: 60_000, env, input: opts.input ?? '' });
  if (r.error) throw r.error;
  return r;
}

let tmp = '';
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cpslint-stylish-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function exampleJson() {
  return JSON.parse(cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--format', 'json']).stdout).files[0].diagnostics as { code: string; severity: string; line: number; column: number; message: string }[];
}

describe('stylish (the default format)', () => {
  test('grouped under the file name, columns aligned, every finding with its code and source, the summary last', () => {
    const r = cpslint(['check', EXAMPLE, '--as-of', AS_OF]);
    assert.equal(r.status, 1);
    assert.ok(!ANSI.test(r.stdout), 'no colour when stdout is a pipe');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], EXAMPLE);
    const diags = exampleJson();
    const heads = lines.filter((l) => /^ +\d+:\d+  /.test(l));
    assert.equal(heads.length, diags.length);
    // The severity column starts at the same place on every finding line; so does the message.
    const sevAt = new Set(heads.map((l) => l.search(/(error|warning|info) /)));
    assert.equal(sevAt.size, 1, heads.join('\n'));
    heads.forEach((l, i) => {
      const d = diags[i];
      assert.ok(l.trimStart().startsWith(`${d.line}:${d.column} `), l);
      assert.match(l, new RegExp(`\\b${d.severity}\\b`));
    });
    for (const d of diags) assert.ok(lines.some((l) => l.trim().startsWith(`${d.code} · `)), d.code);
    for (const l of lines) assert.ok(l.length <= 100, `wrapped at 100 columns off a terminal: ${l}`);
    const n = (s: string) => diags.filter((d) => d.severity === s).length;
    assert.equal(lines[lines.length - 1], `✖ ${diags.length} problems (${n('error')} errors, ${n('warning')} warnings, ${n('info')} info) in 1 file, as of ${AS_OF}`);
    // Every word of every message is there, in order.
    const text = lines.join(' ').replace(/\s+/g, ' ');
    for (const d of diags) assert.ok(text.includes(d.message.replace(/\s+/g, ' ')), d.message);
  });

  test('colour: FORCE_COLOR and --color turn it on, NO_COLOR and --no-color off', () => {
    assert.match(cpslint(['check', EXAMPLE, '--as-of', AS_OF], { env: { FORCE_COLOR: '1' } }).stdout, ANSI);
    assert.match(cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--color']).stdout, ANSI);
    assert.doesNotMatch(cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout, ANSI);
    assert.doesNotMatch(cpslint(['check', EXAMPLE, '--as-of', AS_OF], { env: { FORCE_COLOR: '0' } }).stdout, ANSI);
    assert.equal(useColor(undefined, { isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(useColor(undefined, { isTTY: true }, {}), true);
    assert.equal(useColor(undefined, { isTTY: true }, { TERM: 'dumb' }), false);
    assert.equal(useColor(undefined, { isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
    assert.equal(useColor(true, { isTTY: false }, { NO_COLOR: '1' }), true);
  });

  test('plurals and the summary line', () => {
    assert.equal(plural(1, 'error'), '1 error');
    assert.equal(plural(0, 'warning'), '0 warnings');
    assert.equal(plural(2, 'file'), '2 files');
    assert.equal(summaryLine({ error: 1, warning: 1, info: 0 }, 1, AS_OF, false), `✖ 2 problems (1 error, 1 warning, 0 info) in 1 file, as of ${AS_OF}`);
    assert.equal(summaryLine({ error: 0, warning: 0, info: 1 }, 2, AS_OF, false), `ℹ 1 problem (0 errors, 0 warnings, 1 info) in 2 files, as of ${AS_OF}`);
    assert.equal(summaryLine({ error: 0, warning: 0, info: 0 }, 3, AS_OF, false, 2), `✔ no problems in 3 files, as of ${AS_OF} (2 findings below the minimum severity not shown)`);
  });

  test('wrapping keeps every word, breaks only between words, and a long word gets its own line', () => {
    const words = 'a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh'.split(' ');
    for (const w of [5, 8, 12, 20]) {
      const lines = wrap(words.join(' '), w);
      assert.deepEqual(lines.join(' ').split(' '), words);
      for (const l of lines) assert.ok(l.length <= w || !l.includes(' '), `${w}: ${l}`);
    }
    assert.deepEqual(wrap('', 10), ['']);
  });

  test('narrow widths still give one block per finding', () => {
    const model = parseDocument(skeleton({ omit: ['5'] }));
    const findings = checkDocument(model, { asOf: AS_OF, programs: ['mozilla'] });
    const out = stylish([{ file: 'x.md', findings }], { color: false, width: 40, asOf: AS_OF });
    assert.equal(out.filter((l) => /^ +\d+:\d+  /.test(l)).length, findings.length);
  });
});

describe('--quiet, --min-severity, -o, standard input', () => {
  test('--quiet shows errors only; --min-severity warning hides info; the exit status is unchanged', () => {
    const diags = exampleJson();
    const q = JSON.parse(cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--format', 'json', '--quiet']).stdout).files[0].diagnostics;
    assert.deepEqual(q, diags.filter((d) => d.severity === 'error'));
    const w = JSON.parse(cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--format', 'json', '--min-severity', 'warning']).stdout).files[0].diagnostics;
    assert.deepEqual(w, diags.filter((d) => d.severity !== 'info'));
    const s = cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--quiet']);
    assert.equal(s.status, 1);
    assert.doesNotMatch(s.stdout, /^ +\d+:\d+ +(warning|info) /m);
    assert.match(s.stdout, /findings below the minimum severity not shown/);
    assert.equal(cpslint(['check', EXAMPLE, '--min-severity', 'fatal']).status, 2);
  });

  test('-o FILE writes the report there (no colour), stdout stays empty', () => {
    const out = join(tmp, 'report.sarif');
    const r = cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--format', 'sarif', '-o', out]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /wrote the sarif report of examples\/example-ca-cps\.md to /);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, '2.1.0');
    const txt = join(tmp, 'report.txt');
    cpslint(['check', EXAMPLE, '--as-of', AS_OF, '-o', txt], { env: { FORCE_COLOR: '1' } });
    assert.doesNotMatch(readFileSync(txt, 'utf8'), ANSI);
    const bad = cpslint(['check', EXAMPLE, '-o', join(tmp, 'no', 'such', 'dir', 'x.txt')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cannot write \(ENOENT\)/);
  });

  test('- reads the document from standard input; --stdin-filename names it and finds its configuration', () => {
    const text = readFileSync(join(ROOT, EXAMPLE), 'utf8');
    const plain = JSON.parse(cpslint(['check', '-', '--as-of', AS_OF, '--format', 'json'], { input: text }).stdout);
    assert.equal(plain.files[0].file, '<stdin>');
    assert.deepEqual(plain.files[0].diagnostics, exampleJson());
    const d = join(tmp, 'stdin-cfg');
    mkdirSync(d);
    writeFileSync(join(d, '.cpslint.yaml'), 'rules:\n  cps-missing-section: off\n');
    const named = cpslint(['check', '-', '--stdin-filename', join(d, 'cps.md'), '--as-of', AS_OF, '--format', 'compact'], { input: text });
    assert.ok(named.stdout.split('\n')[0].startsWith(join(d, 'cps.md') + ':'), named.stdout);
    assert.doesNotMatch(named.stdout, /cps-missing-section/);
    assert.equal(cpslint(['check', '-', '-', '--as-of', AS_OF], { input: text }).status, 2);
    assert.match(cpslint(['check', EXAMPLE, '--stdin-filename', 'x.md']).stderr, /--stdin-filename needs -/);
    const bin = cpslint(['check', '-'], { input: 'a\u0000b' });
    assert.equal(bin.status, 2);
    assert.match(bin.stderr, /<stdin>: looks like (?:a binary file|UTF-16 text)/);
  });
});

describe('configuration: --print-config and failing fast', () => {
  test('--print-config shows the configuration file and the settings a check would use', () => {
    const d = join(tmp, 'pc');
    mkdirSync(d);
    writeFileSync(join(d, '.cpslint.yaml'), 'asOf: 2026-01-01\nprograms: [mozilla]\nrules:\n  cps-title-mismatch: off\nrulePacks: []\n');
    const r = cpslint(['check', '--print-config', 'pc/cps.md'], { cwd: tmp });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.configFile, 'pc/.cpslint.yaml');
    assert.equal(j.asOf, '2026-01-01');
    assert.deepEqual(j.programs, ['mozilla']);
    assert.deepEqual(j.rules, { 'cps-title-mismatch': 'off' });
    const cli = JSON.parse(cpslint(['check', '--print-config', 'pc/cps.md', '--program', 'chrome', '--as-of', 'document'], { cwd: tmp }).stdout);
    assert.deepEqual(cli.programs, ['chrome']);
    assert.equal(cli.asOf, 'document');
  });

  test('a missing --config, an unknown key or an unknown rule id stops before checking (exit 2, file and line)', () => {
    const missing = cpslint(['check', EXAMPLE, '--config', join(tmp, 'nope.yaml')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.yaml: no such file/);
    assert.match(missing.stderr, /nothing was checked/);
    assert.equal(missing.stdout, '');
    const d = join(tmp, 'typo');
    mkdirSync(d);
    writeFileSync(join(d, '.cpslint.yaml'), 'asOf: 2026-01-01\nrules:\n  cps-title-mismatch: off\n  br-5.7.1.2-mass-revocation: off\n');
    writeFileSync(join(d, 'cps.md'), readFileSync(join(ROOT, EXAMPLE)));
    const typo = cpslint(['check', join(d, 'cps.md')]);
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /\.cpslint\.yaml:4: rules: unknown rule id "br-5\.7\.1\.2-mass-revocation" \(did you mean br-5\.7\.1\.2-mass-revocation-assertion\?\)/);
    assert.equal(typo.stdout, '');
    // The language server keeps its lenient reading; review and diff stop too.
    assert.equal(cpslint(['review', join(d, 'cps.md')]).status, 2);
  });
});

describe('the $cpslint problem matcher (package.json) reads the compact format', () => {
  test('every compact line of the example matches, with file, line, column, severity, code and message', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const m = pkg.contributes.problemMatchers.find((x: { name: string }) => x.name === 'cpslint');
    const re = new RegExp(m.pattern.regexp);
    const lines = cpslint(['check', EXAMPLE, '--as-of', AS_OF, '--format', 'compact']).stdout.trimEnd().split('\n').slice(0, -1);
    const diags = exampleJson();
    assert.equal(lines.length, diags.length);
    lines.forEach((l, i) => {
      const g = re.exec(l);
      assert.ok(g, l);
      const d = diags[i];
      assert.deepEqual([g[m.pattern.file], Number(g[m.pattern.line]), Number(g[m.pattern.column]), g[m.pattern.severity], g[m.pattern.code]], [EXAMPLE, d.line, d.column, d.severity, d.code]);
      assert.ok(g[m.pattern.message].startsWith(d.message.replace(/\s+/g, ' ').slice(0, 40)));
    });
    // The summary line is not a problem.
    assert.equal(re.test(`5 error(s), 3 warning(s), 4 info in 1 file(s) (as of ${AS_OF})`), false);
  });
});
