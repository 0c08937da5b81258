/**
 * LineIndex.edited (the line index of an edited version, built from the previous version's)
 * gives the line starts of an index built from scratch, for LF, CRLF and lone CR line ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/service/text';
import { changedSpan } from '../../server/src/service/model';

test('an edited line index equals one built from scratch', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const pieces = ['\n', '\r\n', '\r', 'a', 'bc', '\n\n', '\r\r\n', ' x\r'];
  let text = 'first line\nsecond\r\nthird\rfourth\n';
  let index = new LineIndex(text);
  for (let step = 0; step < 2000; step++) {
    const at = rnd(text.length + 1);
    const del = rnd(3) === 0 ? rnd(Math.min(6, text.length - at) + 1) : 0;
    const ins = rnd(4) === 0 ? '' : Array.from({ length: 1 + rnd(3) }, () => pieces[rnd(pieces.length)]).join('');
    const next = text.slice(0, at) + ins + text.slice(at + del);
    if (next === text) continue;
    const { p, s } = changedSpan(text, next);
    const edited = LineIndex.edited(index, next, p, s);
    assert.deepEqual(edited.lineStarts, new LineIndex(next).lineStarts, `step ${step}: ${JSON.stringify(text)} -> ${JSON.stringify(next)}`);
    text = next.length > 400 ? next.slice(0, 200) : next;
    index = text === next ? edited : new LineIndex(text);
  }
});
