/**
 * `.cpslint.yaml` through the bundled CLI: found above the checked file, unknown keys are errors
 * naming file and line, per-rule severity and `off`, `ignore` globs, `asOf`, and extra rule packs
 * (a broken pack is reported with file and line, and the CLI stops before checking: it fails fast).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../unit/model-skeleton';
import { CONFIG_TEMPLATE } from '../../server/src/config-template';
import { parseConfig, unknownRuleErrors } from '../../server/src/service/config';
import { structureChecks } from '../../server/src/service/structure';
import { builtinRules } from '../rules/helpers';

let dir = '';
const example = () => readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8');

function cpslint(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

function codes(stdout: string): string[] {
  return (JSON.parse(stdout) as { files: { diagnostics: { code: string; severity: string }[] }[] }).files.flatMap((f) => f.diagnostics.map((d) => `${d.severity}:${d.code}`));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cpslint-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a .cpslint.yaml above the file sets rule severities and turns rules off', () => {
  const sub = join(dir, 'sev', 'docs');
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(dir, 'sev', '.cpslint.yaml'), 'rules:\n  cps-blank-section: off\n  cps-missing-section: info\n');
  writeFileSync(join(sub, 'cps.md'), example());
  const r = cpslint('check', '--format', 'json', '--as-of', '2026-11-25', join(sub, 'cps.md'));
  const c = codes(r.stdout);
  assert.ok(!c.some((x) => x.endsWith(':cps-blank-section')), 'cps-blank-section is off');
  assert.ok(c.includes('info:cps-missing-section'), 'cps-missing-section lowered to info');
  assert.ok(c.includes('error:cps-no-stipulation-normative'), 'other rules unchanged');
});

test('unknown keys and bad values are errors naming the file and line (exit 2, nothing checked)', () => {
  const d = join(dir, 'bad');
  mkdirSync(d);
  writeFileSync(join(d, '.cpslint.yaml'), 'asOf: 2026-01-01\nfrobnicate: 3\nprograms: [mozilla, netscape]\n');
  writeFileSync(join(d, 'cps.md'), example());
  const r = cpslint('check', join(d, 'cps.md'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\.cpslint\.yaml:2: unknown key "frobnicate"/);
  assert.match(r.stderr, /\.cpslint\.yaml:3: programs/);
  // The CLI fails fast: nothing is checked with a half-read configuration.
  assert.match(r.stderr, /fix the configuration first; nothing was checked/);
  assert.equal(r.stdout, '');
});

test('ignore globs skip files', () => {
  const d = join(dir, 'ign');
  mkdirSync(join(d, 'drafts'), { recursive: true });
  writeFileSync(join(d, '.cpslint.yaml'), 'ignore: ["drafts/**"]\n');
  writeFileSync(join(d, 'drafts', 'cps.md'), example());
  const r = cpslint('check', '--format', 'json', join(d, 'drafts', 'cps.md'));
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout).files, []);
});

test('extra rule packs add rules; a broken or missing pack is reported with file and line and stops the check', () => {
  const d = join(dir, 'packs');
  mkdirSync(d);
  writeFileSync(
    join(d, 'house.yaml'),
    [
      'pack: house',
      'title: House rules',
      'defaults:',
      '  source: { document: BR, version: "2.2.6" }',
      '  programs: [all]',
      '  kinds: [CP, CPS, CP/CPS]',
      'rules:',
      '  - id: house-8.1-soc2',
      '    title: SOC 2 report mentioned',
      '    source: { section: "8.1" }',
      '    effective: 2020-01-01',
      '    sections: ["8.1"]',
      '    elsewhere: none',
      '    severity: warning',
      '    message: Section 8.1 does not mention the SOC 2 report our auditors expect.',
      '    rationale: House rule for this test.',
      '    check:',
      '      type: commitment',
      '      parts:',
      '        - id: soc2',
      '          label: a SOC 2 report',
      '          scope: section',
      '          all:',
      '            - [SOC 2]',
    ].join('\n') + '\n',
  );
  writeFileSync(join(d, 'broken.yaml'), 'pack: broken\nrules:\n  - id: [unclosed\n');
  writeFileSync(join(d, '.cpslint.yaml'), 'rulePacks: [house.yaml, broken.yaml, missing.yaml]\n');
  writeFileSync(join(d, 'cps.md'), example());
  const r = cpslint('check', '--format', 'json', '--as-of', '2026-11-25', join(d, 'cps.md'));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /broken\.yaml:\d+/);
  assert.match(r.stderr, /missing\.yaml: cannot read/);
  assert.equal(r.stdout, '');
  // With the good pack only, its rule runs beside the built-in ones.
  writeFileSync(join(d, '.cpslint.yaml'), 'rulePacks: [house.yaml]\nrules:\n  house-8.1-soc2: warning\n');
  const ok = cpslint('check', '--format', 'json', '--as-of', '2026-11-25', join(d, 'cps.md'));
  assert.equal(ok.status, 1, ok.stderr);
  const c = codes(ok.stdout);
  assert.ok(c.includes('warning:house-8.1-soc2'), `house rule runs: ${c.join(' ')}`);
  assert.ok(c.includes('error:br-5.7.1.2-mass-revocation-assertion'), 'built-in rules still run');
});

test('the template of "cpslint: Create Configuration File" is a valid configuration, and so is every commented example in it', () => {
  const plain = parseConfig(CONFIG_TEMPLATE, '.cpslint.yaml');
  assert.deepEqual(plain.errors, []);
  // Uncomment the examples (keep rulePacks out: its file does not exist here).
  const all = CONFIG_TEMPLATE.replace(/^rules: \{\}$/m, 'rules:').replace(/^# (asOf: .*)$/m, '$1').replace(/^# {3}(\S+: \S+)$/gm, '  $1');
  const full = parseConfig(all, '.cpslint.yaml');
  assert.deepEqual(full.errors, []);
  assert.ok(full.config.asOf && Object.keys(full.config.rules ?? {}).length === 2, all);
  const known = new Set([...builtinRules().map((r) => r.id), ...structureChecks().keys()]);
  assert.deepEqual(unknownRuleErrors('.cpslint.yaml', full.config.rules, full.ruleLines, known), []);
});
