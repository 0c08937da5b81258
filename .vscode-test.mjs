// @vscode/test-cli configuration: the in-editor tests (test/vscode/*.test.ts, bundled to out/vscode-test/) in a
// desktop VS Code that @vscode/test-electron downloads (`npm run test:electron`; needs internet to
// update.code.visualstudio.com). Where no VS Code can be downloaded, `npm run test:e2e` runs the same tests
// in code-server's real extension host (scripts/vscode-e2e/).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'cpslint',
  // engines.vscode is ^1.100.0: test the oldest supported version.
  version: '1.100.3',
  // Build first (npm run build): the extension is dist/client.js + dist/server.js, the tests out/vscode-test/.
  // In this order, as scripts/vscode-e2e runs them (test/vscode/index.ts sorts by name): the first test
  // of extension.test.js needs a window where no CP/CPS has been opened yet.
  files: ['out/vscode-test/extension.test.js', 'out/vscode-test/settings-and-fixes.test.js'],
  extensionDevelopmentPath: '.',
  workspaceFolder: './test/vscode/fixtures/workspace',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: {
    ui: 'bdd',
    timeout: 60_000,
    color: false,
  },
});
