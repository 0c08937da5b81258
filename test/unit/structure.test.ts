/**
 * Structural checks (server/src/service/structure.ts), cross-references (xrefs.ts) and the
 * navigation features (features.ts), on complete RFC 3647 skeletons with one defect spliced in.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import type { DocumentModel } from '../../server/src/service/model';
import { checkStructure, structureChecks } from '../../server/src/service/structure';
import { findXRefs } from '../../server/src/service/xrefs';
import { documentSymbols, foldingRanges, definition, hover, workspaceSymbols, documentLinks } from '../../server/src/service/features';
import type { Finding } from '../../server/src/service/findings';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { headingLine, lineOf, readQuirk, section, skeleton, SkeletonOptions, STRUCTURAL_CODES as ALL_CODES } from './model-skeleton';


function check(opts: SkeletonOptions = {}): { model: DocumentModel; findings: Finding[] } {
  const model = parseDocument(skeleton(opts));
  assert.equal(model.rfc3647, true, 'the skeleton is RFC 3647');
  return { model, findings: checkStructure(model) };
}
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const only = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
/** 1-based line of the heading of a section. */
const headingLineOf = (m: DocumentModel, n: string) => lineOf(m, section(m, n).headingStart);
/** LSP position (0-based) of the n-th occurrence of a string, plus a character offset. */
function posOf(m: DocumentModel, needle: string, nth = 0, delta = 1) {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = m.text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `"${needle}" #${nth} not found`);
  }
  return m.lines.positionAt(i + delta);
}

test('every structural code is declared in rules/structure.yaml', () => {
  for (const c of ALL_CODES) assert.ok(structureChecks().has(c), c);
});

describe('a clean document has no structural findings', () => {
  for (const style of ['dot-top-only', 'dots-every-level', 'bold-lines', 'offset+1', 'tab'] as const) {
    test(style, () => assert.deepEqual(check({ style }).findings, []));
  }
  test('with the optional BR refinements', () => assert.deepEqual(check({ optional: true }).findings, []));
  test('"No stipulation." where the BR has no requirement', () => {
    const { findings } = check({ body: { '4.9.4': 'No stipulation.', '4.9.14': 'No Stipulation', '9.16.5': '**No stipulation.**' } });
    assert.deepEqual(findings, []);
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * A missing-section finding sits where its fix inserts the section: a point after the last text
 * before the insertion (only blank space between them), inside `prev`'s subtree and before the
 * heading of `next` (when given), never on a heading line; the related location names `prev`.
 */
function assertAtInsertion(model: DocumentModel, f: Finding, prev: string, next?: string) {
  assert.deepEqual(f.range.start, f.range.end, 'a point, not a range over a heading');
  const at = model.lines.offsetAt(f.range.start);
  const insert = model.lines.offsetAt(f.fixes![0].edits[0].range.start);
  assert.ok(at <= insert && /^\s*$/.test(model.text.slice(at, insert)), `only blank space between the finding (${at}) and the insertion (${insert})`);
  const p = section(model, prev);
  assert.ok(at > p.headingEnd || (at === model.lines.lineEnd(lineOf(model, p.headingStart) - 1)), `after the heading of ${prev}`);
  if (next) assert.ok(at < section(model, next).headingStart, `before the heading of ${next}`);
  assert.equal(f.related?.[0].range.start.line, headingLineOf(model, prev) - 1, `related location: the heading of ${prev}`);
  assert.match(f.message, /belongs here|belong here/);
}

describe('cps-missing-section', () => {
  test('one missing section, reported where it would be inserted (after its previous sibling)', () => {
    const { model, findings } = check({ omit: ['4.6.7'] });
    assert.deepEqual(codes(findings), ['cps-missing-section']);
    const f = findings[0];
    assert.equal(f.severity, 'error');
    assert.match(f.message, /4\.6\.7/);
    assert.match(f.message, /here, after 4\.6\.6/);
    assertAtInsertion(model, f, '4.6.6', '4.7');
    assert.ok(f.range.start.line + 1 > headingLineOf(model, '4.6.6'), 'not on the heading of 4.6.6');
    assert.deepEqual(f.source, { ...f.source, document: 'MRSP', version: '3.1', section: '3.3' });
  });

  test('a whole missing chapter is one finding, not dozens', () => {
    const { model, findings } = check({ omit: ['5'] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, 'cps-missing-section');
    assert.match(findings[0].message, /Section 5 \(/);
    assert.match(findings[0].message, /subsections/);
    assertAtInsertion(model, findings[0], '4', '6');
  });

  test('two consecutive missing chapters are one finding', () => {
    const { findings } = check({ omit: ['5', '6'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Sections 5 \(.*\), 6 \(/);
  });

  test('consecutive missing siblings are grouped', () => {
    const two = check({ omit: ['4.9.3', '4.9.4'] });
    assert.equal(two.findings.length, 1);
    assert.match(two.findings[0].message, /4\.9\.3.*4\.9\.4/);
    assertAtInsertion(two.model, two.findings[0], '4.9.2', '4.9.5');
    const many = check({ omit: ['4.9.5', '4.9.6', '4.9.7', '4.9.8', '4.9.9', '4.9.10'] });
    assert.equal(many.findings.length, 1);
    assert.match(many.findings[0].message, /4\.9\.5–4\.9\.10 \(6 sections\)/);
  });

  test('missing siblings with a present one between them are separate findings', () => {
    const { model, findings } = check({ omit: ['4.9.3', '4.9.5'] });
    assert.deepEqual(codes(findings), ['cps-missing-section', 'cps-missing-section']);
    assertAtInsertion(model, findings[0], '4.9.2', '4.9.4');
    assertAtInsertion(model, findings[1], '4.9.4', '4.9.6');
  });

  test('a missing first child is reported at its parent', () => {
    const { model, findings } = check({ omit: ['4.9.1', '4.9.2'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /here, at the start of 4\.9/);
    assertAtInsertion(model, findings[0], '4.9', '4.9.3');
  });

  test('a missing first chapter is reported at the start of the document', () => {
    const { model, findings } = check({ omit: ['1'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /here, at the start of the document/);
    const f = findings[0];
    assert.deepEqual(f.range.start, f.range.end);
    const at = model.lines.offsetAt(f.range.start);
    assert.ok(at <= section(model, '2').headingStart, 'before chapter 2');
    assert.match(model.text.slice(at, model.lines.offsetAt(f.fixes![0].edits[0].range.start)), /^\s*$/);
    assert.equal(f.related, undefined);
  });

  test('the BR refinements (optional sections) are never reported missing', () => {
    const { findings } = check({ optional: true, omit: ['3.2.2.4', '7.1.2.1', '1.6.1'] });
    assert.deepEqual(findings, []);
  });

  test('sections present as bold lines or with markup are not missing', () => {
    for (const style of ['bold-lines', 'bold-markup', 'no-space', 'closing-hashes'] as const) {
      assert.deepEqual(only(check({ style }).findings, 'cps-missing-section'), [], style);
    }
  });
});

describe('cps-blank-section', () => {
  test('an entirely blank section', () => {
    const { model, findings } = check({ body: { '9.13': '' } });
    assert.deepEqual(codes(findings), ['cps-blank-section']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].range.start.line + 1, headingLineOf(model, '9.13'));
    assert.match(findings[0].message, /9\.13/);
  });
  test('a heading followed only by an HTML comment is blank', () => {
    const { findings } = check({ body: { '9.13': '<!-- TODO -->' } });
    assert.deepEqual(codes(findings), ['cps-blank-section']);
  });
  test('a parent whose text is all in its subsections is not blank', () => {
    const { model, findings } = check({});
    assert.equal(section(model, '4.9').children.length > 0, true);
    assert.deepEqual(findings, []);
  });
  test('a blank bold-line section, and a bold line with its body on the same line', () => {
    const blank = check({ style: 'bold-lines', body: { '4.9.3': '' } });
    assert.deepEqual(codes(blank.findings), ['cps-blank-section']);
    assert.equal(blank.findings[0].range.start.line + 1, headingLineOf(blank.model, '4.9.3'));
    const sameLine = check({ style: 'bold-lines', heading: { '4.9.3': '**4.9.3. Procedure for revocation request** Requests go to the fixture revocation desk.' }, body: { '4.9.3': '' } });
    assert.deepEqual(sameLine.findings, []);
  });
  test('a number-only heading with text is not blank', () => {
    const { findings } = check({ heading: { '4.9.3': '### 4.9.3' } });
    assert.deepEqual(findings, []);
  });
});

describe('"No stipulation"', () => {
  test('under a normative heading (4.9.3) it is an error; under 4.9.4 it is fine', () => {
    const { model, findings } = check({ body: { '4.9.3': 'No stipulation.', '4.9.4': 'No stipulation.' } });
    assert.deepEqual(codes(findings), ['cps-no-stipulation-normative']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].range.start.line + 1, headingLineOf(model, '4.9.3'));
    assert.match(findings[0].message, /4\.9\.3/);
  });
  test('an S/MIME or code-signing CP/CPS is not held to the TLS Baseline Requirements\' headings; a TLS one is', () => {
    for (const title of ['Example S/MIME Certificate Policy and Certification Practice Statement', 'Example Code Signing CPS']) {
      const { findings } = check({ preamble: `# ${title}`, body: { '4.9.3': 'No stipulation.' } });
      assert.deepEqual(codes(findings), [], title);
    }
    const tls = check({ preamble: '# Example TLS Server Certificate CPS', body: { '4.9.3': 'No stipulation.' } });
    assert.deepEqual(codes(tls.findings), ['cps-no-stipulation-normative']);
  });
  test('case, emphasis and punctuation variants', () => {
    for (const body of ['No Stipulation', '*No stipulation.*', '**No stipulation**', 'NO STIPULATION.', 'No stipulations.']) {
      assert.deepEqual(codes(check({ body: { '6.1.5': body } }).findings), ['cps-no-stipulation-normative'], body);
    }
  });
  test('a normative parent whose subsections hold the practice is fine', () => {
    const { findings } = check({ optional: true, body: { '3.2.2': 'No stipulation.' } });
    assert.deepEqual(findings, []);
  });
  test('"No stipulation" followed by substantive text is a warning', () => {
    const { model, findings } = check({
      body: { '4.9.4': 'No stipulation. The fixture CA nevertheless accepts revocation requests for five more days after any request.' },
    });
    assert.deepEqual(codes(findings), ['cps-no-stipulation-with-text']);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].range.start.line + 1, headingLineOf(model, '4.9.4'));
  });
  test('a short remark after "No stipulation" is not substantive', () => {
    assert.deepEqual(check({ body: { '4.9.4': 'No stipulation. See 4.9.3.' } }).findings, []);
  });
});

describe('cps-duplicate-number', () => {
  test('a number used twice is reported at the second, related to the first', () => {
    const extra = headingLine('6.5.1', 'Specific computer security technical requirements', 'dot-top-only') + '\n\nAgain.';
    const { model, findings } = check({ after: { '6.5.1': extra } });
    assert.deepEqual(codes(findings), ['cps-duplicate-number']);
    const [first, second] = model.all.filter((s) => s.number === '6.5.1');
    assert.equal(findings[0].range.start.line + 1, lineOf(model, second.headingStart));
    assert.equal(findings[0].related?.[0].range.start.line, lineOf(model, first.headingStart) - 1);
    assert.match(findings[0].message, new RegExp(`line ${lineOf(model, first.headingStart)}`));
  });
  test('a table of contents that repeats every number causes no duplicates', () => {
    const toc = ['## Contents', '', '- [1. Introduction](#1-introduction)', '  - [1.1 Overview](#11-overview)', '- [4.9.1 Circumstances for revocation](#491-circumstances-for-revocation)', '', '| 4.9.1 | Circumstances for revocation | 20 |', '|---|---|---|', '| 9.17 | Other provisions | 60 |'].join('\n');
    assert.deepEqual(check({ preamble: `# Fixture CPS\n\n${toc}` }).findings, []);
  });
  test('restarted numbering inside an appendix is not a duplicate', () => {
    const { findings } = check({ trailer: '# Appendix D - Country notes\n\n## 1. Names\n\nText.\n\n## 2. Practitioners\n\nText.' });
    assert.deepEqual(findings, []);
  });
});

describe('cps-out-of-order', () => {
  test('a section after a later sibling', () => {
    const { model, findings } = check({ omit: ['1.6'], after: { '1.4.2': '## 1.6 Definitions and acronyms\n\nTerms.' } });
    assert.deepEqual(codes(findings), ['cps-out-of-order']);
    assert.match(findings[0].message, /1\.5 comes after 1\.6/);
    assert.equal(findings[0].range.start.line + 1, headingLineOf(model, '1.5'));
  });
  test('chapters out of order', () => {
    const text = skeleton({ omit: ['4'] }).replace('# 6. TECHNICAL SECURITY CONTROLS', `${skeleton().match(/# 4\. CERTIFICATE LIFE-CYCLE[\s\S]*?(?=\n# 5\.)/)![0]}\n\n# 6. TECHNICAL SECURITY CONTROLS`);
    const m = parseDocument(text);
    assert.deepEqual(m.sections.map((s) => s.number), ['1', '2', '3', '5', '4', '6', '7', '8', '9']);
    assert.deepEqual(codes(checkStructure(m)), ['cps-out-of-order']);
  });
});

describe('cps-title-mismatch', () => {
  test('a title that does not match its number', () => {
    const { model, findings } = check({ heading: { '9.4.3': '### 9.4.3 Information Deemed Confidential' } });
    assert.deepEqual(codes(findings), ['cps-title-mismatch']);
    assert.equal(findings[0].severity, 'info');
    assert.equal(findings[0].range.start.line + 1, headingLineOf(model, '9.4.3'));
    assert.match(findings[0].message, /Information not deemed private/);
  });
  test('case, ALL-CAPS, BR titles and markup are not mismatches', () => {
    const { findings } = check({
      heading: {
        '1.3': '## 1.3 PKI PARTICIPANTS',
        '3.2.2': '### **3.2.2 Authentication of Organization and Domain Identity**',
        '4.9.9': '### 4.9.9 Online revocation/status checking availability',
        '5': '# 5. MANAGEMENT, OPERATIONAL, AND PHYSICAL CONTROLS',
      },
    });
    assert.deepEqual(findings, []);
  });
});

describe('cps-heading-level', () => {
  test('a heading one level too deep', () => {
    const { model, findings } = check({ heading: { '4.9.12': '#### 4.9.12 Special requirements re key compromise' } });
    assert.deepEqual(codes(findings), ['cps-heading-level']);
    assert.equal(findings[0].range.start.line + 1, headingLineOf(model, '4.9.12'));
    assert.match(findings[0].message, /level-4/);
  });
  test('a document consistently one level deeper (offset +1) is fine', () => {
    assert.deepEqual(check({ style: 'offset+1' }).findings, []);
  });
  test('bold-line sections have no heading level to check', () => {
    assert.deepEqual(check({ style: 'bold-lines' }).findings, []);
  });
});

describe('cross-references', () => {
  const refsText =
    'The fixture CA revokes as set out in Section 4.9.1 and § 4.9.3; see also sections 4.9.1 and 4.9.2, and Sections 4.9.1–4.9.3. ' +
    'Section 7.1.2.10 of the Baseline Requirements and RFC 5280, Section 4.2.1.3 apply as well.';
  const { model, findings } = check({ body: { '9.17': refsText } });
  const refs = findXRefs(model);

  test('internal references resolve; external ones are marked and never broken', () => {
    assert.deepEqual(findings, []);
    assert.deepEqual(
      refs.map((r) => [r.number, r.external]),
      [
        ['4.9.1', false],
        ['4.9.3', false],
        ['4.9.1', false],
        ['4.9.2', false],
        ['4.9.1', false],
        ['4.9.3', false],
        ['7.1.2.10', true],
        ['4.2.1.3', true],
      ],
    );
    for (const r of refs) assert.equal(model.text.slice(r.start, r.end), r.number);
    assert.deepEqual(
      refs.filter((r) => r.rangeEndpoint).map((r) => r.number),
      ['4.9.1', '4.9.3'],
    );
  });

  test('external references in longer phrases (repeated keyword, links, "respectively", "for TLS", "in compliance with")', () => {
    const body = [
      'The fixture CA revokes in accordance with Section 7.1.2.10 and Section 7.1.2.11 of the Baseline Requirements.',
      'Per [NIST SP 800-89 (Rev. 1)](https://example.org/nist/sp-800-89) Section 5.3.3, key checks are run.',
      '[Source: Sections 5.6.2.3.2 and 5.6.2.3.3, respectively, of NIST SP 800-56A]',
      'Lookups are validated per the Baseline Requirements for TLS section 3.2.2.8.1.',
      'The identifier is encoded as set out in §7.1.4.2.2 in compliance with the [SMBR].',
      'Internal: Section 4.9.1 in accordance with the fixture procedures, and Section 4.9.2 and Section 4.9.3 of this CP/CPS.',
    ].join('\n\n');
    const { model: m, findings: fs } = check({ body: { '9.17': body } });
    assert.deepEqual(fs, []);
    const refs = findXRefs(m).filter((r) => r.start > section(m, '9.17').headingStart);
    assert.deepEqual(
      refs.map((r) => [r.number, r.external]),
      [
        ['7.1.2.10', true],
        ['7.1.2.11', true],
        ['5.3.3', true],
        ['5.6.2.3.2', true],
        ['5.6.2.3.3', true],
        ['3.2.2.8.1', true],
        ['7.1.4.2.2', true],
        ['4.9.1', false],
        ['4.9.2', false],
        ['4.9.3', false],
      ],
    );
    // 5.3.3 exists in this document, but the reference is to NIST's 5.3.3: no definition.
    assert.deepEqual(definition(m, 'file:///x.md', posOf(m, 'Section 5.3.3', 0, 9)), []);
    // A repeated keyword keeps an internal list internal, and a missing member is still reported.
    const broken = check({ body: { '9.17': 'See Section 4.9.1 and Section 6.9 for details.' } });
    assert.deepEqual(codes(broken.findings), ['cps-broken-xref']);
    assert.match(broken.findings[0].message, /6\.9/);
    const ranged = findXRefs(check({ body: { '9.17': 'See Section 4.9.1 to Section 4.9.3.' } }).model).filter((r) => r.number.startsWith('4.9.'));
    assert.deepEqual(
      ranged.map((r) => [r.number, r.rangeEndpoint]),
      [
        ['4.9.1', true],
        ['4.9.3', true],
      ],
    );
  });

  test('a reference to a section that does not exist', () => {
    const { model: m, findings: fs } = check({ body: { '6.7': 'Network zones are described in Section 6.9.' } });
    assert.deepEqual(codes(fs), ['cps-broken-xref']);
    assert.equal(fs[0].severity, 'warning');
    const at = m.text.indexOf('6.9.');
    assert.deepEqual(fs[0].range, m.lines.range(at, at + 3));
  });

  test('references that link elsewhere or name another document are not in-document', () => {
    const body = [
      'Problem reports follow [Section 4.9.3.4 of the BR](https://cabforum.org/working-groups/server/baseline-requirements/).',
      'Name constraints are processed as in Section 4.2.1.10 (https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10).',
      'Key archival is governed by Section 6.2.12 of the CP.',
      'Vetting of the organisation uses Section 11.13.4 of the EV Guidelines.',
      'The encoding is described in Section 7.1.2.12 of [RFC 5280](https://www.rfc-editor.org/rfc/rfc5280).',
    ].join('\n\n');
    const { model: m, findings: fs } = check({ body: { '9.17': body } });
    assert.deepEqual(codes(fs), []);
    const refs = findXRefs(m).filter((r) => r.start > section(m, '9.17').headingStart);
    assert.deepEqual(refs.map((r) => [r.number, r.external]), [['4.9.3.4', true], ['4.2.1.10', true], ['6.2.12', true], ['11.13.4', true], ['7.1.2.12', true]]);
    // The same numbers without a link or another document's name are reported.
    const plain = check({ body: { '9.17': 'Problem reports follow Section 4.9.3.4, and key archival Section 6.2.12 of this CPS.' } });
    assert.deepEqual(codes(plain.findings), ['cps-broken-xref', 'cps-broken-xref']);
    // A link to a heading of this document is in-document.
    const anchored = check({ body: { '9.17': 'See [Section 6.9](#69-network-security-controls).' } });
    assert.deepEqual(codes(anchored.findings), ['cps-broken-xref']);
  });

  test('a numbered paragraph or list item that is not a heading is a valid target', () => {
    const body = [
      'Subscribers warrant the following.',
      '9.6.3.1\tThe Subscriber protects its private key.',
      '- 9.6.3.2 The Subscriber reports a key compromise at once.',
      '| Clause | Subject |\n|---|---|\n| **9.6.3.3** | Acceptance of the certificate |\n| 9.6.3.4 | Use of the certificate |',
      'The warranties in Section 9.6.3.1, Section 9.6.3.2, Section 9.6.3.3 and Section 9.6.3.4 survive termination.',
    ].join('\n\n');
    const { findings: fs } = check({ body: { '9.6.3': body } });
    assert.deepEqual(codes(fs), []);
    // A number that only appears inside a sentence, or in a code block, is not a target.
    const other = check({ body: { '9.6.3': 'The Subscriber keeps item 9.6.3.7 in mind.\n\n```\n9.6.3.8 sample\n```\n\nSee Section 9.6.3.7 and Section 9.6.3.8.' } });
    assert.deepEqual(codes(other.findings), ['cps-broken-xref', 'cps-broken-xref']);
  });

  test('sections given as table rows (pipe or HTML) count as present, with an info', () => {
    const omit = ['4.7.1', '4.7.2', '4.7.3', '4.7.4', '4.7.5', '4.7.6', '4.7.7'];
    const pipe = [
      'Example Trust does not re-key certificates; each subsection is answered below.',
      '',
      '| Section | Title | Practice |',
      '|---|---|---|',
      '| **4.7.1** | Circumstance for certificate re-key | Not applicable |',
      '| **4.7.2** | Who may request certification of a new public key | Not applicable |',
      '| 4.7.3 | Processing certificate re-keying requests | Not applicable |',
      '| 4.7.4 Notification of new certificate issuance to subscriber | Not applicable |',
      '| **4.7.5** | Conduct constituting acceptance of a re-keyed certificate | Not applicable |',
      '| **4.7.6** | Publication of the re-keyed certificate by the CA | Not applicable |',
      '| **4.7.7** | Notification of certificate issuance by the CA to other entities | Not applicable |',
    ].join('\n');
    const a = check({ omit, body: { '4.7': pipe } });
    assert.deepEqual(codes(a.findings), ['cps-section-not-heading']);
    assert.equal(a.findings[0].severity, 'info');
    assert.match(a.findings[0].message, /4\.7\.1, 4\.7\.2, 4\.7\.3, 4\.7\.4, 4\.7\.5 and 2 more/);
    const html = [
      'Example Trust does not re-key certificates.',
      '',
      '<table>',
      ...omit.map((n) => {
        const title = { '4.7.1': 'Circumstance for certificate re-key', '4.7.2': 'Who may request certification of a new public key', '4.7.3': 'Processing certificate re-keying requests', '4.7.4': 'Notification of new certificate issuance to subscriber', '4.7.5': 'Conduct constituting acceptance of a re-keyed certificate', '4.7.6': 'Publication of the re-keyed certificate by the CA', '4.7.7': 'Notification of certificate issuance by the CA to other entities' }[n];
        return `<tr><td><b>${n}</b></td><td>${title}</td><td>Not applicable</td></tr>`;
      }),
      '</table>',
    ].join('\n');
    const b = check({ omit, body: { '4.7': html } });
    assert.deepEqual(codes(b.findings), ['cps-section-not-heading']);
    // A chapter-level row covers its subsections too.
    const c = check({ omit: ['4.7'], body: { '4.6.7': '| Section | Title | Practice |\n|---|---|---|\n| 4.7 | Certificate re-key | Not applicable: certificates are never re-keyed. |' } });
    assert.deepEqual(codes(c.findings), ['cps-section-not-heading']);
    // A change log that lists section numbers with other words is not the sections themselves.
    const log = check({ omit, body: { '4.7': '| Section | Change |\n|---|---|\n| 4.7.1 | Wording clarified |\n| 4.7.2 | Typo fixed |' } });
    assert.deepEqual(codes(log.findings), ['cps-missing-section']);
  });

  test('references in headings, code and revision tables are not checked', () => {
    const { findings: fs } = check({
      body: {
        '1.2': '| Version | Date | Change |\n|---|---|---|\n| 1.1 | 2026-01-01 | Removed Section 6.9 |',
        '1.1': '`Section 6.9` is quoted code.',
      },
    });
    assert.deepEqual(fs, []);
  });

  test('definition: an internal reference goes to the heading; an external one goes nowhere', () => {
    const uri = 'file:///fixture.md';
    const s491 = section(model, '4.9.1');
    const locs = definition(model, uri, posOf(model, 'Section 4.9.1 and', 0, 9));
    assert.deepEqual(locs, [{ uri, range: model.lines.range(s491.headingStart, s491.headingEnd) }]);
    const s493 = section(model, '4.9.3');
    assert.deepEqual(definition(model, uri, posOf(model, '§ 4.9.3', 0, 3)), [{ uri, range: model.lines.range(s493.headingStart, s493.headingEnd) }]);
    assert.deepEqual(definition(model, uri, posOf(model, '4.9.1–4.9.3', 0, 8))[0].range.start.line + 1, headingLineOf(model, '4.9.3'));
    assert.deepEqual(definition(model, uri, posOf(model, '7.1.2.10 of the Baseline', 0, 2)), []);
    assert.deepEqual(definition(model, uri, posOf(model, 'Section 4.2.1.3', 0, 10)), []);
    assert.deepEqual(definition(model, uri, posOf(model, 'The fixture CA revokes', 0, 2)), []);
  });

  test('definition follows in-document links and explicit anchors', () => {
    const m = parseDocument(readQuirk('toc-link-list'));
    const uri = 'file:///toc.md';
    const locs = definition(m, uri, posOf(m, '[4.9.1. Circumstances', 0, 3));
    assert.equal(locs.length, 1);
    assert.equal(locs[0].range.start.line + 1, lineOf(m, section(m, '4.9.1').headingStart));
    const a = parseDocument(readQuirk('anchor-before-heading'));
    const l2 = definition(a, uri, posOf(a, '[the overview](#overview)', 0, 3));
    assert.equal(l2[0].range.start.line + 1, lineOf(a, section(a, '1.1').headingStart));
    const links = documentLinks(m, uri);
    assert.ok(links.length >= 5);
    assert.ok(links.every((l) => /#L\d+$/.test(l.target!)));
  });

  test('hover: RFC 3647 description for internal references and headings, "another document" for external ones', () => {
    const h = hover(model, posOf(model, 'Section 4.9.1 and', 0, 9));
    assert.ok(h);
    const v = (h.contents as { value: string }).value;
    assert.match(v, /4\.9\.1 Circumstances for revocation/);
    assert.match(v, /"No stipulation" is not enough/);
    const ext = hover(model, posOf(model, '7.1.2.10 of the Baseline', 0, 2));
    assert.match((ext!.contents as { value: string }).value, /another document/);
    const onHeading = hover(model, model.lines.positionAt(section(model, '4.9.4').numberStart));
    assert.match((onHeading!.contents as { value: string }).value, /4\.9\.4 Revocation request grace period/);
    assert.equal(hover(model, posOf(model, 'The fixture CA revokes', 0, 2)), null);
  });
});

describe('cps-not-rfc3647', () => {
  test('a CP/CPS with its own numbering gets one info finding and nothing else', () => {
    const text = [
      '# Fixture Certificate Policy and Certification Practice Statement',
      'This Certification Practice Statement uses its own outline.',
      '# 1. Scope',
      'Scope text.',
      '# 2. Certificate Types',
      '## 2.1 Natural Persons',
      'Text.',
      '# 3. Obligations',
      'See Section 9.9.',
    ].join('\n\n');
    const m = parseDocument(text);
    assert.equal(m.rfc3647, false);
    const fs = checkStructure(m);
    assert.deepEqual(codes(fs), ['cps-not-rfc3647']);
    assert.equal(fs[0].severity, 'info');
    assert.equal(fs[0].range.start.line, 0);
  });
  test('the Spanish fixture makes no RFC 3647 findings', () => {
    const fs = checkStructure(parseDocument(readQuirk('spanish-own-numbering')));
    assert.deepEqual(fs.filter((f) => f.code !== 'cps-not-rfc3647'), []);
  });
  test('an RFC 3647 document never gets cps-not-rfc3647', () => {
    assert.deepEqual(only(check({ omit: ['4.9'] }).findings, 'cps-not-rfc3647'), []);
  });
});

test('every structural code fires on its crafted fixture', () => {
  const fired = new Set<string>();
  const crafted: SkeletonOptions[] = [
    { omit: ['4.6.7'] },
    { body: { '9.13': '' } },
    { body: { '4.9.3': 'No stipulation.' } },
    { body: { '4.9.4': 'No stipulation. The fixture CA nevertheless accepts revocation requests for five more days after any request.' } },
    { after: { '8.5': '## 8.5 Actions taken as a result of deficiency\n\nAgain.' } },
    { omit: ['1.6'], after: { '1.4.2': '## 1.6 Definitions and acronyms\n\nTerms.' } },
    { heading: { '9.4.3': '### 9.4.3 Information Deemed Confidential' } },
    { heading: { '4.9.12': '#### 4.9.12 Special requirements re key compromise' } },
    { body: { '6.7': 'See Section 6.9.' } },
    { omit: ['4.7'], body: { '4.6.7': '| Section | Title | Practice |\n|---|---|---|\n| 4.7 | Certificate re-key | Not applicable |' } },
  ];
  for (const o of crafted) for (const f of check(o).findings) fired.add(f.code);
  fired.add(codes(checkStructure(parseDocument('# Certificate Policy\n\nA Certification Practice Statement.\n\n# 1. Scope\n\nText.\n\n# 2. Certificate Types\n\nText.')))[0]);
  assert.deepEqual([...fired].sort(), [...ALL_CODES].sort());
});

// ---------------------------------------------------------------------------------------------
// Navigation features

describe('document symbols and folding', () => {
  const find = (syms: DocumentSymbol[], name: string): DocumentSymbol | undefined => {
    for (const s of syms) {
      if (s.name === name) return s;
      const c = find(s.children ?? [], name);
      if (c) return c;
    }
    return undefined;
  };

  test('labels are "number title", even for bold and marked-up headings', () => {
    for (const style of ['bold-markup', 'bold-lines', 'span', 'pandoc', 'closing-hashes', 'no-space', 'tab'] as const) {
      const m = parseDocument(skeleton({ style }));
      const syms = documentSymbols(m);
      assert.deepEqual(syms.map((s) => s.name.replace(/^(\d) .*/, '$1')), ['1', '2', '3', '4', '5', '6', '7', '8', '9'], style);
      const s = find(syms, '4.9.1 Circumstances for revocation');
      assert.ok(s, `${style}: 4.9.1 symbol`);
      assert.equal(s.range.start.line + 1, headingLineOf(m, '4.9.1'));
      // Nested under 4.9, which is under 4.
      const ch4 = syms[3];
      const s49 = ch4.children!.find((c) => c.name === '4.9 Certificate revocation and suspension');
      assert.ok(s49, style);
      assert.ok(s49.children!.some((c) => c === s));
    }
  });

  test('labels from the quirk fixtures', () => {
    const m = parseDocument(readQuirk('bold-heading-markup'));
    const syms = documentSymbols(m);
    assert.ok(find(syms, '4.9.1 Circumstances for Revocation'));
    assert.ok(find(syms, '1.2 Document Name and Identification'));
    assert.ok(find(syms, '4.9.1.1 Reasons for Revoking a Subscriber Certificate'), 'a number-only heading is labelled with the RFC 3647 title');
    const b = documentSymbols(parseDocument(readQuirk('bold-lines')));
    assert.ok(find(b, '4.9.2 Who Can Request Revocation'));
    const u = documentSymbols(parseDocument(readQuirk('unnumbered-headings')));
    assert.ok(find(u, 'Root CA Certificate Profile'));
  });

  test('symbol ranges contain their selection range and their children', () => {
    const m = parseDocument(skeleton({ style: 'dots-every-level' }));
    const within = (a: { start: { line: number }; end: { line: number } }, b: { start: { line: number }; end: { line: number } }) => a.start.line >= b.start.line && a.end.line <= b.end.line;
    const walk = (s: DocumentSymbol) => {
      assert.ok(within(s.selectionRange, s.range), s.name);
      for (const c of s.children ?? []) {
        assert.ok(within(c.range, s.range), `${c.name} inside ${s.name}`);
        walk(c);
      }
    };
    documentSymbols(m).forEach(walk);
  });

  test('folding ranges: one per multi-line section, plus the front matter', () => {
    const m = parseDocument(readQuirk('frontmatter-plain'));
    const folds = foldingRanges(m);
    const ch1 = section(m, '1');
    assert.ok(folds.some((f) => f.startLine === lineOf(m, ch1.headingStart) - 1 && f.endLine === lineOf(m, ch1.end) - 1));
    assert.ok(folds.some((f) => f.kind === 'comment' && f.startLine === 0 && f.endLine === 6));
    for (const f of folds) assert.ok(f.endLine > f.startLine);
    const crlf = parseDocument(readQuirk('crlf'));
    const lf = parseDocument(readQuirk('crlf').replace(/\r\n/g, '\n'));
    assert.deepEqual(foldingRanges(crlf), foldingRanges(lf));
  });
});

describe('workspace symbols', () => {
  const docs = [
    { uri: 'file:///a.md', model: parseDocument(skeleton({ style: 'dot-top-only' })) },
    { uri: 'file:///b.md', model: parseDocument(skeleton({ style: 'bold-markup' })) },
    { uri: 'file:///c.md', model: parseDocument(readQuirk('spanish-own-numbering')) },
  ];
  test('"4.9.12" finds that section first in every document', () => {
    const syms = workspaceSymbols(docs, '4.9.12');
    assert.deepEqual(
      syms.slice(0, 2).map((s) => [s.name, s.location.uri]),
      [
        ['4.9.12 Special requirements re key compromise', 'file:///a.md'],
        ['4.9.12 Special requirements re key compromise', 'file:///b.md'],
      ],
    );
    assert.equal(syms[0].containerName, '4.9 Certificate revocation and suspension');
    assert.equal(syms[0].location.range.start.line + 1, headingLineOf(docs[0].model, '4.9.12'));
    assert.ok(syms.every((s) => s.name.startsWith('4.9.12')));
  });
  test('a trailing dot and a title word both work', () => {
    assert.equal(workspaceSymbols(docs, '4.9.12.')[0].name, '4.9.12 Special requirements re key compromise');
    assert.ok(workspaceSymbols(docs, 'tipos').some((s) => s.name === '4 Tipos de certificados'));
  });
});
