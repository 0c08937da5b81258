/** "Fix all findings of this rule": one set of non-overlapping edits that clears every finding of the code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, checkDocument, fixAllEdits, unattendedFixEdits } from '../../server/src/service';
import { applyEdits, stripSnippet } from '../../server/src/service/rules/fixes';
import { ROOT, skeleton } from './model-skeleton';

const opts = { asOf: '2026-11-25', programs: ['mozilla', 'chrome'] };

test('fix all cps-missing-section findings in the example inserts both sections and nothing else', () => {
  const text = readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8');
  const model = parseDocument(text);
  const findings = checkDocument(model, opts);
  const missing = findings.filter((f) => f.code === 'cps-missing-section');
  assert.equal(missing.length, 2);
  const all = fixAllEdits(findings, 'cps-missing-section');
  assert.equal(all.count, 2);
  const fixed = applyEdits(model, all.edits.map((e) => ({ ...e, newText: stripSnippet(e.newText) })));
  // Only insertions: taking the inserted text out again gives back the original bytes.
  let rebuilt = '';
  let from = 0; // in `fixed`
  let shift = 0;
  for (const e of [...all.edits].sort((a, b) => model.lines.offsetAt(a.range.start) - model.lines.offsetAt(b.range.start))) {
    const at = model.lines.offsetAt(e.range.start);
    assert.equal(model.lines.offsetAt(e.range.end), at, 'an insertion, not a replacement');
    const ins = stripSnippet(e.newText);
    assert.equal(fixed.slice(at + shift, at + shift + ins.length), ins);
    rebuilt += fixed.slice(from, at + shift);
    from = at + shift + ins.length;
    shift += ins.length;
  }
  rebuilt += fixed.slice(from);
  assert.equal(rebuilt, text);
  const after = parseDocument(fixed);
  const codes = checkDocument(after, opts).map((f) => f.code);
  assert.ok(!codes.includes('cps-missing-section'));
  const numbers = (m: typeof model) => m.all.filter((s) => s.number).map((s) => s.number);
  assert.deepEqual(
    numbers(after).filter((n) => n !== '4.6.7' && n !== '5.3.8'),
    numbers(model),
  );
  assert.ok(numbers(after).includes('4.6.7') && numbers(after).includes('5.3.8'));
});

test('fix all skips fixes that would touch the same place twice', () => {
  const pos = { line: 3, character: 0 };
  const f = (code: string) => ({
    code,
    severity: 'error' as const,
    message: '',
    range: { start: pos, end: pos },
    source: { document: 'BR' as const, version: '2.2.6', section: '1.1' },
    fixes: [{ title: 't', edits: [{ range: { start: pos, end: pos }, newText: 'x' }] }],
  });
  const r = fixAllEdits([f('a'), f('a'), f('b')], 'a');
  assert.equal(r.count, 1);
  assert.equal(r.edits.length, 1);
});

test('the unattended fix-all (source.fixAll.cpslint) only writes "No stipulation." into blank sections RFC 3647 leaves to the CA', () => {
  // 5.1.1 (site location) is left to the CA; 4.9.3 (how to request revocation) needs a practice.
  const text = skeleton({ omit: ['4.6.7'], body: { '5.1.1': '', '4.9.3': '' } });
  const model = parseDocument(text);
  const findings = checkDocument(model, opts);
  const blank = findings.filter((f) => f.code === 'cps-blank-section');
  assert.equal(blank.length, 2, findings.map((f) => f.code).join(', '));
  const all = unattendedFixEdits(findings);
  assert.equal(all.count, 1);
  const fixed = applyEdits(model, all.edits);
  assert.match(all.edits[0].newText, /^\s*No stipulation\.\s*$/);
  const after = checkDocument(parseDocument(fixed), opts).filter((f) => f.code === 'cps-blank-section');
  assert.deepEqual(after.map((f) => f.message.match(/Section (\S+)/)?.[1]), ['4.9.3']);
  // The missing section (placeholders), the practice placeholder and every rule fix (commitment
  // text in the CA's voice) stay quick fixes a person chooses.
  const example = checkDocument(parseDocument(readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8')), opts);
  const ruleFixes = example.filter((f) => !f.code.startsWith('cps-') && f.fixes?.some((x) => x.kind !== 'suppress'));
  assert.ok(ruleFixes.length > 0, 'the example has rule findings with fixes');
  for (const f of [...findings, ...example]) {
    for (const x of f.fixes ?? []) if (x.unattended) assert.ok(f.code === 'cps-blank-section' && !x.snippet && x.title === 'Insert "No stipulation."', `${f.code}: ${x.title}`);
  }
});
