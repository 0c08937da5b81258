/** docs/rules.md is generated from the rule packs; it must be up to date and document every code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderRuleDocs } from '../../server/src/service/rules/docs';
import { docUrl } from '../../server/src/service/findings';
import { builtinRules, projectRoot } from './helpers';

test('docs/rules.md is up to date (regenerate with: node scripts/gen-rule-docs.mjs)', () => {
  const root = projectRoot();
  const structurePath = join(root, 'rules', 'structure.yaml');
  const structure = existsSync(structurePath) ? ((parseYaml(readFileSync(structurePath, 'utf8')) as { checks?: [] })?.checks ?? []) : [];
  const expected = renderRuleDocs(builtinRules(), structure);
  const actual = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  assert.ok(actual === expected, 'docs/rules.md differs from the rule packs; run: node scripts/gen-rule-docs.mjs');
});

test('every rule has a heading whose anchor matches docUrl()', () => {
  const md = readFileSync(join(projectRoot(), 'docs', 'rules.md'), 'utf8');
  // Explicit <a id="…"> anchors (the code as written, dots kept) precede every heading.
  const anchors = new Set([...md.matchAll(/^<a id="([^"]+)"><\/a>$/gm)].map((m) => m[1]));
  for (const r of builtinRules()) assert.ok(anchors.has(docUrl(r.id).split('#')[1]), r.id);
});
