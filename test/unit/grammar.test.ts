/**
 * The TextMate injection grammar (grammars/cpslint-markdown.injection.tmLanguage.json).
 *
 * 1. Structure: valid JSON, wired into package.json as an injection into Markdown, every include resolves,
 *    every scope ends in ".cpslint".
 * 2. Patterns: each regex, run as a JS RegExp (the Oniguruma features used here are JS-compatible;
 *    `\G` becomes a sticky match), matches and rejects sample lines.
 * 3. Real tokenization: the syntax tests in test/grammar/*.test.md, run by vscode-tmgrammar-test with
 *    VS Code's Markdown grammar (from the tm-grammars package) plus the injection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'cpslint') return dir;
    if (dirname(dir) === dir) throw new Error(`no cpslint package.json above ${__dirname}`);
  }
}

const ROOT = repoRoot();
const GRAMMAR_FILE = 'grammars/cpslint-markdown.injection.tmLanguage.json';

interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  patterns?: Rule[];
}
interface Grammar extends Rule {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, Rule>;
}

const grammar: Grammar = JSON.parse(readFileSync(join(ROOT, GRAMMAR_FILE), 'utf8'));

/** The Oniguruma pattern as a JS RegExp; fails on Oniguruma-only syntax (this grammar must not need it). */
function js(pattern: string, flags = 'g'): RegExp {
  const unsupported = [/\\[AzZhH]/, /\(\?[imx-]+[:)]/, /\(\?>/, /[*+?}]\+/, /\\[pP]\{\^/, /\[\[:/];
  for (const re of unsupported) assert.ok(!re.test(pattern), `pattern uses Oniguruma-only syntax ${re}: ${pattern}`);
  // \G (where the last match ended) becomes a sticky match at the given position.
  if (pattern.startsWith('\\G')) return new RegExp(pattern.slice(2), flags.replace('g', '') + 'y');
  return new RegExp(pattern, flags);
}

const rule = (key: string): Rule => {
  const r = grammar.repository[key];
  assert.ok(r, `repository has ${key}`);
  return r;
};
const all = (pattern: string, line: string): string[] => [...line.matchAll(js(pattern))].map((m) => m[0]);
const groups = (pattern: string, line: string, n = 1): string[] => [...line.matchAll(js(pattern))].map((m) => m[n]);

test('grammar: valid JSON with the injection wiring', () => {
  assert.equal(grammar.scopeName, 'cpslint.markdown.injection');
  assert.match(grammar.injectionSelector, /(^|[\s,])(L:|R:)?text\.html\.markdown\b/);
  for (const code of ['markup.fenced_code', 'markup.raw', 'markup.inline.raw']) {
    assert.ok(grammar.injectionSelector.includes(`- ${code}`), `selector leaves out ${code}`);
  }
  assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length >= 5);

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const contributed = (pkg.contributes?.grammars ?? []).find((g: { path: string }) => g.path.replace(/^\.\//, '') === GRAMMAR_FILE);
  assert.ok(contributed, 'package.json contributes the grammar');
  assert.equal(contributed.scopeName, grammar.scopeName);
  assert.deepEqual(contributed.injectTo, ['text.html.markdown']);
});

test('grammar: includes resolve, regexes compile, scopes are ours', () => {
  const scopes: string[] = [];
  const visit = (r: Rule, where: string): void => {
    if (r.include) {
      assert.match(r.include, /^#/, `${where}: only local includes`);
      assert.ok(grammar.repository[r.include.slice(1)], `${where}: ${r.include} resolves`);
    }
    for (const key of ['match', 'begin', 'end', 'while'] as const) {
      const p = r[key];
      if (p !== undefined) assert.doesNotThrow(() => js(p), `${where}.${key} compiles as a JS RegExp: ${p}`);
    }
    if (r.begin) assert.ok(r.end || r.while, `${where}: begin needs end or while`);
    for (const s of [r.name, r.contentName]) if (s) scopes.push(s);
    for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
      for (const [n, c] of Object.entries(r[key] ?? {})) visit(c, `${where}.${key}[${n}]`);
    }
    (r.patterns ?? []).forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
  };
  grammar.patterns!.forEach((p, i) => visit(p, `patterns[${i}]`)); // (the top-level name is a title, not a scope)
  for (const [k, r] of Object.entries(grammar.repository)) visit(r, `repository.${k}`);
  assert.ok(scopes.length > 0);
  for (const s of scopes) assert.match(s, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.cpslint$/, `scope ${s}`);
  for (const s of ['constant.numeric.section.cpslint', 'keyword.other.rfc2119.cpslint', 'comment.line.no-stipulation.cpslint',
    'markup.underline.link.section-ref.cpslint', 'markup.underline.link.citation.cpslint', 'comment.block.directive.cpslint']) {
    assert.ok(scopes.includes(s), `has scope ${s}`);
  }
});

test('grammar: section numbers at the start of ATX headings', () => {
  const p = rule('section-number').match!;
  assert.deepEqual(all(p, '## 4.9.1 Circumstances for revocation'), ['4.9.1']);
  assert.deepEqual(all(p, '# 1. Introduction'), ['1.']);
  assert.deepEqual(all(p, '# 1 Introduction'), ['1']);
  assert.deepEqual(all(p, '###### 9.17 Other provisions'), ['9.17']);
  assert.deepEqual(all(p, '   ### 1.3.2 Registration authorities'), ['1.3.2']);
  assert.deepEqual(all(p, '## 4.9.1'), ['4.9.1']);
  for (const line of ['## Overview', 'Paragraph with ## 4.5 inside', '    ## 4.9.1 indented code', '##4.9.1 no space',
    '####### 4.9.1 seven hashes', '## 2026 was a year', '## 4.9.1a Title', 'See 4.9.1 here']) {
    assert.deepEqual(all(p, line), [], line);
  }
});

test('grammar: RFC 2119 key words, capitals only', () => {
  const p = rule('rfc2119').match!;
  assert.deepEqual(all(p, 'The CA MUST NOT issue, and SHALL revoke; it SHOULD NOT, but MAY.'), ['MUST NOT', 'SHALL', 'SHOULD NOT', 'MAY']);
  assert.deepEqual(all(p, 'SHALL NOT / MUST / SHOULD / REQUIRED / RECOMMENDED / NOT RECOMMENDED / OPTIONAL'),
    ['SHALL NOT', 'MUST', 'SHOULD', 'REQUIRED', 'RECOMMENDED', 'NOT RECOMMENDED', 'OPTIONAL']);
  for (const line of ['the CA must not', 'Must', 'MAYBE', 'MUSTARD', 'UNREQUIRED', 'OPTIONALLY', 'may', 'NOT alone']) {
    assert.deepEqual(all(p, line), [], line);
  }
});

test('grammar: "No stipulation" and "Not applicable"', () => {
  const p = rule('no-stipulation').match!;
  assert.deepEqual(all(p, 'No stipulation.'), ['No stipulation']);
  assert.deepEqual(all(p, 'Not applicable.'), ['Not applicable']);
  assert.deepEqual(all(p, 'This CPS makes no stipulation here.'), ['no stipulation']);
  for (const line of ['No stipulations apply', 'Nostipulation', 'This is not applicable to them']) assert.deepEqual(all(p, line), [], line);
});

test('grammar: textual cross-references', () => {
  const r = rule('section-ref');
  assert.deepEqual(all(r.match!, 'See Section 4.9.1.'), ['Section 4.9.1']);
  assert.deepEqual(groups(r.match!, 'See Section 4.9.1 and § 4.9.3, §4.9.5 and sections 6.'), ['4.9.1', '4.9.3', '4.9.5', '6']);
  assert.deepEqual(groups(r.match!, 'as described in section 10.2.3.1'), ['10.2.3.1']);
  assert.equal(r.captures?.['1']?.name, 'constant.numeric.section.cpslint');
  for (const line of ['Section A', 'Sectioned 4', 'Intersection 4.9', 'Section', '§ A.1']) assert.deepEqual(all(r.match!, line), [], line);
});

test('grammar: citations of another document\'s section', () => {
  const [before, after] = rule('citation').patterns!;
  assert.deepEqual(all(before.match!, 'See BR §4.9.1.1 and the Baseline Requirements Section 7.1.'), ['BR §4.9.1.1', 'Baseline Requirements Section 7.1']);
  assert.deepEqual(groups(before.match!, 'BR 2.2.6 §5.7.1.2, MRSP §3.3, CCADB Policy Section 5.2, RFC 3647 Section 4.9', 2), ['5.7.1.2', '3.3', '5.2', '4.9']);
  assert.deepEqual(groups(before.match!, 'per the TLS BRs, Section 4.9.1', 1), ['TLS BRs']);
  assert.equal(before.captures?.['2']?.name, 'constant.numeric.section.cpslint');
  for (const line of ['BR alone', 'RFC 3647 alone', 'BR § A.1', 'See Section 4.9.1', 'ABR §4.9', 'BRIEF Section 4']) assert.deepEqual(all(before.match!, line), [], line);
  // "Section 6 of RFC 3647", "§4.9.1.1 of the Baseline Requirements": the document after the number.
  assert.deepEqual(all(after.match!, 'Section 6 of RFC 3647 and §4.9.1.1 of the Baseline Requirements.'), ['Section 6 of RFC 3647', '§4.9.1.1 of the Baseline Requirements']);
  assert.deepEqual(groups(after.match!, 'as in Section 4.2 of the latest BR', 2), ['BR']);
  assert.equal(after.captures?.['1']?.name, 'constant.numeric.section.cpslint');
  for (const line of ['Section 6 of this CPS', 'Section 4.9 of the BRIEF', 'Section 6 in the annex']) assert.deepEqual(all(after.match!, line), [], line);
  // A citation is found before the in-document cross-reference inside it.
  const order = grammar.patterns!.map((p) => p.include);
  assert.ok(order.indexOf('#citation') < order.indexOf('#section-ref'), order.join(' '));
});

test('grammar: cpslint directive comments', () => {
  const r = rule('directive');
  const begin = js(r.begin!);
  assert.ok(begin.test('<!-- cpslint-disable rfc3647/missing-section -->'));
  assert.ok(js(r.begin!).test('text <!--cpslint-disable-next-line foo --> text'));
  for (const line of ['<!-- plain comment -->', '<!-- TODO cpslint-disable later -->', 'cpslint-disable without comment']) {
    assert.ok(!js(r.begin!).test(line), line);
  }
  assert.ok(js(r.end!).test('foo -->'));
  const [keyword] = r.patterns!;
  const sticky = js(keyword.match!);
  sticky.lastIndex = 4;
  assert.equal(sticky.exec('<!-- cpslint-disable-next-line foo -->')?.[1], 'cpslint-disable-next-line');
  assert.equal(keyword.captures?.['1']?.name, 'keyword.control.directive.cpslint');
});

// ---- 3. the real tokenizer -------------------------------------------------------------------------
// test/grammar/*.test.md are syntax tests for vscode-tmgrammar-test (vscode-textmate + vscode-oniguruma, the
// engine VS Code uses): each `<!-- ^^^ scope` line asserts the scopes of the line above it, `- scope` that a
// scope is absent. The base Markdown grammar is the one VS Code ships (microsoft/vscode-markdown-tm-grammar),
// taken from the tm-grammars package, so this runs in a fresh clone; our injection comes from package.json
// (contributes.grammars, injectTo text.html.markdown), as in VS Code.
const req = createRequire(join(ROOT, 'package.json'));
const MARKDOWN_GRAMMAR = req.resolve('tm-grammars/grammars/markdown.json');
const TMGRAMMAR_TEST = join(dirname(req.resolve('vscode-tmgrammar-test/package.json')), 'dist/unit.js');

test('grammar: syntax tests under test/grammar with VS Code\'s Markdown grammar', () => {
  const cases = readdirSync(join(ROOT, 'test/grammar')).filter((f) => f.endsWith('.test.md'));
  assert.ok(cases.length >= 2, `syntax test files in test/grammar: ${cases.join(', ')}`);
  const r = spawnSync(process.execPath, [TMGRAMMAR_TEST, '--compact', '--config', 'package.json', '-g', MARKDOWN_GRAMMAR, 'test/grammar/*.test.md'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  // The Markdown grammar embeds ~60 languages in fenced code; their grammars are not needed here.
  const out = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() && !/^grammar not found for /.test(l)).join('\n');
  assert.equal(r.status, 0, `vscode-tmgrammar-test failed (exit ${r.status}):\n${out}`);
  for (const f of cases) assert.match(out, new RegExp(`${f.replace(/\./g, '\\.')} run successfu`), `${f} ran:\n${out}`);
});
