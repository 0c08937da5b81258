/**
 * OffsetMap (rules/offsets.ts) answers exactly what the per-character offset array it replaced
 * answered: element i, findIndex(o => o >= x) with a shift, slices and concatenations, for random
 * arrays made of ascending runs, constant runs, jumps back and forth and single characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OffsetBuilder, offsetMap } from '../../server/src/service/rules/offsets';
import { propertyRuns } from '../support/shared';

const RUNS = propertyRuns(200, 2000);

/** Offsets as a unit's map has them: runs up by one, runs of one offset, jumps. */
const offsets = fc
  .array(fc.record({ start: fc.nat(500), len: fc.integer({ min: 1, max: 12 }), step: fc.constantFrom(0, 1, 1, 1) }), { maxLength: 12 })
  .map((runs) => runs.flatMap((r) => Array.from({ length: r.len }, (_, k) => r.start + r.step * k)));

test('at(i) is element i of the array, NaN outside it', () => {
  fc.assert(
    fc.property(offsets, (xs) => {
      const m = offsetMap(xs);
      assert.equal(m.length, xs.length);
      for (let i = -2; i < xs.length + 2; i++) {
        const want = xs[i];
        if (want === undefined) assert.ok(Number.isNaN(m.at(i)), `at(${i})`);
        else assert.equal(m.at(i), want, `at(${i})`);
      }
      assert.ok(Number.isNaN(m.at(0.5)));
      assert.deepEqual(m.toArray(), xs);
      assert.ok(m.runCount <= xs.length);
    }),
    { numRuns: RUNS },
  );
});

test('firstAtOrAfter(x, shift) is findIndex(o => o + shift >= x)', () => {
  fc.assert(
    fc.property(offsets, fc.integer({ min: -5, max: 520 }), fc.integer({ min: -50, max: 50 }), (xs, x, shift) => {
      const m = offsetMap(xs);
      assert.equal(m.firstAtOrAfter(x, shift), xs.findIndex((o) => o + shift >= x));
      assert.equal(m.firstAtOrAfter(x), xs.findIndex((o) => o >= x));
    }),
    { numRuns: RUNS },
  );
});

test('pushMap, pushRun and truncate build what slicing and concatenating arrays builds', () => {
  fc.assert(
    fc.property(offsets, offsets, fc.nat(40), fc.nat(40), fc.nat(20), fc.integer({ min: 0, max: 4 }), fc.constantFrom<0 | 1>(0, 1), fc.nat(60), (a, b, from, to, shift, n, step, cut) => {
      const ma = offsetMap(a);
      const mb = offsetMap(b);
      const lo = Math.min(from, a.length);
      const hi = Math.max(lo, Math.min(to, a.length));
      const builder = new OffsetBuilder();
      builder.pushMap(ma, lo, hi, shift);
      builder.pushRun(7, n, step);
      builder.pushMap(mb);
      builder.push(3);
      const want = [...a.slice(lo, hi).map((o) => o + shift), ...Array.from({ length: n }, (_, k) => 7 + step * k), ...b, 3];
      assert.deepEqual(builder.build().toArray(), want);
      builder.truncate(cut);
      const kept = want.slice(0, cut);
      assert.deepEqual(builder.build().toArray(), kept);
      builder.push(9);
      assert.deepEqual(builder.build().toArray(), [...kept, 9]);
    }),
    { numRuns: RUNS },
  );
});

test('a paragraph of document slices takes a run per slice', () => {
  // "The CA **shall** keep" read from offsets 10..: three slices of the source.
  const xs = [10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29, 30];
  assert.equal(offsetMap(xs).runCount, 3);
  assert.equal(offsetMap([4, 4, 4, 4]).runCount, 1);
});
