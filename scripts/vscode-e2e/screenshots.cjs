#!/usr/bin/env node
// Takes the hover screenshot (docs/images/hover.png) in a real VS Code (code-server) with this repository
// loaded as the extension under development: a hover on a section cross-reference. The Problems, Outline
// and quick-fix screenshots come from the packaged extension (browser-test.cjs; npm run screenshots runs both).
// Run through screenshots.sh (which starts code-server); env from with-code-server.sh plus
//   MD_FILE   the document to open (default example-ca-cps.md)
//   OUT_DIR   where the PNGs go (default <repo>/docs/images)
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, launch, workbenchUrl, workbench } = require('./browser.cjs');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const WS = process.env.WS;
const EXT_DEV = process.env.EXT_DEV || REPO;
const MD_FILE = process.env.MD_FILE || 'example-ca-cps.md';
const OUT_DIR = process.env.OUT_DIR || path.join(REPO, 'docs/images');
const RUN = process.env.RUN || '/tmp';

const t0 = Date.now();
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const results = [];

(async () => {
  if (!WS) throw new Error('WS is not set: run screenshots.sh');
  // Screenshot-only settings, added to the fresh profile with-code-server.sh made.
  const settingsFile = path.join(RUN, 'ud/User/settings.json');
  if (fs.existsSync(settingsFile)) {
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    Object.assign(settings, { 'editor.occurrencesHighlight': 'off', 'editor.selectionHighlight': false, 'workbench.colorTheme': 'Default Light Modern' });
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  }
  const text = fs.readFileSync(path.join(WS, MD_FILE), 'utf8').split('\n');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const { page, blocked, close } = await launch({ width: 1440, height: 900 });
  const { editor, quickInput, step, runCommand, goTo } = workbench(page, { results, log, runDir: RUN });
  const shot = async (name, clip) => {
    const p = path.join(OUT_DIR, name);
    await page.mouse.move(1439, 0); // no stray hover unless wanted
    await page.screenshot({ path: p, clip });
    log(`wrote ${path.relative(REPO, p)}`);
  };
  const lineOf = (re) => text.findIndex((l) => re.test(l)) + 1;

  let failed = false;
  try {
    await step('open the document', async () => {
      await page.goto(workbenchUrl(CS_URL, WS, [['extensionDevelopmentPath', EXT_DEV]]), { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${MD_FILE}"]`).first().waitFor({ timeout: 60000 });
      await page.locator('.monaco-workbench').click({ position: { x: 720, y: 450 } });
      await page.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible', timeout: 15000 });
      await quickInput.fill(MD_FILE);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: MD_FILE }).first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: MD_FILE }).waitFor({ timeout: 15000 });
      // The status bar item appears with counts once the server has published diagnostics.
      const status = page.locator('.statusbar-item', { hasText: 'cpslint' }).first();
      await status.waitFor({ timeout: 30000 });
      for (const end = Date.now() + 15000; Date.now() < end && /^\D*0\D+0\D*$/.test(await status.innerText());) await page.waitForTimeout(250);
      return `status bar: ${(await status.innerText()).replace(/\s+/g, ' ')}`;
    });

    await step('hover on a section reference', async () => {
      const re = /(?:Section|§)\s?(4\.9\.\d+)/;
      const idx = text.findIndex((l) => re.test(l) && !l.startsWith('|') && !l.startsWith('#'));
      if (idx < 0) throw new Error('no section reference in the document');
      const m = re.exec(text[idx]);
      const col = m.index + m[0].indexOf(m[1]) + 2;
      await goTo(idx + 1, col);
      await page.waitForTimeout(500);
      await runCommand('Show or Focus Hover');
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: m[1] }).first();
      await hover.waitFor({ state: 'visible', timeout: 15000 });
      await page.waitForTimeout(500);
      const p = path.join(OUT_DIR, 'hover.png');
      await page.screenshot({ path: p }); // keep the mouse still: moving it would close the hover
      log(`wrote ${path.relative(REPO, p)}`);
      return (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 160);
    });
  } catch (e) {
    failed = true;
    log(`error: ${(e && e.stack) || e}`);
  } finally {
    await close();
    console.log(`blocked non-loopback requests: ${blocked.length}${blocked.length ? ' ' + JSON.stringify([...new Set(blocked)].slice(0, 20)) : ''}`);
    const passed = results.filter((r) => r.ok).length;
    const summary = `${passed} passed, ${results.length - passed} failed`;
    if (process.env.SUMMARY_FILE) fs.writeFileSync(process.env.SUMMARY_FILE, summary + '\n');
    console.log(summary);
    process.exit(failed || passed !== results.length ? 1 : 0);
  }
})();
