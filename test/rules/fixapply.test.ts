/**
 * Fix texts that are true (issue 11 §2): applying a rule's quick fix makes that rule pass and makes
 * no other check fail.
 *
 * - Every fixture case with `applyFix`: after the fix, the full check (all rules and the structural
 *   checks) reports nothing the document did not already have, apart from the rule's own info.
 * - examples/example-ca-cps.md and, skipping without ../shared, the corpus documents: each quick fix
 *   offered (the first finding of each rule) removes its finding and adds none.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';
import { applyEdits, stripSnippet } from '../../server/src/service/rules/fixes';
import type { Finding } from '../../server/src/service/findings';
import { ALL_PROGRAMS, builtinRules, caseDoc, loadFixtures, projectRoot } from './helpers';
import { corpusDir } from '../support/shared';

const key = (f: Finding) => `${f.code} | ${f.severity} | ${f.message}`;
const RANK: Record<string, number> = { info: 1, warning: 2, error: 3 };

/**
 * What got worse from `before` to `after`, code by code (the fixed rule excepted): a check that did
 * not report anything now does, or reports at a higher severity, or reports more warnings and errors.
 * A finding that only changes its wording at the same or a lower severity ("missing" becoming
 * "found, but in §X") is not counted here; on real documents `added` below is stricter.
 */
function worse(before: Finding[], after: Finding[], except: string, ignore: (f: Finding) => boolean = () => false): string[] {
  const group = (fs: Finding[]) => {
    const m = new Map<string, Finding[]>();
    for (const f of fs) if (f.code !== except && !ignore(f)) m.set(f.code, [...(m.get(f.code) ?? []), f]);
    return m;
  };
  const b = group(before);
  const out: string[] = [];
  for (const [code, fs] of group(after)) {
    const was = b.get(code) ?? [];
    const max = (xs: Finding[]) => Math.max(0, ...xs.map((x) => RANK[x.severity]));
    const serious = (xs: Finding[]) => xs.filter((x) => x.severity !== 'info').length;
    if (!was.length || max(fs) > max(was) || serious(fs) > serious(was)) out.push(...fs.filter((f) => !was.some((w) => key(w) === key(f))).map(key));
  }
  return out;
}

/** Findings of `after` that `before` did not have (as a multiset of code, severity and message). */
function added(before: Finding[], after: Finding[]): string[] {
  const left = new Map<string, number>();
  for (const f of before) left.set(key(f), (left.get(key(f)) ?? 0) + 1);
  const out: string[] = [];
  for (const f of after) {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) left.set(key(f), n - 1);
    else out.push(key(f));
  }
  return out;
}

function applyFirstQuickFix(text: string, f: Finding): string | null {
  const fix = f.fixes?.find((x) => x.kind === 'quickfix');
  if (!fix) return null;
  const model = parseDocument(text);
  return applyEdits(model, fix.edits.map((e) => ({ ...e, newText: fix.snippet ? stripSnippet(e.newText, { 'CA name': 'Example Trust Services' }) : e.newText })));
}

/** Apply the quick fix of the first finding of each rule that offers one; report what goes wrong. */
function checkFixesOn(text: string, asOf: string): string[] {
  const opts = { asOf, programs: ALL_PROGRAMS };
  const before = checkDocument(parseDocument(text), opts);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of before) {
    if (seen.has(f.code) || !f.fixes?.some((x) => x.kind === 'quickfix')) continue;
    seen.add(f.code);
    const after = applyFirstQuickFix(text, f)!;
    const found = checkDocument(parseDocument(after), opts);
    const still = found.filter((x) => key(x) === key(f));
    if (still.length >= before.filter((x) => key(x) === key(f)).length) problems.push(`${f.code}: the fix does not remove "${f.message}"`);
    for (const a of worse(before, found, f.code)) problems.push(`${f.code}: the fix adds ${a}`);
    for (const a of added(before, found)) if (a.startsWith(`${f.code} | `) && !a.startsWith(`${f.code} | info`)) problems.push(`${f.code}: the fix leaves ${a}`);
  }
  return problems;
}

describe('applying a fix adds no finding', () => {
  const byRule = new Set(builtinRules().map((r) => r.id));
  for (const fx of loadFixtures()) {
    if (!byRule.has(fx.rule)) continue;
    for (const c of fx.cases.filter((x) => x.applyFix)) {
      test(`${fx.rule}: ${c.name}`, () => {
        const text = caseDoc(fx, c);
        const opts = { asOf: c.asOf ?? fx.asOf, programs: c.programs ?? fx.programs ?? ALL_PROGRAMS };
        const before = checkDocument(parseDocument(text), opts);
        const f = before.find((x) => x.code === fx.rule && x.fixes?.some((q) => q.kind === 'quickfix'));
        assert.ok(f, 'the rule offers a quick fix here');
        const after = applyFirstQuickFix(text, f)!;
        const found = checkDocument(parseDocument(after), opts);
        const own = c.expect.every((e) => e.severity === 'info');
        assert.deepEqual(found.filter((x) => x.code === fx.rule && (x.severity !== 'info' || !own)).map(key), [], `the rule still fires after its fix:\n${after}`);
        // The fixture documents are skeletons: references to sections they lack are not the fix's fault.
        const extra = worse(before, found, fx.rule, (x) => x.code === 'cps-broken-xref' || x.code === 'cps-missing-section');
        assert.deepEqual(extra, [], `the fix of ${fx.rule} makes other checks worse:\n${after}`);
      });
    }
  }

  test('examples/example-ca-cps.md: every quick fix removes its finding and adds none', () => {
    const text = readFileSync(join(projectRoot(), 'examples', 'example-ca-cps.md'), 'utf8');
    assert.deepEqual(checkFixesOn(text, '2026-11-25'), []);
  });

  const dir = corpusDir();
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort() : [];
  if (!files.length) test('corpus quick fixes', (t) => t.skip('../shared/corpus is not available'));
  for (const file of files) {
    test(`${file}: every quick fix removes its finding and adds none`, () => {
      assert.deepEqual(checkFixesOn(readFileSync(join(dir, file), 'utf8'), '2026-11-25'), []);
    });
  }
});
