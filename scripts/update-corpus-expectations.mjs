#!/usr/bin/env node
// Regenerate test/corpus/expectations/<document>.json from the CLI's output on ../shared/corpus
// (run `npm run build` first). Existing verdicts and reasons are kept for findings that are still
// reported at the same place and severity; new or changed findings are marked "unreviewed" and
// must be read against the document before committing. Nothing of the documents' text is stored.
//
//   node scripts/update-corpus-expectations.mjs            all documents
//   node scripts/update-corpus-expectations.mjs emsign     documents whose name contains "emsign"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AS_OF, corpusFiles, counts, currentFindings, documentName, expectationsDir, merge } from './lib/corpus-expectations.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('dist/cli.js is missing: run `npm run build` first');
  process.exit(2);
}
const files = corpusFiles(root).filter((f) => process.argv.slice(2).every((a) => documentName(f).includes(a)));
if (!files.length) {
  console.error('no corpus documents (is ../shared/corpus there?)');
  process.exit(2);
}
const dir = expectationsDir(root);
mkdirSync(dir, { recursive: true });
let unreviewed = 0;
for (const file of files) {
  const name = documentName(file);
  const out = join(dir, `${name}.json`);
  let old = null;
  if (existsSync(out)) {
    try {
      old = JSON.parse(readFileSync(out, 'utf8'));
    } catch (e) {
      console.error(`${out}: unreadable (${e.message}); verdicts are not kept`);
    }
  }
  const { entries, gone } = merge(old?.findings ?? [], currentFindings(root, file));
  const data = {
    document: name,
    asOf: AS_OF,
    command: `node bin/cpslint.js check --as-of ${AS_OF} --format json ${name}`,
    note: 'Errors and warnings only; verdict: right | debatable | false | unreviewed, with the reviewer\'s reason. Regenerate with scripts/update-corpus-expectations.mjs.',
    findings: entries,
  };
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  const c = counts(entries);
  unreviewed += c.unreviewed;
  console.log(`${name}: ${c.error} errors, ${c.warning} warnings; right ${c.right}, debatable ${c.debatable}, false ${c.false}, unreviewed ${c.unreviewed}; ${gone.length} no longer reported`);
  for (const g of gone) console.log(`  gone: ${g.code} §${g.section} line ${g.line} ${g.severity} (was ${g.verdict})`);
}
if (unreviewed) console.log(`${unreviewed} findings are unreviewed: read them against the documents and set their verdicts.`);
