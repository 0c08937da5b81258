// Shared by the Playwright drivers: Debian's Chromium, headless, with every request that would leave
// 127.0.0.1 refused twice over (Chromium resolves no other host; a route guard aborts and counts the rest).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = process.env.REPO || path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function playwright() {
  // playwright-core is a devDependency of the project (no browser download: it drives Debian's Chromium).
  return require(require.resolve('playwright-core', { paths: [REPO, __dirname] }));
}

async function launch({ width = 1600, height = 1000 } = {}) {
  const { chromium } = playwright();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cpslint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    deviceScaleFactor: 1,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  const blocked = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(u.hostname) || !/^(https?|wss?):$/.test(u.protocol)) return route.continue();
    blocked.push(u.href);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] || (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, blocked, close };
}

/** The workbench URL for a folder, with an optional payload (extensionDevelopmentPath, extensionTestsPath, openFile...). */
function workbenchUrl(csUrl, folder, payload) {
  const host = new URL(csUrl).host; // the remote authority the workbench uses
  const remote = (p) => `vscode-remote://${host}${p}`;
  const items = (payload || []).map(([k, v]) => [k, k === 'extensionDevelopmentPath' || k === 'extensionTestsPath' || k === 'openFile' ? remote(v) : v]);
  return `${csUrl}/?folder=${encodeURIComponent(folder)}${items.length ? `&payload=${encodeURIComponent(JSON.stringify(items))}` : ''}`;
}

/**
 * What both drivers do in the workbench: run a command from the palette, put the cursor on a line,
 * and run a named step that records PASS/FAIL/SKIP in `results` (a failed step leaves a screenshot in runDir).
 */
function workbench(page, { results, log, runDir }) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const quickInput = page.locator('.quick-input-widget input.input');
  const step = async (name, fn) => {
    const s = Date.now();
    try {
      const r = await fn();
      if (r && r.skipped) {
        results.push({ name, skipped: true });
        log(`SKIP ${name}: ${r.skipped}`);
        return;
      }
      results.push({ name, ok: true });
      log(`PASS ${name} (${Date.now() - s} ms)${r ? ` — ${r}` : ''}`);
    } catch (e) {
      results.push({ name, ok: false });
      log(`FAIL ${name}: ${(e && e.stack) || e}`);
      await page.screenshot({ path: path.join(runDir, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
    }
  };
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible', timeout: 15000 });
    await quickInput.fill('>' + title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 15000 });
  };
  /** Cursor to 1-based line:col with Quick Open's ":line:col" (the line is revealed in the middle). */
  const goTo = async (line, col = 1) => {
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible', timeout: 15000 });
    await quickInput.fill(`:${line}:${col}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: String(line) }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 15000 });
    await editor.locator('.current-line').first().waitFor({ timeout: 15000 });
  };
  return { editor, quickInput, step, runCommand, goTo };
}

module.exports = { REPO, launch, workbenchUrl, workbench };
