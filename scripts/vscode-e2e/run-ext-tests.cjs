#!/usr/bin/env node
// Runs the in-editor tests inside code-server's real Node extension host: the @vscode/test-electron
// contract (a module exporting run(): Promise<void>) with this repository as the extension under development.
//
// The browser workbench reads ?payload=[["extensionDevelopmentPath", URI], ["extensionTestsPath", URI]]
// (vscode-remote://HOST:PORT/abs/path). When run() settles, the extension host exits and the workbench calls
// window.codeAutomationExit(code); window.codeAutomationLog(type, args) receives log lines, among them mocha's
// reporter output. Both are defined with page.exposeFunction before the page loads.
//
// Env (set by with-code-server.sh): CS_URL, WS, RUN, EXT_DEV, REPO, SUMMARY_FILE;
// EXT_TESTS (default $REPO/out/vscode-test/index.js), TEST_TIMEOUT_S (default 300).
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');
const { REPO, launch, workbenchUrl } = require('./browser.cjs');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const WS = process.env.WS || process.cwd();
const RUN = process.env.RUN || fs.mkdtempSync('/tmp/cpslint-vscode-');
const EXT_DEV = process.env.EXT_DEV || REPO;
const EXT_TESTS = process.env.EXT_TESTS || path.join(REPO, 'out/vscode-test/index.js');
const TIMEOUT = Number(process.env.TEST_TIMEOUT_S || 300) * 1000;
const SUMMARY_FILE = process.env.SUMMARY_FILE;

(async () => {
  const { page, blocked, close } = await launch();
  const counts = { passed: 0, failed: 0, pending: 0 };
  let finish;
  const done = new Promise((r) => { finish = r; });
  const NOISE = /^(Ignoring fetching additional builtin|Updating additional builtin|Resolv(ing|ed) connection token|Creating a socket|\[Service Worker\]|ChatSessionStore)/;
  const consoleLog = path.join(RUN, 'workbench-console.log');
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    fs.appendFileSync(consoleLog, `${type} ${line}\n`);
    if (type === 'info' && NOISE.test(line)) return;
    let m;
    if ((m = /^\s*(\d+) passing \(/.exec(line))) counts.passed = Number(m[1]);
    if ((m = /^\s*(\d+) failing$/.exec(line))) counts.failed = Number(m[1]);
    if ((m = /^\s*(\d+) pending$/.exec(line))) counts.pending = Number(m[1]);
    console.log((type === 'info' ? '' : `[${type}] `) + line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));

  const t0 = Date.now();
  await page.goto(workbenchUrl(CS_URL, WS, [['extensionDevelopmentPath', EXT_DEV], ['extensionTestsPath', EXT_TESTS]]), { waitUntil: 'domcontentloaded' });
  let timer;
  const code = await Promise.race([done, new Promise((r) => { timer = setTimeout(() => r('timeout'), TIMEOUT); })]);
  clearTimeout(timer);
  await page.screenshot({ path: path.join(RUN, 'ext-tests-end.png') }).catch(() => {});
  await close();
  console.log(`blocked non-loopback requests: ${blocked.length}${blocked.length ? ' ' + JSON.stringify([...new Set(blocked)].slice(0, 20)) : ''}`);
  let rc;
  if (code === 'timeout') {
    console.log(`extension tests: no exit code within ${TIMEOUT / 1000}s (screenshot: ${path.join(RUN, 'ext-tests-end.png')})`);
    rc = 124;
    counts.failed = Math.max(counts.failed, 1);
  } else {
    console.log(`extension tests finished in ${((Date.now() - t0) / 1000).toFixed(1)}s with exit code ${code}`);
    rc = code;
    // run() rejected before mocha reported anything (e.g. the tests module did not load): count it as a failure.
    if (code && !counts.failed) counts.failed = 1;
  }
  const summary = `${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''}`;
  if (SUMMARY_FILE) fs.writeFileSync(SUMMARY_FILE, summary + '\n');
  console.log(summary);
  process.exit(rc);
})().catch((e) => {
  console.error(e);
  if (SUMMARY_FILE) fs.writeFileSync(SUMMARY_FILE, '0 passed, 1 failed\n');
  process.exit(1);
});
