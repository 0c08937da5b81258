/**
 * cpslint's Markdown parser (server/src/service/markdown.ts): GFM's tables, footnotes,
 * strikethrough and task lists, front matter, and no autolink literals. A bare address stays text
 * with the same characters in the units the rules read, so a statement that names one is matched
 * as before; CommonMark's `<https://…>` autolinks and `[text](url)` links are still links.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes } from 'mdast';
import { markdownParser } from '../../server/src/service/markdown';
import { parseDocument } from '../../server/src/service/model';
import { documentUnits } from '../../server/src/service/rules/extract';
import { checkDocument } from '../../server/src/service/check';
import { projectRoot } from '../support/root';

function types(text: string, frontMatter = true): string[] {
  const out: string[] = [];
  const walk = (n: Nodes) => {
    out.push(n.type);
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(markdownParser(frontMatter).parse(text));
  return out;
}

test('the GFM constructs a CP/CPS uses are parsed', () => {
  const t = types('---\ntitle: x\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee note[^1] and ~~old~~ text.\n\n- [x] done\n\n[^1]: The note.\n');
  for (const k of ['yaml', 'table', 'tableRow', 'tableCell', 'footnoteReference', 'footnoteDefinition', 'delete', 'listItem']) assert.ok(t.includes(k), k);
  assert.ok(!types('---\ntitle: x\n---\n', false).includes('yaml'), 'no front matter in a part of a document');
});

test('bare addresses stay text; CommonMark autolinks and links stay links', () => {
  assert.ok(!types('Write to pki@example.com or see www.example.com and https://example.com/cps.\n').includes('link'));
  assert.equal(types('See <https://example.com/cps> and [the CPS](https://example.com/cps).\n').filter((k) => k === 'link').length, 2);
});

test('a bare address reads the same in the units and satisfies a rule that asks for it', () => {
  // The bundled example commits to the BR with a bare link to cabforum.org in §1.1.
  const text = readFileSync(join(projectRoot(), 'examples', 'example-ca-cps.md'), 'utf8');
  const url = 'https://cabforum.org/baseline-requirements-documents/';
  assert.ok(text.includes(`available at ${url}.`), 'the example still has the bare address');
  const model = parseDocument(text);
  const unit = documentUnits(model, {}).find((u) => u.text.includes('cabforum.org'));
  assert.ok(unit?.text.includes(`available at ${url}.`), unit?.text);
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome', 'apple', 'microsoft'] };
  const adherence = (t: string) => checkDocument(parseDocument(t), opts).filter((f) => f.code === 'br-2.2-br-adherence-clause');
  assert.deepEqual(adherence(text), []);
  // Without the address the same rule reports the missing link: the check above can fail.
  const without = adherence(text.replace(`, available at ${url}`, ''));
  assert.equal(without.length, 1);
  assert.match(without[0].message, /link/);
});
