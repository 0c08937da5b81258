/**
 * The bundled CLI (bin/cpslint.js -> dist/cli.js, built by `npm run build`), run as a child
 * process from the project root: output formats, exit codes and input errors.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { outlineJson } from '../../server/src/service/outline-json';
import { ROOT, headingLine, lineContaining, skeleton, STRUCTURAL_CODES } from '../unit/model-skeleton';

const EXAMPLE = 'examples/example-ca-cps.md';
const AS_OF = '2026-11-25';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cpslint(...args: string[]): Run {
  const r = spawnSync(process.execPath, ['bin/cpslint.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp = '';
const file = (name: string, content: string | Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

before(() => {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'cpslint-cli-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const SECTION_KEYS = ['number', 'title', 'canonicalTitle', 'level', 'line', 'endLine', 'children'];
const DIAGNOSTIC_KEYS = ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'source'];
const STRUCTURAL = new Set(STRUCTURAL_CODES);

function assertOutlineShape(j: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(j), ['file', 'rfc3647', 'metadata', 'sections']);
  assert.equal(typeof j.file, 'string');
  assert.equal(typeof j.rfc3647, 'boolean');
  assert.deepEqual(Object.keys(j.metadata as object), ['title', 'version', 'date']);
  const walk = (s: Record<string, unknown>, level: number | null) => {
    assert.deepEqual(Object.keys(s), SECTION_KEYS);
    assert.ok(s.number === null || typeof s.number === 'string');
    assert.equal(typeof s.title, 'string');
    assert.ok(s.canonicalTitle === null || typeof s.canonicalTitle === 'string');
    assert.ok(Number.isInteger(s.level) && Number.isInteger(s.line) && Number.isInteger(s.endLine));
    assert.ok((s.line as number) >= 1 && (s.line as number) <= (s.endLine as number));
    if (level !== null) assert.ok((s.level as number) > level, 'a child is deeper than its parent');
    for (const c of s.children as Record<string, unknown>[]) walk(c, s.level as number);
  };
  for (const s of j.sections as Record<string, unknown>[]) walk(s, null);
}

function assertCheckShape(j: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(j), ['files']);
  for (const f of j.files as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(f), ['file', 'diagnostics']);
    for (const d of f.diagnostics as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(d), DIAGNOSTIC_KEYS);
      assert.ok(['error', 'warning', 'info'].includes(d.severity as string));
      assert.equal(typeof d.code, 'string');
      assert.equal(typeof d.message, 'string');
      for (const k of ['line', 'column', 'endLine', 'endColumn']) assert.ok(Number.isInteger(d[k]) && (d[k] as number) >= 1, k);
      assert.ok((d.line as number) < (d.endLine as number) || ((d.line as number) === (d.endLine as number) && (d.column as number) <= (d.endColumn as number)));
      assert.deepEqual(Object.keys(d.source as object), ['document', 'version', 'section']);
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('cpslint outline', () => {
  test('text', () => {
    const r = cpslint('outline', EXAMPLE);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.equal(
      lines[0],
      `${EXAMPLE} — Northwind Trust Services Ltd. Certificate Policy and Certification Practice Statement for TLS Server Certificates (version 3.1, 2026-09-30)`,
    );
    assert.equal(lines[1], 'Follows the RFC 3647 outline.');
    assert.equal(lines[2], '1 Introduction  (line 35)');
    assert.equal(lines[3], '  1.1 Overview  (line 37)');
    assert.ok(lines.includes('    4.9.1 Circumstances for Revocation  (line 531)'), 'a third-level section is indented twice');
    // The deliberately mistitled 9.4.3 shows its RFC 3647 title.
    assert.ok(lines.some((l) => /^ {4}9\.4\.3 Information Deemed Confidential {2}\(line 1183\) {2}\[RFC 3647: Information not deemed private\]$/.test(l)));
  });

  test('json: the stable shape, equal to the in-process outline', () => {
    const r = cpslint('outline', EXAMPLE, '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assertOutlineShape(j);
    assert.equal(j.file, EXAMPLE);
    assert.equal(j.rfc3647, true);
    assert.deepEqual(j.metadata, {
      title: 'Northwind Trust Services Ltd. Certificate Policy and Certification Practice Statement for TLS Server Certificates',
      version: '3.1',
      date: '2026-09-30',
    });
    assert.deepEqual(
      j.sections.map((s: { number: string }) => s.number),
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    );
    const expected = outlineJson(EXAMPLE, parseDocument(readFileSync(join(ROOT, EXAMPLE), 'utf8')));
    assert.deepEqual(j, JSON.parse(JSON.stringify(expected)));
  });

  test('a quirky temp file (CRLF, TABs, bold headings, front matter)', () => {
    const text = skeleton({ style: 'bold-markup', preamble: '---\nTitle: Temp Fixture CPS\nVersion: 9.9\n---', eol: '\r\n' });
    const p = file('quirky.md', text);
    const r = cpslint('outline', p, '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assertOutlineShape(j);
    assert.equal(j.file, p);
    assert.deepEqual(j.metadata, { title: 'Temp Fixture CPS', version: '9.9', date: null });
    const ch4 = j.sections[3];
    assert.equal(ch4.title, 'Certificate life-cycle operational requirements');
    const s49 = ch4.children.find((c: { number: string }) => c.number === '4.9');
    assert.equal(s49.children[0].title, 'Circumstances for revocation');
    assert.equal(s49.children[0].line, lineContaining(text, '**4.9.1 '));
  });

  test('a document that does not follow RFC 3647', () => {
    const p = file('own.md', readFileSync(join(ROOT, 'test/fixtures/quirks/spanish-own-numbering.md')));
    const r = cpslint('outline', p);
    assert.equal(r.status, 0);
    assert.match(r.stdout.split('\n')[1], /Does not follow the RFC 3647 outline/);
    const j = JSON.parse(cpslint('outline', p, '--format', 'json').stdout);
    assert.equal(j.rfc3647, false);
  });

  test('closing the pipe early is not an error', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/cpslint.js outline ${EXAMPLE} | head -n 1`], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    assert.equal(r.stderr, '');
  });
});

describe('cpslint check', () => {
  test('json on the example: the stable shape and every deliberate gap of examples/README.md', () => {
    const r = cpslint('check', EXAMPLE, '--format', 'json', '--as-of', AS_OF);
    assert.equal(r.status, 1, 'errors found');
    const j = JSON.parse(r.stdout);
    assertCheckShape(j);
    assert.equal(j.files.length, 1);
    assert.equal(j.files[0].file, EXAMPLE);
    const structural = j.files[0].diagnostics
      .filter((d: { code: string }) => STRUCTURAL.has(d.code))
      .map((d: { code: string; line: number; severity: string }) => [d.code, d.line, d.severity]);
    assert.deepEqual(
      structural.sort((a: [string, number], b: [string, number]) => a[1] - b[1]),
      [
        ['cps-missing-section', 465, 'error'], // 4.6.7: where it would be inserted, after the text of 4.6.6
        ['cps-no-stipulation-normative', 638, 'error'], // 4.10.2
        ['cps-missing-section', 744, 'error'], // 5.3.8: after the text of 5.3.7
        ['cps-title-mismatch', 1183, 'info'], // 9.4.3
        ['cps-blank-section', 1283, 'error'], // 9.13
        ['cps-broken-xref', 986, 'warning'], // "Section 6.9"
      ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
    const diag = (code: string, line: number) => j.files[0].diagnostics.find((d: { code: string; line: number }) => d.code === code && d.line === line);
    assert.match(diag('cps-missing-section', 465).message, /4\.6\.7/);
    assert.match(diag('cps-missing-section', 744).message, /5\.3\.8/);
    assert.match(diag('cps-blank-section', 1283).message, /9\.13/);
    assert.match(diag('cps-no-stipulation-normative', 638).message, /4\.10\.2/);
    assert.match(diag('cps-broken-xref', 986).message, /6\.9/);
    assert.match(diag('cps-title-mismatch', 1183).message, /9\.4\.3/);
    // The broken reference points at the number itself.
    const line986 = readFileSync(join(ROOT, EXAMPLE), 'utf8').split('\n')[985];
    const x = diag('cps-broken-xref', 986);
    assert.equal(line986.slice(x.column - 1, x.endColumn - 1), '6.9');
    // "No stipulation." in 4.10.3 is fine (line 644).
    assert.equal(j.files[0].diagnostics.some((d: { line: number; code: string }) => d.code.startsWith('cps-no-stipulation') && d.line === 642), false);
    assert.deepEqual(diag('cps-missing-section', 465).source, { document: 'MRSP', version: '3.1', section: '3.3' });
  });

  test('compact (the one-line format) on the example', () => {
    const r = cpslint('check', EXAMPLE, '--as-of', AS_OF, '--format', 'compact');
    assert.equal(r.status, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes(`${EXAMPLE}:465:31: error cps-missing-section: Section 4.6.7 (Notification of certificate issuance by the CA to other entities) is missing; it belongs here, after 4.6.6. Add it, with "No stipulation." if nothing applies. [MRSP 3.1 §3.3]`));
    for (const l of lines.slice(0, -1)) assert.match(l, /^examples\/example-ca-cps\.md:\d+:\d+: (error|warning|info) [\w.-]+: .+ \[\w+ [\d.]+ §[\w.]+\]$/);
    assert.match(lines[lines.length - 1], new RegExp(`^\\d+ error\\(s\\), \\d+ warning\\(s\\), \\d+ info in 1 file\\(s\\) \\(as of ${AS_OF}\\)$`));
  });

  test('exit 0 for a clean document, also with only warnings or info', () => {
    // A file that is not a CP/CPS is not "clean": it is not checked, and with nothing checked the exit is 2.
    const notes = file('notes.md', '# Meeting notes\n\nNothing to check here.\n');
    const n = cpslint('check', notes, '--as-of', AS_OF);
    assert.equal(n.status, 2, n.stdout);
    assert.equal(n.stdout, '');
    assert.match(n.stderr, /notes\.md: not a CP\/CPS: no RFC 3647 outline and no certificate policy wording; not checked/);
    // Beside a CP/CPS it is skipped with the same note, and the exit follows the CP/CPS's findings.
    const both = cpslint('check', notes, file('part.md', '# Example CA\n\n## 5.3 Personnel controls\n\n### 5.3.3 Training requirements\n\nText.\n'), '--as-of', AS_OF, '--format', 'json');
    assert.match(both.stderr, /notes\.md: not a CP\/CPS/);
    assert.deepEqual(JSON.parse(both.stdout).files.map((f: { file: string }) => f.file.replace(/^.*[\\/]/, '')), ['part.md']);
    // A complete skeleton is structurally clean (commitment rules may still have things to say
    // about its filler text, so the exit code follows whatever errors those report).
    const clean = file('clean.md', skeleton());
    const r = cpslint('check', clean, '--as-of', AS_OF, '--format', 'json');
    const j = JSON.parse(r.stdout);
    assertCheckShape(j);
    assert.deepEqual(j.files[0].diagnostics.filter((d: { code: string }) => STRUCTURAL.has(d.code)), []);
    assert.equal(r.status, j.files[0].diagnostics.some((d: { severity: string }) => d.severity === 'error') ? 1 : 0);
    const warn = file('warn.md', skeleton({ after: { '8.5': headingLine('8.5', 'Actions taken as a result of deficiency', 'dot-top-only') + '\n\nAgain.' } }));
    const w = cpslint('check', warn, '--as-of', AS_OF, '--format', 'json');
    const codes = JSON.parse(w.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
    assert.ok(codes.includes('cps-duplicate-number'));
    assert.equal(w.status, JSON.parse(w.stdout).files[0].diagnostics.some((d: { severity: string }) => d.severity === 'error') ? 1 : 0);
  });

  test('exit 1 when errors are found', () => {
    const bad = file('bad.md', skeleton({ omit: ['5'] }));
    const r = cpslint('check', bad, '--as-of', AS_OF);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^ +\d+:\d+ +error +Section 5 \(/m);
    assert.match(r.stdout, /^ +cps-missing-section · MRSP 3\.1 §3\.3$/m);
  });

  test('several files, in order', () => {
    const clean = file('a.md', skeleton());
    const r = cpslint('check', clean, EXAMPLE, '--format', 'json', '--as-of', AS_OF);
    assert.equal(r.status, 1);
    const j = JSON.parse(r.stdout);
    assertCheckShape(j);
    assert.deepEqual(
      j.files.map((f: { file: string }) => f.file),
      [clean, EXAMPLE],
    );
  });

  test('--program and --as-of are accepted', () => {
    const r = cpslint('check', EXAMPLE, '--program', 'mozilla,chrome', '--as-of', '2025-01-01', '--format', 'json');
    assert.equal(r.status, 1);
    assertCheckShape(JSON.parse(r.stdout));
    assert.match(cpslint('check', EXAMPLE, '--as-of', '2025-01-01').stdout, /, as of 2025-01-01\n$/);
  });

  test('--as-of document checks a document as of its own date (like zlint and notBefore)', () => {
    // The example is version 3.1, effective 2026-09-30.
    assert.match(cpslint('check', EXAMPLE, '--as-of', 'document').stdout, /, as of 2026-09-30\n$/);
    const j = JSON.parse(cpslint('review', EXAMPLE, '--as-of', 'document', '--format', 'json').stdout);
    assert.equal(j.asOf, '2026-09-30');
    const dir = mkdtempSync(join(tmpdir(), 'cpslint-asof-'));
    try {
      const undated = join(dir, 'undated.md');
      writeFileSync(undated, skeleton());
      const r = cpslint('check', undated, '--as-of', 'document');
      assert.match(r.stderr, /--as-of document: the document states no date; checked as of \d{4}-\d{2}-\d{2}/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('usage and input errors (exit 2, clear message on stderr)', () => {
  const usage: [string, string[], RegExp][] = [
    ['unknown command', ['frobnicate'], /unknown command/],
    ['check without files', ['check'], /missing required argument/],
    ['outline without a file', ['outline'], /missing required argument/],
    ['unknown option', ['check', EXAMPLE, '--bogus'], /unknown option '--bogus'/],
    ['bad --format', ['outline', EXAMPLE, '--format', 'xml'], /--format.*xml.*text, json/],
    ['bad --format for check', ['check', EXAMPLE, '--format', 'xml'], /--format.*xml.*stylish, compact, text, json, sarif/],
    ['bad --as-of (month 13)', ['check', EXAMPLE, '--as-of', '2026-13-45'], /--as-of "2026-13-45" is not a valid YYYY-MM-DD date/],
    ['bad --as-of (word)', ['check', EXAMPLE, '--as-of', 'yesterday'], /--as-of "yesterday" is not a valid YYYY-MM-DD date/],
    ['bad --as-of (no day)', ['check', EXAMPLE, '--as-of', '2026-11'], /--as-of "2026-11"/],
    ['unknown program', ['check', EXAMPLE, '--program', 'netscape'], /unknown program\(s\) netscape/],
  ];
  for (const [name, args, message] of usage) {
    test(name, () => {
      const r = cpslint(...args);
      assert.equal(r.status, 2, `${name}: stdout=${r.stdout} stderr=${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  test('no arguments at all is a usage error', () => {
    const r = cpslint();
    assert.match(r.stderr, /Usage: cpslint/);
    assert.equal(r.status, 2);
  });

  test('--help and --version exit 0', () => {
    const h = cpslint('--help');
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage: cpslint/);
    const v = cpslint('--version');
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  });

  test('missing file', () => {
    const p = join(tmp, 'does-not-exist.md');
    for (const cmd of ['check', 'outline']) {
      const r = cpslint(cmd, p);
      assert.equal(r.status, 2, cmd);
      assert.equal(r.stderr.trim(), `cpslint: ${p}: no such file`);
    }
  });

  test('binary file', () => {
    const p = file('image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const r = cpslint('check', p);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), `cpslint: ${p}: looks like a binary file, not text`);
    assert.equal(cpslint('outline', p).status, 2);
  });

  test('non-UTF-8 file', () => {
    const p = file('latin1.md', Buffer.from('# 1. Introducci\xf3n\n\nFixture text.\n', 'latin1'));
    const r = cpslint('outline', p);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not valid UTF-8; convert it to UTF-8 first/);
    assert.ok(r.stderr.includes(p));
  });

  test('a directory: outline needs a file; check finds no CP/CPS in an empty one', () => {
    const r = cpslint('outline', tmp);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is a directory, not a Markdown file/);
    const empty = join(tmp, 'empty-dir');
    mkdirSync(empty);
    const c = cpslint('check', empty);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /empty-dir: no CP\/CPS Markdown files found in this directory/);
  });

  test('one unreadable file among good ones: the others are still checked, exit 2', () => {
    const good = file('good.md', skeleton());
    const missing = join(tmp, 'missing.md');
    const r = cpslint('check', good, missing, '--format', 'json', '--as-of', AS_OF);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing\.md: no such file/);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(
      j.files.map((f: { file: string }) => f.file),
      [good],
    );
  });

  test('a UTF-8 BOM and an empty file are read', () => {
    const bom = file('bom.md', '\ufeff' + skeleton());
    const r = cpslint('outline', bom, '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).sections[0].line, 1);
    const empty = file('empty.md', '');
    const e = cpslint('outline', empty, '--format', 'json');
    assert.equal(e.status, 0, e.stderr);
    assert.deepEqual(JSON.parse(e.stdout).sections, []);
    const c = cpslint('check', empty, '--as-of', AS_OF);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /empty\.md: not a CP\/CPS/);
  });
});
