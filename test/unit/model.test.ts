/**
 * The section model (server/src/service/model.ts) against the real-world Markdown quirks of
 * /work/shared/spec/markdown-quirks.md: one small fixture per quirk under test/fixtures/quirks/,
 * a golden outline (`<name>.outline.json`, rewritten with UPDATE_GOLDEN=1) for each, and full
 * RFC 3647 skeletons generated in every heading style.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, parseHeadingNumber, sectionLabel, findSection, sectionAt, headingRange, sectionRange, changedSpan } from '../../server/src/service/model';
import type { DocumentModel, Section } from '../../server/src/service/model';
import { outlineJson } from '../../server/src/service/outline-json';
import { checkStructure } from '../../server/src/service/structure';
import { referenceOutline } from '../../server/src/service/outline';
import {
  QUIRKS,
  STYLES,
  byTitle,
  lineContaining,
  lineOf,
  mainSections,
  quirkNames,
  readQuirk,
  section,
  skeleton,
  skeletonNumbers,
  treeLines,
} from './model-skeleton';

const parse = (name: string): DocumentModel => parseDocument(readQuirk(name));
const numbers = (m: DocumentModel) => m.all.map((s) => s.number);
const titles = (m: DocumentModel) => m.all.map((s) => s.title);
const childNumbers = (s: Section) => s.children.map((c) => c.number ?? `"${c.title}"`);
const headingText = (m: DocumentModel, s: Section) => m.text.slice(s.headingStart, s.headingEnd);
const bodyText = (m: DocumentModel, s: Section) => m.text.slice(s.bodyStart, s.bodyEnd).trim();
const CHAPTERS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Invariants that hold for every document: numbered sections are levelled by their number and
 * hang under their prefix, ranges are ordered and inside the text, and sections are in order.
 */
function assertInvariants(m: DocumentModel, label: string, opts: { preorder?: boolean } = {}): void {
  let prevStart = -1;
  for (const s of m.all) {
    const where = `${label}: ${s.number ?? `"${s.title}"`} (line ${lineOf(m, s.headingStart)})`;
    assert.ok(s.headingStart > prevStart, `${where}: document order`);
    prevStart = s.headingStart;
    assert.ok(0 <= s.headingStart && s.headingStart <= s.headingEnd && s.headingEnd <= m.text.length, `${where}: heading range`);
    assert.ok(s.headingEnd <= s.bodyStart && s.bodyStart <= s.bodyEnd && s.bodyEnd <= s.end && s.end <= m.text.length, `${where}: body range`);
    assert.ok(s.headingStart <= s.numberStart && s.numberStart <= s.numberEnd && s.numberEnd <= s.headingEnd, `${where}: number range`);
    if (s.number) assert.equal(m.text.slice(s.numberStart, s.numberEnd), s.numberAsWritten, `${where}: number offsets`);
    assert.equal(m.all[s.index], s, `${where}: index`);
    if (s.parent) {
      assert.ok(s.parent.children.includes(s), `${where}: child of its parent`);
      assert.ok(s.parent.headingStart < s.headingStart, `${where}: after its parent`);
    } else assert.ok(m.sections.includes(s), `${where}: top level`);
    if (s.number && !s.scoped) {
      const parts = s.number.split('.');
      assert.equal(s.level, parts.length, `${where}: level from the number`);
      if (parts.length > 1 && s.parent?.number && !s.parent.scoped) {
        assert.ok(s.number.startsWith(s.parent.number + '.'), `${where}: parent ${s.parent.number} is a prefix`);
      }
    } else if (s.scoped) {
      let app: Section | null = s.parent;
      while (app && !app.appendix) app = app.parent;
      assert.ok(app, `${where}: a scoped number lives in an appendix`);
      assert.equal(s.level, app.level + s.number!.split('.').length, `${where}: level inside the appendix`);
    } else if (s.parent) assert.equal(s.level, s.parent.level + 1, `${where}: level below its parent`);
    else assert.equal(s.level, 1, `${where}: top-level unnumbered heading`);
    assert.ok(!/[*_`]{2}|<\/?\w+[^>]*>|\{#|#+\s*$/.test(s.title), `${where}: title "${s.title}" has markup left`);
    assert.ok(!/^\s|\s$/.test(s.title), `${where}: title "${s.title}" is not trimmed`);
  }
  const preorder = m.sections.flatMap(function flat(s: Section): Section[] {
    return [s, ...s.children.flatMap(flat)];
  });
  assert.equal(preorder.length, m.all.length, `${label}: every section is in the tree once`);
  assert.equal(new Set(preorder).size, m.all.length);
  // Not when a section is reattached across a stray heading (the PDF-artefact quirk).
  if (opts.preorder !== false) assert.deepEqual(preorder, m.all, `${label}: the tree in pre-order is the document order`);
}

/** Every number of the RFC 3647 numbering appears exactly once. */
function assertUnique(m: DocumentModel, label: string): void {
  const seen = new Map<string, number>();
  for (const s of mainSections(m)) seen.set(s.number!, (seen.get(s.number!) ?? 0) + 1);
  const dups = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  assert.deepEqual(dups, [], `${label}: duplicate numbers`);
}

// ---------------------------------------------------------------------------------------------
// Golden outlines

describe('golden outlines (test/fixtures/quirks/*.outline.json)', () => {
  const update = process.env.UPDATE_GOLDEN === '1';
  test('there is a fixture for every quirk', () => {
    assert.ok(quirkNames().length >= 30, `only ${quirkNames().length} fixtures`);
  });
  for (const name of quirkNames()) {
    test(name, () => {
      const m = parse(name);
      const actual = JSON.stringify(outlineJson(name, m), null, 2) + '\n';
      const golden = join(QUIRKS, name.replace(/\.md$/, '.outline.json'));
      if (update) writeFileSync(golden, actual);
      assert.ok(existsSync(golden), `${golden} is missing; run UPDATE_GOLDEN=1 npm test`);
      assert.equal(actual, readFileSync(golden, 'utf8'), `${name}: outline differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`);
    });
  }
  test('every fixture satisfies the model invariants', () => {
    for (const name of quirkNames()) assertInvariants(parse(name), name, { preorder: name !== 'unnumbered-headings.md' });
  });
  test('every RFC 3647 fixture has chapters 1-9 at level 1, in order, and is detected', () => {
    for (const name of quirkNames()) {
      const m = parse(name);
      if (name === 'spanish-own-numbering.md') continue;
      assert.equal(m.rfc3647, true, `${name}: rfc3647`);
      const chapters = m.sections.filter((s) => s.number && /^\d$/.test(s.number) && !s.scoped).map((s) => s.number);
      if (name === 'out-of-order.md') assert.deepEqual(chapters, ['1', '2', '3', '5', '4', '6', '7', '8', '9']);
      else assert.deepEqual(chapters, CHAPTERS, name);
      for (const s of m.sections.filter((x) => x.number && /^\d$/.test(x.number))) assert.equal(s.level, 1);
    }
  });
  test('golden files have the stable outline JSON shape', () => {
    const keys = ['number', 'title', 'canonicalTitle', 'level', 'line', 'endLine', 'children'];
    for (const name of quirkNames()) {
      const golden = join(QUIRKS, name.replace(/\.md$/, '.outline.json'));
      if (!existsSync(golden)) continue;
      const j = JSON.parse(readFileSync(golden, 'utf8'));
      assert.deepEqual(Object.keys(j), ['file', 'rfc3647', 'metadata', 'sections']);
      assert.deepEqual(Object.keys(j.metadata), ['title', 'version', 'date']);
      const walk = (s: Record<string, unknown>) => {
        assert.deepEqual(Object.keys(s), keys);
        assert.ok((s.line as number) <= (s.endLine as number));
        (s.children as Record<string, unknown>[]).forEach(walk);
      };
      j.sections.forEach(walk);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Number formats

describe('number formats', () => {
  test('parseHeadingNumber splits number and title in every format', () => {
    const cases: [string, string | null, string?, boolean?][] = [
      ['1. INTRODUCTION', '1', 'INTRODUCTION'],
      ['1 INTRODUCTION', '1', 'INTRODUCTION'],
      ['1.INTRODUCTION', '1', 'INTRODUCTION'],
      ['1.1.Overview', '1.1', 'Overview'],
      ['4.9.1. Circumstances for Revocation', '4.9.1', 'Circumstances for Revocation'],
      ['5.1\tPhysical controls', '5.1', 'Physical controls'],
      ['6.7.3.\tTimeline', '6.7.3', 'Timeline'],
      ['4.9.10 On-line revocation checking requirements', '4.9.10', 'On-line revocation checking requirements'],
      ['1.2.1', '1.2.1', ''],
      ['4.9.', '4.9', ''],
      ['A.1. CAA Methods', 'A.1', 'CAA Methods', true],
      ['D-1. Japan', 'D.1', 'Japan', true],
      ['Appendix A: Example Lookup Methods', 'A', 'Example Lookup Methods', true],
      ['Appendix D – Country-Specific Notes', 'D', 'Country-Specific Notes', true],
      ['Anexo A.', 'A', '', true],
      ['부록 A', 'A', '', true],
      ['Section 4.9.1 Circumstances for revocation', '4.9.1', 'Circumstances for revocation'],
      ['3D Secure', null],
      ['2026 Review', null],
      ['Version: 5.21', null],
      ['X.509 Certificate Fields', null],
      ['Root CA Certificate Profile', null],
    ];
    for (const [text, number, title, appendix] of cases) {
      const p = parseHeadingNumber(text);
      if (number === null) {
        assert.equal(p, null, text);
        continue;
      }
      assert.ok(p, text);
      assert.equal(p.number, number, text);
      assert.equal(p.title, title, text);
      assert.equal(p.appendix, appendix ?? false, text);
    }
    assert.equal(parseHeadingNumber('D-1. Japan')!.asWritten, 'D-1');
  });

  const formats: [string, string[]][] = [
    ['dots-every-level.md', ['4.9.1. Circumstances for Revocation', '#### 4.9.1.1. Reasons for Revoking a Subscriber Certificate']],
    ['dots-top-only.md', ['# 1. INTRODUCTION', '### 4.9.1 Circumstances for revocation']],
    ['no-dots.md', ['# 1 INTRODUCTION', '### 4.9.10 On-line Revocation Checking Requirements']],
    ['no-space.md', ['# 1.INTRODUCTION', '#### 3.1.4.1.Internationalised Names']],
    ['tab-separator.md', ['## 5.1\tPhysical controls', '### 5.1.1\t\tSite location and construction', '### 6.7.3.\tTimeline of network changes']],
  ];
  for (const [name, lines] of formats) {
    test(`${name}: numbers, titles and levels`, () => {
      const text = readQuirk(name);
      for (const l of lines) assert.ok(text.includes(l), `${name} is meant to contain ${JSON.stringify(l)}`);
      const m = parseDocument(text);
      assert.equal(m.rfc3647, true);
      for (const s of m.all) {
        assert.ok(s.number, `every heading of ${name} is numbered`);
        assert.equal(s.level, s.number.split('.').length);
        assert.equal(s.kind, 'heading');
        assert.ok(!/^[.\s]|\t/.test(s.title), `${s.number}: title "${s.title}" keeps a separator`);
        assert.ok(s.title.length > 0);
      }
    });
  }

  test('trailing dots at every level', () => {
    const m = parse('dots-every-level');
    assert.deepEqual(numbers(m), ['1', '1.1', '1.2', '2', '3', '4', '4.9', '4.9.1', '4.9.1.1', '4.9.2', '5', '6', '7', '8', '9', '9.17', '9.17.1']);
    const s = section(m, '4.9.1.1');
    assert.equal(s.numberAsWritten, '4.9.1.1');
    assert.equal(s.title, 'Reasons for Revoking a Subscriber Certificate');
    assert.equal(s.parent, section(m, '4.9.1'));
    assert.deepEqual(childNumbers(section(m, '4.9')), ['4.9.1', '4.9.2']);
    assert.equal(section(m, '4.9.1').canonicalTitle, 'Circumstances for revocation');
  });

  test('a dot only at the top level', () => {
    const m = parse('dots-top-only');
    assert.equal(section(m, '1').title, 'INTRODUCTION');
    assert.equal(section(m, '1').canonicalTitle, 'Introduction');
    assert.equal(section(m, '1.1').title, 'Overview');
    assert.equal(section(m, '4.9.1.1').level, 4);
  });

  test('no dots: 4.9.10 follows 4.9.1 as a sibling, not a child', () => {
    const m = parse('no-dots');
    assert.deepEqual(childNumbers(section(m, '4.9')), ['4.9.1', '4.9.10']);
    assert.deepEqual(childNumbers(section(m, '4.9.1')), ['4.9.1.1']);
    assert.equal(section(m, '1.1').title, 'OVERVIEW');
    // ALL-CAPS titles still match, and the short 1.2 title is recognised.
    assert.equal(section(m, '1.2').canonicalTitle, 'Document name and identification');
  });

  test('a TAB between number and title', () => {
    const m = parse('tab-separator');
    assert.ok(m.text.includes('\t'));
    assert.equal(section(m, '5.1').title, 'Physical controls');
    assert.equal(section(m, '5.1.1').title, 'Site location and construction');
    assert.equal(section(m, '6.7.3').title, 'Timeline of network changes');
    assert.equal(section(m, '6.7.3').numberAsWritten, '6.7.3');
    assert.equal(section(m, '1').title, 'Introduction');
  });

  test('no space between number and title', () => {
    const m = parse('no-space');
    assert.deepEqual(numbers(m), ['1', '1.1', '1.2', '2', '3', '3.1', '3.1.4', '3.1.4.1', '4', '4.9', '4.9.1', '5', '6', '7', '8', '9']);
    assert.equal(section(m, '1').title, 'INTRODUCTION');
    assert.equal(section(m, '1.1').title, 'Overview');
    assert.equal(section(m, '3.1.4.1').title, 'Internationalised Names');
    assert.equal(section(m, '3.1.4.1').parent, section(m, '3.1.4'));
  });

  test('number-only headings', () => {
    const m = parse('number-only');
    for (const n of ['1.2', '1.2.1', '4.9']) {
      const s = section(m, n);
      assert.equal(s.title, '', n);
      assert.equal(s.level, n.split('.').length, n);
    }
    assert.equal(section(m, '1.2.1').parent, section(m, '1.2'));
    assert.equal(section(m, '4.9').numberAsWritten, '4.9');
    // The label falls back to the RFC 3647 title; the body follows the bare number.
    assert.equal(section(m, '1.2').canonicalTitle, 'Document name and identification');
    assert.equal(sectionLabel(section(m, '1.2')), '1.2 Document name and identification');
    assert.equal(sectionLabel(section(m, '1.2.1')), '1.2.1 Revisions');
    assert.equal(bodyText(m, section(m, '1.2')), 'The requirement text follows a number-only heading.');
    assert.equal(bodyText(m, section(m, '4.9')), 'A number with a dot and no title.');
  });
});

// ---------------------------------------------------------------------------------------------
// Appendices and restarted numbering

describe('appendices', () => {
  test('letter-prefixed appendix numbers', () => {
    const m = parse('appendix-letters');
    const a = section(m, 'A');
    assert.equal(a.title, 'Example Lookup Methods');
    assert.equal(a.appendix, true);
    assert.equal(a.level, 1);
    assert.equal(a.parent, null);
    assert.deepEqual(childNumbers(a), ['A.1', 'A.2']);
    assert.equal(section(m, 'A.1').title, 'First Lookup Method');
    assert.equal(section(m, 'A.1').level, 2);
    const d = section(m, 'D');
    assert.equal(d.title, 'Country-Specific Notes');
    assert.deepEqual(childNumbers(d), ['"Country Procedures"', 'D.1', 'D.2']);
    const d1 = section(m, 'D.1');
    assert.equal(d1.numberAsWritten, 'D-1');
    assert.equal(d1.title, 'Japan');
    assert.equal(d1.level, 2, 'level from the number (2 parts), not from ####');
    assert.equal(d1.headingDepth, 4);
    assert.equal(m.text.slice(d1.numberStart, d1.numberEnd), 'D-1');
    // Letter-numbered sections do not disturb the RFC 3647 numbering and get no RFC 3647 title.
    assert.deepEqual(mainSections(m).map((s) => s.number).filter((n) => /^\d/.test(n!)), ['1', '1.1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const n of ['A', 'A.1', 'A.2', 'D', 'D.1', 'D.2']) assert.equal(section(m, n).canonicalTitle, null, n);
    // Spliced after a complete RFC 3647 skeleton, the appendices cause no structural findings.
    const full = parseDocument(skeleton({ trailer: m.text.slice(m.text.indexOf('# Appendix A')) }));
    assert.deepEqual(checkStructure(full), []);
    assert.equal(section(full, 'D.1').parent, section(full, 'D'));
  });

  test('an appendix that restarts its numbering at 1', () => {
    const m = parse('appendix-restart');
    const d = section(m, 'D');
    assert.equal(d.appendix, true);
    const local = d.children;
    assert.deepEqual(local.map((s) => [s.number, s.title, s.level, s.scoped]), [
      ['1', 'Organization Names', 2, true],
      ['2', 'Accounting Practitioner', 2, true],
    ]);
    assert.deepEqual(local[0].children.map((s) => [s.number, s.title, s.level, s.scoped]), [['1.1', 'Abbreviations', 3, true]]);
    // The chapter 1 of the document is still the real one.
    assert.equal(findSection(m, '1')!.title, 'Introduction');
    assert.equal(findSection(m, '1.1')!.title, 'Overview');
    assertUnique(m, 'appendix-restart');
    // The next appendix closes the scope.
    assert.equal(section(m, 'E').parent, null);
    assert.equal(section(m, 'E').scoped, false);
    assert.deepEqual(checkStructure(m).map((f) => f.code).filter((c) => c === 'cps-duplicate-number' || c === 'cps-out-of-order'), []);
    const full = parseDocument(skeleton({ trailer: m.text.slice(m.text.indexOf('# Appendix D')) }));
    assert.deepEqual(checkStructure(full), [], 'restarted numbers are neither duplicates nor out of order');
  });

  test('Korean and Spanish appendix words', () => {
    const m = parseDocument(
      ['# 9. Other Business and Legal Matters', 'Text.', '# 부록 A', '## A.1 최상위 인증서', 'Text.', '## 1. 로컬', 'Text.', '# Anexo B.', '## 1. Local', 'Text.'].join('\n\n'),
    );
    const a = section(m, 'A');
    assert.equal(a.appendix, true);
    assert.deepEqual(childNumbers(a), ['A.1', '1']);
    assert.equal(a.children[1].scoped, true);
    assert.equal(section(m, 'B').appendix, true);
    assert.deepEqual(mainSections(m).map((s) => s.number).filter((n) => /^\d/.test(n!)), ['9']);
  });
});

// ---------------------------------------------------------------------------------------------
// Markup in and around headings

describe('markup in headings', () => {
  test('whole heading bold, and other inline markup, is stripped', () => {
    const m = parse('bold-heading-markup');
    assert.equal(section(m, '1').title, 'INTRODUCTION');
    assert.equal(section(m, '1.2').title, 'Document Name and Identification');
    assert.equal(section(m, '4.9.1').title, 'Circumstances for Revocation');
    assert.equal(section(m, '4.9.1.1').title, '');
    assert.equal(section(m, '4.9.1.1').parent, section(m, '4.9.1'));
    assert.equal(section(m, '4.9.2').title, 'Who Can Request Revocation');
    assert.equal(section(m, '4.9.3').title, 'Procedure for Revocation Request');
    assert.equal(section(m, '4.9.4').title, 'Revocation Request Grace Period');
    assert.equal(section(m, '4.9.5').title, 'Time Within Which CA Must Process the Revocation Request');
    for (const s of m.all) assert.equal(s.kind, 'heading');
    // The number range points at the digits inside the markup.
    const s = section(m, '4.9.1');
    assert.equal(m.text.slice(s.numberStart, s.numberEnd), '4.9.1');
    assert.equal(headingText(m, s), '### **4.9.1 Circumstances for Revocation**');
    assert.equal(sectionLabel(s), '4.9.1 Circumstances for Revocation');
  });

  test('<span id> inside a heading: stripped from the title, kept as an anchor', () => {
    const m = parse('span-in-heading');
    assert.equal(section(m, '1').title, 'Introduction');
    assert.equal(section(m, '1.2').title, 'Document Name and Identification');
    const s = section(m, '4.9.1');
    assert.equal(s.title, 'Circumstances for Revocation');
    assert.ok(s.anchors.includes('page-4-2') && s.anchors.includes('revocation'), s.anchors.join());
    assert.equal(m.bySlug.get('page-1-1'), section(m, '1.1'));
    assert.equal(m.bySlug.get('491-circumstances-for-revocation'), s);
    assert.equal(m.text.slice(s.numberStart, s.numberEnd), '4.9.1');
  });

  test('<a id> line before a heading anchors that heading', () => {
    const m = parse('anchor-before-heading');
    assert.deepEqual(numbers(m), ['1', '1.1', '1.2', '2', '3', '4', '4.9.1', '5', '6', '7', '8', '9']);
    assert.equal(m.bySlug.get('introduction'), section(m, '1'));
    assert.equal(m.bySlug.get('overview'), section(m, '1.1'));
    assert.equal(m.bySlug.get('document-name'), section(m, '1.2'), 'an anchor separated by a blank line');
    assert.equal(m.bySlug.get('circumstances'), section(m, '4.9.1'));
    assert.equal(m.bySlug.get('stray'), undefined, 'an anchor followed by a paragraph anchors nothing');
    assert.equal(m.metadata.title, null, 'an anchor is not a title');
    assert.equal(lineOf(m, section(m, '1.1').headingStart), 5);
  });

  test('closing hashes are stripped', () => {
    const m = parse('closing-hashes');
    assert.equal(section(m, '1').title, 'Introduction');
    assert.equal(section(m, '1.2').title, 'Document Name and Identification');
    const s = section(m, '6.1.1');
    assert.equal(s.title, 'Key Pair Generation');
    assert.equal(s.level, 3);
    assert.equal(s.headingDepth, 4);
    assert.equal(s.parent, section(m, '6.1'));
    assert.equal(headingText(m, s), '#### 6.1.1 Key Pair Generation ####');
    assert.equal(section(m, '6.1.5').title, 'Key Sizes #3', 'a # that is part of the title stays');
  });

  test('pandoc {#id} attributes: stripped from the title, the id is an anchor', () => {
    const m = parse('pandoc-attributes');
    assert.equal(section(m, '1').title, 'Introduction');
    assert.equal(section(m, '1.1').title, 'Overview');
    assert.equal(section(m, '4.9.1').title, 'Circumstances for Revocation');
    assert.equal(section(m, '4.9.2').title, 'Who Can Request Revocation');
    assert.equal(m.bySlug.get('overview'), section(m, '1.1'));
    assert.equal(m.bySlug.get('sec:revocation'), section(m, '4.9.1'));
    assert.equal(m.bySlug.get('doc-name'), section(m, '1.2'));
    // The GitHub slug ignores the attribute block.
    assert.equal(m.bySlug.get('11-overview'), section(m, '1.1'));
    // With no 4.9 heading, 4.9.1 hangs under chapter 4 but keeps level 3.
    assert.equal(section(m, '4.9.1').parent, section(m, '4'));
    assert.equal(section(m, '4.9.1').level, 3);
  });
});

// ---------------------------------------------------------------------------------------------
// Depth and offset

describe('heading depth vs number', () => {
  test('a depth that slips once does not move the section', () => {
    const m = parse('depth-slip');
    const slip = section(m, '3.2.2.6');
    assert.equal(slip.headingDepth, 3);
    assert.equal(slip.level, 4);
    assert.equal(slip.parent, section(m, '3.2.2'));
    assert.deepEqual(childNumbers(section(m, '3.2.2')), ['3.2.2.6', '3.2.2.7']);
    const up = section(m, '4.9.12');
    assert.equal(up.headingDepth, 4);
    assert.equal(up.level, 3);
    assert.equal(up.parent, section(m, '4.9'));
    assert.deepEqual(childNumbers(section(m, '4.9')), ['4.9.11', '4.9.12', '4.9.13']);
    assert.deepEqual(section(m, '4.9.11').children, []);
    const deep = section(m, '4.9.13.1');
    assert.equal(deep.headingDepth, 5);
    assert.equal(deep.level, 4);
    assert.equal(deep.parent, section(m, '4.9.13'));
  });

  test('the offset changes mid-document (+1, then 0)', () => {
    const m = parse('offset-change');
    assert.deepEqual(
      mainSections(m).map((s) => [s.number, s.headingDepth, s.level]),
      [
        ['1', 2, 1],
        ['1.1', 3, 2],
        ['1.2', 3, 2],
        ['2', 2, 1],
        ['3', 2, 1],
        ['4', 2, 1],
        ['4.1', 3, 2],
        ['4.2', 2, 2],
        ['4.2.1', 3, 3],
        ['4.9', 2, 2],
        ['4.9.1', 3, 3],
        ['5', 1, 1],
        ['6', 1, 1],
        ['7', 1, 1],
        ['8', 1, 1],
        ['9', 1, 1],
      ],
    );
    assert.deepEqual(childNumbers(section(m, '4')), ['4.1', '4.2', '4.9']);
    assert.equal(section(m, '1').parent, null, 'chapter 1 is top level even below a # title');
    const title = byTitle(m, 'Example CA Certification Practice Statement');
    assert.equal(title.level, 1);
    assert.deepEqual(childNumbers(title), ['"Version: 5.21"']);
  });
});

// ---------------------------------------------------------------------------------------------
// Bold lines

describe('bold lines used as headings', () => {
  const m = parse('bold-lines');
  test('numbered bold paragraphs are sections with level from the number', () => {
    assert.deepEqual(childNumbers(section(m, '4.9')), ['4.9.1', '4.9.2', '4.9.3']);
    for (const n of ['4.9.1', '4.9.2', '4.9.3']) {
      const s = section(m, n);
      assert.equal(s.kind, 'bold', n);
      assert.equal(s.headingDepth, 0, n);
      assert.equal(s.level, 3, n);
    }
    assert.equal(section(m, '4.9.1').title, 'Circumstances for Revocation');
    assert.equal(section(m, '4.9.2').title, 'Who Can Request Revocation');
  });
  test('body on the next paragraph, on the same line, or on the next line', () => {
    const s1 = section(m, '4.9.1');
    assert.equal(headingText(m, s1), '**4.9.1. Circumstances for Revocation**');
    assert.equal(bodyText(m, s1), 'The fixture CA revokes on request. This paragraph is the body of a bold heading.');
    const s2 = section(m, '4.9.2');
    assert.equal(headingText(m, s2), '**4.9.2. Who Can Request Revocation**');
    assert.equal(bodyText(m, s2), 'The subscriber, on the same line as the bold heading.');
    assert.equal(lineOf(m, s2.bodyStart), lineOf(m, s2.headingStart), 'the body starts on the heading line');
    const s3 = section(m, '4.9.3');
    assert.ok(bodyText(m, s3).startsWith('The body starts on the next line of the same paragraph.'));
  });
  test('bold labels, glossary entries and bold numbers in text are not sections', () => {
    assert.equal(m.all.some((s) => /Note|X\.509/.test(s.title)), false);
    assert.ok(bodyText(m, section(m, '4.9.3')).includes('**Note:**'));
    assert.ok(bodyText(m, section(m, '4.9.3')).includes('See **4.9.1** above'));
    assert.equal(m.all.filter((s) => s.number === '4.9.1').length, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Unnumbered headings, duplicates, order

describe('unnumbered, duplicate and out-of-order headings', () => {
  test('profile sub-headings, title-block headings, junk and PDF-artefact headings, appendices', () => {
    const m = parse('unnumbered-headings');
    const title = byTitle(m, 'Fixture Trust Services Certification Practice Statement');
    assert.equal(title.number, null);
    assert.equal(title.level, 1);
    assert.deepEqual(childNumbers(title), ['"Version: 5.21"', '"Last revised: 2026-01-15"']);
    assert.deepEqual(childNumbers(section(m, '7.1')), ['"Root CA Certificate Profile"', '"Subscriber Certificate Profile"', '7.1.1', '7.1.2']);
    assert.equal(byTitle(m, 'Root CA Certificate Profile').level, 3);
    assert.equal(byTitle(m, 'X.509 v3 Extensions').parent, byTitle(m, 'Subscriber Certificate Profile'));
    assert.equal(byTitle(m, 'X.509 v3 Extensions').level, 4);
    assert.equal(byTitle(m, 'DATE VERS. PARAGRAPHS CHANGES AUTHOR').parent, section(m, '1.2'));
    // A PDF-artefact heading at the top does not tear 5.1.3 away from 5.1.
    assert.equal(byTitle(m, 'Power and Air Conditioning Water Exposures').parent, null);
    assert.equal(section(m, '5.1.3').parent, section(m, '5.1'));
    assert.deepEqual(childNumbers(section(m, '5.1')), ['5.1.1', '5.1.3']);
    const app = section(m, 'A');
    assert.equal(app.appendix, true);
    assert.deepEqual(childNumbers(app), ['"Terms"', '"부칙"']);
    assert.equal(byTitle(m, 'Revision History').parent, null);
    assertUnique(m, 'unnumbered-headings');
    // "Revised 4.9.1" in the revision table is not a section.
    assert.equal(m.all.filter((s) => s.number === '4.9.1').length, 0);
  });

  test('duplicate numbers are kept, both with their level and parent', () => {
    const m = parse('duplicate-numbers');
    const dups = m.all.filter((s) => s.number === '6.5.1');
    assert.equal(dups.length, 2);
    for (const s of dups) assert.equal(s.parent, section(m, '6.5'));
    assert.equal(m.all.filter((s) => s.number === '8.5').length, 2);
    assert.deepEqual(childNumbers(section(m, '8')), ['8.5', '8.5']);
    assert.equal(findSection(m, '6.5.1'), dups[0], 'references resolve to the first');
  });

  test('out-of-order and wrong numbers follow the number, not the position', () => {
    const m = parse('out-of-order');
    assert.deepEqual(childNumbers(section(m, '1')), ['1.1', '1.3', '1.2']);
    assert.deepEqual(m.sections.map((s) => s.number), ['1', '2', '3', '5', '4', '6', '7', '8', '9']);
    const wrong = section(m, '9.10.4');
    assert.equal(wrong.headingDepth, 2);
    assert.equal(wrong.level, 3);
    assert.equal(wrong.parent, section(m, '9.10'));
    assert.deepEqual(childNumbers(section(m, '9')), ['9.10', '9.12']);
  });
});

// ---------------------------------------------------------------------------------------------
// Tables of contents and table rows

describe('tables of contents never become sections', () => {
  const tocs: [string, number][] = [
    ['toc-link-list', 0],
    ['toc-nested-list', 0],
    ['toc-pipe-table', 0],
    ['toc-link-headings', 6],
  ];
  for (const [name, ignored] of tocs) {
    test(name, () => {
      const m = parse(name);
      assertUnique(m, name);
      const first = section(m, '1');
      // Every numbered section comes after the table of contents.
      for (const s of mainSections(m)) assert.ok(s.headingStart >= first.headingStart, `${s.number} at line ${lineOf(m, s.headingStart)} is in the TOC`);
      assert.equal(m.ignoredHeadings.length, ignored);
      for (const h of m.ignoredHeadings) {
        assert.equal(h.reason, 'a table-of-contents entry');
        assert.ok(h.end <= first.headingStart);
      }
      assert.equal(m.rfc3647, true);
      const dupFindings = checkStructure(m).filter((f) => f.code === 'cps-duplicate-number' || f.code === 'cps-out-of-order');
      assert.deepEqual(dupFindings, []);
    });
  }
  test('link-list TOC: links still resolve to the real headings', () => {
    const m = parse('toc-link-list');
    assert.equal(m.bySlug.get('491-circumstances-for-revocation'), section(m, '4.9.1'));
    assert.equal(m.bySlug.get('11-overview'), section(m, '1.1'));
    assert.equal(byTitle(m, 'Table of Contents').number, null);
  });
  test('link-only headings and page-numbered headings are ignored, in place', () => {
    const m = parse('toc-link-headings');
    const lines = m.ignoredHeadings.map((h) => lineOf(m, h.start));
    assert.deepEqual(lines, [3, 5, 7, 9, 11, 13]);
    assert.equal(section(m, '1.1').title, 'Overview');
    assert.equal(lineOf(m, section(m, '1.1').headingStart), lineContaining(m.text, '## 1.1 Overview\n'));
  });
  test('a table row that CommonMark reads as a heading', () => {
    const m = parse('table-row-heading');
    assert.equal(m.ignoredHeadings.length, 1);
    assert.equal(m.ignoredHeadings[0].reason, 'a table row that Markdown reads as a heading');
    assert.equal(lineOf(m, m.ignoredHeadings[0].start), lineContaining(m.text, ' # of Distinct'));
    assert.equal(m.all.some((s) => /Distinct/.test(s.title)), false);
    // The table stays in the body of 3.2.2, which keeps going to chapter 4.
    const s = section(m, '3.2.2');
    assert.ok(m.text.slice(s.bodyStart, s.bodyEnd).includes('Text after the table.'));
    assert.equal(s.children.length, 0);
  });
});

// ---------------------------------------------------------------------------------------------
// Metadata and front matter

describe('metadata', () => {
  const expected: Record<string, { title: string | null; version: string | null; date: string | null }> = {
    'frontmatter-plain': { title: 'Fixture Certificate Policy and Certification Practice Statement', version: '2.4.1', date: '2026-03-01' },
    'frontmatter-capitalised': { title: 'Fixture S/MIME CP and CPS', version: '1.3', date: 'May 29, 2026' },
    'frontmatter-block-scalar': { title: 'Fixture Root CA Certification Practice Statement', version: '4.1.3', date: '2026-02-10 (Release 4.1.4)' },
    'frontmatter-invalid': { title: null, version: null, date: null },
    'leading-html': { title: 'Fixture General Purpose CPS', version: '3.02', date: '12 March 2026' },
    'pipe-table-title': { title: 'Fixture TLS CP/CPS', version: '1.07', date: '24-July-2026' },
    'unnumbered-headings': { title: 'Fixture Trust Services Certification Practice Statement', version: '5.21', date: '2026-01-15' },
    'offset-change': { title: 'Example CA Certification Practice Statement', version: '5.21', date: null },
    crlf: { title: 'Fixture CRLF CPS', version: '1.0', date: null },
    'dots-every-level': { title: null, version: null, date: null },
    'anchor-before-heading': { title: null, version: null, date: null },
    'toc-link-list': { title: 'Fixture Certificate Policy', version: null, date: null },
    'spanish-own-numbering': { title: 'Política de Certificación y Declaración de Prácticas de Certificación de la Autoridad de Prueba', version: '2.0', date: null },
  };
  for (const [name, meta] of Object.entries(expected)) {
    test(name, () => assert.deepEqual(parse(name).metadata, meta));
  }

  test('plain YAML front matter: custom keys kept, not a section', () => {
    const m = parse('frontmatter-plain');
    assert.ok(m.frontMatter);
    assert.equal(m.frontMatter.start, 0);
    assert.equal(m.frontMatter.error, null);
    assert.equal(m.frontMatter.data!.copyright_body, 'Fixture Trust Ltd.');
    assert.equal(lineOf(m, m.frontMatter.end), 7);
    assert.equal(m.all[0].number, '1');
    assert.deepEqual(m.preamble, []);
  });

  test('a block scalar holding a Markdown table and \\newpage stays in the front matter', () => {
    const m = parse('frontmatter-block-scalar');
    assert.equal(m.frontMatter!.error, null);
    assert.match(String(m.frontMatter!.data!.abstract), /\| 4\.1\.3 \| 2026-02-10 \| Edited 4\.9\.1 \|/);
    assert.match(String(m.frontMatter!.data!.abstract), /\\newpage/);
    assert.deepEqual(m.preamble, []);
    assert.equal(m.blocks.some((b) => b.node.type === 'table'), false, 'the revision table is not body text');
    assert.equal(m.all[0].number, '1');
    assert.equal(lineOf(m, m.all[0].headingStart), 16);
  });

  test('invalid YAML: an error, no data, and the document still parses', () => {
    const m = parse('frontmatter-invalid');
    assert.ok(m.frontMatter);
    assert.equal(m.frontMatter.data, null);
    assert.ok(m.frontMatter.error && m.frontMatter.error.length > 0);
    assert.equal(m.rfc3647, true);
    assert.deepEqual(m.sections.map((s) => s.number), CHAPTERS);
  });

  test('leading HTML and a pipe table on line 1 stay in the preamble', () => {
    for (const name of ['leading-html', 'pipe-table-title']) {
      const m = parse(name);
      assert.equal(m.all[0].number, '1', name);
      assert.ok(m.preamble.length > 0, name);
      assert.equal(m.frontMatter, null, name);
    }
  });

  test('a title paragraph under an unnumbered title heading gives version and date', () => {
    const m = parseDocument('# Fixture Root Store Policy\n\n*Version 3.1, Effective: March 20, 2026*\n\n## 1. Introduction\n\nText.\n');
    assert.deepEqual(m.metadata, { title: 'Fixture Root Store Policy', version: '3.1', date: 'March 20, 2026' });
  });
});

// ---------------------------------------------------------------------------------------------
// Ranges and line endings

describe('ranges', () => {
  test('heading, body and section ranges (dots-every-level)', () => {
    const m = parse('dots-every-level');
    const s = section(m, '4.9.1');
    assert.equal(headingText(m, s), '### 4.9.1. Circumstances for Revocation');
    assert.equal(lineOf(m, s.headingStart), 23);
    assert.deepEqual(headingRange(m, s), { start: { line: 22, character: 0 }, end: { line: 22, character: '### 4.9.1. Circumstances for Revocation'.length } });
    assert.equal(bodyText(m, s), 'The fixture CA revokes a certificate when the subscriber asks it to.');
    assert.equal(m.text.slice(s.bodyEnd - 3, s.bodyEnd), 'to.', 'body end is trimmed');
    assert.ok(m.text.slice(s.headingStart, s.end).endsWith('A list of reasons would go here.'), 'the section runs to the end of its last child');
    assert.deepEqual(sectionRange(m, s), { start: { line: 22, character: 0 }, end: { line: 28, character: 32 } });
    const ch4 = section(m, '4');
    assert.equal(bodyText(m, ch4), '', 'chapter 4 has no text of its own');
    assert.ok(m.text.slice(ch4.headingStart, ch4.end).endsWith('The subscriber.'));
    const last = section(m, '9.17.1');
    assert.equal(last.end, m.text.trimEnd().length);
    assert.equal(section(m, '9').end, last.end);
    assert.equal(sectionAt(m, m.text.indexOf('A list of reasons'))!.number, '4.9.1.1');
    assert.equal(sectionAt(m, m.text.indexOf('A list of reasons'))!.parent!.number, '4.9.1');
    assert.deepEqual(section(m, '4.9.1').blocks.map((b) => b.type), ['paragraph']);
  });

  test('outline JSON line and endLine', () => {
    const m = parse('dots-every-level');
    const j = outlineJson('x.md', m);
    const ch4 = j.sections.find((s) => s.number === '4')!;
    assert.deepEqual([ch4.line, ch4.endLine], [19, 33]);
    const s491 = ch4.children[0].children[0];
    assert.deepEqual([s491.number, s491.line, s491.endLine, s491.canonicalTitle], ['4.9.1', 23, 29, 'Circumstances for revocation']);
  });

  test('every fixture has the same outline and metadata with CRLF (and LF) line endings', () => {
    for (const name of quirkNames()) {
      const text = readQuirk(name);
      const lf = text.replace(/\r\n/g, '\n');
      const a = parseDocument(lf);
      const b = parseDocument(lf.replace(/\n/g, '\r\n'));
      assert.deepEqual(outlineJson(name, b), outlineJson(name, a), name);
      assert.deepEqual(b.ignoredHeadings.length, a.ignoredHeadings.length, name);
    }
  });

  test('CRLF: same outline and positions as LF, offsets skip \\r', () => {
    const crlf = readQuirk('crlf');
    assert.ok(crlf.includes('\r\n'), 'crlf.md must keep its CRLF line endings (see .gitattributes)');
    assert.equal(crlf.replace(/\r\n/g, '').includes('\n'), false, 'every line ends in CRLF');
    const lf = crlf.replace(/\r\n/g, '\n');
    const a = parseDocument(crlf);
    const b = parseDocument(lf);
    assert.deepEqual(outlineJson('f', a), outlineJson('f', b));
    assert.deepEqual(a.metadata, { title: 'Fixture CRLF CPS', version: '1.0', date: null });
    assert.equal(a.all.length, b.all.length);
    for (let i = 0; i < a.all.length; i++) {
      const x = a.all[i];
      const y = b.all[i];
      assert.equal(x.title, y.title);
      assert.deepEqual(headingRange(a, x), headingRange(b, y), `${x.number} heading range`);
      assert.deepEqual(sectionRange(a, x), sectionRange(b, y), `${x.number} section range`);
      assert.deepEqual(a.lines.range(x.numberStart, x.numberEnd), b.lines.range(y.numberStart, y.numberEnd));
      assert.equal(a.text[x.headingEnd], '\r', `${x.number}: the heading ends before \\r`);
      assert.ok(!/\r/.test(headingText(a, x)));
      assert.ok(!/\s$/.test(a.text.slice(x.bodyStart, x.bodyEnd)), `${x.number}: body end trimmed`);
      assert.equal(bodyText(a, x).replace(/\r\n/g, '\n'), bodyText(b, y));
    }
    const s = section(a, '4.9.1');
    assert.equal(s.title, 'Circumstances for Revocation');
    assert.equal(lineOf(a, s.headingStart), 29);
    assert.deepEqual(headingRange(a, s).end, { line: 28, character: '### 4.9.1\tCircumstances for Revocation'.length });
    assert.equal(bodyText(a, section(a, '1.1')), 'This fixture has CRLF line endings.\r\nIt is used to check positions.');
    assert.equal(a.lines.lineText(28), '### 4.9.1\tCircumstances for Revocation');
    assert.equal(a.lines.offsetAt({ line: 28, character: 4 }), s.numberStart);
  });
});

// ---------------------------------------------------------------------------------------------
// RFC 3647 detection

describe('RFC 3647 detection', () => {
  test('a Spanish document with its own numbering is not RFC 3647', () => {
    const m = parse('spanish-own-numbering');
    assert.equal(m.rfc3647, false);
    assert.equal(section(m, '4').title, 'Tipos de certificados');
    for (const s of m.all) assert.equal(s.canonicalTitle, null);
    assert.deepEqual(checkStructure(m).filter((f) => f.code !== 'cps-not-rfc3647'), []);
    // The outline is still the document's own.
    assert.deepEqual(treeLines(m).slice(1, 3), ['1 Introducción [1]', '  1.1 Objeto [2]']);
  });
  test('canonical titles are given only when the document follows RFC 3647', () => {
    const m = parse('no-space');
    assert.equal(section(m, '4.9.1').canonicalTitle, 'Circumstances for revocation');
    assert.equal(section(m, '3.1.4.1').canonicalTitle, null, '3.1.4.1 is not in the outline');
  });
  test('an empty or heading-less document', () => {
    for (const t of ['', '\n', 'Just a paragraph.', '---\ntitle: x\n---\n']) {
      const m = parseDocument(t);
      assert.equal(m.rfc3647, false);
      assert.deepEqual(m.all, []);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Full skeletons in every heading style

describe('full RFC 3647 skeleton in every heading style', () => {
  for (const style of STYLES) {
    for (const optional of [false, true]) {
      test(`${style}${optional ? ' (with the BR refinements)' : ''}`, () => {
        const m = parseDocument(skeleton({ style, optional }));
        assert.equal(m.rfc3647, true);
        assertInvariants(m, style);
        assertUnique(m, style);
        assert.deepEqual(
          mainSections(m).map((s) => s.number),
          skeletonNumbers({ optional }),
        );
        const o = referenceOutline();
        for (const s of mainSections(m)) {
          const e = o.byNumber.get(s.number!)!;
          assert.equal(s.title.toLowerCase(), e.title.toLowerCase(), `${s.number} title`);
          assert.equal(s.canonicalTitle, e.title, `${s.number} canonical title`);
          assert.equal(s.kind, style === 'bold-lines' && s.level >= 3 ? 'bold' : 'heading');
          assert.equal(bodyText(m, s).includes(`(${s.number})`), s.children.length === 0, `${s.number} body`);
        }
        assert.deepEqual(checkStructure(m), [], 'a complete skeleton has no structural findings');
      });
    }
  }

  test('anchors of the anchor-line, span and pandoc styles resolve', () => {
    for (const [style, anchor] of [
      ['anchor-lines', 'sec-4-9-1'],
      ['span', 'page-4-9-1'],
      ['pandoc', 'sec-4-9-1'],
    ] as const) {
      const m = parseDocument(skeleton({ style }));
      assert.equal(m.bySlug.get(anchor)?.number, '4.9.1', style);
    }
  });

  test('a CRLF skeleton', () => {
    const lf = skeleton({ style: 'tab' });
    const a = parseDocument(skeleton({ style: 'tab', eol: '\r\n' }));
    const b = parseDocument(lf);
    assert.deepEqual(outlineJson('f', a), outlineJson('f', b));
    assert.deepEqual(checkStructure(a), []);
  });

  test('the skeleton is detected with chapter titles only partly matching', () => {
    const m = parseDocument(skeleton({ heading: { '5': '# 5. MANAGEMENT, OPERATIONAL, AND PHYSICAL CONTROLS' } }));
    assert.equal(m.rfc3647, true);
    assert.equal(section(m, '5').canonicalTitle, 'Facility, management, and operational controls');
  });
});

describe('hostile Markdown after an edit (only the paragraphs around the edit are scanned again)', () => {
  // Deterministic pseudo-random edits: a blank-line-separated document, then pieces that push a
  // paragraph or a line over a limit (emphasis runs, brackets, nesting), inserted, removed or
  // joined with their neighbours by deleting blank lines.
  let seed = 3647;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const paragraph = (i: number) => (i % 7 === 3 ? `| a | b |\n|---|---|\n| *x* | [y] |` : `Paragraph ${i} with *some* emphasis and [a bracket] here.`);
  const base = Array.from({ length: 40 }, (_, i) => (i % 10 === 0 ? `# ${i / 10 + 1}. Heading` : paragraph(i))).join('\n\n') + '\n';
  const pieces = [
    ' *a* _b_'.repeat(260), // more than 1000 delimiter runs once two meet in one paragraph
    '[x]'.repeat(1800),
    '\n' + '> '.repeat(101) + 'deep',
    '\n\n',
    '\n \t\n',
    '\r\n',
    'plain words',
  ];
  test('the verdict and its line are those of a full scan, edit after edit', () => {
    let prev = parseDocument(base);
    let text = base;
    let failures = 0;
    for (let step = 0; step < 300; step++) {
      const at = rnd(text.length + 1);
      const op = rnd(3);
      if (op === 0 || text.length < 200) text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at);
      else if (op === 1) {
        const i = text.indexOf('\n\n', at);
        if (i >= 0) text = text.slice(0, i) + ' ' + text.slice(i + 2);
      } else text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rnd(400)));
      const inc = parseDocument(text, prev);
      const full = parseDocument(text);
      assert.equal(inc.parseError ?? null, full.parseError ?? null, `step ${step}`);
      if (full.parseError) failures++;
      // A rejected version is the next one's previous: a full scan follows it.
      prev = inc;
      if (text.length > 60_000) (text = base), (prev = parseDocument(base));
    }
    assert.ok(failures > 5 && failures < 295, `both verdicts occur (${failures} hostile versions)`);
  });
});

describe('changedSpan (the span an edit changed, found by blocks)', () => {
  const naive = (a: string, b: string) => {
    const max = Math.min(a.length, b.length);
    let p = 0;
    while (p < max && a[p] === b[p]) p++;
    let s = 0;
    while (s < max - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
    return { p, s };
  };
  test('is the longest common prefix and the longest non-overlapping common suffix', () => {
    let seed = 12;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const alphabet = 'ab\n ';
    for (let step = 0; step < 400; step++) {
      // Lengths around the block sizes (64 ... 16,384), repetitive text (so that blocks recur), edits anywhere.
      const n = [0, 1, 63, 64, 65, 1000, 4096, 16_384, 16_385, 70_000][rnd(10)] + rnd(3);
      const base = Array.from({ length: n }, () => alphabet[rnd(step % 5 === 0 ? 1 : alphabet.length)]).join('');
      const at = rnd(n + 1);
      const del = rnd(4) === 0 ? 0 : rnd(Math.min(200, n - at) + 1);
      const ins = ['', 'a', 'b', 'ab\n', 'x'.repeat(rnd(3000))][rnd(5)];
      const edited = base.slice(0, at) + ins + base.slice(at + del);
      assert.deepEqual(changedSpan(base, edited), naive(base, edited), `step ${step}: n ${n}, at ${at}, del ${del}, ins ${ins.length}`);
    }
    assert.deepEqual(changedSpan('abc', 'abc'), { p: 3, s: 0 });
    assert.deepEqual(changedSpan('aaaa', 'aa'), { p: 2, s: 0 });
  });
});
