/** The rule engine's building blocks: text extraction, negation, numbers, gating, suppression. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { sectionUnits, frontUnits, unitRange } from '../../server/src/service/rules/extract';
import { isNegated, quantities, parseDate, compileTerm, findAll, compileAnyOf, counts } from '../../server/src/service/rules/patterns';
import { locateSection, caName, documentKinds } from '../../server/src/service/rules/locate';
import { loadRulePacks } from '../../server/src/service/rules/load';
import { runRules } from '../../server/src/service/rules/run';
import { applyEdits } from '../../server/src/service/rules/fixes';
import { buildDoc, builtinRules, ruleById, runOne, ALL_PROGRAMS } from './helpers';

function unitTexts(text: string, number: string): string[] {
  const model = parseDocument(text);
  const s = locateSection(model, number)!;
  return sectionUnits(model, s, true).map((u) => u.text);
}

describe('text extraction', () => {
  test('inline markup, links and line wraps become plain text with exact offsets', () => {
    const text = buildDoc({ sections: { '5.7.1': 'The CA **maintains** a `mass\nrevocation` plan &amp; tests it, see [the plan](https://ca.example/plan).' } });
    const model = parseDocument(text);
    const units = sectionUnits(model, locateSection(model, '5.7.1')!, true);
    assert.equal(units.length, 1);
    const u = units[0];
    assert.equal(u.text, 'The CA maintains a mass revocation plan & tests it, see the plan <https://ca.example/plan>.');
    const m = findAll(compileAnyOf(['mass revocation plan']), u.text)[0];
    const r = unitRange(u, m.start, m.end);
    assert.equal(text.slice(r.start, r.end), 'mass\nrevocation` plan');
    const url = u.text.indexOf('https://');
    const ur = unitRange(u, url, u.text.length - 2);
    assert.equal(text.slice(ur.start, ur.end), 'https://ca.example/plan');
  });

  test('code, block quotes, HTML comments, tables of contents and revision tables are skipped', () => {
    const body = [
      'Kept paragraph.',
      '',
      '```',
      'code mass revocation',
      '```',
      '',
      '> quoted requirement text',
      '',
      '<!-- a comment -->',
      '',
      '- [1.1 Overview](#11-overview)',
      '- [1.2 Document name](#12-document-name)',
      '- [1.3 PKI participants](#13-pki-participants)',
      '',
      '| Version | Date | Changes |',
      '|---|---|---|',
      '| 1.0 | 2025-01-01 | removed 3.2.2.4.2 |',
      '',
      '| Reason | Deadline |',
      '|---|---|',
      '| Key compromise | 24 hours |',
    ].join('\n');
    assert.deepEqual(unitTexts(buildDoc({ sections: { '4.9.1': body } }), '4.9.1'), ['Kept paragraph.', 'Reason | Deadline', 'Key compromise | 24 hours']);
  });

  test('list items are units of their own; nested lists too', () => {
    const body = 'The CA revokes within 24 hours if:\n\n1. the key is compromised;\n   - including weak keys\n2. the subscriber asks.';
    assert.deepEqual(unitTexts(buildDoc({ sections: { '4.9.1.1': body } }), '4.9.1'), [
      'The CA revokes within 24 hours if:',
      'the key is compromised;',
      'including weak keys',
      'the subscriber asks.',
    ]);
  });

  test('front matter values and the title block are units', () => {
    const model = parseDocument(buildDoc({ frontMatter: 'title: Example CPS\ncopyright: All rights reserved', preamble: 'Version 1.0' }));
    const texts = frontUnits(model).map((u) => u.text);
    assert.ok(texts.includes('title: Example CPS'));
    assert.ok(texts.includes('copyright: All rights reserved'));
    assert.ok(texts.includes('Version 1.0'));
  });
});

describe('patterns', () => {
  test('phrases match across hyphens, line wraps and plurals, case-insensitively', () => {
    const re = compileTerm('mass revocation plan');
    for (const s of ['Mass-Revocation plans', 'mass revocation plan', 'MASS  REVOCATION PLAN']) {
      re.lastIndex = 0;
      assert.ok(re.test(s), s);
    }
    const star = compileTerm('revoc*');
    assert.ok(star.test('revocations'));
    assert.throws(() => compileTerm('a (b)'), /regular expression/);
  });

  test('negation', () => {
    const neg = (s: string, w: string) => isNegated(s, s.indexOf(w), s.indexOf(w) + w.length);
    assert.equal(neg('The CA does not maintain a mass revocation plan.', 'plan'), true);
    assert.equal(neg('No mass revocation plan exists.', 'plan'), true);
    assert.equal(neg('A mass revocation plan is not maintained.', 'plan'), true);
    assert.equal(neg('The report is published no later than three months after the period.', 'published'), false);
    assert.equal(neg('Keys are rejected if they do not meet Section 6.1.5, are affected by ROCA, or are weak.', 'rejected'), false);
    assert.equal(neg('Keys are rejected if they do not meet Section 6.1.5, are affected by ROCA, or are weak.', 'ROCA'), false);
    assert.equal(neg('The CA does not revoke live certificates during tests, but it tests the plan annually.', 'tests the plan'), false);
    assert.equal(neg('The CA performs DNSSEC validation and does not disable it.', 'DNSSEC'), false);
    assert.equal(neg('The CA never uses method 3.2.2.4.2 or 3.2.2.4.15.', '3.2.2.4.15'), true);
    // A condition after "No X shall …" is stated, not denied; without the condition it is still denied.
    const cer = 'No CA key pair shall be generated other than in a key generation ceremony witnessed by the Qualified Auditor.';
    assert.equal(neg(cer, 'ceremony'), false);
    assert.equal(neg(cer, 'Qualified Auditor'), false);
    assert.equal(neg(cer, 'generated'), true);
    assert.equal(neg('No CA key pair is generated in a key generation ceremony.', 'ceremony'), true);
    const test = 'No person shall act as a Validation Specialist until that person has passed an internal test.';
    assert.equal(neg(test, 'passed'), false);
    assert.equal(neg('No person has passed an internal test.', 'passed'), true);
    assert.equal(neg('No certificate is issued without first checking CAA.', 'CAA'), false);
    assert.equal(neg('No stipulation, save that Precertificates are logged.', 'Precertificates'), false);
    assert.equal(neg('Certificates are not issued prior to validation of the domain.', 'validation'), false);
  });

  test('quantities', () => {
    const q = (s: string) => quantities(s).map((x) => `${x.value} ${x.unit}`);
    assert.deepEqual(q('within seven (7) days'), ['7 days']);
    assert.deepEqual(q('within twenty-four hours'), ['24 hours']);
    assert.deepEqual(q('within 92 calendar days'), ['92 days']);
    assert.deepEqual(q('available 24x7 and 24 hours a day'), []);
    assert.deepEqual(q('a 3% sample of 2048-bit keys'), ['3 percent', '2048 bits']);
    // The SI symbol "s" after digits; not after a word number, in "s/MIME", a decade or a plural.
    assert.deepEqual(q('p99 latency below 10 s in normal operation'), ['10 seconds']);
    assert.deepEqual(q('answers within 2.5s; retries after 30 s.'), ['2.5 seconds', '30 seconds']);
    assert.deepEqual(q('ten s, 10 s/MIME, the 1990s, 10 s\'s, 3 sets'), []);
    assert.deepEqual(counts('at least five remote perspectives, see 3.2.2.9').map((x) => x.value), [5]);
  });

  test('dates', () => {
    assert.equal(parseDate('May 5, 2023'), '2023-05-05');
    assert.equal(parseDate('14 Dec. 2025'), '2025-12-14');
    assert.equal(parseDate('2026-03-15'), '2026-03-15');
    assert.equal(parseDate('24-July-2026'), '2026-07-24');
    assert.equal(parseDate('31/12/2025'), '2025-12-31');
    assert.equal(parseDate('19 Nov. 09'), '2009-11-19');
    assert.equal(parseDate('23 Mag 2018'), '2018-05-23');
    assert.equal(parseDate('1. März 2024'), '2024-03-01');
    assert.equal(parseDate('Version 3'), null);
  });
});

describe('locating sections and document facts', () => {
  test('the target is found by title when the numbering disagrees', () => {
    const text = [
      '# 1. Introduction', '## 1.1 Overview', 'x', '# 2. Publication and repository responsibilities', '# 3. Identification and authentication',
      '# 4. Certificate life-cycle operational requirements', '# 5. Facility, management, and operational controls',
      '## 5.7 Compromise and disaster recovery', '### 5.7.1 Computing resources, software, and/or data are corrupted', 'a',
      '### 5.7.2 Incident and compromise handling procedures', 'b', '# 6. Technical security controls', '# 7. Certificate, CRL, and OCSP profiles',
      '# 8. Compliance audit and other assessments', '# 9. Other business and legal matters',
    ].join('\n');
    const model = parseDocument(text);
    assert.equal(locateSection(model, '5.7.1')?.number, '5.7.2');
    assert.equal(locateSection(model, '5.7.2')?.number, '5.7.1');
    assert.equal(locateSection(model, '1.1')?.number, '1.1');
  });

  test('CA name from front matter, §1.1 or the title', () => {
    assert.equal(caName(parseDocument(buildDoc({ frontMatter: 'title: CPS\norganization: Acme Trust GmbH' }))), 'Acme Trust GmbH');
    assert.equal(caName(parseDocument(buildDoc({ title: null, sections: { '1.1': 'Internet Security Research Group ("ISRG") operates this PKI. The Certificate Policy ("CP") ...' } }))), 'ISRG');
    assert.equal(caName(parseDocument(buildDoc({ title: 'Example Trust Services Certification Practice Statement' }))), 'Example Trust Services');
    assert.equal(caName(parseDocument(buildDoc({ title: null }))), null);
  });

  test('document kinds from the title', () => {
    const k = (title: string) => [...documentKinds(parseDocument(buildDoc({ title })))].sort();
    assert.deepEqual(k('Example Certification Practice Statement'), ['CPS', 'TLS']);
    assert.deepEqual(k('Example CP/CPS for S/MIME Certificates'), ['CP/CPS', 'S/MIME']);
    assert.deepEqual(k('Example Certificate Policy and Certification Practice Statement for TLS Server Certificates'), ['CP/CPS', 'TLS']);
  });
});

const MASS = 'br-5.7.1.2-mass-revocation-assertion';
const missingDoc = buildDoc({ sections: { '5.7.1': 'The CA handles incidents.' } });

describe('running rules', () => {
  test('only documents that follow RFC 3647 are checked', () => {
    const model = parseDocument('# Notes\n\nSome text about mass revocation.\n');
    assert.equal(model.rfc3647, false);
    assert.deepEqual(runRules(model, builtinRules(), { asOf: '2026-06-01', programs: ALL_PROGRAMS }), []);
  });

  test('program filtering', () => {
    const doc = buildDoc({ sections: { '3.2.2': 'Domains are validated with DNS challenges.' } });
    assert.equal(runOne(doc, 'mrsp-2.2-dcv-method-subsections', { asOf: '2026-06-01', programs: ['chrome'] }).length, 0);
    assert.equal(runOne(doc, 'mrsp-2.2-dcv-method-subsections', { asOf: '2026-06-01', programs: ['mozilla'] }).length, 1);
    assert.equal(runOne(missingDoc, MASS, { asOf: '2026-06-01', programs: [] }).length, 1, 'BR rules always run');
  });

  test('severity overrides', () => {
    assert.deepEqual(runOne(missingDoc, MASS, { asOf: '2026-06-01', severityOverrides: { [MASS]: 'off' } }), []);
    assert.equal(runOne(missingDoc, MASS, { asOf: '2026-06-01', severityOverrides: { [MASS]: 'warning' } })[0].severity, 'warning');
    const early = runOne(missingDoc, MASS, { asOf: '2025-01-01', severityOverrides: { [MASS]: 'error' } })[0];
    assert.equal(early.severity, 'info', 'a rule not yet in force stays informational');
    assert.match(early.message, /in force from 2025-12-01/);
  });

  test('retired rules are not reported', () => {
    const { rules, errors } = loadRulePacks([
      {
        file: 'retired.yaml',
        text: `pack: retired\ntitle: T\nrules:\n  - id: br-9.9-retired\n    title: Retired\n    source: { document: BR, version: "2.2.6", section: "9.9" }\n    effective: 2015-01-01\n    ineffective: 2020-01-01\n    programs: [all]\n    kinds: [CPS]\n    sections: ["9.9"]\n    elsewhere: none\n    severity: error\n    message: M.\n    rationale: R.\n    check: { type: commitment, parts: [{ id: p, label: l, all: [[zebra]] }] }\n`,
      },
    ]);
    assert.deepEqual(errors, []);
    const model = parseDocument(buildDoc({ sections: { '9.9': 'No zebras.' } }));
    assert.equal(runRules(model, rules, { asOf: '2019-06-01', programs: [] }).length, 1);
    assert.equal(runRules(model, rules, { asOf: '2020-01-01', programs: [] }).length, 0);
  });

  test('document kinds: TLS rules skip an S/MIME document; options.kinds overrides detection', () => {
    const smime = buildDoc({ title: 'Example S/MIME CP/CPS', sections: { '5.7.1': 'The CA handles incidents.' } });
    // Not applied, and said so: one info naming the detected kind and what it was read from.
    const skipped = runOne(smime, MASS, { asOf: '2026-06-01' });
    assert.deepEqual(skipped.map((f) => f.severity), ['info']);
    assert.match(skipped[0].message, /^Not applied: this rule concerns TLS certificates, and the document was read as a CP\/CPS for S\/MIME from the title "Example S\/MIME CP\/CPS"/);
    assert.equal(runOne(smime, MASS, { asOf: '2026-06-01', kinds: ['CP/CPS', 'TLS'] }).filter((f) => f.severity !== 'info').length, 1);
    const cp = runOne(missingDoc, MASS, { asOf: '2026-06-01', kinds: ['CP'] });
    assert.deepEqual(cp.map((f) => f.severity), ['info'], 'a CP alone is not asked for §5.7.1');
    assert.match(cp[0].message, /concerns CPS or CP\/CPS documents, and the document was read as a CP for TLS from the kinds given in the options/);
  });

  test('suppression comments: per section (with subsections), per file, by id or for all rules, never inside code', () => {
    const inSection = buildDoc({ sections: { '5.7': '<!-- cpslint-disable br-5.7.1.2-mass-revocation-assertion -->', '5.7.1': 'The CA handles incidents.' } });
    assert.equal(runOne(inSection, MASS, { asOf: '2026-06-01' }).length, 0);
    const otherSection = buildDoc({ sections: { '5.6': '<!-- cpslint-disable -->', '5.7.1': 'The CA handles incidents.' } });
    assert.equal(runOne(otherSection, MASS, { asOf: '2026-06-01' }).length, 1);
    const otherRule = buildDoc({ preamble: '<!-- cpslint-disable-file br-8.6-audit-report-publication -->', sections: { '5.7.1': 'x' } });
    assert.equal(runOne(otherRule, MASS, { asOf: '2026-06-01' }).length, 1);
    assert.equal(runOne(`<!-- cpslint-disable ${MASS} -->\n\n${missingDoc}`, MASS, { asOf: '2026-06-01' }).length, 0, 'before the first heading: whole file');
    const inCode = buildDoc({ sections: { '5.7.1': 'The CA handles incidents.\n\n```\n<!-- cpslint-disable-file -->\n```' } });
    assert.equal(runOne(inCode, MASS, { asOf: '2026-06-01' }).length, 1);
  });

  test('the suppress fixes insert comments that silence the finding', () => {
    const model = parseDocument(missingDoc);
    const f = runRules(model, [ruleById(MASS)], { asOf: '2026-06-01', programs: [] })[0];
    const section = f.fixes!.find((x) => x.title === `Suppress ${MASS} for this section`)!;
    const file = f.fixes!.find((x) => x.title === `Suppress ${MASS} for this file`)!;
    assert.equal(section.kind, 'suppress');
    for (const fix of [section, file]) {
      const after = applyEdits(model, fix.edits);
      assert.deepEqual(runOne(after, MASS, { asOf: '2026-06-01' }), [], fix.title);
      assert.deepEqual(parseDocument(after).all.map((s) => s.number), model.all.map((s) => s.number), 'outline unchanged');
    }
    assert.match(applyEdits(model, section.edits), /### 5\.7\.1 Incident and compromise handling procedures\n\n<!-- cpslint-disable br-5\.7\.1\.2-mass-revocation-assertion -->\n\nThe CA handles incidents\./);
  });

  test('suppress fixes can be left to the caller', () => {
    const f = runOne(missingDoc, MASS, { asOf: '2026-06-01', suppressFixes: false })[0];
    assert.deepEqual(f.fixes!.map((x) => x.kind), ['quickfix']);
  });

  test('findings carry the rule citation and a docs-friendly code', () => {
    const f = runOne(missingDoc, MASS, { asOf: '2026-06-01' })[0];
    assert.equal(f.code, MASS);
    assert.deepEqual({ ...f.source, url: undefined }, { document: 'BR', version: '2.2.6', section: '5.7.1.2', url: undefined });
    assert.equal(f.range.start.line, missingDoc.split('\n').findIndex((l) => l.startsWith('### 5.7.1')));
  });

  test('all built-in rules run on an empty skeleton without throwing, with valid ranges', () => {
    const text = buildDoc({});
    const model = parseDocument(text);
    for (const asOf of ['2024-01-01', '2026-06-01', '2030-01-01']) {
      const fs = runRules(model, builtinRules(), { asOf, programs: ALL_PROGRAMS });
      assert.ok(fs.length > 30);
      for (const f of fs) {
        assert.ok(model.lines.offsetAt(f.range.start) <= model.lines.offsetAt(f.range.end));
        assert.ok(f.message.length > 20 && !/\{(?:value|limit|event|label|note|date|match)\}/.test(f.message), f.message);
      }
    }
  });
});

describe('robustness', () => {
  test('rules never throw and keep ranges inside the document, whatever the section text', async () => {
    const fc = await import('fast-check');
    const words = fc.constantFrom(
      'mass revocation', 'plan', 'not', 'no later than', 'within', '24 hours', '5 days', 'seven (7) days', 'CAA', 'issuewild',
      '3.2.2.4.2', 'audit report', 'publicly', '**bold**', '`code`', '[link](https://x.example)', '<!-- c -->', '\n', '\n\n', '- ', '| a | b |\n|---|---|\n| 1 | 2 |',
      '> quote', 'é', '\r\n', '#', '1.', 'None.', 'No stipulation.',
    );
    const body = fc.array(words, { maxLength: 25 }).map((w) => w.join(' '));
    const rules = builtinRules();
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('1.5.2', '4.2.1', '4.9.1', '5.7.1', '8.6', '3.2.2.4', '6.3.2'), body), (sections) => {
        const text = buildDoc({ sections });
        const model = parseDocument(text);
        for (const f of runRules(model, rules, { asOf: '2026-06-01', programs: ALL_PROGRAMS })) {
          const s = model.lines.offsetAt(f.range.start);
          const e = model.lines.offsetAt(f.range.end);
          if (!(s <= e && e <= text.length)) return false;
          for (const fix of f.fixes ?? []) applyEdits(model, fix.edits);
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});
