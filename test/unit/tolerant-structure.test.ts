/**
 * Tolerant structure in the text units (rules/extract.ts): list lead-ins across broken nesting,
 * table rows with their context, HTML table cells as text. Documents are cpslint's own words.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { sectionUnits, withLead, rowStatement, type TextUnit } from '../../server/src/service/rules/extract';
import { buildDoc } from '../rules/helpers';
import { readQuirk } from './model-skeleton';
import { checkStructure } from '../../server/src/service/structure';
import { documentHistory } from '../../server/src/service/rules/versioning';

function units(body: string, n = '5.4.1'): TextUnit[] {
  const m = parseDocument(buildDoc({ sections: { [n]: body } }));
  const s = m.all.find((x) => x.number === n)!;
  return sectionUnits(m, s, false);
}
const item = (us: TextUnit[], text: string) => {
  const u = us.find((x) => x.kind === 'item' && x.text.includes(text));
  assert.ok(u, `no item "${text}" among ${JSON.stringify(us.map((x) => x.text))}`);
  return u;
};

describe('list lead-ins', () => {
  test('a lead-in ending in ":" attaches to every item, also of a list split by a mis-indented bullet', () => {
    const us = units(['The CA records these events:', '', '- key generation', '- certificate issuance', '', '', '   * revocation', '   * log review'].join('\n'));
    for (const t of ['key generation', 'certificate issuance', 'revocation', 'log review']) {
      assert.equal(item(us, t).lead?.text, 'The CA records these events:', t);
      assert.match(withLead(item(us, t))!.text, new RegExp(`^The CA records these events: ${t}`));
    }
  });

  test('items swallowed by an over-indented first bullet still get the lead-in', () => {
    const us = units(['The CA follows these documents:', '    - the Baseline Requirements', '- the Network Security Requirements', '- the EV Guidelines'].join('\n'));
    assert.equal(item(us, 'Network Security').lead?.text, 'The CA follows these documents:');
    assert.equal(item(us, 'EV Guidelines').lead?.text, 'The CA follows these documents:');
  });

  test('an HTML comment between two parts of a list does not cut the lead-in', () => {
    const us = units(['Backups are kept for:', '', '- audit logs', '', '<!-- end list -->', '', '1. archive records'].join('\n'));
    assert.equal(item(us, 'archive records').lead?.text, 'Backups are kept for:');
  });

  test('a paragraph whose last sentence announces "the following" (or "as follows") introduces the list after it', () => {
    const lead = 'Staff receive on the job training covering the following areas, as relevant to their role.';
    const us = units([lead, '', '- basic PKI concepts', '', '- threats to the validation process'].join('\n'));
    assert.equal(item(us, 'validation process').lead?.text, lead);
    assert.match(withLead(item(us, 'validation process'))!.text, /training covering the following areas.* threats to the validation process$/);
    const b = units(['The request can be made as follows.', '', '- by email'].join('\n'));
    assert.equal(item(b, 'by email').lead?.text, 'The request can be made as follows.');
    // "the following" in an earlier sentence, not the last one, is no announcement.
    const c = units(['The following year the CA moved. It records security events.', '', '- key generation'].join('\n'));
    assert.equal(item(c, 'key generation').lead, undefined);
  });

  test('no lead-in: a paragraph without a colon, or text between the paragraph and the list', () => {
    const a = units(['The CA records security events.', '', '- key generation'].join('\n'));
    assert.equal(item(a, 'key generation').lead, undefined);
    const b = units(['The CA records these events:', '', '- key generation', '', 'Unrelated text.', '', '- log review'].join('\n'));
    assert.equal(item(b, 'key generation').lead?.text, 'The CA records these events:');
    assert.equal(item(b, 'log review').lead, undefined);
    const c = units(['The CA follows 2 rules: it logs and it reviews.', '', '- log review'].join('\n'));
    assert.equal(item(c, 'log review').lead, undefined);
  });
});

describe('table rows', () => {
  test('pipe-table rows carry their header cells and first cell', () => {
    const us = units(['| Record | Retention |', '|---|---|', '| **Audit logs** | two years |'].join('\n'));
    const row = us.find((u) => u.text.includes('two years'))!;
    assert.equal(row.kind, 'row');
    assert.deepEqual(row.header, ['Record', 'Retention']);
    assert.equal(row.rowLabel, 'Audit logs');
  });

  test('HTML table cells are text units with offsets into the cell', () => {
    const body = ['<table>', '<tr><th>Record</th><th>Retention</th></tr>', '<tr><td><b>Audit logs</b></td><td>two&nbsp;years after the event</td></tr>', '</table>'].join('\n');
    const doc = buildDoc({ sections: { '5.4.3': body } });
    const m = parseDocument(doc);
    const us = sectionUnits(m, m.all.find((x) => x.number === '5.4.3')!, false);
    const row = us.find((u) => u.text.includes('two years'));
    assert.ok(row, JSON.stringify(us.map((u) => u.text)));
    assert.equal(row.text, 'Audit logs | two years after the event');
    assert.deepEqual(row.header, ['Record', 'Retention']);
    const i = row.text.indexOf('Audit');
    assert.equal(doc.slice(row.map.at(i), row.map.at(i) + 10), 'Audit logs');
  });

  test('an HTML revision table is not body text', () => {
    const body = ['<table>', '<tr><th>Version</th><th>Date</th><th>Changes</th></tr>', '<tr><td>1.1</td><td>2026-03-02</td><td>Removed method 3.2.2.4.2</td></tr>', '</table>'].join('\n');
    assert.deepEqual(units(body, '1.2'), []);
  });
});

describe('quirk fixtures: table-cell sections, bold history lines, broken lead-ins', () => {
  test('sections given as pipe and HTML table rows are present, with one info per table', () => {
    const m = parseDocument(readQuirk('table-cell-sections'));
    const fs = checkStructure(m);
    const infos = fs.filter((f) => f.code === 'cps-section-not-heading');
    assert.deepEqual(infos.map((f) => f.message.match(/Sections? ([\d., ]+?) (?:are|is) given/)?.[1]), ['4.7.1, 4.7.2, 4.7.3', '4.8.1, 4.8.2']);
    const missing = fs.filter((f) => f.code === 'cps-missing-section').map((f) => f.message);
    for (const n of ['4.7.1', '4.7.2', '4.7.3', '4.8.1', '4.8.2']) assert.ok(!missing.some((x) => x.includes(`${n} (`)), `${n} reported missing`);
    // The sections that are neither headings nor rows are still missing.
    assert.ok(missing.some((x) => x.includes('4.7.4')), missing.join('\n'));
  });

  test('an HTML revision table in the title block is the history', () => {
    const h = documentHistory(parseDocument(readQuirk('table-cell-sections')));
    assert.deepEqual(h.entries.map((e) => [e.version, e.date]), [['2.0', '2026-02-10'], ['1.9', '2025-03-01']]);
  });

  test('bold version lines in 1.2 are the history; lead-ins survive broken lists', () => {
    const m = parseDocument(readQuirk('broken-lead-in'));
    const h = documentHistory(m);
    assert.deepEqual(h.entries.map((e) => [e.version, e.date]), [['3.1', '2026-03-03'], ['3.0', '2025-03-01']]);
    const s11 = m.all.find((s) => s.number === '1.1')!;
    const items = sectionUnits(m, s11, false).filter((u) => u.kind === 'item');
    assert.deepEqual(items.map((u) => u.lead?.text), ['The fixture CA follows these documents:', 'The fixture CA follows these documents:']);
    const s2 = m.all.find((s) => s.number === '2')!;
    assert.deepEqual(sectionUnits(m, s2, false).filter((u) => u.kind === 'item').map((u) => [u.text, u.lead?.text]), [['this CP/CPS', 'The repository holds:'], ['the audit reports', 'The repository holds:']]);
  });
});

describe('lists broken into pieces', () => {
  test('an ordered list whose numbering goes on after over-indented sub-bullets keeps its lead-in', () => {
    const body = [
      'The CA follows these documents:',
      '',
      '1. RFC 3647:',
      '',
      '  - the outline of this document',
      '',
      '2. the latest versions of the CA/Browser Forum requirements:',
      '',
      '  - the Baseline Requirements',
      '',
      '3. the audit criteria',
    ].join('\n');
    const us = units(body, '1.1');
    assert.equal(item(us, 'the latest versions').lead?.text, 'The CA follows these documents:');
    assert.equal(item(us, 'audit criteria').lead?.text, 'The CA follows these documents:');
    assert.equal(item(us, 'outline of this').lead?.text, 'RFC 3647:');
    // A nested item is read with the whole chain of lead-ins, outermost first.
    assert.equal(withLead(item(us, 'the Baseline Requirements'))!.text, 'The CA follows these documents: the latest versions of the CA/Browser Forum requirements: the Baseline Requirements');
  });

  test('an ordered list that starts again at 1, or numbering that does not go on, takes no lead-in from an earlier piece', () => {
    const body = ['The CA follows these documents:', '', '1. RFC 3647', '', 'The CA logs these events.', '', '2. key generation'].join('\n');
    const us = units(body, '1.1');
    assert.equal(item(us, 'RFC 3647').lead?.text, 'The CA follows these documents:');
    assert.equal(item(us, 'key generation').lead, undefined);
  });

  test('a broken-off line fragment between two pieces of a list does not cut the lead-in; a sentence does', () => {
    const frag = units(['The CA follows:', '', '- the EV Guidelines for', '', 'Certificates', '', '- the Network Security Requirements'].join('\n'), '1.1');
    assert.equal(item(frag, 'Network Security').lead?.text, 'The CA follows:');
    const sentence = units(['The CA follows:', '', '- the EV Guidelines', '', 'Other documents apply too.', '', '- the Network Security Requirements'].join('\n'), '1.1');
    assert.equal(item(sentence, 'Network Security').lead, undefined);
  });

  test('a sentence broken over two paragraphs is one unit; a new sentence is not joined', () => {
    const us = units(['The CA does not issue a certificate for a name that ends in', '', 'an IP Reverse Zone Suffix.', '', 'Other text.', '', 'more text starts lower case.'].join('\n'), '4.2.2');
    assert.deepEqual(us.map((u) => u.text), ['The CA does not issue a certificate for a name that ends in an IP Reverse Zone Suffix.', 'Other text.', 'more text starts lower case.']);
  });
});

describe('table rows read with their headers', () => {
  test('each cell after its column header; the whole row as one statement for limits', () => {
    const us = units(['| Validation | Issued Before | Maximum Reuse Period |', '|---|---|---|', '| Domain validation | | 90 days |', '| Identity | 15 March 2026 | 825 days |'].join('\n'), '4.2.1');
    const row = us.find((u) => u.text.includes('825'))!;
    assert.equal(row.inContext?.text, 'Validation: Identity | Issued Before 15 March 2026 | Maximum Reuse Period: 825 days');
    // Cells stay sentences of their own in the evidence reading …
    assert.equal(row.inContext!.sentences.length, 3);
    // … and the row is one statement for numbers.
    assert.equal(rowStatement(row).sentences.length, 1);
    const empty = us.find((u) => u.text.includes('90 days'))!;
    assert.equal(empty.inContext?.text, 'Validation: Domain validation | Maximum Reuse Period: 90 days');
  });

  test('a table without a header row has no header reading', () => {
    const us = units(['| | |', '|---|---|', '| audit logs | two years |'].join('\n'), '5.4.3');
    assert.equal(us.find((u) => u.text.includes('two years'))!.inContext, undefined);
  });
});

describe('revision history under a heading is not practice text', () => {
  test('a bullet change log under "Change History" yields no units; the same list elsewhere does', () => {
    const m = parseDocument(buildDoc({ sections: { '9.17': 'Other provisions.' } }) + '\n\n# Appendix C: Change History\n\n- In Section 7.1.4: no certificates for IP Reverse Zone Suffix names\n');
    const h = m.all.find((s) => /Change History/.test(s.title))!;
    assert.deepEqual(sectionUnits(m, h, true), []);
    assert.equal(sectionUnits(m, h, true, { includeHistory: true }).length, 1);
  });
});

describe('"No stipulation" qualified in the same sentence', () => {
  const codes = (body: string) => checkStructure(parseDocument(buildDoc({ sections: { '6.2.5': body } }))).filter((f) => f.code.startsWith('cps-no-stipulation')).map((f) => f.code);
  test('"No stipulation beyond what the BR provides." is one statement', () => {
    assert.deepEqual(codes('No stipulation beyond what is provided for in the Baseline Requirements.'), []);
  });
  test('"No stipulation, save that …" (with a section number in it) is one statement', () => {
    assert.deepEqual(codes('No stipulation, save that Precertificates are submitted to Certificate Transparency logs as described in Section 4.3.1.'), []);
    assert.deepEqual(codes('No stipulation save as set out in Section 4.3.1 of the Baseline Requirements and in the CA\'s CT policy.'), []);
    assert.deepEqual(codes('No stipulation, save that Precertificates are logged. The CA keeps an escrow copy of every key it archives for seven years.'), ['cps-no-stipulation-with-text']);
  });
  test('practice after a plain "No stipulation." is still reported, also after a qualified one', () => {
    assert.deepEqual(codes('No stipulation. The CA keeps an escrow copy of every key it archives for seven years.'), ['cps-no-stipulation-with-text']);
    assert.deepEqual(codes('No stipulation beyond the BR. The CA keeps an escrow copy of every key it archives for seven years.'), ['cps-no-stipulation-with-text']);
  });
});
