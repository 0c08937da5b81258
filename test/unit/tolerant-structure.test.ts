/**
 * Tolerant structure in the text units (rules/extract.ts): list lead-ins across broken nesting,
 * table rows with their context, HTML table cells as text. Documents are cpslint's own words.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { sectionUnits, withLead, type TextUnit } from '../../server/src/service/rules/extract';
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
    assert.equal(doc.slice(row.map[i], row.map[i] + 10), 'Audit logs');
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
