/**
 * SARIF output: `cpslint check --format sarif` validated against the SARIF 2.1.0 JSON schema
 * (test/schemas, see its README), GitHub code scanning's requirements, stable fingerprints and
 * fixes; toSarif's handling of paths, unknown codes and long messages.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { ROOT, skeleton } from '../unit/model-skeleton';
import { toSarif, artifactLocation, normalizeMessage, FINGERPRINT_KEY, MAX_MESSAGE } from '../../server/src/service/sarif';
import { parseDocument } from '../../server/src/service/model';
import { checkDocument } from '../../server/src/service/check';
import { builtinRules } from '../../server/src/service/rules/builtin';
import { structureChecks } from '../../server/src/service/structure';
import type { Finding } from '../../server/src/service/findings';
import { VERSION } from '../../server/src/meta';

const EXAMPLE = 'examples/example-ca-cps.md';
const AS_OF = '2026-11-25';
const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `not valid SARIF 2.1.0: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

function cpslint(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

let tmp = '';
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cpslint-sarif-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** What GitHub code scanning requires of an upload (docs: "SARIF support for code scanning"). */
function assertGithubAcceptable(log: Log): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(typeof log.$schema, 'string');
  assert.equal(log.runs.length, 1, 'one run per tool and category');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'cpslint');
  const rules = run.tool.driver.rules ?? [];
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const r of rules) {
    assert.ok(r.shortDescription?.text && r.fullDescription?.text, r.id);
    assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration?.level ?? ''), r.id);
    assert.ok((r.fullDescription?.text.length ?? 0) <= MAX_MESSAGE, r.id);
  }
  for (const res of run.results ?? []) {
    assert.ok(res.ruleId && ids.includes(res.ruleId), res.ruleId);
    assert.equal(rules[res.ruleIndex!].id, res.ruleId, 'ruleIndex points at the rule');
    assert.ok(res.message.text && res.message.text.length <= MAX_MESSAGE);
    assert.ok(['error', 'warning', 'note'].includes(res.level!));
    assert.equal(res.locations?.length, 1);
    const loc = res.locations![0].physicalLocation!;
    assert.ok(loc.artifactLocation?.uri);
    const region = loc.region!;
    assert.ok(region.startLine! >= 1 && region.startColumn! >= 1 && region.endLine! >= region.startLine!);
    assert.ok(res.partialFingerprints?.[FINGERPRINT_KEY]);
  }
}

describe('cpslint check --format sarif', () => {
  test('the example: valid SARIF 2.1.0, acceptable to GitHub code scanning, same findings as --format json', () => {
    const r = cpslint(ROOT, 'check', EXAMPLE, '--format', 'sarif', '--as-of', AS_OF);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const log = JSON.parse(r.stdout) as Log;
    assertValid(log);
    assertGithubAcceptable(log);
    const run = log.runs[0];
    // Paths are relative to %SRCROOT% (the current directory); no path of this machine is in the log.
    assert.equal(run.originalUriBaseIds, undefined);
    assert.ok(!r.stdout.includes('file://') && !r.stdout.includes(ROOT), 'no absolute machine path in the SARIF');
    assert.equal(run.tool.driver.informationUri, 'https://github.com/cpslint/cpslint');
    assert.equal(run.properties?.asOf, AS_OF);
    const json = JSON.parse(cpslint(ROOT, 'check', EXAMPLE, '--format', 'json', '--as-of', AS_OF).stdout);
    const diags = json.files[0].diagnostics as { code: string; line: number; column: number; endLine: number; endColumn: number; severity: string }[];
    const results = run.results!;
    assert.equal(results.length, diags.length);
    const level = { error: 'error', warning: 'warning', info: 'note' } as Record<string, string>;
    results.forEach((res: Result, i) => {
      const d = diags[i];
      const region = res.locations![0].physicalLocation!.region!;
      assert.deepEqual([res.ruleId, res.level, region.startLine, region.startColumn, region.endLine, region.endColumn], [d.code, level[d.severity], d.line, d.column, d.endLine, d.endColumn]);
      assert.deepEqual(res.locations![0].physicalLocation!.artifactLocation, { uri: EXAMPLE, uriBaseId: '%SRCROOT%', index: 0 });
    });
    // Rule metadata comes from the loaded rules and rules/structure.yaml.
    const rules = run.tool.driver.rules!;
    assert.equal(rules.length, structureChecks().size + builtinRules().rules.length);
    const missing = rules.find((x) => x.id === 'cps-missing-section')!;
    assert.equal(missing.shortDescription!.text, structureChecks().get('cps-missing-section')!.title);
    assert.deepEqual(missing.properties?.source, { document: 'MRSP', version: '3.1', section: '3.3' });
    assert.equal(missing.helpUri, `https://github.com/cpslint/cpslint/blob/v${VERSION}/docs/rules.md#cps-missing-section`);
    const br = rules.find((x) => x.id === 'br-5.7.1.2-mass-revocation-assertion')!;
    const rule = builtinRules().rules.find((x) => x.id === br.id)!;
    assert.equal(br.properties?.effective, rule.effective);
    assert.deepEqual((br.properties?.source as { document: string }).document, 'BR');
    assert.ok((br.properties?.tags as string[]).includes('BR'));
  });

  test('quick fixes become SARIF fixes; suppressions do not', () => {
    const log = JSON.parse(cpslint(ROOT, 'check', EXAMPLE, '--format', 'sarif', '--as-of', AS_OF).stdout) as Log;
    const res = log.runs[0].results!.find((x) => x.ruleId === 'cps-missing-section')!;
    assert.ok(res.fixes?.length);
    const fix = res.fixes![0];
    assert.match(fix.description!.text ?? "", /4\.6\.7/);
    const rep = fix.artifactChanges[0].replacements[0];
    assert.match(rep.insertedContent!.text!, /4\.6\.7 Notification of Certificate Issuance/);
    assert.ok(!/\$\{\d+:/.test(JSON.stringify(log)), 'no snippet placeholders in SARIF');
    assert.ok(!log.runs[0].results!.some((x) => x.fixes?.some((f) => /suppress|disable/i.test(f.description?.text ?? ''))));
  });

  test('fingerprints do not depend on line numbers', () => {
    const text = readFileSync(join(ROOT, EXAMPLE), 'utf8');
    writeFileSync(join(tmp, 'cps.md'), text);
    writeFileSync(join(tmp, 'moved.md'), text.replace('**Contents**', 'An added paragraph.\n\nAnother added paragraph.\n\n**Contents**'));
    const fp = (name: string) => {
      const log = JSON.parse(cpslint(tmp, 'check', name, '--format', 'sarif', '--as-of', AS_OF).stdout) as Log;
      assertValid(log);
      return log.runs[0].results!.map((x) => [x.ruleId, x.partialFingerprints![FINGERPRINT_KEY], x.locations![0].physicalLocation!.region!.startLine!] as const);
    };
    const a = fp('cps.md');
    const b = fp('moved.md');
    assert.equal(a.length, b.length);
    assert.deepEqual(a.map((x) => x[1]), b.map((x) => x[1]));
    assert.ok(a.every((x, i) => b[i][2] === x[2] + 4), 'the lines moved by 4');
    assert.equal(new Set(a.map((x) => x[1])).size, a.length, 'fingerprints are unique within a file');
  });

  test('several files in one run, with relative paths', () => {
    writeFileSync(join(tmp, 'clean.md'), skeleton());
    writeFileSync(join(tmp, 'with space.md'), skeleton({ omit: ['5'] }));
    const r = cpslint(tmp, 'check', 'clean.md', 'with space.md', '--format', 'sarif', '--as-of', AS_OF);
    const log = JSON.parse(r.stdout) as Log;
    assertValid(log);
    assertGithubAcceptable(log);
    assert.deepEqual(log.runs[0].artifacts!.map((a) => a.location!.uri), ['clean.md', 'with%20space.md']);
  });

  test('no findings: still a valid log with the rules', () => {
    // Not a CP/CPS, so named under "include" to be checked at all.
    writeFileSync(join(tmp, 'notes.md'), '# Notes\n\nNothing to see.\n');
    writeFileSync(join(tmp, '.cpslint.yaml'), 'include: ["notes.md"]\n');
    const r = cpslint(tmp, 'check', 'notes.md', '--format', 'sarif');
    assert.equal(r.status, 0);
    const log = JSON.parse(r.stdout) as Log;
    assertValid(log);
    assert.deepEqual(log.runs[0].results, []);
    assert.ok(log.runs[0].tool.driver.rules!.length > 50);
    rmSync(join(tmp, '.cpslint.yaml'));
  });
});

describe('cpslint review --format sarif', () => {
  test('valid SARIF 2.1.0 for GitHub, the same results as check, and the verdict in the run properties', () => {
    const r = cpslint(ROOT, 'review', EXAMPLE, '--format', 'sarif', '--as-of', AS_OF);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as Log;
    assertValid(log);
    assertGithubAcceptable(log);
    const check = JSON.parse(cpslint(ROOT, 'check', EXAMPLE, '--format', 'sarif', '--as-of', AS_OF).stdout) as Log;
    assert.deepEqual(log.runs[0].results, check.runs[0].results);
    assert.equal(log.runs[0].properties?.verdict, 'partially-compliant');
    assert.equal((log.runs[0].properties?.counts as { errors: number }).errors, 5);
  });
});

describe('toSarif', () => {
  const model = parseDocument(skeleton({ omit: ['4.9.1'] }));
  const findings = checkDocument(model, { asOf: AS_OF, programs: ['mozilla'] });

  test('paths: relative with %SRCROOT%, encoded; absolute paths and URIs as file URIs', () => {
    assert.deepEqual(artifactLocation('docs/my cps.md', 'file:///repo/'), { uri: 'docs/my%20cps.md', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('./cps.md', 'file:///repo/'), { uri: 'cps.md', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('docs\\cps.md'), { uri: 'docs/cps.md' });
    assert.deepEqual(artifactLocation('/srv/ca/cps #2.md', 'file:///repo/'), { uri: 'file:///srv/ca/cps%20%232.md' });
    assert.deepEqual(artifactLocation('C:\\ca\\cps.md'), { uri: 'file:///C:/ca/cps.md' });
    assert.deepEqual(artifactLocation('https://example.com/cps.md'), { uri: 'https://example.com/cps.md' });
  });

  test('a code without loaded rule metadata, a long message, no rules passed: still valid', () => {
    const long: Finding = { ...findings[0], code: 'house-rule-x', message: 'word '.repeat(400) };
    const log = toSarif([{ file: 'a.md', findings: [long, ...findings], text: model.text }], { version: '0.1.0', srcRoot: 'file:///repo/' });
    assertValid(log);
    assertGithubAcceptable(log);
    const res = log.runs[0].results![0];
    assert.equal(res.ruleId, 'house-rule-x');
    assert.ok(res.message.text!.length <= MAX_MESSAGE && res.message.text!.endsWith('…'));
    assert.ok(log.runs[0].tool.driver.rules!.some((r) => r.id === 'house-rule-x'));
    // The section named in the result comes from the parsed text.
    assert.ok(log.runs[0].results!.some((r) => r.properties?.section === '4.9'));
  });

  test('no helpUri without an absolute docs base; helpUri from docUrl with one', () => {
    const without = toSarif([], {});
    assert.ok(without.runs[0].tool.driver.rules!.every((r) => r.helpUri === undefined));
    const withBase = toSarif([], { docsBase: 'https://example.org/docs/rules.md' });
    assert.equal(withBase.runs[0].tool.driver.rules!.find((r) => r.id === 'cps-blank-section')!.helpUri, 'https://example.org/docs/rules.md#cps-blank-section');
    assertValid(withBase);
  });

  test('the normalised message ignores dates, day counts, case and spacing', () => {
    assert.equal(
      normalizeMessage('The latest version is dated 2025-01-01,  300 days before 2026-11-25'),
      normalizeMessage('the latest version is dated 2025-02-01, 270 days before 2026-11-26'),
    );
    assert.notEqual(normalizeMessage('Section 4.9.1 is missing'), normalizeMessage('Section 4.9.2 is missing'));
  });
});
