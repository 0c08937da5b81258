/**
 * Incremental re-parsing (parseDocument(text, previous)) gives exactly what a full parse gives:
 * the same mdast (with positions), the same section model and the same findings, for random
 * edits (typing, deleting, pasting constructs that span chunks: fences, HTML blocks, lists,
 * front matter, definitions, CRLF) applied in sequence to generated and real-looking documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from '../../server/src/service/model';
import type { DocumentModel } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';
import { buildReview } from '../../server/src/service/review/build';
import { outlineJson } from '../../server/src/service/outline-json';
import { skeleton, quirkNames, readQuirk } from './model-skeleton';
import { propertyRuns } from '../support/shared';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Quick when run by hand; deep with CPSLINT_SLOW=1 (npm run test:slow, in CI; npm test leaves them out).
const RUNS = propertyRuns(20, 200);

/** Everything observable about a model, as plain data. */
function snapshot(m: DocumentModel): unknown {
  return {
    root: JSON.parse(JSON.stringify(m.root)),
    outline: outlineJson('f.md', m),
    sections: m.all.map((s) => [s.number, s.title, s.level, s.headingStart, s.headingEnd, s.numberStart, s.numberEnd, s.bodyStart, s.bodyEnd, s.end, s.parent?.index ?? -1, s.anchors, s.blocks.length, s.scoped, s.appendix, s.canonicalTitle]),
    blocks: m.blocks.map((b) => [b.node.position?.start.offset, b.section?.index ?? -1]),
    preamble: m.preamble.length,
    metadata: m.metadata,
    frontMatter: m.frontMatter,
    rfc3647: m.rfc3647,
    englishTitles: m.englishTitles,
    ignored: m.ignoredHeadings,
    chunks: m.chunks?.map((c) => [c.start, c.lineStart, c.firstLineEnd, c.nodes.length, c.defs]) ?? null,
    prelude: m.definitionPrelude?.text ?? null,
  };
}

const SNIPPETS = [
  'x', ' ', '\n', '\n\n', '#', '# ', '## 4.9.1 Circumstances for revocation\n', '\n### 4.9.2. Who can request revocation\n\nText.\n',
  '```\n', '```', '~~~\n', '<div>\n', '<!--', '-->', '<script>\n', '</script>\n', '- ', '  - item\n', '> ', '1. ',
  '| a | b |\n|---|---|\n', '---\n', '---\ntitle: x\n---\n', '[ref]: #x\n', '[^1]: note\n', '[ref]', '**4.9.3 Bold heading**\n',
  '[^2]', 'a note[^n1] here', '[^n1]: the note\n    continued\n', '\n[^new]: x\n\n', '[^', ']:', '+++\n',
  '\r\n', '\r', '    ', '\t', 'No stipulation.', 'The CA SHALL revoke within 24 hours.', 'Setext\n===\n', '   # 4.9 indented\n',
];

interface Edit {
  at: number;
  del: number;
  ins: string;
}
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 200 })),
  ins: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 4 }), fc.constant('')),
});

function apply(text: string, e: { at: number; del: number; ins: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
}

function assertSame(text: string, prev: DocumentModel): DocumentModel {
  const inc = parseDocument(text, prev);
  const full = parseDocument(text);
  assert.deepEqual(snapshot(inc), snapshot(full));
  return inc;
}

function bases(): string[] {
  return [
    skeleton({ style: 'dots-every-level' }),
    skeleton({ style: 'no-dots' }),
    skeleton({ style: 'bold-markup' }),
    '---\ntitle: T\nversion: 1\n---\n\n' + skeleton({ style: 'dots-every-level' }).replace(/\n/g, '\r\n'),
    // Link and footnote definitions resolve across chunks (re-parsed chunks get a definition prelude).
    `See [ref] and [n1].\n\n${skeleton({ style: 'no-dots' }).replace(/\n## 4\.9 /, '\n[ref]: #x\n\n## 4.9 ')}\nA [ref] and a [n1] and [N 2] and [other].\n\n[n1]: #note\n\n[n 2]: <#b>\n  "Multi\nline title"\n`,
    // Footnotes: references throughout, definitions at the end (as converted word-processor
    // documents have them), one inside a section, one with an indented continuation.
    footnoted(skeleton({ style: 'dots-every-level' })),
    footnoted(skeleton({ style: 'no-dots' })).replace(/\n/g, '\r\n'),
    '---\ntitle: T\n---\n\n' + footnoted(skeleton({ style: 'dots-every-level' })),
    // A leading thematic break that an edit below could turn into front matter.
    '---\n\n' + footnoted(skeleton({ style: 'no-dots' })),
    '+++\n' + skeleton({ style: 'no-dots' }),
    ...quirkNames().slice(0, 12).map(readQuirk),
  ];
}

/** `text` with footnote references after some section headings' first lines and their definitions. */
function footnoted(text: string): string {
  let n = 0;
  const out = text.replace(/^(#+ [^\n]*\n\n[^\n#]+)/gm, (m) => (++n % 3 === 0 ? `${m} See[^n${n}].` : m));
  const inside = out.replace(/\n(#+ 4\.9\.3[^\n]*\n)/, '\n$1\n[^in]: Defined inside a section[^n3].\n');
  const notes = Array.from({ length: n }, (_, i) => `[^n${i + 1}]: Note ${i + 1}${i % 4 === 0 ? '\n    with a continuation line' : ''}.\n`).join('\n');
  return `${inside}\nA last reference[^in].\n\n${notes}`;
}

test('incremental re-parse equals a full parse after a sequence of random edits', () => {
  const docs = bases();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: docs.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (d, edits: Edit[]) => {
      let text = docs[d];
      let model = parseDocument(text);
      for (const e of edits) {
        text = apply(text, e);
        model = assertSame(text, model);
      }
    }),
    { numRuns: Math.ceil(RUNS / 2) },
  );
});

test('incremental re-parse gives the same findings as a full parse', () => {
  const base = skeleton({ style: 'dots-every-level' });
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
  fc.assert(
    fc.property(edit, (e) => {
      const prev = parseDocument(base);
      const text = apply(base, e);
      const strip = (fs: ReturnType<typeof checkDocument>) => JSON.parse(JSON.stringify(fs));
      assert.deepEqual(strip(checkDocument(parseDocument(text, prev), opts)), strip(checkDocument(parseDocument(text), opts)));
    }),
    { numRuns: Math.max(3, Math.floor(RUNS / 8)) },
  );
});

test('typing character by character inside a section, and opening a fence that swallows the rest', () => {
  let text = skeleton({ style: 'dots-every-level' });
  let model = parseDocument(text);
  const at = text.indexOf('4.9.1');
  const typed = 'The CA revokes\n```\n# 1. Not a heading\n';
  for (let i = 0; i < typed.length; i++) {
    text = text.slice(0, at + 40 + i) + typed[i] + text.slice(at + 40 + i);
    model = assertSame(text, model);
  }
  assert.ok(model.chunks && model.chunks.length > 1);
});

test('references in a re-parsed chunk resolve to link definitions in other chunks', () => {
  let text = skeleton({ style: 'dots-every-level' });
  text = `${text}\n[ref]: https://example.com\n\n[Other Ref]: #x\n`;
  const at = text.indexOf('\n', text.search(/^#+ 4\.9\.1/m)) + 1;
  text = `${text.slice(0, at)}\nSee [ref] and [other  ref].\n${text.slice(at)}`;
  let model = parseDocument(text);
  assert.ok(model.definitionPrelude && model.chunks, 'the document has definitions and chunks');
  const refAt = text.indexOf('See [ref]');
  for (let i = 0; i < 5; i++) {
    text = text.slice(0, refAt + 3) + 'x' + text.slice(refAt + 3);
    model = assertSame(text, model);
  }
  assert.equal(JSON.stringify(model.root).match(/"linkReference"/g)?.length, 2, 'the references resolved');
});

test('typing next to footnote references re-parses chunks, not the document, and matches a full parse', () => {
  let text = footnoted(skeleton({ style: 'dots-every-level' }));
  let model = parseDocument(text);
  assert.ok(model.chunks && model.chunks.length > 10 && /\[\^n3\]: x/.test(model.definitionPrelude?.text ?? ''), 'footnote documents keep their chunks');
  const refs = () => JSON.stringify(model.root).match(/"footnoteReference"/g)?.length ?? 0;
  const before = refs();
  assert.ok(before > 3, 'the references resolved');
  let at = text.indexOf('See[^n3]');
  for (const ch of 'typed [^n6] text[^missing]') {
    text = text.slice(0, at) + ch + text.slice(at);
    at++;
    const prev = model;
    model = assertSame(text, model);
    // Only the edited chunk was parsed again: the blocks before it are the very same objects.
    assert.ok(model.chunks && model.chunks.length === prev.chunks!.length);
    assert.equal(model.root.children[1], prev.root.children[1]);
  }
  assert.equal(refs(), before + 1, 'the typed reference to a definition in another chunk resolved, the missing one did not');
  // Editing a definition (its label set unchanged, then changed) still matches a full parse.
  const def = text.indexOf('[^n3]: Note 3');
  text = text.slice(0, def + 8) + 'edited ' + text.slice(def + 8);
  model = assertSame(text, model);
  text = text.slice(0, def) + '[^m3]' + text.slice(def + 5);
  model = assertSame(text, model);
});

test('an unclosed leading --- keeps the document whole (an edit below could close it as front matter)', () => {
  const text = '---\n\n' + footnoted(skeleton({ style: 'no-dots' }));
  const model = parseDocument(text);
  assert.equal(model.chunks, null);
  const at = text.search(/^## 4\.9/m);
  const closed = `${text.slice(0, at)}---\n${text.slice(at)}`;
  const inc = assertSame(closed, model);
  assert.ok(inc.frontMatter, 'the inserted line closed front matter');
});

test('a sequence of edits checked version by version (rule results carried across versions) gives the findings of a check from scratch', () => {
  // The server's path: every version is parsed with the previous model and checked; rules whose
  // sections did not change carry their findings (rules/pipeline/carry.ts). Documents where many
  // rules find something: the bundled example CPS, whole and with a few sections, and a skeleton.
  const root = join(__dirname, '..', '..', '..');
  const example = readFileSync(join(root, 'examples', 'example-ca-cps.md'), 'utf8');
  const docs = [example, example.replace(/\n## 4\.9[\s\S]*?(?=\n## 4\.10)/, '\n'), skeleton({ style: 'dots-every-level' }), footnoted(example)];
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
  const strip = (fs: ReturnType<typeof checkDocument>) => JSON.parse(JSON.stringify(fs));
  // Most edits land in a section body (as typing does), some anywhere.
  const inBody = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
    ins: fc.oneof(fc.constantFrom(...SNIPPETS, ' not', 'revoke ', '24 hours', '5 days', ' CRL', 'Mozilla', ' Section 4.9.1'), fc.string({ maxLength: 3 })),
    body: fc.boolean(),
  });
  const place = (text: string, e: { at: number; body: boolean }) => {
    if (!e.body) return e.at;
    // The middle of a paragraph line (not a heading, not a blank line).
    const lines = [...text.matchAll(/^[A-Za-z][^\n]{20,}$/gm)];
    if (!lines.length) return e.at;
    const m = lines[Math.floor(e.at * lines.length) % lines.length];
    return (m.index! + Math.floor(m[0].length / 2)) / Math.max(1, text.length);
  };
  fc.assert(
    fc.property(fc.integer({ min: 0, max: docs.length - 1 }), fc.array(inBody, { minLength: 1, maxLength: 6 }), (d, edits) => {
      let text = docs[d];
      let model = parseDocument(text);
      checkDocument(model, opts);
      for (const e of edits) {
        text = apply(text, { ...e, at: place(text, e) });
        model = parseDocument(text, model);
        assert.deepEqual(strip(checkDocument(model, opts)), strip(checkDocument(parseDocument(text), opts)));
      }
    }),
    { numRuns: Math.max(4, Math.floor(RUNS / 2)) },
  );
});

test('deleting, then restoring, the statements of one section changes the findings the same way through carried results', () => {
  const root = join(__dirname, '..', '..', '..');
  const example = readFileSync(join(root, 'examples', 'example-ca-cps.md'), 'utf8');
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
  const strip = (fs: ReturnType<typeof checkDocument>) => JSON.parse(JSON.stringify(fs));
  const from = example.indexOf('\n', example.indexOf('#### 4.9.1.1 ')) + 1;
  const to = example.indexOf('#### 4.9.1.2 ');
  const body = example.slice(from, to);
  // Delete the body a line at a time, then type it back a line at a time.
  const lines = body.split(/(?<=\n)/);
  let model = parseDocument(example);
  const before = strip(checkDocument(model, opts));
  let text = example;
  const versions: string[] = [];
  for (let i = 1; i <= lines.length; i++) versions.push(example.slice(0, from) + '\n' + lines.slice(i).join('') + example.slice(to));
  for (let i = lines.length - 1; i >= 0; i--) versions.push(example.slice(0, from) + '\n' + lines.slice(i).join('') + example.slice(to));
  let changed = false;
  for (const v of versions) {
    text = v;
    model = parseDocument(text, model);
    const got = strip(checkDocument(model, opts));
    assert.deepEqual(got, strip(checkDocument(parseDocument(text), opts)));
    changed ||= JSON.stringify(got) !== JSON.stringify(before);
  }
  assert.ok(changed, 'removing the reasons for revocation changes the findings');
});

test('edits above tables and lists keep the findings of a check from scratch (evidence in table rows, row-label pairs and list lead-ins moved by the edit)', () => {
  // The paraphrase probes state many commitments in tables (read cell by cell with the row label)
  // and in lists with lead-ins: evidence found there in a unit reused from the last version must
  // carry that version's offsets moved by the edit.
  const root = join(__dirname, '..', '..', '..');
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
  const strip = (fs: ReturnType<typeof checkDocument>) => JSON.parse(JSON.stringify(fs));
  for (const name of ['terse-cps.md', 'legal-cps.md']) {
    let text = readFileSync(join(root, 'test', 'fixtures', 'paraphrase', name), 'utf8');
    let model = parseDocument(text);
    checkDocument(model, opts);
    // Type into the first paragraph of chapter 1 (above every table), then delete what was typed.
    const at = text.indexOf('\n', text.search(/^#{1,6} *(?:\*\*)?1\.1\b/m) + 1) + 1;
    assert.ok(at > 0, name);
    const para = text.indexOf('\n', text.slice(at).search(/[A-Za-z]/) + at);
    for (const edit of ['x', 'xy', 'xyz', 'xy', '']) {
      text = text.slice(0, para) + edit + text.slice(para).replace(/^x?y?z?/, '');
      model = parseDocument(text, model);
      const fresh = parseDocument(text);
      assert.deepEqual(strip(checkDocument(model, opts)), strip(checkDocument(fresh, opts)), `${name} after typing ${JSON.stringify(edit)}`);
      // Evidence of the commitments that were met is not in the findings: the
      // review's confirmations quote it with its lines, so a wrong offset shows there.
      const rOpts = { ...opts, file: name, toolVersion: 'test' };
      const a = buildReview(model, rOpts);
      const b = buildReview(fresh, rOpts);
      assert.ok(b.chapters.some((c) => c.confirmations.length > 0), `${name} has confirmations`);
      assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)), `${name} review after typing ${JSON.stringify(edit)}`);
    }
  }
});

test('a re-parsed chunk gets the definitions its labels may name: case folding (ß, SS), spacing, line breaks, a label over two lines', () => {
  const cases = [
    // Labels the prelude can list one by one: references in another case, spacing and over a line break.
    { defs: '[Straße]: https://example.com/a\n\n[Big Note]: #b\n\n[^Foot]: A note.\n\n[unused]: #c\n', refs: 'See [strasse], [big\nnote] and the note[^FOOT].', links: 2, notes: 1 },
    // A definition's label over two lines (compared with its line break as one space).
    { defs: '[two\nlines]: #b\n\n[^Foot]: A note.\n', refs: 'See [two   lines] and the note[^foot].', links: 1, notes: 1 },
  ];
  for (const c of cases) {
    let text = `${skeleton({ style: 'dots-every-level' })}\n${c.defs}`;
    const at = text.indexOf('\n', text.search(/^#+ 4\.9\.1/m)) + 1;
    text = `${text.slice(0, at)}\n${c.refs}\n${text.slice(at)}`;
    let model = parseDocument(text);
    assert.ok(model.definitionPrelude && model.chunks, 'the document has definitions and chunks');
    const refAt = text.indexOf('See [');
    for (let i = 0; i < 4; i++) {
      text = text.slice(0, refAt + 3) + 'y' + text.slice(refAt + 3);
      const before = model;
      model = assertSame(text, model);
      assert.equal(model.root.children[0], before.root.children[0], 'the edit was re-parsed in place (the first block is reused)');
    }
    const json = JSON.stringify(model.root);
    assert.equal(json.match(/"linkReference"/g)?.length, c.links, `link references resolved: ${c.refs}`);
    assert.equal(json.match(/"footnoteReference"/g)?.length, c.notes, `footnote reference resolved: ${c.refs}`);
  }
});
