/** checkDocument: structural findings and rule findings get overrides and suppressions exactly once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, checkDocument } from '../../server/src/service';
import { ROOT } from './model-skeleton';

const example = readFileSync(join(ROOT, 'examples', 'example-ca-cps.md'), 'utf8');
const base = { asOf: '2026-11-25', programs: ['mozilla', 'chrome'] };

test('a severity override does not lift a rule that is not in force yet', () => {
  // A vague word where MRSP 3.3.3 reads (chapters 3 and 4), added to the example.
  const vagueDoc = example.replace('### 4.9.6 Revocation Checking Requirement for Relying Parties', 'Northwind reviews its problem-report procedures periodically.\n\n### 4.9.6 Revocation Checking Requirement for Relying Parties');
  assert.notEqual(vagueDoc, example);
  const fs = checkDocument(parseDocument(vagueDoc), { ...base, severity: { 'mrsp-3.3.3-explicit-bounded-language': 'error' } });
  const vague = fs.filter((f) => f.code === 'mrsp-3.3.3-explicit-bounded-language');
  assert.ok(vague.length > 0);
  for (const f of vague) {
    assert.equal(f.severity, 'info');
    assert.match(f.message, /in force from 2027-07-01/);
  }
});

test('severity overrides and off apply to structural findings', () => {
  const fs = checkDocument(parseDocument(example), { ...base, severity: { 'cps-missing-section': 'warning', 'cps-blank-section': 'off' } });
  assert.ok(fs.filter((f) => f.code === 'cps-missing-section').every((f) => f.severity === 'warning'));
  assert.equal(fs.filter((f) => f.code === 'cps-blank-section').length, 0);
});

test('cpslint-disable comments silence structural findings in a section and in the file', () => {
  const inSection = example.replace('## 9.13 Dispute Resolution Provisions\n', '## 9.13 Dispute Resolution Provisions\n\n<!-- cpslint-disable cps-blank-section -->\n');
  assert.notEqual(inSection, example);
  assert.equal(checkDocument(parseDocument(inSection), base).filter((f) => f.code === 'cps-blank-section').length, 0);
  const fileWide = `<!-- cpslint-disable-file cps-missing-section -->\n\n${example}`;
  const fs = checkDocument(parseDocument(fileWide), base);
  assert.equal(fs.filter((f) => f.code === 'cps-missing-section').length, 0);
  assert.ok(fs.some((f) => f.code === 'cps-blank-section'), 'other codes still reported');
});

test('every structural finding offers suppression for its section and for the file', () => {
  const blank = checkDocument(parseDocument(example), base).find((f) => f.code === 'cps-blank-section')!;
  const titles = (blank.fixes ?? []).map((f) => f.title);
  assert.ok(titles.includes('Suppress cps-blank-section for this section'), titles.join(' | '));
  assert.ok(titles.includes('Suppress cps-blank-section for this file'), titles.join(' | '));
});
