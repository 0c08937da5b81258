/**
 * Dates from data (issue 11 §2): rules/sources.yaml holds the BR revision table (§1.2.1), the BR's
 * relevant dates (§1.2.2) and the policies' version histories. This test checks that file against
 * ../shared/reference (skipped without it), and every rule's effective/ineffective date and the
 * versions, ballots and dates its "since" text names against that file (no reference text needed).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { builtinRules, projectRoot } from './helpers';
import { referenceDir } from '../support/shared';

interface Revision { version: string; ballot: string; title: string; adopted: string; effective: string }
interface Sources {
  br: { version: string; revisions: Revision[]; relevantDates: { date: string; sections: string[]; summary: string }[] };
  policies: {
    MRSP: { version: string; effective: string; history: { version: string; effective: string }[] };
    CRP: { version: string; history: { version: string; date: string }[] };
    CCADB: { version: string; history: { version: string; effective: string }[] };
  };
}

const sources = parseYaml(readFileSync(join(projectRoot(), 'rules', 'sources.yaml'), 'utf8'), { schema: 'core' }) as Sources;
const str = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
const refDir = referenceDir();

/** Every date the data knows: BR effective and adopted dates, §1.2.2 dates, policy versions. */
function knownDates(): Set<string> {
  const s = new Set<string>();
  for (const r of sources.br.revisions) s.add(str(r.effective)).add(str(r.adopted));
  for (const d of sources.br.relevantDates) s.add(str(d.date));
  s.add(str(sources.policies.MRSP.effective));
  for (const h of sources.policies.MRSP.history) s.add(str(h.effective));
  for (const h of sources.policies.CRP.history) s.add(str(h.date));
  for (const h of sources.policies.CCADB.history) s.add(str(h.effective));
  return s;
}

function tableRows(text: string, from: string, to: string): string[][] {
  const lines = text.split(/\r?\n/);
  const a = lines.findIndex((l) => l.startsWith(from));
  const b = lines.findIndex((l, i) => i > a && l.startsWith(to));
  return lines
    .slice(a, b)
    .filter((l) => l.trim().startsWith('|'))
    .map((l) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
}

describe('rules/sources.yaml', () => {
  test('the BR revision and relevant-date tables match BR 2.2.6 §1.2.1 and §1.2.2', (t) => {
    const file = join(refDir, `BR-${sources.br.version}.md`);
    if (!existsSync(file)) return t.skip('../shared/reference is not available');
    const text = readFileSync(file, 'utf8');
    const revs = tableRows(text, '### 1.2.1', '### 1.2.2').filter((c) => c.length === 5 && /^\d{4}-\d{2}-\d{2}$/.test(c[3]));
    assert.deepEqual(
      sources.br.revisions.map((r) => [r.version, r.ballot, r.title, str(r.adopted), str(r.effective)]),
      revs.map((c) => [c[0], c[1], c[2].replace(/,$/, ''), c[3], c[4]]),
    );
    const rel = tableRows(text, '### 1.2.2', '## 1.3').filter((c) => c.length === 3 && /^\d{4}-\d{2}-\d{2}$/.test(c[0]));
    assert.deepEqual(
      sources.br.relevantDates.map((d) => [str(d.date), d.sections, d.summary]),
      rel.map((c) => [c[0], [...c[1].matchAll(/\[(\d+(?:\.\d+)*)\]/g)].map((m) => m[1]), c[2]]),
    );
  });

  test('the policy versions match the MRSP, CRP and CCADB texts', (t) => {
    if (!existsSync(refDir)) return t.skip('../shared/reference is not available');
    const mrsp = readFileSync(join(refDir, `MRSP-${sources.policies.MRSP.version}.md`), 'utf8');
    assert.match(mrsp, new RegExp(`\\*Version ${sources.policies.MRSP.version.replace('.', '\\.')}\\*`));
    const [y, m, d] = str(sources.policies.MRSP.effective).split('-').map(Number);
    const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
    assert.ok(mrsp.includes(`Effective ${month} ${d}, ${y}`), 'MRSP effective date');
    const crp = readFileSync(join(refDir, `CRP-${sources.policies.CRP.version}.md`), 'utf8');
    for (const h of sources.policies.CRP.history) assert.ok(crp.includes(`| ${h.version} | ${str(h.date)} |`), `CRP ${h.version}`);
    const ccadb = readFileSync(join(refDir, `CCADB-${sources.policies.CCADB.version}.md`), 'utf8');
    const catalog = join(projectRoot(), '..', 'shared', 'spec', 'requirements-catalog.md');
    if (existsSync(catalog)) {
      const line = readFileSync(catalog, 'utf8').split(/\r?\n/).find((l) => l.startsWith('* **MRSP**:')) ?? '';
      for (const h of sources.policies.MRSP.history) assert.match(line, new RegExp(`(?:\\*\\*)?${h.version.replace(/\./g, '\\.')} = ${str(h.effective)}`), `MRSP ${h.version} in the catalog`);
    }
    for (const h of sources.policies.CCADB.history) {
      const [yy, mm, dd] = str(h.effective).split('-').map(Number);
      const mon = new Date(Date.UTC(yy, mm - 1, dd)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
      assert.ok(new RegExp(`^\\|\\[?${h.version.replace(/\./g, '\\.')}[^|]*\\|${mon} ${dd}, ${yy}\\|`, 'm').test(ccadb), `CCADB ${h.version}`);
    }
  });

  const known = knownDates();
  const rules = builtinRules();

  test("every rule's effective and ineffective date is a date of the sources data or a declared fact", () => {
    const problems: string[] = [];
    for (const r of rules) {
      const facts = new Set((r.facts ?? []).map((f) => f.fact));
      for (const d of [r.effective, r.ineffective]) if (d && !known.has(d) && !facts.has(d)) problems.push(`${r.id}: ${d}`);
    }
    assert.deepEqual(problems, []);
  });

  test('the versions, ballots and dates a "since" text names agree with the sources data', () => {
    const problems: string[] = [];
    const byVersion = new Map<string, Revision[]>();
    for (const r of sources.br.revisions) byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r]);
    for (const r of rules) {
      const since = (r.since ?? '').replace(/\s+/g, ' ');
      const facts = new Set((r.facts ?? []).map((f) => f.fact));
      for (const m of since.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)) if (!known.has(m[1]) && !facts.has(m[1])) problems.push(`${r.id}: date ${m[1]} is not in the sources data`);
      // "BR 2.0.1 (ballot SC063, effective 2024-03-15)", "BR 1.4.9 (ballot 204, effective 2017-08-11)", "BR 2.0.3 (SC069, 2024-04-15)"
      for (const m of since.matchAll(/\bBR (\d+\.\d+\.\d+) \((?:ballot )?(SC\d+|\d{1,3})(?=[,)])(?:, (?:effective |adopted )?(\d{4}-\d{2}-\d{2}))?/g)) {
        const rows = byVersion.get(m[1]);
        if (!rows) {
          problems.push(`${r.id}: BR ${m[1]} is not a BR version`);
          continue;
        }
        const row = rows.find((x) => x.ballot === m[2]);
        if (!row) problems.push(`${r.id}: BR ${m[1]} is not ballot ${m[2]} (it is ${rows.map((x) => x.ballot).join(', ')})`);
        else if (m[3] && str(row.effective) !== m[3] && str(row.adopted) !== m[3] && !facts.has(m[3])) problems.push(`${r.id}: BR ${m[1]} (${m[2]}) took effect ${str(row.effective)}, not ${m[3]}`);
      }
      // "ballot SC067 (BR 2.0.7)" / "SC067 (BR 2.0.7 ...)"
      for (const m of since.matchAll(/\b(?:ballot )?(SC\d{3})\b(?! \()/g)) {
        if (!sources.br.revisions.some((x) => x.ballot === m[1])) problems.push(`${r.id}: ${m[1]} is not in the BR revision table`);
      }
      for (const m of since.matchAll(/\bCCADB Policy (\d+(?:\.\d+)*) \((?:effective )?(\d{4}-\d{2}-\d{2})\)/g)) {
        const h = sources.policies.CCADB.history.find((x) => x.version === m[1]);
        if (!h || str(h.effective) !== m[2]) problems.push(`${r.id}: CCADB Policy ${m[1]} is not effective ${m[2]}`);
      }
      for (const m of since.matchAll(/\bMRSP (\d+(?:\.\d+)*) \((?:effective )?(\d{4}-\d{2}-\d{2})\)/g)) {
        const h = sources.policies.MRSP.history.find((x) => x.version === m[1]);
        if (!h || str(h.effective) !== m[2]) problems.push(`${r.id}: MRSP ${m[1]} is not effective ${m[2]} in the sources data`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
