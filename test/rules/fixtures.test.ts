/**
 * One test per fixture case under test/fixtures/rules/*.yaml. Each fixture names a rule and an
 * as-of date; each case is a small CP/CPS (a full document, or section bodies dropped into a
 * generated RFC 3647 skeleton) and the findings that rule must report for it (severity and a
 * piece of the message). Adding a rule means adding a fixture file; no code changes.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { compareNumbers } from '../../server/src/service/outline';
import { applyEdits, stripSnippet } from '../../server/src/service/rules/fixes';
import { ALL_PROGRAMS, builtinRules, caseDoc, loadFixtures, runOne } from './helpers';
import type { Finding } from '../../server/src/service/findings';

const fixtures = loadFixtures();

function describeFindings(fs: Finding[]): string {
  return fs.map((f) => `  ${f.severity} @${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n') || '  (none)';
}

function matches(f: Finding, e: { code?: string; severity?: string; message?: string; text?: string }, code: string, text: string, model: ReturnType<typeof parseDocument>): boolean {
  if ((e.code ?? code) !== f.code) return false;
  if (e.severity && e.severity !== f.severity) return false;
  if (e.message) {
    const m = /^\/(.*)\/$/.exec(e.message);
    if (m ? !new RegExp(m[1], 'i').test(f.message) : !f.message.toLowerCase().includes(e.message.toLowerCase())) return false;
  }
  if (e.text) {
    const covered = text.slice(model.lines.offsetAt(f.range.start), model.lines.offsetAt(f.range.end));
    if (!covered.includes(e.text)) return false;
  }
  return true;
}

describe('rule fixtures', () => {
  test('every built-in rule has a fixture file with a compliant and a failing case', () => {
    const ids = new Set(fixtures.map((f) => f.rule));
    const missing = builtinRules().filter((r) => !ids.has(r.id)).map((r) => r.id);
    assert.deepEqual(missing, [], `rules without fixtures: ${missing.join(', ')}`);
    for (const fx of fixtures) {
      assert.ok(fx.cases.some((c) => c.expect.length === 0), `${fx.file}: needs a compliant case (expect: [])`);
      assert.ok(fx.cases.some((c) => c.expect.length > 0), `${fx.file}: needs a failing case`);
    }
  });

  test('every rule with fix text has an apply-the-fix case', () => {
    const withFix = builtinRules().filter((r) => r.fix);
    const covered = new Set(fixtures.filter((f) => f.cases.some((c) => c.applyFix)).map((f) => f.rule));
    const missing = withFix.filter((r) => !covered.has(r.id)).map((r) => r.id);
    assert.deepEqual(missing, [], `rules with fix text but no applyFix case: ${missing.join(', ')}`);
  });

  for (const fx of fixtures) {
    describe(`${fx.file} (${fx.rule})`, () => {
      for (const c of fx.cases) {
        test(c.name, () => {
          const text = caseDoc(fx, c);
          const model = parseDocument(text);
          assert.ok(model.rfc3647, 'fixture document must follow RFC 3647');
          const opts = { asOf: c.asOf ?? fx.asOf, programs: c.programs ?? fx.programs ?? ALL_PROGRAMS, kinds: c.kinds };
          const found = runOne(model, fx.rule, opts);
          const unmatched = [...found];
          for (const e of c.expect) {
            const i = unmatched.findIndex((f) => matches(f, e, fx.rule, text, model));
            assert.ok(i >= 0, `expected ${JSON.stringify(e)} among:\n${describeFindings(found)}`);
            unmatched.splice(i, 1);
          }
          assert.equal(unmatched.length, 0, `unexpected findings:\n${describeFindings(unmatched)}`);
          for (const f of found) {
            const s = model.lines.offsetAt(f.range.start);
            const e = model.lines.offsetAt(f.range.end);
            assert.ok(s <= e && e <= text.length, 'range within the document');
          }
          if (c.applyFix) {
            const f = found[0];
            assert.ok(f, 'applyFix needs a finding');
            const fix = f.fixes?.find((x) => x.kind === 'quickfix');
            assert.ok(fix, 'finding has a quick fix');
            const edits = fix.edits.map((ed) => ({ ...ed, newText: fix.snippet ? stripSnippet(ed.newText, { 'CA name': 'Example Trust Services' }) : ed.newText }));
            const after = applyEdits(model, edits);
            // Only an insertion (or the replacement of a bare "No stipulation.") and nothing else.
            assert.equal(edits.length, 1, 'one edit');
            const es = model.lines.offsetAt(edits[0].range.start);
            const ee = model.lines.offsetAt(edits[0].range.end);
            assert.match(text.slice(es, ee), /^(?:|no stipulation\.?|not applicable\.?)$/i, 'the fix only replaces "No stipulation."');
            assert.equal(after.slice(0, es), text.slice(0, es), 'bytes before the edit are unchanged');
            assert.equal(after.slice(es + edits[0].newText.length), text.slice(ee), 'bytes after the edit are unchanged');
            // The outline is the same, plus at most the new section in its RFC 3647 place.
            const before = model.all.map((s) => s.number ?? s.title);
            const outline = parseDocument(after).all.map((s) => s.number ?? s.title);
            if (outline.length === before.length) assert.deepEqual(outline, before, 'outline unchanged');
            else {
              assert.equal(outline.length, before.length + 1, 'exactly one new section');
              const extra = outline.find((n, i) => n !== before[i]);
              const idx = outline.indexOf(extra!);
              assert.deepEqual([...outline.slice(0, idx), ...outline.slice(idx + 1)], before, 'other sections unchanged and in order');
              const prevNum = outline.slice(0, idx).reverse().find((n) => /^\d/.test(String(n)));
              const nextNum = outline.slice(idx + 1).find((n) => /^\d/.test(String(n)));
              if (prevNum) assert.ok(compareNumbers(String(prevNum), String(extra)) < 0, `${extra} after ${prevNum}`);
              if (nextNum) assert.ok(compareNumbers(String(extra), String(nextNum)) < 0, `${extra} before ${nextNum}`);
            }
            const again = runOne(after, fx.rule, opts);
            assert.deepEqual(again.filter((x) => x.severity !== 'info' || c.expect.every((e) => e.severity === 'info')), [], `after the fix:\n${describeFindings(again)}\n---\n${after}`);
          }
        });
      }
    });
  }
});
