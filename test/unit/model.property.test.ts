/**
 * Property tests (fast-check): the model, the structural checks and the features never throw,
 * on arbitrary strings and on generated Markdown-ish CP/CPS text, and the model's ranges are
 * always inside the text and in document order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from '../../server/src/service/model';
import type { DocumentModel } from '../../server/src/service/model';
import { checkStructure } from '../../server/src/service/structure';
import { outlineJson } from '../../server/src/service/outline-json';
import { documentSymbols, foldingRanges, hover } from '../../server/src/service/features';
import { findXRefs } from '../../server/src/service/xrefs';
import { skeleton, quirkNames, readQuirk } from './model-skeleton';
import { checkDocument } from '../../server/src/service/check';
import { LineIndex } from '../../server/src/service/text';
import { propertyRuns } from '../support/shared';

// Quick when run by hand; deep with CPSLINT_SLOW=1 (npm run test:slow, in CI; npm test leaves them out).
const RUNS = propertyRuns(20, 200);

function assertWellFormed(text: string): DocumentModel {
  const m = parseDocument(text);
  assert.equal(m.text, text);
  let prev = -1;
  m.all.forEach((s, i) => {
    const where = `section #${i} ${JSON.stringify(s.number)} ${JSON.stringify(s.title)}`;
    assert.equal(s.index, i, where);
    assert.ok(s.headingStart > prev, `${where}: document order`);
    prev = s.headingStart;
    assert.ok(0 <= s.headingStart && s.headingStart <= s.headingEnd, `${where}: heading`);
    assert.ok(s.headingEnd <= s.bodyStart && s.bodyStart <= s.bodyEnd, `${where}: body`);
    assert.ok(s.headingEnd <= s.end && s.end <= text.length && s.bodyEnd <= text.length, `${where}: end`);
    assert.ok(s.headingStart <= s.numberStart && s.numberStart <= s.numberEnd && s.numberEnd <= s.headingEnd, `${where}: number`);
    assert.ok(s.level >= 1, where);
    if (s.parent) {
      assert.ok(s.parent.index < i, `${where}: parent first`);
      assert.ok(s.parent.children.includes(s), where);
      assert.ok(s.parent.headingStart < s.headingStart && s.end <= Math.max(s.parent.end, s.parent.headingEnd), `${where}: nests inside its parent`);
    } else assert.ok(m.sections.includes(s), where);
    if (i + 1 < m.all.length) assert.ok(s.bodyEnd <= m.all[i + 1].headingStart, `${where}: body stops at the next section`);
  });
  const inText = (p: { line: number; character: number }) => p.line >= 0 && p.line < m.lines.lineCount && p.character >= 0 && p.character <= m.lines.lineText(p.line).length;
  for (const f of checkStructure(m)) {
    assert.ok(inText(f.range.start) && inText(f.range.end), `${f.code} range in the text`);
  }
  for (const r of findXRefs(m)) assert.equal(text.slice(r.start, r.end), r.number);
  outlineJson('p.md', m);
  documentSymbols(m);
  for (const f of foldingRanges(m)) assert.ok(f.startLine < f.endLine && f.endLine < m.lines.lineCount);
  hover(m, { line: 0, character: 0 });
  return m;
}

test('arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      assertWellFormed(s);
    }),
    { numRuns: RUNS },
  );
});

test('arbitrary strings over Markdown punctuation', () => {
  const chars = fc.constantFrom('#', ' ', '\t', '\n', '\r', '*', '_', '`', '|', '-', '.', '1', '4', '9', 'A', 'x', '<', '>', '[', ']', '(', ')', '{', '}', ':', '§', '–');
  fc.assert(
    fc.property(fc.string({ unit: chars, maxLength: 600 }), (s) => {
      assertWellFormed(s);
    }),
    { numRuns: RUNS * 2 },
  );
});

// A Markdown-ish CP/CPS line generator.
const num = fc
  .array(fc.integer({ min: 0, max: 17 }), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('.'));
const letterNum = fc.tuple(fc.constantFrom('A', 'B', 'D', 'X'), fc.constantFrom('.', '-'), fc.integer({ min: 1, max: 600 })).map(([l, s, n]) => `${l}${s}${n}`);
const word = fc.constantFrom('Introduction', 'Overview', 'Revocation', 'No stipulation', 'Appendix', 'Anexo', '부록', 'Section', 'INTRODUCTION', 'Key Sizes', 'Version:', 'X.509', '3D', 'Tipos', '');
const title = fc.array(word, { maxLength: 4 }).map((w) => w.join(' '));
const sep = fc.constantFrom(' ', '. ', '.', '\t', '.\t', '  ', ') ', '');
const numberText = fc.oneof(num, letterNum, fc.constantFrom('Appendix A:', 'Appendix D -', '부록 A', 'Section 4', '1.', ''));
const headingText = fc.tuple(numberText, sep, title).map(([n, s, t]) => `${n}${s}${t}`);
const wrap = fc.constantFrom(
  (t: string) => t,
  (t: string) => `**${t}**`,
  (t: string) => `__${t}__`,
  (t: string) => `<span id="p-1"></span>${t}`,
  (t: string) => `${t} {#sec-x .unnumbered}`,
  (t: string) => `${t} ####`,
  (t: string) => `[${t}](#${t.replace(/\W+/g, '-')})`,
  (t: string) => `${t} ........ 12`,
);
const atx = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.constantFrom(' ', '\t', ' ', '  '), headingText, wrap, fc.constantFrom('', ' ', '   ')).map(
  ([d, sp, t, w, indent]) => `${indent}${'#'.repeat(d)}${sp}${w(t)}`,
);
const bold = fc.tuple(headingText, fc.constantFrom('', ' Body on the same line.', ':', '\nNext line body.')).map(([t, rest]) => `**${t}**${rest}`);
const prose = fc.constantFrom(
  'The CA revokes as set out in Section 4.9.1 and § 4.9.3.',
  'See sections 4.9.1 and 4.9.2, and Sections 4.9.1–4.9.3.',
  'Section 4.9.1 of the Baseline Requirements and RFC 5280, Section 4.2 apply.',
  'No stipulation.',
  'No stipulation. The CA nevertheless does many other things that are described here at length.',
  'Chapters 1 through 9 and clause 12.',
  '',
);
const block = fc.oneof(
  { weight: 5, arbitrary: atx },
  { weight: 2, arbitrary: bold },
  { weight: 3, arbitrary: prose },
  { weight: 1, arbitrary: fc.tuple(headingText, fc.integer({ min: 0, max: 3 })).map(([t, n]) => `${'   '.repeat(n)}- ${t}`) },
  { weight: 1, arbitrary: fc.tuple(headingText, headingText).map(([a, b]) => ` # ${a}|${b}\n---|---\n1|2`) },
  { weight: 1, arbitrary: fc.constantFrom('| Title | Version | Date |\n|---|---|---|\n| Fixture | 1.0 | 2026-01-01 |', '| 4.9.1 | Circumstances |\n|---|---|') },
  { weight: 1, arbitrary: fc.constantFrom('<a id="x"></a>', '<a name="y"></a>', '<div align="justify">\n<table><tr><td>Version</td><td>1.0</td></tr></table>\n</div>', '<!-- cpslint-disable cps-blank-section -->', '<br>') },
  { weight: 1, arbitrary: fc.constantFrom('```\n# 1. Not a heading\n```', '> # 4.9 quoted', '    # 4.9 indented code', '---', '***', 'Setext\n===', '[^1]: footnote', '[ref]: #491-x') },
);
const frontMatter = fc.constantFrom(
  '',
  '---\ntitle: Fixture\nversion: 1.0\n---\n',
  '---\nTitle: Fixture\nVersion: 2\nDate: May 29, 2026\n---\n',
  '---\nabstract: |\n  | a | b |\n  |---|---|\n  \\newpage\n---\n',
  '---\ntitle: [broken\n---\n',
  '---\n---\n',
  '+++\ntitle = "toml"\n+++\n',
);
const markdownish = fc
  .tuple(frontMatter, fc.array(block, { maxLength: 40 }), fc.constantFrom('\n', '\n\n', '\r\n', '\r\n\r\n', '\r', '\n \n'))
  .map(([fm, blocks, eol]) => (fm + blocks.join(eol)).replace(/\n/g, eol.includes('\r\n') ? '\r\n' : eol === '\r' ? '\r' : '\n'));

test('generated Markdown-ish CP/CPS text', () => {
  fc.assert(
    fc.property(markdownish, (s) => {
      assertWellFormed(s);
    }),
    { numRuns: RUNS * 2 },
  );
});

test('a full skeleton with generated blocks spliced in', () => {
  const base = skeleton({ style: 'dots-every-level' });
  const lines = base.split('\n');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: lines.length }), block), { maxLength: 8 }), (inserts) => {
      const out = lines.slice();
      for (const [at, b] of [...inserts].sort((x, y) => y[0] - x[0])) out.splice(at, 0, '', b, '');
      const m = assertWellFormed(out.join('\n'));
      // Chapters written by the skeleton are always found.
      for (const n of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) assert.ok(m.all.some((s) => s.number === n), `chapter ${n}`);
    }),
    { numRuns: RUNS },
  );
});

test('the same document with LF, CRLF and CR line endings has the same outline', () => {
  fc.assert(
    fc.property(fc.array(block, { maxLength: 25 }), (blocks) => {
      const lf = blocks.join('\n\n');
      const a = outlineJson('f', parseDocument(lf));
      const b = outlineJson('f', parseDocument(lf.replace(/\n/g, '\r\n')));
      assert.deepEqual(b, a);
      const c = outlineJson('f', parseDocument(lf.replace(/\n/g, '\r')));
      assert.deepEqual(c, a);
    }),
    { numRuns: RUNS },
  );
});

// -------------------------------------------------------------------------------------------
// Mutated real-looking documents: delete, duplicate and swap lines, insert headings, random
// bytes, mixed CRLF/LF, huge lines, deep nesting.

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), n: fc.nat() }),
  fc.record({ op: fc.constant('heading' as const), at: fc.nat(), text: atx }),
  fc.record({ op: fc.constant('bytes' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 40 }) }),
  fc.record({ op: fc.constant('crlf' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constant('huge' as const), at: fc.nat(), n: fc.integer({ min: 1000, max: 60_000 }) }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 300 }), text: fc.constantFrom('> ', '- ', '1. ', '  - ', '> - ') }),
);
type Mutation = { op: string; at: number; n?: number; text?: string };

function mutate(text: string, ms: Mutation[]): string {
  let lines = text.split('\n');
  for (const m of ms) {
    const at = m.at % (lines.length + 1);
    const n = m.n ?? 1;
    switch (m.op) {
      case 'delete':
        lines.splice(at, n);
        break;
      case 'duplicate':
        lines.splice(at, 0, ...lines.slice(at, at + n));
        break;
      case 'swap': {
        const b = n % Math.max(1, lines.length);
        if (at < lines.length) [lines[at], lines[b]] = [lines[b], lines[at]];
        break;
      }
      case 'heading':
        lines.splice(at, 0, '', m.text!, '');
        break;
      case 'bytes':
        lines.splice(at, 0, m.text!);
        break;
      case 'crlf':
        for (let i = at; i < Math.min(lines.length, at + n); i++) if (!lines[i].endsWith('\r')) lines[i] += '\r';
        break;
      case 'huge':
        lines.splice(at, 0, 'The CA revokes within 24 hours. '.repeat(Math.ceil(n / 32)));
        break;
      case 'nest':
        lines.splice(at, 0, m.text!.repeat(n) + 'nested text');
        break;
    }
  }
  return lines.join('\n');
}

const sources = [skeleton({ style: 'dots-every-level' }), skeleton({ style: 'bold-markup' }), ...quirkNames().map(readQuirk)];

test('mutated documents: the model never throws, ranges stay inside, sections nest', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (d, ms) => {
      assertWellFormed(mutate(sources[d], ms));
    }),
    { numRuns: Math.ceil(RUNS / 2) },
  );
});

/** Apply LSP edits (non-overlapping) to `text`. */
function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const li = new LineIndex(text);
  const spans = edits.map((e) => ({ start: li.offsetAt(e.range.start), end: li.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of spans) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

test('every quick fix applies to a document that still parses and differs only at its edits', () => {
  const base = skeleton({ style: 'dots-every-level' });
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
  fc.assert(
    fc.property(fc.array(mutation.filter((m) => m.op !== 'huge' && m.op !== 'nest'), { maxLength: 3 }), fc.nat(), (ms, pick) => {
      const text = mutate(base, ms);
      const m = parseDocument(text);
      const findings = checkDocument(m, opts).filter((f) => f.fixes?.length);
      if (!findings.length) return;
      const f = findings[pick % findings.length];
      const before = new Set(m.all.filter((s) => s.number).map((s) => s.number));
      for (const fix of f.fixes!) {
        for (const e of fix.edits) {
          const li = m.lines;
          const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < li.lineCount && p.character >= 0 && p.character <= li.lineText(p.line).length;
          assert.ok(ok(e.range.start) && ok(e.range.end), `${f.code}: ${fix.title}: edit inside the document`);
        }
        const out = applyEdits(text, fix.edits);
        const first = Math.min(...fix.edits.map((e) => m.lines.offsetAt(e.range.start)));
        const last = Math.max(...fix.edits.map((e) => m.lines.offsetAt(e.range.end)));
        assert.equal(out.slice(0, first), text.slice(0, first), `${f.code}: ${fix.title}: text before the edit unchanged`);
        assert.equal(out.slice(out.length - (text.length - last)), text.slice(last), `${f.code}: ${fix.title}: text after the edit unchanged`);
        const after = parseDocument(out);
        for (const n of before) assert.ok(after.all.some((s) => s.number === n), `${f.code}: ${fix.title}: section ${n} kept`);
      }
    }),
    { numRuns: Math.max(5, Math.floor(RUNS / 5)) },
  );
});
