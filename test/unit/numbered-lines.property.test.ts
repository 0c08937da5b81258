/**
 * numberedParagraphs (xrefs.ts) reads only the lines that can matter (fences, and lines with a
 * digit, a dot and a digit) in one scan of the text. It must find what reading every line in turn
 * finds: here against that line-by-line reading, on texts built from fences of both kinds and
 * lengths, numbered paragraphs, list items, table rows, headings, front matter, CRLF and lone
 * line separators.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument, type DocumentModel } from '../../server/src/service/model';
import { numberedParagraphs } from '../../server/src/service/xrefs';
import { propertyRuns } from '../support/shared';

const NUMBERED_LINE = /^[ \t]{0,3}(?:>\s*)*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\|[ \t]*)?(?:\*\*|__)?(?:section\s+|§\s*)?(\d{1,2}(?:\.\d{1,3}){1,6})\.?(?:\*\*|__)?(?=[ \t|:)]|$)/gim;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/** Every line in turn, as numberedParagraphs read them before. */
function lineByLine(model: DocumentModel): Set<string> {
  const out = new Set<string>();
  const text = model.text;
  let fence: string | null = null;
  let i = model.frontMatter ? model.frontMatter.end : 0;
  while (i < text.length) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    const line = text.slice(i, e).replace(/\r$/, '');
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
    } else if (f) fence = f[1];
    else if (/\d\.\d/.test(line) && !/^[ \t]{0,3}#/.test(line)) {
      NUMBERED_LINE.lastIndex = 0;
      const m = NUMBERED_LINE.exec(line);
      if (m && !(/^[ \t]*\|/.test(line) && m[1].split('.').length < 3 && !/\*\*|__/.test(m[0]))) out.add(m[1]);
    }
    i = e + 1;
  }
  return out;
}

const LINES = [
  '```', '````', '~~~', '~~~~', '   ```', '    ```', '``` js 1.2.3', '~~~ 4.5.6',
  '1.2.3 A numbered paragraph', '9.6.3.1\tFor OV TLS', '- 1.3.2.1 Enterprise RAs', '1. 4.9.1 item', '> 5.4.1 quoted', '>> 6.1.1 deeper',
  '| 4.7.3 | a row |', '| **4.7.3** | bold |', '| 5.18 | 2025-06-18 |', '**7.1.2** Profile', '__3.2.2__ run-in', 'Section 8.6 applies', '§ 2.2 text',
  '# 1.1 Heading', '### 4.9.1 Heading', 'Text with 1.2 in it', 'Version 2.0.1 of the BR', '', 'plain text', '  2.3 indented', 'x\u20281.4.1 after a line separator',
];

test('numberedParagraphs finds what reading every line in turn finds', () => {
  const line = fc.tuple(fc.constantFrom(...LINES), fc.boolean()).map(([l, crlf]) => (crlf ? `${l}\r` : l));
  fc.assert(
    fc.property(fc.boolean(), fc.array(line, { minLength: 1, maxLength: 30 }), (frontMatter, lines) => {
      const text = `${frontMatter ? '---\ntitle: x 1.2.3\n---\n' : ''}# 1. Introduction\n\n${lines.join('\n')}\n`;
      const model = parseDocument(text);
      assert.deepEqual([...numberedParagraphs(model)].sort(), [...lineByLine(model)].sort());
    }),
    { numRuns: propertyRuns(300, 3000) },
  );
});
