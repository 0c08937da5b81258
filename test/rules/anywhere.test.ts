/**
 * Document-wide conditions across versions (pipeline/anywhere.ts): the answer for a version is
 * derived from the previous version's (only units with new text are read), and must equal the
 * answer asked of the version from scratch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, type DocumentModel } from '../../server/src/service/model';
import { anywhere, type Query } from '../../server/src/service/rules/pipeline/anywhere';
import { compileAnyOf } from '../../server/src/service/rules/patterns';

const base = [
  '# 1. Introduction', '', 'This document describes the practices of the Example CA.', '',
  '## 1.1 Overview', '', 'The CA issues certificates to subscribers.', '',
  '# 4. Certificate Life-Cycle Operational Requirements', '', '## 4.9 Revocation', '', 'The CA revokes certificates when asked.', '',
  '# 5. Facility, Management, and Operational Controls', '', '## 5.7 Compromise and disaster recovery', '', 'The CA keeps backups.', '',
].join('\n');

const plain: Query = { groups: [compileAnyOf(['mass revocation'])], includeHistory: false, negation: 'plain' };
const counted: Query = { groups: [compileAnyOf(['mass revocation'])], includeHistory: false, negation: undefined };

function fresh(text: string): DocumentModel {
  return parseDocument(text);
}

test('an answer carried from version to version equals the answer from scratch', () => {
  const steps: ((t: string) => string)[] = [
    (t) => t, // nothing matches
    (t) => t.replace('The CA keeps backups.', 'The CA keeps backups and plans for a mass revocation.'), // a new unit matches
    (t) => t.replace('describes the practices', 'describes the stated practices'), // the witness stays
    (t) => t.replace('plans for a mass revocation', 'does not plan for a mass revocation'), // negated: counted false, plain true
    (t) => t.replace('does not plan for a mass revocation', 'plans for recovery'), // the witness goes
    (t) => t.replace('The CA revokes certificates when asked.', 'The CA revokes certificates when asked, including in a mass revocation.'),
    (t) => t.replace('## 1.1 Overview', '## 1.1 Overview of a mass revocation'), // a heading: a unit of the outline
    (t) => t.replace(', including in a mass revocation', ''),
  ];
  let text = base;
  let prev: DocumentModel | undefined;
  const seen: string[] = [];
  for (const [i, step] of steps.entries()) {
    text = step(text);
    const model = parseDocument(text, prev);
    for (const q of [plain, counted]) {
      const got = anywhere(model, q);
      const want = anywhere(fresh(text), q);
      assert.equal(got, want, `step ${i}, ${q.negation === 'plain' ? 'plain' : 'not negated'}`);
      seen.push(String(got));
    }
    prev = model;
  }
  assert.ok(seen.includes('true') && seen.includes('false'), 'both answers occur');
});
