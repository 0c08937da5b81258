/**
 * Carrying a rule's result across versions when the rule searched the whole document
 * (rules/pipeline/carry.ts, the probes of extract.ts DocumentProbe): the result of a misplaced-
 * evidence search, a contradiction looked for anywhere or a commitment stated anywhere is carried
 * only when no section the edit changed could take part in the search. Each rule fixture case with
 * several sections is typed into section by section: from the case with one section's text
 * replaced by a neutral sentence to the case itself (the text appears: evidence elsewhere, a
 * contradiction, a statement that cancels one), and back (it disappears). Each version is checked
 * through the carried results and from scratch; the two must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { carryStats } from '../../server/src/service/rules/pipeline/carry';
import { ALL_PROGRAMS, caseDoc, loadFixtures, runOne } from './helpers';

const NEUTRAL = 'This paragraph is kept for the structure of the document.';
const strip = (x: unknown) => JSON.parse(JSON.stringify(x));

/**
 * `texts[0]` → `texts[1]` → `texts[0]`, each version checked for `rule` through the carried results
 * and from scratch (they must agree); returns the findings of the two texts, checked from scratch.
 */
function backAndForth(rule: string, opts: Parameters<typeof runOne>[2], texts: [string, string]): [unknown, unknown] {
  let model = parseDocument(texts[0]);
  const first = strip(runOne(model, rule, opts));
  for (const text of [texts[1], texts[0]]) {
    model = parseDocument(text, model);
    assert.deepEqual(strip(runOne(model, rule, opts)), strip(runOne(parseDocument(text), rule, opts)), text === texts[1] ? 'after the edit' : 'after undoing it');
  }
  return [first, strip(runOne(parseDocument(texts[1]), rule, opts))];
}

test('a rule that searched the whole document is carried only when the edited section cannot change what the search found', () => {
  const probed0 = carryStats.probed;
  let versions = 0;
  let differing = 0;
  for (const fx of loadFixtures()) {
    for (const c of fx.cases) {
      const keys = Object.keys(c.sections ?? {});
      if (c.doc || keys.length < 2) continue;
      const opts = { asOf: c.asOf ?? fx.asOf, programs: c.programs ?? fx.programs ?? ALL_PROGRAMS, kinds: c.kinds };
      const full = caseDoc(fx, c);
      for (const k of keys) {
        const without = caseDoc(fx, { ...c, sections: { ...c.sections, [k]: NEUTRAL } });
        if (without === full) continue;
        // Neutral → case → neutral, each version parsed with the last one's model.
        let model = parseDocument(without);
        const first = runOne(model, fx.rule, opts);
        for (const text of [full, without]) {
          model = parseDocument(text, model);
          const carried = strip(runOne(model, fx.rule, opts));
          const scratch = strip(runOne(parseDocument(text), fx.rule, opts));
          assert.deepEqual(carried, scratch, `${fx.file} / ${c.name}: typing into §${k}${text === full ? '' : ' (removed again)'}`);
          versions++;
          if (JSON.stringify(scratch) !== JSON.stringify(strip(first))) differing++;
        }
      }
    }
  }
  assert.ok(versions > 200, `${versions} versions checked`);
  assert.ok(differing > 50, `${differing} versions where the edit changed the findings`);
  // The probes let results be carried: a test of the carried path, not only of re-evaluation.
  assert.ok(carryStats.probed - probed0 > 20, `${carryStats.probed - probed0} results carried past a whole-document search`);
});

test('a forbidden claim excused by a footnote is checked again when the footnote, in another section, changes', () => {
  // Footnote definitions are read wherever they are (pipeline/footnotes.ts): a rule that read one
  // is not carried, even when the edit is outside the sections it checks.
  const fx = loadFixtures().find((f) => f.rule === 'crp-1.3.2-serverauth-only-eku')!;
  assert.ok(fx, 'the fixture of crp-1.3.2-serverauth-only-eku');
  const opts = { asOf: fx.asOf, programs: fx.programs ?? ALL_PROGRAMS };
  const doc = (note: string) =>
    caseDoc(fx, { name: 'x', expect: [], sections: { '7.1.2': '| Extension | Value |\n|---|---|\n| extKeyUsage [^eku] | serverAuth, clientAuth |', '9.17': `[^eku]: ${note}` } });
  const [before, after] = backAndForth(fx.rule, opts, [doc('The SAN also carries the base domain of a wildcard name.'), doc('From 1 May 2026 the extension contains only the serverAuth purpose.')]);
  assert.notDeepEqual(after, before, 'the footnote excuses the row');
});

test('a revision table found outside the history sections is read again when that section changes', () => {
  // No history in §1.2: the versioning check reads a revision table anywhere (versioning.ts), so an
  // edit of that table in §9.17 must not carry the last version's findings.
  const fx = loadFixtures().find((f) => f.rule === 'br-2.3-version-and-dated-changelog')!;
  assert.ok(fx, 'the fixture of br-2.3-version-and-dated-changelog');
  const opts = { asOf: fx.asOf, programs: fx.programs ?? ALL_PROGRAMS };
  const doc = (date: string) =>
    caseDoc(fx, { name: 'x', expect: [], sections: { '1.2': 'This is the Example Trust CPS.', '9.17': `| Version | Date | Changes |\n|---|---|---|\n| 1.0 | 2025-09-01 | Initial version |\n| 1.1 | ${date} | Annual review |` } });
  const [before, after] = backAndForth(fx.rule, opts, [doc('2026-03-01'), doc('')]);
  assert.notDeepEqual(after, before, 'the undated entry is reported');
});
