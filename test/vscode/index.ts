/**
 * Entry point of the in-editor tests: the @vscode/test-electron contract (`--extensionTestsPath`).
 * VS Code loads this module in the extension host, next to the extension under development, and
 * awaits run(). scripts/vscode-e2e/run-ext-tests.cjs loads it in code-server's Node extension host.
 * Bundled by scripts/build.mjs to out/vscode-test/index.js; mocha is resolved from node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.CPSLINT_TEST_TIMEOUT_MS || 60_000),
    grep: process.env.CPSLINT_TEST_GREP || undefined,
  });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
