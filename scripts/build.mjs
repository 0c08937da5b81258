// Bundles the client, the server, the CLI, the tests and the benchmarks with esbuild.
// remark and its ESM-only dependencies are bundled into CommonJS, which the VS Code
// extension host and plain `node` both load. Rule packs under rules/ are embedded.
import * as esbuild from 'esbuild';
import { parseDocument as parseYaml, LineCounter } from 'yaml';
import { readdirSync, readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { conceptsPlugin } from './lib/concepts-plugin.mjs';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');

function walk(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

/** Virtual module `cpslint:builtin-rules`: the text of every rule pack under rules/packs. */
const builtinRules = {
  name: 'builtin-rules',
  setup(build) {
    build.onResolve({ filter: /^cpslint:builtin-rules$/ }, () => ({ path: 'builtin-rules', namespace: 'cpslint' }));
    build.onLoad({ filter: /^builtin-rules$/, namespace: 'cpslint' }, () => {
      const files = walk(join(root, 'rules', 'packs'), (p) => /\.ya?ml$/.test(p)).map((p) => ({
        file: relative(root, p).split(sep).join('/'),
        text: readFileSync(p, 'utf8'),
        ...preparsed(readFileSync(p, 'utf8')),
      }));
      return { contents: `export default ${JSON.stringify(files)};`, loader: 'js', watchFiles: files.map((f) => join(root, f.file)) };
    });
  },
};

/**
 * A pack's data and the line of each rule, parsed here so that the CLI and the server do not parse
 * ~200 KB of YAML at every start (load.ts falls back to the text when anything is off).
 */
function preparsed(text) {
  const lc = new LineCounter();
  const doc = parseYaml(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return {};
  const data = doc.toJS({ maxAliasCount: 100 });
  if (JSON.stringify(data) !== JSON.stringify(JSON.parse(JSON.stringify(data)))) return {};
  const rules = Array.isArray(data?.rules) ? data.rules : [];
  const ruleLines = rules.map((_r, i) => {
    const node = doc.getIn(['rules', i], true);
    return node?.range ? lc.linePos(node.range[0]).line : null;
  });
  if (ruleLines.some((l) => l === null)) return {};
  return { data, ruleLines, schemaValid: schemaValid(data) };
}

let packValidator;
/**
 * Whether a pack, with its defaults applied as load.ts applies them, passes the rule-pack schema:
 * then the CLI and the server need not compile the schema with Ajv at start (load.ts validates
 * packs without this mark, and every pack from a workspace).
 */
function schemaValid(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  packValidator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(root, 'rules', 'schema', 'rule-pack.schema.json'), 'utf8')));
  const defaults = data.defaults ?? {};
  const candidate = { ...data };
  if (Array.isArray(data.rules)) {
    candidate.rules = data.rules.map((r0) => {
      if (!r0 || typeof r0 !== 'object' || Array.isArray(r0)) return r0;
      const out = { ...r0 };
      for (const k of ['programs', 'kinds', 'elsewhere', 'subsections']) if (out[k] === undefined && defaults[k] !== undefined) out[k] = defaults[k];
      if (defaults.source || r0.source) out.source = { ...(defaults.source ?? {}), ...(r0.source ?? {}) };
      return out;
    });
  }
  return packValidator(candidate) === true;
}

/**
 * `import data from 'x.yaml?data'`: the YAML parsed here, embedded as JSON, so that the outline and
 * the structural checks are not parsed from text at every start (a quarter of a small `check`).
 */
const yamlData = {
  name: 'yaml-data',
  setup(build) {
    build.onResolve({ filter: /\.ya?ml\?data$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\?data$/, '')), namespace: 'yaml-data' }));
    build.onLoad({ filter: /.*/, namespace: 'yaml-data' }, (args) => {
      const doc = parseYaml(readFileSync(args.path, 'utf8'), { prettyErrors: false, uniqueKeys: true });
      if (doc.errors.length) return { errors: doc.errors.map((e) => ({ text: `${relative(root, args.path)}: ${e.message}` })) };
      return { contents: JSON.stringify(doc.toJS({ maxAliasCount: 100 })), loader: 'json', watchFiles: [args.path] };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.yaml': 'text' },
  plugins: [builtinRules, yamlData, conceptsPlugin(root)],
  absWorkingDir: root,
};

const shipped = { minifyWhitespace: true, minifySyntax: true };

const tests = walk(join(root, 'test'), (p) => /\.test\.ts$/.test(p) && !p.includes(`${sep}vscode${sep}`));
const benches = walk(join(root, 'bench'), (p) => /\.bench\.ts$/.test(p));
const vscodeTests = walk(join(root, 'test', 'vscode'), (p) => /\.ts$/.test(p));

rmSync(join(root, 'out'), { recursive: true, force: true });
const builds = [
  // The shipped bundles are minified (less to read and compile at start); names are kept and the
  // source maps point into the TypeScript sources, so stack traces and profiles stay readable.
  { ...common, ...shipped, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, ...shipped, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: tests.map((p) => relative(root, p)), outdir: 'out/test', outbase: 'test', external: ['vscode'] },
];
if (benches.length) builds.push({ ...common, entryPoints: benches.map((p) => relative(root, p)), outdir: 'out/bench', outbase: 'bench' });
if (vscodeTests.length) builds.push({ ...common, entryPoints: vscodeTests.map((p) => relative(root, p)), outdir: 'out/vscode-test', outbase: 'test/vscode', external: ['vscode', 'mocha'] });

const existing = builds.filter((b) => Object.values(b.entryPoints).every((e) => existsSync(join(root, e))));
if (watch) {
  for (const b of existing) (await esbuild.context(b)).watch();
} else {
  await Promise.all(existing.map((b) => esbuild.build(b)));
  writeCodeCache();
}

/**
 * dist/cli.js.cache: V8's code cache of the CLI bundle after a warm-up check of the bundled example,
 * so that `cpslint check` neither compiles the bundle nor the functions a check runs (bin/cpslint.js
 * uses it only for this exact bundle on the same Node.js). A failure here only costs start-up time.
 */
function writeCodeCache() {
  const cache = join(root, 'dist', 'cli.js.cache');
  rmSync(cache, { force: true });
  const r = spawnSync(process.execPath, [join(root, 'bin', 'cpslint.js'), 'check', join(root, 'examples', 'example-ca-cps.md'), '--format', 'json', '--as-of', '2026-11-25'], {
    env: { ...process.env, CPSLINT_WRITE_CODE_CACHE: cache },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (!existsSync(cache)) console.warn(`build: no code cache for dist/cli.js (the warm-up check ended with ${r.status ?? r.signal}: ${(r.stderr ?? '').slice(0, 300)})`);
}
