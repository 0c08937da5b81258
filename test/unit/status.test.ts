/** The status bar text (client/src/status.ts): "checking…" until a document's diagnostics arrive, then the counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../client/src/status';

const base = { running: true, checked: false, errors: 0, warnings: 0, asOf: '', restricted: false };

test('before the first diagnostics of a document: "checking…", no counts (not a false "0 0")', () => {
  const v = statusView(base);
  assert.match(v.text, /checking…/);
  assert.doesNotMatch(v.text, /\$\(error\)|\$\(warning\)|\d/);
  assert.match(v.tooltip, /checking this CP\/CPS/);
});

test('once they arrive: the counts and the as-of date, also for a clean document', () => {
  assert.equal(statusView({ ...base, checked: true, errors: 2, warnings: 5, asOf: '2026-11-25' }).text, '$(checklist) cpslint $(error) 2 $(warning) 5 · as of 2026-11-25');
  const clean = statusView({ ...base, checked: true });
  assert.equal(clean.text, '$(checklist) cpslint $(error) 0 $(warning) 0 · as of today');
  assert.doesNotMatch(clean.text, /checking/);
});

test('no server: says so, with neither counts nor "checking…"; Restricted Mode is shown in every state', () => {
  const off = statusView({ ...base, running: false, checked: true, errors: 3 });
  assert.match(off.text, /not running/);
  assert.doesNotMatch(off.text, /checking|\$\(error\)/);
  for (const s of [{ ...base, restricted: true }, { ...base, restricted: true, checked: true }, { ...base, restricted: true, running: false }]) {
    assert.match(statusView(s).text, /built-in rules only/);
    assert.match(statusView(s).tooltip, /Restricted Mode/);
  }
});
