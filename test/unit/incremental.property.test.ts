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
import { outlineJson } from '../../server/src/service/outline-json';
import { skeleton, quirkNames, readQuirk } from './model-skeleton';
import { propertyRuns } from '../support/shared';

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
    prelude: m.definitionPrelude,
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
  assert.ok(model.chunks && model.chunks.length > 10 && /\[\^n3\]: x/.test(model.definitionPrelude ?? ''), 'footnote documents keep their chunks');
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
