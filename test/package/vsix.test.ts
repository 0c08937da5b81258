/**
 * The .vsix: what `vsce` puts into it (the listing of `vsce ls --no-dependencies`, the same file
 * collection `npm run package` uses) and the manifest the Marketplace and VS Code read.
 * Needs the bundles (npm test builds first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../support/root';

const ROOT = projectRoot();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const REPOSITORY = 'https://github.com/cpslint/cpslint';

function vsceListing(): string[] {
  const vsce = join(dirname(createRequire(join(ROOT, 'package.json')).resolve('@vscode/vsce/package.json')), 'vsce');
  // The same options as `npm run package`.
  const readme = /--readme-path (\S+)/.exec(pkg.scripts.package)?.[1];
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies', ...(readme ? ['--readme-path', readme] : [])], { cwd: ROOT, encoding: 'utf8', input: '' });
  assert.equal(r.status, 0, `vsce ls failed:\n${r.stdout}${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

const strip = (p: string): string => p.replace(/^\.\//, '');

test('vsix: holds the bundles, the grammar, the rule docs, the config schema and the icon', () => {
  const files = vsceListing();
  // The Marketplace README (vsce stores it as extension/readme.md), not the developer README.
  const want = ['package.json', 'docs/extension/README.md', 'CHANGELOG.md', 'LICENSE', 'dist/client.js', 'dist/server.js', 'docs/rules.md',
    strip(pkg.main).replace(/^(?!.*\.js$)(.*)$/, '$1.js'), strip(pkg.icon),
    ...pkg.contributes.grammars.map((g: { path: string }) => strip(g.path)),
    ...pkg.contributes.yamlValidation.map((y: { url: string }) => strip(y.url))];
  for (const f of new Set(want)) assert.ok(files.includes(f), `${f} is in the package; listing:\n${files.join('\n')}`);
});

test('vsix: no tests, sources, fixtures, build output, benchmarks, scripts or local tools', () => {
  const files = vsceListing();
  const forbidden = [
    /^(test|client|server|scripts|bench|out|examples|types|bin|node_modules|\.e2e|\.vscode-test|\.vscode|\.ci|\.git|\.github)\//,
    /^rules\/(?!schema\/cpslint-config\.schema\.json$)/, // the rule packs are bundled into dist/server.js
    /^docs\/(?!rules\.md$|extension\/README\.md$)/,
    /^README\.md$/, // the developer README
    /\.(ts|map|tsbuildinfo|vsix|svg)$/,
    /^(tsconfig\.json|package-lock\.json|\.vscode-test\.mjs|\.gitignore|\.vscodeignore|\.npmignore|action\.yml|\.pre-commit-hooks\.yaml)$/,
    /^action\//,
    /^dist\/(?!client\.js$|server\.js$)/, // dist/cli.js is the npm CLI, not the extension
  ];
  const bad = files.filter((f) => forbidden.some((re) => re.test(f)));
  assert.deepEqual(bad, [], `files that must not be in the .vsix:\n${bad.join('\n')}`);
  assert.ok(files.length <= 15, `a small package (${files.length} files):\n${files.join('\n')}`);
});

test('vsix: the bundles need nothing from node_modules (vsce package --no-dependencies)', () => {
  const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const f of ['dist/client.js', 'dist/server.js']) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    // (Not inside a string: ajv keeps `'require("ajv/dist/runtime/equal").default'` as text for its standalone mode.)
    const required = new Set([...text.matchAll(/(?<![\w'"`.$])require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    const external = [...required].filter((m) => !builtin.has(m) && !(f === 'dist/client.js' && m === 'vscode') && !m.startsWith('.'));
    assert.deepEqual(external, [], `${f} requires modules that are not in the .vsix`);
    assert.ok(required.size > 0, `${f}: found the require() calls`);
  }
  // Diagnostic code links point at the published rules page of this version, over https.
  assert.ok(readFileSync(join(ROOT, 'dist/server.js'), 'utf8').includes('/blob/v'), 'the versioned rules URL is built into the server');
});

test('vsix: the Marketplace page is docs/extension/README.md, with https images only; a CHANGELOG is packaged', () => {
  assert.match(pkg.scripts.package, /--readme-path docs\/extension\/README\.md/);
  const md = readFileSync(join(ROOT, 'docs/extension/README.md'), 'utf8');
  const images = [...md.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
  assert.ok(images.length > 0);
  for (const src of images) assert.match(src, /^https:\/\/raw\.githubusercontent\.com\/cpslint\/cpslint\/v[\d.]+\/docs\/images\/[\w-]+\.png$/, src);
  for (const src of images) assert.ok(existsSync(join(ROOT, src.replace(/^.*\/v[\d.]+\//, ''))), `${src} exists in the repository`);
  assert.ok(!/\/(tmp|home|root|work)\//.test(md), 'no machine paths');
  assert.ok(vsceListing().includes('CHANGELOG.md'));
});

test('manifest: Marketplace fields, consistent repository links, a PNG icon of at least 128x128', () => {
  for (const k of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon']) {
    assert.equal(typeof pkg[k], 'string', k);
    assert.ok(pkg[k].length > 0, k);
  }
  assert.ok(Array.isArray(pkg.categories) && pkg.categories.includes('Linters'), 'categories');
  assert.equal(pkg.repository.url.replace(/\.git$/, ''), REPOSITORY);
  assert.equal(pkg.bugs.url, `${REPOSITORY}/issues`);
  assert.ok(pkg.homepage.startsWith(REPOSITORY), pkg.homepage);
  assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
  // @types/vscode must not be newer than engines.vscode (vsce refuses to package otherwise).
  assert.equal(pkg.devDependencies['@types/vscode'].replace(/^\D*/, '').split('.').slice(0, 2).join('.'), pkg.engines.vscode.replace(/^\D*/, '').split('.').slice(0, 2).join('.'));
  assert.ok(pkg.activationEvents.length > 0);
  const icon = readFileSync(join(ROOT, pkg.icon));
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', 'the icon is a PNG');
  const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
  assert.ok(width >= 128 && height >= 128, `icon ${width}x${height}`);
});

test('manifest: commands have titles, settings have descriptions, capabilities are stated', () => {
  for (const c of pkg.contributes.commands) {
    assert.match(c.command, /^cpslint\./);
    assert.ok(c.title && c.category === 'cpslint', `${c.command}: title and category`);
  }
  for (const [k, v] of Object.entries(pkg.contributes.configuration.properties) as [string, { description?: string; markdownDescription?: string }][]) {
    assert.ok((v.description ?? v.markdownDescription ?? '').length > 20, `${k} has a description`);
  }
  const caps = pkg.capabilities;
  assert.ok([true, false, 'limited'].includes(caps.untrustedWorkspaces.supported));
  assert.ok(caps.untrustedWorkspaces.description.length > 40);
  assert.ok([true, false, 'limited'].includes(caps.virtualWorkspaces.supported));
  assert.ok(caps.virtualWorkspaces.description.length > 40);
  const [yaml] = pkg.contributes.yamlValidation;
  assert.ok(yaml.fileMatch.includes('.cpslint.yaml'));
  const schema = JSON.parse(readFileSync(join(ROOT, yaml.url), 'utf8'));
  assert.match(schema.title, /\.cpslint\.yaml/);
});

test('.vscode-test.mjs runs every in-editor test file, extension.test.js first', () => {
  const script = `import(${JSON.stringify(pathToFileURL(join(ROOT, '.vscode-test.mjs')).href)}).then((m) => console.log(JSON.stringify(m.default.files)))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files: string[] = JSON.parse(r.stdout);
  const tests = readdirSync(join(ROOT, 'test/vscode')).filter((f) => f.endsWith('.test.ts')).sort();
  assert.ok(tests.length >= 2);
  assert.deepEqual(files, tests.map((t) => `out/vscode-test/${t.replace(/\.ts$/, '.js')}`));
  assert.equal(files[0], 'out/vscode-test/extension.test.js', 'the lazy-start test runs in a fresh window');
  assert.ok(existsSync(join(ROOT, 'test/vscode/fixtures/workspace')), 'its workspace folder exists');
});
