/**
 * Blocks after an edit are moved, not re-parsed (model.ts MovedBlock): their descendants are
 * copied with moved positions only when something reads them. The readers that walk the whole
 * tree (anchor links, suppression comments' code spans, footnote definitions) read the blocks as
 * parsed with their offset delta: they must give exactly what a fresh parse gives, and typing must
 * not copy every block below the edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, movedStats } from '../../server/src/service/model';
import { documentLinks } from '../../server/src/service/features';
import { suppressions } from '../../server/src/service/suppress';
import { footnotesOf } from '../../server/src/service/rules/pipeline/footnotes';
import { documentUnits } from '../../server/src/service/rules/extract';

const body = (i: number) =>
  [
    `## 4.${i} Section ${i}`,
    '',
    `Paragraph ${i} with a footnote[^n${i}] and a \`cpslint-disable\` code span, see [the overview](#1-introduction).`,
    '',
    `- item ${i} with **bold** text`,
    `  > quoted ${i}`,
    '',
    `[^n${i}]: Footnote ${i} text.`,
    '',
    `<!-- cpslint-disable cps-blank-section -->`,
    '',
  ].join('\n');

const doc = ['# 1. Introduction', '', 'Intro text here.', '', ...Array.from({ length: 40 }, (_, i) => body(i + 1))].join('\n');

function views(text: string, model: ReturnType<typeof parseDocument>) {
  const sup = suppressions(model);
  return {
    links: documentLinks(model, 'file:///x.md'),
    suppressed: sup.sections.map((s) => [s.section.headingStart, [...s.ids]]),
    file: [...sup.file],
    notes: documentUnits(model, {}).map((u) => [u.start, footnotesOf(model, u)]),
    headings: model.all.map((s) => [s.headingStart, s.number, s.title]),
    text: text.length,
  };
}

test('typing above moved blocks: links, suppressions, footnotes and headings equal a fresh parse', () => {
  let text = doc;
  let model = parseDocument(text);
  const at = text.indexOf('Intro text') + 5;
  const before = { ...movedStats };
  for (let i = 0; i < 5; i++) {
    text = text.slice(0, at) + 'x'.repeat(i + 1) + text.slice(at);
    model = parseDocument(text, model);
    assert.ok(model.chunks, 'parsed incrementally');
    const v = views(text, model);
    assert.ok(v.links.length >= 40 && v.suppressed.length >= 40 && v.notes.filter(([, n]) => (n as string[]).length).length >= 40, 'the views are not empty');
    assert.deepEqual(v, views(text, parseDocument(text)), `after edit ${i + 1}`);
  }
  const moved = movedStats.moved - before.moved;
  assert.ok(moved > 5 * 40, `blocks below the edit were moved (${moved})`);
  // The readers above and the units read some blocks' children; most moved blocks are never copied deep.
  assert.ok(movedStats.materialized - before.materialized < moved / 2, `${movedStats.materialized - before.materialized} of ${moved} moved blocks copied`);
});

test('a moved block serialises as the block a fresh parse gives', () => {
  const text = doc;
  const model = parseDocument(text);
  const edited = text.replace('Intro text', 'Intro texts');
  const next = parseDocument(edited, model);
  assert.deepEqual(JSON.parse(JSON.stringify(next.root)), JSON.parse(JSON.stringify(parseDocument(edited).root)));
});
