// @vscode/test-cli configuration: the in-editor tests (test/vscode/*.test.ts, bundled to out/vscode-test/) in a
// desktop VS Code that @vscode/test-electron downloads (`npm run test:electron`; needs internet to
// update.code.visualstudio.com). Where no VS Code can be downloaded, `npm run test:e2e` runs the same tests
// in code-server's real extension host (scripts/vscode-e2e/).
import { readdirSync } from 'node:fs';
import { defineConfig } from '@vscode/test-cli';

// Every test/vscode/*.test.ts (bundled by npm run build to out/vscode-test/*.test.js), sorted by name as
// scripts/vscode-e2e runs them (test/vscode/index.ts): the first test of extension.test.js needs a window
// where no CP/CPS has been opened yet. (A glob would not fix the order.)
const files = readdirSync(new URL('./test/vscode/', import.meta.url))
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => `out/vscode-test/${f.replace(/\.ts$/, '.js')}`);

export default defineConfig({
  label: 'cpslint',
  // engines.vscode is ^1.100.0: test the oldest supported version.
  version: '1.100.3',
  // Build first (npm run build): the extension is dist/client.js + dist/server.js, the tests out/vscode-test/.
  files,
  extensionDevelopmentPath: '.',
  workspaceFolder: './test/vscode/fixtures/workspace',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: {
    ui: 'bdd',
    timeout: 60_000,
    color: false,
  },
});
