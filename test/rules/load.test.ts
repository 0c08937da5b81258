/** Loading rule packs: schema validation, error positions, and isolation of broken packs/rules. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import builtin from 'cpslint:builtin-rules';
import { loadRulePacks, formatLoadError } from '../../server/src/service/rules/load';

const good = {
  file: 'rules/packs/good.yaml',
  text: `pack: good
title: Good pack
defaults:
  source: { document: BR, version: "2.2.6" }
  programs: [all]
  kinds: [CPS]
  elsewhere: weaker
rules:
  - id: br-1.1-example
    title: Example
    source: { section: "1.1" }
    effective: 2020-01-01
    sections: ["1.1"]
    severity: warning
    message: Missing.
    rationale: Because.
    check:
      type: commitment
      parts:
        - id: words
          label: some words
          all: [[hello]]
`,
};

describe('rule pack loading', () => {
  test('the built-in packs load without errors', () => {
    const { rules, errors } = loadRulePacks(builtin);
    assert.deepEqual(errors.map(formatLoadError), []);
    assert.ok(rules.length >= 40, `only ${rules.length} rules`);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'ids are unique');
  });

  test('a YAML syntax error names the file and line; other packs still load', () => {
    const broken = { file: 'rules/packs/broken.yaml', text: 'pack: broken\ntitle: Broken\nrules:\n  - id: br-x\n    title: [unclosed\n' };
    const { rules, errors } = loadRulePacks([broken, good]);
    assert.equal(rules.length, 1);
    assert.equal(rules[0].id, 'br-1.1-example');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].file, 'rules/packs/broken.yaml');
    assert.ok(errors[0].line >= 5, `line ${errors[0].line}`);
    assert.match(formatLoadError(errors[0]), /^rules\/packs\/broken\.yaml:\d+:\d+: YAML syntax error/);
  });

  test('a schema error in one rule names the file, line and rule; the other rules of the pack load', () => {
    const text = good.text.replace('rules:\n', `rules:\n  - id: br-2.2-bad\n    title: Bad\n    source: { section: "2.2" }\n    effective: 2020-01-01\n    sections: ["2.2"]\n    severity: fatal\n    message: M.\n    rationale: R.\n    check: { type: commitment }\n`);
    const { rules, errors } = loadRulePacks([{ file: 'rules/packs/mixed.yaml', text }]);
    assert.deepEqual(rules.map((r) => r.id), ['br-1.1-example']);
    assert.equal(errors.length, 1);
    const e = errors[0];
    assert.equal(e.file, 'rules/packs/mixed.yaml');
    assert.equal(e.ruleId, 'br-2.2-bad');
    assert.equal(e.line, 14, formatLoadError(e));
    assert.match(e.message, /severity: must be one of "error", "warning", "info"/);
  });

  test('a missing required field is reported at the rule', () => {
    const text = good.text.replace('    message: Missing.\n', '');
    const { rules, errors } = loadRulePacks([{ file: 'p.yaml', text }]);
    assert.equal(rules.length, 0);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 9);
    assert.match(errors[0].message, /missing required field "message"/);
  });

  test('an invalid regular expression is reported at its line', () => {
    const text = good.text.replace('all: [[hello]]', "all: [['/hello(/']]");
    const { rules, errors } = loadRulePacks([{ file: 'p.yaml', text }]);
    assert.equal(rules.length, 0);
    assert.equal(errors[0].line, 22);
    assert.match(errors[0].message, /invalid pattern/);
  });

  test('a phrase that looks like a regular expression is rejected', () => {
    const text = good.text.replace('all: [[hello]]', 'all: [[hello (?:world)]]');
    const { errors } = loadRulePacks([{ file: 'p.yaml', text }]);
    assert.match(errors[0]?.message ?? '', /write a regular expression as/);
  });

  test('duplicate rule ids across packs are reported and the second is skipped', () => {
    const { rules, errors } = loadRulePacks([good, { ...good, file: 'rules/packs/again.yaml' }]);
    assert.equal(rules.length, 1);
    assert.equal(errors[0].file, 'rules/packs/again.yaml');
    assert.match(errors[0].message, /duplicate rule id br-1\.1-example \(already defined in rules\/packs\/good\.yaml\)/);
  });

  test('an ineffective date before the effective date is an error', () => {
    const text = good.text.replace('    effective: 2020-01-01\n', '    effective: 2020-01-01\n    ineffective: 2019-01-01\n');
    const { errors } = loadRulePacks([{ file: 'p.yaml', text }]);
    assert.match(errors[0]?.message ?? '', /must be after effective/);
  });

  test('a contradiction whose unlessStated names no part of the rule is an error', () => {
    const contra = '\n      contradictions:\n        - { id: c, all: [[goodbye]], unlessStated: [word], message: Bye. }\n';
    const bad = loadRulePacks([{ file: 'p.yaml', text: good.text.trimEnd() + contra }]);
    assert.match(bad.errors[0]?.message ?? '', /unlessStated names no part of this rule: "word"/);
    const ok = loadRulePacks([{ file: 'p.yaml', text: good.text.trimEnd() + contra.replace('[word]', '[words]') }]);
    assert.deepEqual(ok.errors, []);
    const c = ok.rules[0].check;
    assert.ok(c.type === 'commitment' && c.contradictions[0].unlessStated[0] === 'words');
  });

  test('a pack without rules is a pack-level error', () => {
    const { rules, errors } = loadRulePacks([{ file: 'empty.yaml', text: 'pack: empty\ntitle: Empty\n' }, good]);
    assert.equal(rules.length, 1);
    assert.equal(errors[0].file, 'empty.yaml');
    assert.match(errors[0].message, /missing required field "rules"/);
  });

  test('pack defaults are merged into rules', () => {
    const { rules } = loadRulePacks([good]);
    assert.deepEqual(rules[0].source, { document: 'BR', version: '2.2.6', section: '1.1', item: undefined, url: undefined });
    assert.deepEqual(rules[0].programs, ['all']);
    assert.equal(rules[0].elsewhere, 'weaker');
    assert.equal(rules[0].file, 'rules/packs/good.yaml');
    assert.equal(rules[0].line, 9);
  });
});
