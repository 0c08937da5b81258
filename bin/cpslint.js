#!/usr/bin/env node
'use strict';
// The CLI is one bundle (dist/cli.js, built by esbuild with every dependency inside), so an installed
// package needs nothing from node_modules. In a fresh clone it is built by `npm run build`.
const { join, dirname } = require('node:path');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write(
    'cpslint: the CLI is not built (dist/cli.js is missing).\n' +
      '  In a clone of the repository, run: npm ci && npm run build\n' +
      '  Or install the published package: npm install -g cpslint\n',
  );
  process.exit(2);
}

/**
 * V8's code cache for the bundle (dist/cli.js.cache, written by scripts/build.mjs after a warm-up
 * check): compiling the 1.9 MB bundle and the functions a check runs is a third of a small `check`.
 * The cache is used only for the exact bundle it was made from (SHA-1 of the text) on the same Node.js
 * (V8 version, architecture); anything else, or any failure here, loads the bundle with require().
 * CPSLINT_WRITE_CODE_CACHE=<file> writes the cache at exit (the build's warm-up run).
 */
function loadWithCodeCache() {
  const write = process.env.CPSLINT_WRITE_CODE_CACHE;
  const cacheFile = bundle + '.cache';
  if (!write && !existsSync(cacheFile)) return null;
  try {
    const vm = require('node:vm');
    const Module = require('node:module');
    const source = readFileSync(bundle, 'utf8');
    const key = `cpslint-code-cache 1 ${require('node:crypto').createHash('sha1').update(source).digest('hex')} ${process.versions.v8} ${process.arch}\n`;
    let cachedData;
    if (!write) {
      const cache = readFileSync(cacheFile);
      if (cache.subarray(0, key.length).toString('latin1') !== key) return null;
      cachedData = cache.subarray(key.length);
    }
    const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
    if (cachedData && script.cachedDataRejected) return null;
    const m = new Module(bundle, module);
    m.filename = bundle;
    m.paths = Module._nodeModulePaths(dirname(bundle));
    script.runInThisContext().call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, dirname(bundle));
    m.loaded = true;
    if (write) process.on('exit', () => writeFileSync(write, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()])));
    return m.exports;
  } catch {
    return null;
  }
}

(loadWithCodeCache() ?? require(bundle)).main();
