/** The cheap "is this Markdown a CP/CPS?" detector that decides whether cpslint attaches to a file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeCps } from '../../server/src/service/detect';
import { ROOT } from './model-skeleton';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

test('the bundled example and a two-heading draft are CP/CPS documents', () => {
  assert.ok(looksLikeCps(read('examples/example-ca-cps.md')));
  assert.ok(looksLikeCps('# 1. Introduction\n\nThis Certification Practice Statement follows RFC 3647.\n\n## 1.1 Overview\n'));
});

test('headings without a space after the number still count (## 1.1.Overview)', () => {
  const text = ['# 1.INTRODUCTION', '## 1.1.Overview', '# 2.PUBLICATION AND REPOSITORY RESPONSIBILITIES', '# 3.IDENTIFICATION AND AUTHENTICATION', '# 4.CERTIFICATE LIFE-CYCLE OPERATIONAL REQUIREMENTS'].join('\n\n');
  assert.ok(looksLikeCps(text));
});

test('bold-line sections count', () => {
  assert.ok(looksLikeCps(['**1. Introduction**', '**3. Identification and Authentication**', '**4. Certificate Life-Cycle Operational Requirements**'].join('\n\n')));
});

test('a Spanish CPS with its own numbering is detected', () => {
  assert.ok(looksLikeCps('# Declaración de Prácticas de Certificación\n\n# 1. Introducción\n\n# 4. Tipos de certificados\n\nPolítica de certificados.\n'));
});

test('READMEs that talk about a CP/CPS are not CP/CPS documents', () => {
  for (const p of ['README.md', 'examples/README.md', 'rules/packs/README.md', 'docs/section-model.md', 'test/vscode/fixtures/workspace/README.md']) {
    assert.equal(looksLikeCps(read(p)), false, p);
  }
  assert.equal(looksLikeCps('# Our CP/CPS\n\nThis repository holds the Certification Practice Statement of Example CA, written per RFC 3647 and the Baseline Requirements.\n\n## Contributing\n'), false);
});
