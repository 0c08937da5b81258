/**
 * Honest severities: every rule names the RFC 2119 keyword of its requirement (checked against the
 * cited text in ../shared/reference when it is there), recommendations are never errors, duties
 * performed outside the document are notes when the document is silent, identical findings are
 * reported once, and a rule skipped for the document kind says so.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import { loadRulePacks } from '../../server/src/service/rules/load';
import { runRules } from '../../server/src/service/rules/run';
import { checkDocument } from '../../server/src/service/check';
import { dedupeFindings } from '../../server/src/service/rules/pipeline/findings';
import { ADVISORY_KEYWORDS, type Keyword, type Rule } from '../../server/src/service/rules/types';
import type { Finding, Severity } from '../../server/src/service/findings';
import { buildDoc, builtinRules, projectRoot, ALL_PROGRAMS } from './helpers';
import { referenceDir } from '../support/shared';

const REFERENCE = referenceDir();
const FILES: Record<string, string> = { BR: 'BR-2.2.6.md', MRSP: 'MRSP-3.1.md', CCADB: 'CCADB-2.1.md', CRP: 'CRP-1.8.md', EVG: 'EVG-2.0.2.md' };
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The text of a numbered section (with its subsections) in a reference document, or null. */
function sectionText(doc: string, section: string): string | null {
  const lines = readFileSync(join(REFERENCE, FILES[doc]), 'utf8').split('\n');
  const head = new RegExp(`^(#+)\\s*${section.replace(/\./g, '\\.')}\\.?(?:\\s|$)`);
  const i = lines.findIndex((l) => head.test(l));
  if (i < 0) return null;
  const depth = lines[i].match(/^#+/)![0].length;
  let j = i + 1;
  while (j < lines.length && !((lines[j].match(/^#+/)?.[0].length ?? 99) <= depth)) j++;
  return lines.slice(i, j).join('\n');
}

/** Keywords that say the same in RFC 2119 terms. */
const SAME: Record<string, string[]> = {
  MUST: ['MUST', 'SHALL', 'REQUIRED'],
  SHALL: ['MUST', 'SHALL', 'REQUIRED'],
  REQUIRED: ['MUST', 'SHALL', 'REQUIRED'],
  'MUST NOT': ['MUST NOT', 'SHALL NOT'],
  'SHALL NOT': ['MUST NOT', 'SHALL NOT'],
  SHOULD: ['SHOULD', 'RECOMMENDED'],
  RECOMMENDED: ['SHOULD', 'RECOMMENDED'],
  'SHOULD NOT': ['SHOULD NOT', 'NOT RECOMMENDED'],
  'NOT RECOMMENDED': ['SHOULD NOT', 'NOT RECOMMENDED'],
  MAY: ['MAY', 'OPTIONAL'],
  OPTIONAL: ['MAY', 'OPTIONAL'],
};

/** Sections whose requirement is written in lower case ("the CA shall provide"), checked case-insensitively. */
const LOWER_CASE = new Set(['BR 1.5.2']);

function occurs(text: string, keyword: string, lowerCase = false): boolean {
  return SAME[keyword].some((k) => {
    // "MUST" alone, not the MUST of "MUST NOT"
    const re = new RegExp(k.includes(' ') ? `\\b${k}\\b` : `\\b${k}\\b(?! NOT\\b)`, lowerCase ? 'i' : '');
    return re.test(text);
  });
}

/** Every severity a rule can report with. */
function severities(r: Rule): { where: string; severity: Severity; keyword?: Keyword }[] {
  const out: { where: string; severity: Severity; keyword?: Keyword }[] = [{ where: 'severity', severity: r.severity }];
  for (const e of r.escalate) out.push({ where: `escalate ${e.from}`, severity: e.severity });
  const c = r.check;
  if (c.type === 'commitment') {
    for (const x of c.contradictions) out.push({ where: `contradiction ${x.id}`, severity: x.severity });
    for (const l of c.limits) out.push({ where: `limit ${l.id}`, severity: l.severity }, ...(l.events ? [{ where: `limit ${l.id} events`, severity: l.events.severity }] : []));
  }
  if (c.type === 'forbidden') for (const p of c.patterns) for (const s of p.stages) out.push({ where: `pattern ${p.id} stage ${s.from ?? 'first'}`, severity: s.severity, keyword: s.keyword });
  return out;
}

describe('keywords', () => {
  test('every built-in rule names the keyword of its requirement', () => {
    const missing = builtinRules().filter((r) => !r.keyword).map((r) => r.id);
    assert.deepEqual(missing, []);
  });

  test('a SHOULD / SHOULD NOT / MAY requirement is never declared above warning', () => {
    const bad: string[] = [];
    for (const r of builtinRules())
      for (const s of severities(r)) {
        const kw = s.keyword ?? r.keyword;
        if (kw && ADVISORY_KEYWORDS.has(kw) && RANK[s.severity] > RANK.warning) bad.push(`${r.id} ${s.where}: ${s.severity} for ${kw}`);
      }
    assert.deepEqual(bad, []);
  });

  test('the keyword occurs in the cited section of the requirement text', (t) => {
    if (!existsSync(REFERENCE)) return t.skip(`${REFERENCE} is absent`);
    const bad: string[] = [];
    for (const r of builtinRules()) {
      const text = sectionText(r.source.document, r.source.section);
      if (text === null) {
        bad.push(`${r.id}: no section ${r.source.section} in ${FILES[r.source.document]}`);
        continue;
      }
      const kws = [r.keyword!, ...(r.check.type === 'forbidden' ? r.check.patterns.flatMap((p) => p.stages.map((s) => s.keyword).filter((k): k is NonNullable<typeof k> => !!k)) : [])];
      for (const kw of new Set(kws)) if (!occurs(text, kw, LOWER_CASE.has(`${r.source.document} ${r.source.section}`))) bad.push(`${r.id}: ${kw} does not occur in ${r.source.document} §${r.source.section}`);
    }
    assert.deepEqual(bad, []);
  });

  test('the discouraged stage of a method the BR first discourages is a SHOULD NOT at warning', () => {
    const r = builtinRules().find((x) => x.id === 'br-3.2.2.4-no-retired-dcv-methods')!;
    assert.equal(r.check.type, 'forbidden');
    if (r.check.type !== 'forbidden') return;
    const m4 = r.check.patterns.find((p) => p.label.startsWith('method 3.2.2.4.4 '))!;
    assert.deepEqual(m4.stages.map((s) => [s.keyword ?? r.keyword, s.severity]), [['SHOULD NOT', 'warning'], ['MUST NOT', 'error']]);
  });
});

function pack(extra: string, severity = 'error'): Rule[] {
  const text = [
    'pack: t',
    'title: T',
    'rules:',
    '  - id: br-9.9-zebra',
    '    title: Zebras',
    '    source: { document: BR, version: "2.2.6", section: "9.9" }',
    '    effective: 2015-01-01',
    '    programs: [all]',
    '    kinds: [CPS, CP/CPS]',
    '    sections: ["9.9"]',
    '    elsewhere: none',
    `    severity: ${severity}`,
    ...extra.split('\n').filter(Boolean).map((l) => `    ${l}`),
    '    message: §9.9 says nothing about zebras.',
    '    rationale: R.',
    '    check:',
    '      type: commitment',
    '      parts: [{ id: p, label: zebras, all: [[zebra]] }]',
    '      limits:',
    '        - { id: n, near: [zebra*], kind: max, value: 3, unit: days, severity: error, message: "{value} is more than {limit}." }',
  ].join('\n');
  const { rules, errors } = loadRulePacks([{ file: 't.yaml', text }]);
  assert.deepEqual(errors, []);
  return rules;
}

const silent = parseDocument(buildDoc({ sections: { '9.9': 'Nothing about the animals here.' } }));
const tooLate = parseDocument(buildDoc({ sections: { '9.9': 'Each zebra is fed within 10 days.' } }));
const run = (rules: Rule[], model = silent) => runRules(model, rules, { asOf: '2026-06-01', programs: ALL_PROGRAMS });

describe('severity caps', () => {
  test('a SHOULD rule declared as an error reports a warning; a MUST rule keeps its error', () => {
    assert.deepEqual(run(pack('keyword: SHOULD')).map((f) => f.severity), ['warning']);
    assert.deepEqual(run(pack('keyword: MUST')).map((f) => f.severity), ['error']);
    assert.deepEqual(run(pack('keyword: SHOULD'), tooLate).map((f) => f.severity), ['warning'], 'limits are capped too');
  });

  test('a duty outside the document: silence is info, a wrong statement keeps its severity', () => {
    assert.deepEqual(run(pack('keyword: MUST\noutsideDocument: true', 'warning')).map((f) => f.severity), ['info']);
    assert.deepEqual(run(pack('keyword: MUST\noutsideDocument: true', 'warning'), tooLate).map((f) => f.severity), ['error']);
  });

  test('a configured override still wins over the cap', () => {
    const f = runRules(silent, pack('keyword: SHOULD'), { asOf: '2026-06-01', programs: ALL_PROGRAMS, severityOverrides: { 'br-9.9-zebra': 'error' } });
    assert.deepEqual(f.map((x) => x.severity), ['error']);
  });

  test('the CCADB upload deadline is a note when §8.6 is silent about it', () => {
    const model = parseDocument(buildDoc({ sections: { '8.6': 'The CA publishes its audit reports on its web site.' } }));
    const f = runRules(model, builtinRules().filter((r) => r.id === 'ccadb-5.2-audit-upload-92-days'), { asOf: '2026-06-01', programs: ALL_PROGRAMS });
    assert.deepEqual(f.map((x) => x.severity), ['info']);
  });
});

describe('one finding per (code, range, message)', () => {
  const range = (l: number) => ({ start: { line: l, character: 0 }, end: { line: l, character: 4 } });
  const f = (code: string, l: number, message: string): Finding => ({ code, severity: 'warning', message, range: range(l), source: { document: 'BR', version: '2.2.6', section: '1' } });

  test('identical findings collapse to the first; a different message, code or place stays', () => {
    const a = f('x', 1, 'm');
    const out = dedupeFindings([a, f('x', 1, 'm'), f('x', 1, 'other'), f('y', 1, 'm'), f('x', 2, 'm')]);
    assert.equal(out.length, 4);
    assert.equal(out[0], a);
  });

  test('a document that names the same method twice in one sentence gets one finding for it', () => {
    const model = parseDocument(buildDoc({ sections: { '3.2.2.4': 'The CA uses method 3.2.2.4.1 and, for wildcards, method 3.2.2.4.1 again.' } }));
    const found = checkDocument(model, { asOf: '2026-06-01', programs: ALL_PROGRAMS }).filter((x) => x.code === 'br-3.2.2.4-no-retired-dcv-methods');
    const keys = found.map((x) => `${x.range.start.line}:${x.range.start.character}:${x.message}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(found.length >= 1);
  });
});

describe('rules not applied for the document kind', () => {
  const smime = parseDocument(buildDoc({ title: 'Example Secure Email Certificate Policy', sections: { '5.7.1': 'The CA handles incidents.' } }));
  const tls = builtinRules().filter((r) => r.id === 'br-5.7.1.2-mass-revocation-assertion');

  test('an info at the title says which kind was detected and from what', () => {
    const f = runRules(smime, tls, { asOf: '2026-06-01', programs: ALL_PROGRAMS });
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'info');
    assert.equal(f[0].range.start.line, 0);
    assert.match(f[0].message, /Not applied: this rule concerns CPS or CP\/CPS documents about TLS certificates, and the document was read as a CP for S\/MIME from the title "Example Secure Email Certificate Policy"\./);
  });

  test('kinds given in the options are named as such', () => {
    const model = parseDocument(buildDoc({ title: null, sections: { '5.7.1': 'x' } }));
    const f = runRules(model, tls, { asOf: '2026-06-01', programs: ALL_PROGRAMS, kinds: ['CP', 'S/MIME'] });
    assert.match(f[0].message, /from the kinds given in the options/);
  });

  test('a rule for other root programs is skipped silently (not a property of the document)', () => {
    const mozillaOnly = builtinRules().filter((r) => !r.programs.includes('all')).slice(0, 1);
    assert.equal(mozillaOnly.length, 1);
    const f = runRules(smime, mozillaOnly, { asOf: '2026-06-01', programs: [] });
    assert.deepEqual(f, []);
  });

  test('suppressing the rule or turning it off silences the note', () => {
    const off = runRules(smime, tls, { asOf: '2026-06-01', programs: ALL_PROGRAMS, severityOverrides: { [tls[0].id]: 'off' } });
    assert.deepEqual(off, []);
    const sup = parseDocument(`<!-- cpslint-disable-file ${tls[0].id} -->\n\n${buildDoc({ title: 'Example S/MIME CP/CPS', sections: { '5.7.1': 'x' } })}`);
    assert.deepEqual(runRules(sup, tls, { asOf: '2026-06-01', programs: ALL_PROGRAMS }), []);
  });
});
