/**
 * The built-in packs keep V8's backtracking engine only because none of their patterns can
 * backtrack super-linearly (issue 13): every pattern is analysed with scslre, which finds
 * exponential and polynomial backtracking for attack strings that repeat a character. Workspace
 * packs do not need this: they run on the linear engine (server/src/service/rules/linear.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from 'scslre';
import { RegExpParser } from '@eslint-community/regexpp';
import { builtinRules } from '../../server/src/service/rules/builtin';
import type { AnyOf, Rule } from '../../server/src/service/rules/types';
import type { TextPattern } from '../../server/src/service/rules/linear';

/** Every compiled pattern of a rule, with where it comes from. */
function patternsOf(rule: Rule): { where: string; p: TextPattern }[] {
  const out: { where: string; p: TextPattern }[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, path: string) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if ('scan' in v && 'engine' in v) return void out.push({ where: path, p: v as TextPattern });
    const g = v as AnyOf;
    if (Array.isArray(g.regexes) && Array.isArray(g.terms)) return g.regexes.forEach((p, i) => out.push({ where: `${path} ${JSON.stringify(g.terms[i])}`, p }));
    for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
  };
  visit(rule.check, `${rule.id} check`);
  return out;
}

test('no built-in pattern backtracks super-linearly (scslre)', () => {
  const parser = new RegExpParser({ ecmaVersion: 2024 });
  const bad: string[] = [];
  let n = 0;
  for (const rule of builtinRules().rules) {
    for (const { where, p } of patternsOf(rule)) {
      assert.equal(p.engine, 'native', where);
      const re = (p as unknown as { re: RegExp }).re;
      const literal = parser.parseLiteral(`/${re.source}/${re.flags}`);
      const r = analyse(literal, { reportTypes: { Move: false } });
      n++;
      for (const rep of r.reports) bad.push(`${where}: /${re.source}/ (${rep.type}${rep.exponential ? ', exponential' : ''}, attack character ${JSON.stringify(rep.character.pick)})`);
    }
  }
  assert.ok(n > 500, `analysed ${n} patterns`);
  assert.deepEqual(bad, []);
});
