/**
 * Quick fixes: the inserted text lands at the end of the right section (before its first
 * subsection), replaces a bare "No stipulation.", or creates the missing section in RFC 3647 order
 * in the document's own heading style; nothing outside the insertion changes.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { runRules } from '../../server/src/service/rules/run';
import { applyEdits, stripSnippet } from '../../server/src/service/rules/fixes';
import type { Fix } from '../../server/src/service/findings';
import { ruleById, runOne } from './helpers';

const CHAPTERS = (style: (n: string, t: string) => string) =>
  [
    ['1', 'Introduction'], ['2', 'Publication and repository responsibilities'], ['3', 'Identification and authentication'],
    ['4', 'Certificate life-cycle operational requirements'], ['5', 'Facility, management, and operational controls'],
    ['6', 'Technical security controls'], ['7', 'Certificate, CRL, and OCSP profiles'], ['8', 'Compliance audit and other assessments'],
    ['9', 'Other business and legal matters'],
  ].map(([n, t]) => style(n, t));

function quickFix(text: string, id: string, asOf = '2026-06-01'): { fix: Fix; model: ReturnType<typeof parseDocument> } {
  const model = parseDocument(text);
  const f = runRules(model, [ruleById(id)], { asOf, programs: ['mozilla', 'chrome', 'apple', 'microsoft'] })[0];
  assert.ok(f, `no finding for ${id}`);
  const fix = f.fixes!.find((x) => x.kind === 'quickfix');
  assert.ok(fix, 'no quick fix');
  return { fix, model };
}

function apply(text: string, id: string, asOf = '2026-06-01'): string {
  const { fix, model } = quickFix(text, id, asOf);
  return applyEdits(model, fix.edits.map((e) => ({ ...e, newText: fix.snippet ? stripSnippet(e.newText) : e.newText })));
}

const MASS = 'br-5.7.1.2-mass-revocation-assertion';

describe('quick fixes', () => {
  test('a missing section is created in the document heading style (offset +1, trailing dots)', () => {
    const chapters = CHAPTERS((n, t) => `## ${n}. ${t}`);
    chapters[4] += '\n\n### 5.7. Compromise and disaster recovery\n\nText.\n\n#### 5.7.2. Computing resources, software, and/or data are corrupted\n\nRestore.';
    const text = `# Example Trust CPS\n\n${chapters.join('\n\n')}\n`;
    const after = apply(text, MASS);
    assert.match(after, /### 5\.7\. Compromise and disaster recovery\n\nText\.\n\n#### 5\.7\.1\. Incident and compromise handling procedures\n\nExample Trust maintains an actionable/);
    assert.match(after, /improving\.\n\n#### 5\.7\.2\. Computing/);
    assert.deepEqual(runOne(after, MASS, { asOf: '2026-06-01' }), []);
  });

  test('ALL CAPS titles and bold-wrapped headings are imitated', () => {
    const chapters = CHAPTERS((n, t) => `# ${n} ${t.toUpperCase()}`);
    chapters[7] += '\n\n## **8.5 ACTIONS TAKEN AS A RESULT OF DEFICIENCY**\n\nFixes.\n\n## **8.7 SELF-AUDITS**\n\nQuarterly.';
    const after = apply(chapters.join('\n\n') + '\n', 'br-8.6-audit-report-publication');
    assert.match(after, /Fixes\.\n\n## \*\*8\.6 COMMUNICATION OF RESULTS\*\*\n\n\$\{1:CA name\}|Fixes\.\n\n## \*\*8\.6 COMMUNICATION OF RESULTS\*\*\n\nCA name makes each audit report/);
  });

  test('without a CA name the fix is a snippet with a placeholder', () => {
    const text = CHAPTERS((n, t) => `# ${n}. ${t}`).join('\n\n').replace('# 9.', '## 8.6 Communication of results\n\nResults go to management.\n\n# 9.') + '\n';
    const { fix } = quickFix(text, 'br-8.6-audit-report-publication');
    assert.equal(fix.snippet, true);
    assert.match(fix.edits[0].newText, /^\n\n\$\{1:CA name\} makes each audit report publicly available/);
  });

  test('with the CA name known the text is plain (no snippet)', () => {
    const text = `# Example Trust Services Certification Practice Statement\n\n${CHAPTERS((n, t) => `# ${n}. ${t}`).join('\n\n').replace('# 9.', '## 8.6 Communication of results\n\nResults go to management.\n\n# 9.')}\n`;
    const { fix } = quickFix(text, 'br-8.6-audit-report-publication');
    assert.equal(fix.snippet, undefined);
    assert.match(fix.edits[0].newText, /Example Trust Services makes each audit report publicly available/);
  });

  test('text goes at the end of the section body, before its first subsection', () => {
    const chapters = CHAPTERS((n, t) => `# ${n}. ${t}`);
    chapters[4] += '\n\n## 5.7 Compromise and disaster recovery\n\n### 5.7.1 Incident and compromise handling procedures\n\nThe CA handles incidents.\n\n#### 5.7.1.1 Incident Response and Disaster Recovery Plans\n\nPlans exist.';
    const text = `# Example Trust CPS\n\n${chapters.join('\n\n')}\n`;
    const after = apply(text, MASS);
    assert.match(after, /The CA handles incidents\.\n\nExample Trust maintains an actionable[^#]*improving\.\n\n#### 5\.7\.1\.1 Incident Response/);
  });

  test('a bare "No stipulation." is replaced, nothing else', () => {
    const chapters = CHAPTERS((n, t) => `# ${n}. ${t}`);
    chapters[3] += '\n\n## 4.9 Certificate revocation and suspension\n\n### 4.9.13 Circumstances for suspension\n\nNo stipulation.\n\n### 4.9.14 Who can request suspension\n\nNot applicable.';
    const text = `# Example Trust CPS\n\n${chapters.join('\n\n')}\n`;
    const { fix, model } = quickFix(text, 'br-4.9.13-no-suspension');
    const e = fix.edits[0];
    assert.equal(text.slice(model.lines.offsetAt(e.range.start), model.lines.offsetAt(e.range.end)), 'No stipulation.');
    assert.match(applyEdits(model, fix.edits), /### 4\.9\.13 Circumstances for suspension\n\nExample Trust does not suspend certificates[^\n]*\n\n### 4\.9\.14/);
  });

  test('a new section after a sibling with subsections goes after the whole subtree', () => {
    const chapters = CHAPTERS((n, t) => `# ${n}. ${t}`);
    chapters[3] +=
      '\n\n## 4.9 Certificate revocation and suspension\n\n### 4.9.1 Circumstances for revocation\n\nA.\n\n#### 4.9.1.1 Reasons for Revoking a Subscriber Certificate\n\nB.\n\n#### 4.9.1.2 Reasons for Revoking a Subordinate CA Certificate\n\nC.\n\n### 4.9.4 Revocation request grace period\n\nNone.';
    const text = `# Example Trust CPS\n\n${chapters.join('\n\n')}\n`;
    const after = apply(text, 'br-4.9.3-revocation-request-process');
    assert.match(after, /C\.\n\n### 4\.9\.3 Procedure for revocation request\n\nSubscribers request revocation[^#]*\(24x7\)\.\n\n### 4\.9\.4 Revocation request grace period/);
    assert.deepEqual(
      parseDocument(after).all.map((s) => s.number).filter(Boolean),
      ['1', '2', '3', '4', '4.9', '4.9.1', '4.9.1.1', '4.9.1.2', '4.9.3', '4.9.4', '5', '6', '7', '8', '9'],
    );
  });

  test('CRLF documents get CRLF insertions and every other byte is unchanged', () => {
    const text = `# Example Trust CPS\r\n\r\n${CHAPTERS((n, t) => `# ${n}. ${t}`).join('\r\n\r\n').replace('# 9.', '## 8.6 Communication of results\r\n\r\nResults go to management.\r\n\r\n# 9.')}\r\n`;
    const { fix, model } = quickFix(text, 'br-8.6-audit-report-publication');
    const at = model.lines.offsetAt(fix.edits[0].range.start);
    assert.equal(fix.edits[0].newText.startsWith('\r\n\r\n'), true);
    assert.ok(!/[^\r]\n/.test(fix.edits[0].newText), 'no bare LF');
    const after = applyEdits(model, fix.edits);
    assert.equal(after.slice(0, at), text.slice(0, at));
    assert.equal(after.slice(at + fix.edits[0].newText.length), text.slice(at));
  });

  test('multi-line fix text follows the document line endings', () => {
    const chapters = CHAPTERS((n, t) => `# ${n}. ${t}`);
    chapters[0] += '\n\n## 1.1 Overview\n\nThis CPS covers all CAs operated by Example Trust.';
    const text = `# Example Trust CPS\n\n${chapters.join('\n\n')}\n`.replace(/\n/g, '\r\n');
    const { fix } = quickFix(text, 'mrsp-3.3-ca-applicability-map');
    assert.ok(!/[^\r]\n/.test(fix.edits[0].newText), 'no bare LF');
  });

  test('multi-line fix text keeps its own line structure', () => {
    const chapters = CHAPTERS((n, t) => `# ${n}. ${t}`);
    chapters[0] += '\n\n## 1.1 Overview\n\nThis CPS covers all CAs operated by Example Trust.';
    const after = apply(`# Example Trust CPS\n\n${chapters.join('\n\n')}\n`, 'mrsp-3.3-ca-applicability-map');
    assert.match(after, /\| CA certificate \| Subject \| SHA-256 fingerprint \|\n\|---\|---\|---\|\n\| Root CA name \|/);
    assert.deepEqual(runOne(after, 'mrsp-3.3-ca-applicability-map', { asOf: '2026-06-01' }), []);
  });
});
