#!/usr/bin/env node
'use strict';
// The CLI is one bundle (dist/cli.js, built by esbuild with every dependency inside), so an installed
// package needs nothing from node_modules. In a fresh clone it is built by `npm run build`.
const { join } = require('node:path');
const { existsSync } = require('node:fs');
const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write(
    'cpslint: the CLI is not built (dist/cli.js is missing).\n' +
      '  In a clone of the repository, run: npm ci && npm run build\n' +
      '  Or install the published package: npm install -g cpslint\n',
  );
  process.exit(2);
}
require(bundle).main();
