/** The two-generation memo keyed by text that bounds the per-text caches of matching (issue 12). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextCache, fitTextCaches, TEXT_CACHE_MIN_CHARS, TEXT_CACHE_CHARS_PER_CHAR } from '../../server/src/service/text-cache';
import { parseDocument, checkDocument } from '../../server/src/service';
import { tokenCache } from '../../server/src/service/rules/pipeline/normalise';

const text = (i: number, n = 84) => `${String(i).padStart(4, '0')}${'x'.repeat(n - 4)}`; // 84 + 16 = 100 per key

test('a generation holds the budget in characters of keys; the one before it is dropped at the next turn', () => {
  const c = new TextCache<number>();
  c.budget = 1000;
  for (let i = 0; i < 10; i++) c.set(text(i), i);
  assert.equal(c.turns, 0);
  assert.equal(c.stats().youngChars, 1000);
  c.set(text(10), 10); // young full: it becomes the old generation
  assert.equal(c.turns, 1);
  assert.equal(c.get(text(3)), 3); // from the old generation
  for (let i = 11; i < 30; i++) c.set(text(i), i); // two more turns
  assert.equal(c.turns, 3);
  assert.equal(c.get(text(4)), undefined, 'not looked at for two turns: dropped');
  assert.ok(c.stats().entries <= 20, 'two generations at most');
});

test('a text looked at in every round survives any number of turns', () => {
  const c = new TextCache<string>();
  c.budget = 1000;
  c.set('kept', 'value');
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 4; i++) c.set(text(round * 4 + i), 'filler');
    assert.equal(c.get('kept'), 'value', `round ${round}`);
  }
  assert.ok(c.turns >= 15);
});

test('clear forgets both generations', () => {
  const c = new TextCache<number>();
  c.budget = 300;
  for (let i = 0; i < 5; i++) c.set(text(i), i);
  c.clear();
  for (let i = 0; i < 5; i++) assert.equal(c.get(text(i)), undefined);
});

test('a check fits the budget to its document: at least the minimum, else a multiple of its characters', () => {
  fitTextCaches(10);
  assert.equal(tokenCache.budget, TEXT_CACHE_MIN_CHARS);
  const big = Math.ceil(TEXT_CACHE_MIN_CHARS / TEXT_CACHE_CHARS_PER_CHAR) * 2;
  fitTextCaches(big);
  assert.equal(tokenCache.budget, big * TEXT_CACHE_CHARS_PER_CHAR);
  checkDocument(parseDocument('# 1. Introduction\n\nThe CA keeps records for 2 years.\n'), { asOf: '2026-11-25', programs: ['mozilla'] });
  assert.equal(tokenCache.budget, TEXT_CACHE_MIN_CHARS);
});

test('findings do not depend on the budget: a budget far too small gives the same findings', () => {
  const doc = ['# 1. Introduction', '', 'This CPS applies to TLS server certificates issued by Example CA.', '', '## 4.9 Revocation', '', 'The CA revokes a certificate within 24 hours when the subscriber asks for it.', ''].join('\n');
  const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome'] };
  const want = JSON.stringify(checkDocument(parseDocument(doc), opts));
  // Budgets are set again by every check; starve them through a cache-turning wrapper.
  const orig = (TextCache.prototype as unknown as { put: (t: string, v: unknown) => void }).put;
  (TextCache.prototype as unknown as { put: (t: string, v: unknown) => void }).put = function (this: TextCache<unknown>, t: string, v: unknown) {
    this.budget = 1;
    orig.call(this, t, v);
  };
  try {
    assert.equal(JSON.stringify(checkDocument(parseDocument(doc), opts)), want);
  } finally {
    (TextCache.prototype as unknown as { put: unknown }).put = orig;
  }
});
