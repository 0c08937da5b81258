/**
 * The Markdown parser's tree on large documents (micromark is pinned with an npm `overrides`
 * entry in package.json; 4.0.3 made container exits and lazy lines quadratic). A long document
 * made of many blocks that cannot interact (each starts at a top-level ATX heading, after a blank
 * line) must parse to exactly the concatenation of the trees of its blocks parsed alone, shifted
 * to their place: any parser change that alters the tree of a long document (positions included)
 * fails here, whatever parser version is installed. Block kinds: nested and lazy list items, block
 * quotes with lazy lines, ordered lists, tables, fences, HTML, definitions and footnotes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownParser } from '../../server/src/service/markdown';
import type { Nodes, Root, RootContent } from 'mdast';
import { projectRoot } from '../support/root';
import { prng } from '../../bench/synthetic';

/** cpslint's parser (GFM without autolink literals, no front matter: the blocks are parsed alone). */
const processor = markdownParser(false);


const WORDS = ['certificate', 'subscriber', 'revocation', 'the CA', '*validation*', '`audit`', 'key', '**policy**', 'request', '[link](#x)', 'within', 'days'];

/** One self-contained block: an ATX heading and a random mix of container-heavy constructs. */
function block(rnd: () => number, i: number): string {
  const w = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
  const parts = [`## ${1 + (i % 9)}.${i} Section ${w(2)}`];
  const kinds = 3 + Math.floor(rnd() * 5);
  for (let k = 0; k < kinds; k++) {
    switch (Math.floor(rnd() * 9)) {
      case 0:
        parts.push(`- ${w(5)}\nlazy ${w(4)}\n  - nested ${w(3)}\n    - deeper ${w(2)}\n  lazy ${w(2)}\n- ${w(3)}`);
        break;
      case 1:
        parts.push(`> ${w(6)}\nlazy ${w(3)}\n> > inner ${w(2)}\n> - quoted item\ncontinued`);
        break;
      case 2:
        parts.push(`1. ${w(4)}\n2. ${w(3)}\n   more ${w(2)}\n\n   second paragraph\n3) other`);
        break;
      case 3:
        parts.push(`| a | b |\n|---|:-:|\n| ${w(2)} | ${w(1)} |\n| x |`);
        break;
      case 4:
        parts.push('```text\n' + w(4) + '\n\n# not a heading\n```');
        break;
      case 5:
        parts.push(`<div>\n${w(3)}\n</div>`);
        break;
      case 6:
        parts.push(`See [ref${i}] and note[^n${i}].\n\n[ref${i}]: https://example.com/${i}\n\n[^n${i}]: ${w(3)}\n    continued ${w(2)}`);
        break;
      case 7:
        parts.push(`- [ ] task ${w(2)}\n- [x] done\n\n  > quote in item\n  lazy`);
        break;
      default:
        parts.push(`${w(12)}\n${w(8)}  \nhard break ~~gone~~ www.example.com`);
    }
  }
  return parts.join('\n\n') + '\n\n';
}

function shifted(node: Nodes, offset: number, line: number): unknown {
  return JSON.parse(JSON.stringify(node), (key, value) => {
    if ((key === 'start' || key === 'end') && value && typeof value.offset === 'number') return { ...value, line: value.line + line, offset: value.offset + offset };
    return value;
  });
}

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

test('a large document parses to the concatenation of its independently parsed blocks (positions included)', () => {
  const rnd = prng(3647);
  const blocks: string[] = [];
  let size = 0;
  while (size < 100_000) {
    const b = block(rnd, blocks.length);
    blocks.push(b);
    size += b.length;
  }
  const text = blocks.join('');
  const whole = processor.parse(text) as Root;

  const expected: unknown[] = [];
  let offset = 0;
  let line = 0;
  for (const b of blocks) {
    const alone = processor.parse(b) as Root;
    for (const n of alone.children as RootContent[]) expected.push(shifted(n, offset, line));
    offset += b.length;
    line += b.split('\n').length - 1;
  }
  const actual = JSON.parse(JSON.stringify(whole.children));
  assert.equal(actual.length, expected.length, 'same number of top-level blocks');
  assert.equal(hash(actual), hash(expected), 'the tree of the whole document equals its blocks parsed alone');
  // The document really exercises the constructs the block kinds name.
  const types = new Set<string>();
  const walk = (n: Nodes) => {
    types.add(n.type);
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(whole);
  for (const t of ['list', 'blockquote', 'table', 'code', 'html', 'definition', 'footnoteDefinition', 'footnoteReference', 'linkReference', 'delete', 'break']) assert.ok(types.has(t), t);
});

test('the pinned micromark is the one remark-parse uses', () => {
  const root = projectRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pinned = pkg.overrides?.micromark;
  assert.match(String(pinned), /^\d+\.\d+\.\d+$/, 'micromark is pinned to an exact version in package.json overrides');
  const candidates = [join(root, 'node_modules', 'mdast-util-from-markdown', 'node_modules', 'micromark', 'package.json'), join(root, 'node_modules', 'micromark', 'package.json')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) return; // installed elsewhere (no node_modules here): nothing to compare
  assert.equal(JSON.parse(readFileSync(found, 'utf8')).version, pinned);
});
