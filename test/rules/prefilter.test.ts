/**
 * mayMatch (patterns.ts) lets findAll and unitHit skip a text, or a range of it, where a group
 * cannot match, from the literal pieces every match of its terms contains. It must never skip
 * where the group's expressions do match: here every built-in group is scanned over real text
 * (the bundled example CPS, the synthetic document, and the reference texts when ../shared is
 * there), over each unit, each sentence and ranges that cut words in two, and over variants of
 * the text that stress case-insensitive matching (upper case, the Kelvin sign, a dotted capital I
 * that lower-cases to two characters).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service';
import { builtinRules } from '../../server/src/service/rules/builtin';
import { documentUnits } from '../../server/src/service/rules/extract';
import { compileAnyOf, scan } from '../../server/src/service/rules/patterns';
import { mayMatch, regexLiterals, stemLiteral } from '../../server/src/service/rules/prefilter';
import { stem } from '../../server/src/service/rules/pipeline/normalise';
import type { AnyOf, ForbiddenCheck } from '../../server/src/service/rules/types';
import { unionOf } from '../../server/src/service/rules/pipeline/checks/forbidden';
import { caseDoc, loadFixtures } from './helpers';
import { projectRoot } from '../support/root';
import { syntheticCps, prng } from '../../bench/synthetic';

const ROOT = projectRoot();

function builtinGroups(): AnyOf[] {
  const groups = new Set<AnyOf>();
  const seen = new Set<unknown>();
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    const g = x as AnyOf;
    if (Array.isArray(g.regexes) && Array.isArray(g.terms)) return void groups.add(g);
    for (const v of Object.values(x)) walk(v);
  };
  for (const r of builtinRules().rules) walk(r);
  return [...groups];
}

/** Texts and ranges: each unit whole, its sentences, and ranges ending inside words. */
function cases(texts: string[], seed: number): { text: string; from: number; to: number }[] {
  const rnd = prng(seed);
  const out: { text: string; from: number; to: number }[] = [];
  for (const text of texts) {
    const model = parseDocument(text);
    for (const u of documentUnits(model)) {
      out.push({ text: u.text, from: 0, to: u.text.length });
      for (const s of u.sentences) out.push({ text: u.text, from: s.start, to: s.end });
      for (let k = 0; k < 3; k++) {
        const from = Math.floor(rnd() * u.text.length);
        out.push({ text: u.text, from, to: from + 1 + Math.floor(rnd() * (u.text.length - from)) });
      }
    }
  }
  return out;
}

function variants(t: string): string[] {
  return [t, t.toUpperCase(), t.replace(/k/g, '\u212a'), t.replace(/i/g, '\u0130'), t.replace(/-/g, ' - ')];
}

function assertSound(groups: AnyOf[], all: { text: string; from: number; to: number }[]): number {
  let matched = 0;
  for (const g of groups) {
    for (const c of all) {
      const found = scan(g, c.text, c.from, c.to);
      if (!found.length) continue;
      matched++;
      if (!mayMatch(g, c.text, c.from, c.to)) {
        const m = found[0];
        assert.fail(`mayMatch skipped a match of ${JSON.stringify(g.terms)} at ${JSON.stringify(c.text.slice(m.start, m.end))} in [${c.from}, ${c.to}) of ${JSON.stringify(c.text.slice(0, 200))}`);
      }
    }
  }
  return matched;
}

test('mayMatch never skips a match of a built-in group (example CPS and variants, whole units, sentences, cut ranges)', () => {
  const example = readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8');
  const all = cases(variants(example), 3647);
  const matched = assertSound(builtinGroups(), all);
  // The texts exercise the groups: many of them match somewhere.
  assert.ok(matched > 1000, `only ${matched} matches`);
});

test('mayMatch never skips a match of a built-in group (synthetic document)', () => {
  const all = cases([syntheticCps(ROOT, 200_000, 12)], 12);
  assert.ok(assertSound(builtinGroups(), all) > 1000);
});

test('mayMatch never skips a match of a built-in group (reference texts)', (t) => {
  const dir = join(ROOT, '..', 'shared', 'reference');
  if (!existsSync(dir)) return t.skip('../shared is not present');
  for (const f of ['BR-2.2.6.md', 'MRSP-3.1.md', 'CCADB-2.1.md', 'CRP-1.8.md'].filter((f) => existsSync(join(dir, f)))) {
    const text = readFileSync(join(dir, f), 'utf8');
    // A sample of the document keeps the test short.
    assertSound(builtinGroups(), cases([text.slice(0, 120_000)], 7));
  }
});

test('mayMatch skips texts without a phrase, and ranges that leave it out', () => {
  const g = compileAnyOf(['key pair', 'the CA']);
  const text = 'The keyboard was paired. The CAs key pairs are kept.';
  assert.equal(mayMatch(g, 'Nothing here.'), false);
  assert.equal(mayMatch(g, 'certificate keyboards'), false, '"ca" inside a word is not "the CA"');
  assert.equal(mayMatch(g, text), true);
  assert.ok(scan(g, text, 0, text.length).length);
  assert.equal(mayMatch(g, text, 0, 24), false);
  assert.deepEqual(scan(g, text, 0, 24), []);
  // A range that ends inside a word: the expression sees the end of the text there.
  const cut = 'the key pairing';
  const kp = compileAnyOf(['key pair']);
  assert.deepEqual(scan(kp, cut, 0, cut.length), []);
  assert.equal(mayMatch(kp, cut), false);
  assert.ok(scan(kp, cut, 4, 12).length);
  assert.equal(mayMatch(kp, cut, 4, 12), true);
});

test('regexLiterals: literal runs outside groups and quantifiers, per top-level alternative', () => {
  const lits = (t: string) => regexLiterals(t)?.map((a) => a.map((p) => p.s).sort());
  assert.deepEqual(lits(String.raw`/\bsuspension (?:requests?|procedures?) (?:is|are)\b/`), [[' ', 'suspension ']]);
  assert.deepEqual(lits(String.raw`/\bEnglish text|\bfrench text\b/`), [['english text'], ['french text']]);
  // Quantifier digits, escapes of more than one character, quantified characters are not literals.
  assert.equal(regexLiterals(String.raw`/\b(?:within)\s+(?:\S+\s+){0,3}?(?:\d+)\b/`), null);
  assert.deepEqual(lits(String.raw`/caf\u00e9 bar/`), [[' bar', 'caf']]);
  assert.deepEqual(lits(String.raw`/\bdays?\b/`), [['day']]);
  assert.deepEqual(lits(String.raw`/3\.2\.2\.4\.1(?![\d])/`), [['3.2.2.4.1']]);
  // An alternative without a literal, or the u flag: nothing to require.
  assert.equal(regexLiterals(String.raw`/foo|\d+/`), null);
  assert.equal(regexLiterals(String.raw`/foo/u`), null);
  assert.equal(regexLiterals('a phrase'), null);
});

test('stemLiteral: a word starts with its stem less two letters (words of the test texts, suffix combinations, irregular stems)', () => {
  const words = new Set<string>();
  const texts = [readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8')];
  const dir = join(ROOT, '..', 'shared', 'reference');
  if (existsSync(dir)) for (const f of ['BR-2.2.6.md', 'MRSP-3.1.md']) if (existsSync(join(dir, f))) texts.push(readFileSync(join(dir, f), 'utf8'));
  for (const t of texts) for (const m of t.toLowerCase().matchAll(/[a-z\u00c0-\u017f]+(?:'[a-z]+)?/g)) words.add(m[0]);
  const bases = ['act', 'organ', 'real', 'sens', 'hope', 'rel', 'posit', 'abil', 'gener', 'valid', 'revoc', 'cert'];
  const suffixes = ['ational', 'tional', 'enci', 'anci', 'abli', 'entli', 'izer', 'ization', 'ation', 'ator', 'alism', 'aliti', 'alli', 'fulness', 'ousli', 'ousness', 'iveness', 'iviti', 'biliti', 'bli', 'ogi', 'fulli', 'lessli', 'li', 'alize', 'icate', 'iciti', 'ical', 'ful', 'ness', 'ative', 'ing', 'ed', 'edly', 'ingly', 'eed', 'eedly', 'ies', 'ied', 's', 'sses', 'y', 'ly', 'ement', 'ment', 'ence', 'er', 'able', 'ible', 'ate', 'ous', 'ive', 'ize', 'ion', 'al', 'e', 'll'];
  for (const b of bases) for (const x of suffixes) for (const y of ['', ...suffixes]) words.add(b + x + y);
  for (const w of ['ability', 'dying', 'lying', 'tying', 'skies', 'hoping', 'happily', 'hopping', 'gently', 'early', 'only', 'news', 'twelve', "ca's"]) words.add(w);
  let checked = 0;
  for (const w of words) {
    const lit = stemLiteral(stem(w));
    if (lit === null) continue;
    checked++;
    assert.ok(w.startsWith(lit), `${w}: stem ${stem(w)}, literal ${lit}`);
  }
  assert.ok(checked > 10000, `${checked} words`);
  assert.equal(stemLiteral(stem('twelve')), null);
});

test("a forbidden-wording rule's patterns asked as one group never skip a unit where one of them matches (every built-in rule)", () => {
  const checks = builtinRules().rules.map((r) => r.check).filter((c): c is ForbiddenCheck => c.type === 'forbidden' && c.patterns.length > 1);
  assert.ok(checks.length > 0, 'built-in rules with several forbidden patterns');
  // The rule fixtures (their failing cases state what the rules forbid), the example and the synthetic document.
  const docs = loadFixtures().flatMap((fx) => fx.cases.map((c) => caseDoc(fx, c)));
  const example = readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8');
  const texts = [...docs.flatMap(variants), ...variants(example), syntheticCps(ROOT, 200_000, 12)].flatMap((t) => documentUnits(parseDocument(t)).map((u) => u.text));
  let matched = 0;
  let skipped = 0;
  for (const c of checks) {
    const union = unionOf(c);
    for (const text of texts) {
      const hit = c.patterns.find((p) => scan(p.any, text, 0, text.length).length);
      if (!mayMatch(union, text)) {
        skipped++;
        if (hit) assert.fail(`the patterns of ${JSON.stringify(c.patterns.map((p) => p.label))} as one group skip a match of ${JSON.stringify(hit.any.terms)} in ${JSON.stringify(text.slice(0, 200))}`);
      }
      if (hit) matched++;
    }
  }
  // The texts exercise the rules (some match), and the group does rule texts out (most match nothing).
  assert.ok(matched > 100 && skipped > texts.length, `${matched} units with a match, ${skipped} skipped`);
});
