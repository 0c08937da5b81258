// Generates docs/rules.md from the rule packs (rules/packs/*.yaml) and the structural checks
// (rules/structure.yaml): one `## <code>` section per rule with its title, source, dates,
// severity and rationale.
//
//   node scripts/gen-rule-docs.mjs           write docs/rules.md
//   node scripts/gen-rule-docs.mjs --check   exit 1 if docs/rules.md is out of date
//
// The renderer is the TypeScript module server/src/service/rules/docs.ts (bundled on the fly
// with esbuild), so the CLI, the tests and this script produce the same text.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { conceptsPlugin } from './lib/concepts-plugin.mjs';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');

const packsDir = join(root, 'rules', 'packs');
const files = readdirSync(packsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ file: `rules/packs/${f}`, text: readFileSync(join(packsDir, f), 'utf8') }));
const structurePath = join(root, 'rules', 'structure.yaml');
const structure = existsSync(structurePath) ? (parseYaml(readFileSync(structurePath, 'utf8'))?.checks ?? []) : [];

const dir = mkdtempSync(join(tmpdir(), 'cpslint-docs-'));
const out = join(dir, 'docs.cjs');
try {
  await esbuild.build({
    stdin: {
      contents: "export { loadRulePacks, formatLoadError } from './server/src/service/rules/load';\nexport { renderRuleDocs } from './server/src/service/rules/docs';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
    absWorkingDir: root,
    // load.ts reads the concept lexicon (rules/concepts.yaml) through this virtual module.
    plugins: [conceptsPlugin(root)],
  });
  const { loadRulePacks, formatLoadError, renderRuleDocs } = createRequire(import.meta.url)(out);
  const { rules, errors } = loadRulePacks(files);
  if (errors.length) {
    for (const e of errors) console.error(formatLoadError(e));
    process.exit(2);
  }
  const md = renderRuleDocs(rules, structure);
  const target = join(root, 'docs', 'rules.md');
  if (check) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== md) {
      console.error('docs/rules.md is out of date; run: node scripts/gen-rule-docs.mjs');
      process.exit(1);
    }
    console.log(`docs/rules.md is up to date (${rules.length} rules, ${structure.length} structural checks)`);
  } else {
    mkdirSync(join(root, 'docs'), { recursive: true });
    writeFileSync(target, md);
    console.log(`wrote docs/rules.md (${rules.length} rules, ${structure.length} structural checks)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
