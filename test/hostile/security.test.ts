/**
 * A repository cannot hang, exhaust or read through cpslint (issue 13): workspace rule-pack
 * patterns on a linear-time engine under a time budget, regular files only, reads bound to the
 * workspace, limits with clear messages, validated values and LSP parameters, Restricted Mode.
 * No assertion is about time: a case that hung would time the test out.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, symlinkSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';
import { loadRulePacks } from '../../server/src/service/rules/load';
import { builtinConcepts } from '../../server/src/service/rules/concepts';
import type { ForbiddenCheck } from '../../server/src/service/rules/types';
import { compilePattern, findAll } from '../../server/src/service/rules/patterns';
import { parseConfig } from '../../server/src/service/config';
import { DEFAULT_LIMITS, documentOverLimit, parseLimits } from '../../server/src/service/limits';
import { readTextSafe } from '../../server/src/safe-read';
import { LspClient, fileUri } from '../protocol/lsp-client';
import { skeleton, ROOT } from '../unit/model-skeleton';
import { housePack } from './inputs';

const OPTS = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
const T = { timeout: 180_000 };
const EVIL = ['/(?:(?:\\w+\\s?){10}){10}$/', '/(a+){10}$/', '/(.*a){10}x/', '/(a+)+$/', '/(\\w+\\s?)*$/', '/(a|ab)*c/'];

function packWith(pattern: string): string {
  return housePack([
    { id: 'house-good', title: 'A fine rule', pattern: '/\\bfine\\s+words\\b/' },
    { id: 'house-evil', title: 'A catastrophic pattern', pattern },
  ]);
}
/** A CP/CPS whose §4.9 has the house rule's words and a long run of "a" for the evil patterns. */
const DOC = skeleton({ style: 'dots-every-level', after: { '4.9': `The CA uses fine words here.\n\n${'a'.repeat(3000)}!\n\n${'word '.repeat(600)}!` } });
const linear = (files: { file: string; text: string }[]) => loadRulePacks(files, { engine: 'linear' });
const fifoSupported = process.platform !== 'win32';

describe('workspace rule packs: linear-time patterns', () => {
  test('patterns that make V8 backtrack load on the linear engine and the check ends with the right findings', () => {
    for (const p of EVIL) {
      const r = linear([{ file: 'house.yaml', text: packWith(p) }]);
      assert.deepEqual(r.errors, [], p);
      assert.deepEqual(r.rules.map((x) => x.id), ['house-good', 'house-evil'], p);
      assert.ok(r.rules.every((x) => x.engine === 'linear'));
      const codes = checkDocument(parseDocument(DOC), { ...OPTS, rules: r.rules }).map((f) => f.code);
      assert.ok(codes.includes('house-good'), `${p}: the fine rule still finds its words`);
    }
  });

  test('backreferences and lookaround are refused at load with the file, the line and what to change', () => {
    for (const [p, what] of [['/(a)\\1/', /backreference \\1/], ['/foo(?=bar)/', /lookahead/], ['/(?<!x)y/', /lookbehind/], ['/(?<n>a)\\k<n>/', /named backreference/]] as const) {
      const r = linear([{ file: 'house.yaml', text: packWith(p) }]);
      assert.deepEqual(r.rules.map((x) => x.id), ['house-good'], p);
      assert.equal(r.errors.length, 1, p);
      assert.equal(r.errors[0].file, 'house.yaml');
      assert.equal(r.errors[0].line, 38);
      assert.match(r.errors[0].message, what);
      assert.match(r.errors[0].message, /linear-time engine/);
    }
  });

  test('a huge pattern and one that compiles to too many instructions are refused with a short message', () => {
    const huge = linear([{ file: 'h.yaml', text: packWith('/' + 'a'.repeat(1_900_000) + '/') }]);
    assert.equal(huge.errors.length, 1);
    assert.ok(huge.errors[0].message.length < 400, 'the pattern is not echoed whole');
    assert.match(huge.errors[0].message, /more than 1000 .*maxPatternChars/);
    const wide = linear([{ file: 'w.yaml', text: packWith('/a{1000}b{1000}c{1000}/') }]);
    assert.match(wide.errors[0]?.message ?? '', /instructions, more than 2000/);
    const count = linear([{ file: 'c.yaml', text: packWith('/a{5000}/') }]);
    assert.match(count.errors[0]?.message ?? '', /invalid repeat count/);
  });

  test('phrases mean the same on both engines', () => {
    const text = 'A mass-revocation plan; Mass Revocation Plans; revocations, revoc- and massive revocation planning. CA\'s 24x7 service';
    for (const t of ['mass revocation plan', 'revoc*', '24x7', "CA's", 'plan']) {
      const a = findAll({ terms: [t], regexes: [compilePattern(t, 'native')] }, text);
      const b = findAll({ terms: [t], regexes: [compilePattern(t, 'linear')] }, text);
      assert.deepEqual(b, a, t);
    }
  });

  test('a workspace pack may name the built-in concepts: their terms compile on the linear engine and match as on the native one', () => {
    const text = 'The CA publishes its audit reports on its website. A mass revocation plan is tested every year; lessons learned from each exercise improve it. Report a key compromise to the CA.';
    const names = [...builtinConcepts().concepts.keys()];
    assert.ok(names.length > 5);
    for (const name of names) {
      const pack = housePack([{ id: 'house-concept', title: 'A concept', pattern: `@${name}` }]);
      const lin = linear([{ file: 'house.yaml', text: pack }]);
      assert.deepEqual(lin.errors, [], name);
      const nat = loadRulePacks([{ file: 'house.yaml', text: pack }]);
      const group = (r: typeof lin) => (r.rules[0].check as ForbiddenCheck).patterns[0].any;
      assert.ok(group(lin).regexes.length > 1 || builtinConcepts().concepts.get(name)!.terms.length === 1, name);
      assert.ok(group(lin).regexes.every((re) => re.engine === 'linear'), name);
      assert.ok(group(nat).regexes.every((re) => re.engine === 'native'), name);
      assert.deepEqual(findAll(group(lin), text), findAll(group(nat), text), name);
    }
    // An unknown concept is an error at its line, as for any bad term.
    const bad = linear([{ file: 'house.yaml', text: housePack([{ id: 'house-concept', title: 'A concept', pattern: '@no-such-concept' }]) }]);
    assert.equal(bad.rules.length, 0);
    assert.match(bad.errors[0].message, /unknown concept @no-such-concept/);
    assert.equal(bad.errors[0].file, 'house.yaml');
  });

  test('the time budget stops workspace rules with a finding that names the rule, file and line; built-in rules are not affected', () => {
    const r = linear([{ file: 'house.yaml', text: packWith(EVIL[0]) }]);
    const all = checkDocument(parseDocument(DOC), { ...OPTS, rules: [...loadRulePacks([]).rules, ...r.rules], patternBudgetMs: 0 });
    const stopped = all.filter((f) => /^Not checked: rule house-/.test(f.message));
    assert.deepEqual(stopped.map((f) => f.code).sort(), ['house-evil', 'house-good']);
    assert.match(stopped[0].message, /house\.yaml:\d+\) was stopped because .*patternBudgetMs/);
    assert.ok(stopped.every((f) => f.severity === 'info'));
    const builtin = checkDocument(parseDocument(DOC), { ...OPTS, patternBudgetMs: 0 });
    assert.ok(builtin.length > 0 && !builtin.some((f) => /^Not checked: rule/.test(f.message)));
  });

  test('too many workspace rules: the rest are not loaded, once reported', () => {
    const rules = Array.from({ length: 5 }, (_, i) => ({ id: `house-r${i}`, title: `Rule ${i}`, pattern: `/w${i}/` }));
    const r = loadRulePacks([{ file: 'many.yaml', text: housePack(rules) }], { engine: 'linear', limits: { ...DEFAULT_LIMITS, maxWorkspaceRules: 3 } });
    assert.equal(r.rules.length, 3);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /more than 3 rules .*maxWorkspaceRules/);
  });
});

describe('values and limits', () => {
  test('asOf must be a real calendar date in the accepted years', () => {
    for (const [v, why] of [['2026-13-45', /no month 13/], ['2026-02-30', /February 2026 has no day 30/], ['1800-01-01', /years from 1990 to 2200/]] as const) {
      const c = parseConfig(`asOf: ${v}\nprograms: [mozilla]\n`, '.cpslint.yaml');
      assert.equal(c.errors.length, 1, v);
      assert.match(c.errors[0], /^\.cpslint\.yaml:1: asOf/);
      assert.match(c.errors[0], why);
      assert.equal(c.config.asOf, undefined);
      assert.deepEqual(c.config.programs, ['mozilla'], 'the rest of the configuration is kept');
    }
    assert.deepEqual(parseConfig('asOf: 2028-02-29\n', 'c').errors, []);
  });

  test('documents over a limit say which limit and how to raise it', () => {
    assert.equal(documentOverLimit('# 1. Intro\n\ntext\n', DEFAULT_LIMITS), null);
    assert.match(documentOverLimit('x\n'.repeat(1_000_000), DEFAULT_LIMITS) ?? '', /more than 200000 lines .*CPSLINT_LIMITS="maxDocumentLines=N"/);
    assert.match(documentOverLimit('x'.repeat(1_100_000), DEFAULT_LIMITS) ?? '', /line 1 has 1100000 characters.*maxLineChars/);
    assert.match(documentOverLimit('x\n'.repeat(100), { ...DEFAULT_LIMITS, maxDocumentChars: 10 }) ?? '', /200 characters, more than 10 .*maxDocumentChars/);
  });

  test('CPSLINT_LIMITS', () => {
    const ok = parseLimits('maxDocumentChars=100, patternBudgetMs=0');
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.limits.maxDocumentChars, 100);
    assert.equal(ok.limits.patternBudgetMs, 0);
    assert.equal(ok.limits.maxFindings, DEFAULT_LIMITS.maxFindings);
    const bad = parseLimits('maxBananas=3,maxFindings=-1');
    assert.equal(bad.errors.length, 2);
    assert.match(bad.errors[0], /known name/);
  });
});

describe('safe reading', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpslint-safe-read-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const read = (f: string, extra: Partial<Parameters<typeof readTextSafe>[1]> = {}) => readTextSafe(f, { maxBytes: 1024, what: 'rule pack', limitName: 'maxRulePackBytes', ...extra });

  test('devices and FIFOs are refused without reading or blocking', { skip: !fifoSupported }, () => {
    assert.throws(() => read('/dev/zero'), /\/dev\/zero: is a character device, not a regular file/);
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    assert.throws(() => read(fifo), /is a FIFO \(named pipe\), not a regular file/);
  });

  test('size cap, UTF-16, BOM, binary', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'x'.repeat(2000));
    assert.throws(() => read(big), /2000 bytes, more than the 1024-byte limit maxRulePackBytes; raise it with CPSLINT_LIMITS="maxRulePackBytes=N"/);
    const u16 = join(dir, 'u16.md');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# 1. Intro\n', 'utf16le')]));
    assert.throws(() => read(u16), /UTF-16 .*convert it to UTF-8/);
    const u16nobom = join(dir, 'u16b.md');
    writeFileSync(u16nobom, Buffer.from('# 1. Introduction of the CPS\n', 'utf16le'));
    assert.throws(() => read(u16nobom), /looks like UTF-16/);
    const bom = join(dir, 'bom.md');
    writeFileSync(bom, '\ufeffhello');
    assert.equal(read(bom), 'hello');
  });

  test('a symlink that leads out of the allowed folder is refused, naming where it leads', () => {
    const inside = join(dir, 'ws');
    mkdirSync(inside);
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'root:SECRET-CONTENT');
    symlinkSync(secret, join(inside, 'pack.yaml'));
    assert.throws(
      () => read(join(inside, 'pack.yaml'), { within: [inside] }),
      (e: Error) => /outside .*it leads to .*secret\.txt/.test(e.message) && !e.message.includes('SECRET-CONTENT'),
    );
    assert.equal(read(join(inside, 'pack.yaml')), 'root:SECRET-CONTENT', 'without a bound the link is followed');
  });
});

describe('hostile workspaces through the CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpslint-sec-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cpslint = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  const ws = (config: string, files: Record<string, string> = {}) => {
    const d = mkdtempSync(join(dir, 'ws-'));
    writeFileSync(join(d, '.cpslint.yaml'), config);
    for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v);
    writeFileSync(join(d, 'cps.md'), DOC);
    return d;
  };

  test('rule packs outside the configuration folder (absolute, .., symlink) are not read unless --allow-outside', () => {
    const secret = join(dir, 'secret.yaml');
    writeFileSync(secret, 'root:x:SECRET-LINE:0:\n');
    const d = ws(`rulePacks: ['${secret}', '../secret.yaml', 'link.yaml']\n`);
    symlinkSync(secret, join(d, 'link.yaml'));
    const r = cpslint(['check', '--as-of', '2026-11-25', join(d, 'cps.md')]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal((r.stderr.match(/is outside .*; it is not read \(pass --allow-outside/g) ?? []).length, 3, r.stderr);
    assert.ok(!r.stderr.includes('SECRET-LINE'), 'no content of the file is echoed');
    assert.match(r.stderr, /nothing was checked/, 'the CLI stops before checking on a configuration it cannot read');
    const allowed = cpslint(['check', '--allow-outside', '--as-of', '2026-11-25', join(d, 'cps.md')]);
    // Read because the user allowed it: a content excerpt in a message stays short and escaped.
    assert.match(allowed.stderr, /must be a mapping|missing required field|unknown field/);
    assert.ok(allowed.stderr.split('\n').every((l) => l.length < 400));
  });

  test('/dev/zero and a FIFO as rule packs, a FIFO as a document, as --past-findings and among the Markdown files of a folder', { skip: !fifoSupported }, () => {
    const d = ws('rulePacks: [pipe.yaml, zero.yaml]\n');
    execFileSync('mkfifo', [join(d, 'pipe.yaml')]);
    symlinkSync('/dev/zero', join(d, 'zero.yaml'));
    execFileSync('mkfifo', [join(d, 'fifo.md')]);
    const r = cpslint(['check', '--as-of', '2026-11-25', join(d, 'cps.md')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /pipe\.yaml: cannot read: is a FIFO/);
    assert.match(r.stderr, /zero\.yaml: cannot read: the rule pack is outside/, 'a link to /dev/zero leads out of the folder');
    const allowed = cpslint(['check', '--allow-outside', '--as-of', '2026-11-25', join(d, 'cps.md')]);
    assert.match(allowed.stderr, /zero\.yaml: cannot read: is a character device/);
    // With a configuration that can be read (the folder's own names the broken packs, and the CLI stops on it).
    const fifoDoc = cpslint(['check', '--config', join(ws(''), '.cpslint.yaml'), join(d, 'fifo.md')]);
    assert.equal(fifoDoc.status, 2);
    assert.match(fifoDoc.stderr, /fifo\.md: is a FIFO/);
    const folder = cpslint(['check', '--config', join(ws(''), '.cpslint.yaml'), '--as-of', '2026-11-25', d]);
    assert.match(folder.stderr, /fifo\.md: skipped: not a regular file/);
    const clean = ws('');
    const past = cpslint(['review', '--past-findings', join(d, 'pipe.yaml'), join(clean, 'cps.md')]);
    assert.equal(past.status, 2);
    assert.match(past.stderr, /pipe\.yaml: is a FIFO/);
  });

  test('an evil pattern in a workspace pack: the check ends; out of budget, the rule is named with file and line', () => {
    const d = ws('rulePacks: [house.yaml]\n', { 'house.yaml': packWith(EVIL[0]) });
    const r = cpslint(['check', '--as-of', '2026-11-25', '--format', 'json', join(d, 'cps.md')]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.ok(JSON.parse(r.stdout).files[0].diagnostics.some((x: { code: string }) => x.code === 'house-good'));
    const b = cpslint(['check', '--as-of', '2026-11-25', '--format', 'compact', join(d, 'cps.md')], { CPSLINT_LIMITS: 'patternBudgetMs=0' });
    assert.match(b.stdout, /info house-evil: Not checked: rule house-evil \(.*house\.yaml:\d+\) was stopped because the patterns of workspace rule packs ran out of their 0 ms budget/);
  });

  test('big inputs stop at a limit that is named, with how to raise it', () => {
    const f = join(dir, 'lines.md');
    writeFileSync(f, '# 1. Introduction\n' + 'x\n'.repeat(1_000_000));
    const r = cpslint(['check', f]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /lines\.md: not checked: the document has more than 200000 lines \(limit maxDocumentLines; raise it with the environment variable CPSLINT_LIMITS="maxDocumentLines=N"\)/);
    const big = cpslint(['check', f], { CPSLINT_LIMITS: 'maxDocumentBytes=1000' });
    assert.match(big.stderr, /more than the 1000-byte limit maxDocumentBytes/);
    const cfg = ws('asOf: 2026-11-25\n');
    writeFileSync(join(cfg, '.cpslint.yaml'), '# ' + 'x'.repeat(2 * 1024 * 1024) + '\n');
    const c = cpslint(['check', join(cfg, 'cps.md')]);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /\.cpslint\.yaml: the configuration has \d+ bytes, more than the 1048576-byte limit maxConfigBytes/);
  });

  test('values: --program "", a bad asOf in the configuration, an unknown CPSLINT_LIMITS name', () => {
    const d = ws('asOf: 2026-02-30\n');
    const p = cpslint(['check', '--program', '', join(d, 'cps.md')]);
    assert.equal(p.status, 2);
    assert.match(p.stderr, /--program names no root program/);
    const a = cpslint(['check', join(d, 'cps.md')]);
    assert.equal(a.status, 2);
    assert.match(a.stderr, /asOf "2026-02-30" is not a valid date: February 2026 has no day 30/);
    const l = cpslint(['check', join(d, 'cps.md')], { CPSLINT_LIMITS: 'maxBananas=1' });
    assert.equal(l.status, 2);
    assert.match(l.stderr, /CPSLINT_LIMITS: "maxBananas=1" is not name=N with a known name/);
  });

  test('an unreadable folder is reported (EACCES)', { skip: process.getuid?.() === 0 ? 'root reads every folder' : false }, () => {
    const d = ws('');
    const sub = join(d, 'locked');
    mkdirSync(sub, { mode: 0o000 });
    const r = cpslint(['check', d]);
    assert.match(r.stderr, /locked: folder skipped: permission denied \(EACCES\)/);
  });
});

describe('hostile workspaces through the language server', () => {
  let dir: string;
  const clients: LspClient[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpslint-sec-lsp-'));
    writeFileSync(join(dir, 'house.yaml'), packWith(EVIL[0]));
    writeFileSync(join(dir, '.cpslint.yaml'), 'rulePacks: [house.yaml]\n');
    writeFileSync(join(dir, 'cps.md'), DOC);
  });
  after(async () => {
    for (const c of clients) await c.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  async function start(initializationOptions?: unknown): Promise<LspClient> {
    const c = new LspClient();
    clients.push(c);
    c.settings = { asOf: '2026-11-25' };
    await c.initialize({ folder: dir, initializationOptions });
    return c;
  }
  async function codesOf(c: LspClient, name: string, text = DOC): Promise<string[]> {
    const uri = fileUri(join(dir, name));
    const seq = c.lastSeq();
    await c.open(uri, text);
    const pub = await c.waitForDiagnostics(uri, (p) => p.version === 1, seq, 150_000);
    return pub.diagnostics.map((d) => String(d.code));
  }

  test('the workspace pack runs (linear engine) when trusted; in Restricted Mode only the built-in rules run, and the log says so', T, async () => {
    const t = await start();
    assert.ok((await codesOf(t, 'a.md')).includes('house-good'));
    const u = await start({ trusted: false });
    const codes = await codesOf(u, 'b.md');
    assert.ok(codes.length > 0 && !codes.some((c) => c.startsWith('house-')), codes.join(','));
    assert.match(u.logs.map((l) => l.message).join('\n'), /Restricted Mode: the rule packs named by .*\.cpslint\.yaml are not loaded/);
  });

  test('malformed parameters get InvalidParams with a clear message; the server answers the next request', T, async () => {
    const c = await start();
    const bad: [string, unknown][] = [
      ['cpslint/review', undefined],
      ['cpslint/review', { uri: 42 }],
      ['cpslint/review', { uri: fileUri(join(dir, 'cps.md')), format: 'pdf' }],
      ['cpslint/checkFile', {}],
      ['textDocument/hover', { textDocument: { uri: fileUri(join(dir, 'cps.md')) } }],
      ['textDocument/documentSymbol', { textDocument: {} }],
      ['textDocument/codeAction', { textDocument: { uri: fileUri(join(dir, 'cps.md')) }, range: { start: { line: 0, character: 0 } } }],
      ['workspace/symbol', {}],
    ];
    for (const [method, params] of bad) {
      await assert.rejects(c.request(method, params), (e: { code?: number; message?: string }) => e.code === -32602 && /^cpslint: /.test(e.message ?? '') && !/Cannot read properties/.test(e.message ?? ''), method);
    }
    assert.ok((await codesOf(c, 'after.md')).length > 0);
    assert.ok(!c.logs.some((l) => /Cannot read properties|TypeError/.test(l.message)), 'no stack traces');
  });

  test('cpslint/checkFile and cpslint/review read only regular files inside the workspace folders', T, async () => {
    const c = await start();
    if (fifoSupported) {
      execFileSync('mkfifo', [join(dir, 'fifo.md')]);
      const r = await c.request<{ message?: string }>('cpslint/checkFile', { uri: fileUri(join(dir, 'fifo.md')) });
      assert.match(r.message ?? '', /is a FIFO/);
    }
    const outside = join(tmpdir(), `cpslint-outside-${process.pid}.md`);
    writeFileSync(outside, DOC);
    try {
      const r = await c.request<{ message?: string }>('cpslint/checkFile', { uri: fileUri(outside) });
      assert.match(r.message ?? '', /outside the workspace folders/);
      const v = await c.request<{ ok: boolean; message?: string }>('cpslint/review', { uri: fileUri(outside) });
      assert.equal(v.ok, false);
      assert.match(v.message ?? '', /outside the workspace folders/);
    } finally {
      if (existsSync(outside)) rmSync(outside);
    }
    const ok = await c.request<{ cps: boolean }>('cpslint/checkFile', { uri: fileUri(join(dir, 'cps.md')) });
    assert.equal(ok.cps, true);
  });

  test('a change whose version goes backwards is ignored: diagnostics stay those of the newest text', T, async () => {
    const c = await start();
    const uri = fileUri(join(dir, 'stale.md'));
    await codesOf(c, 'stale.md');
    const seq = c.lastSeq();
    // Version 3 appends text; then a stale version 2 would delete the whole document.
    await c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: DOC + '\nThe CA uses fine words again.\n' }] });
    await c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '' }] });
    const pub = await c.waitForDiagnostics(uri, (p) => p.version === 3, seq, 150_000);
    assert.ok(pub.diagnostics.length > 0);
    const symbols = await c.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 0, 'the document was not emptied by the stale change');
    assert.match(c.logs.map((l) => l.message).join('\n'), /ignored a change .* with version 2, not newer than 3/);
  });
});
