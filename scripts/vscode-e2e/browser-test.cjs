#!/usr/bin/env node
// Browser-level test of the PACKAGED extension: cpslint.vsix installed into a fresh code-server
// (browser-test.sh), driven through the real workbench UI in headless Chromium. Each step is one check:
//   the .vsix is what runs; the bundled example opens; cpslint's findings are in the Problems panel; the
//   RFC 3647 tree is in the Outline; a quick fix from the light bulb changes the text and its finding goes
//   away; "cpslint: Open Compliance Review" (skipped, with a log line, while the build has no such command).
// Prints "N passed, N failed[, N skipped]" last and exits 1 if a step failed.
// Env from with-code-server.sh (CS_URL, WS, RUN, EXT_DIR, SUMMARY_FILE) plus
//   MD_FILE  the document (default example-ca-cps.md)     OUT_DIR  screenshots (default $RUN/screenshots)
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, launch, workbenchUrl, workbench } = require('./browser.cjs');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const WS = process.env.WS;
const RUN = process.env.RUN || fs.mkdtempSync('/tmp/cpslint-browser-');
const EXT_DIR = process.env.EXT_DIR || path.join(RUN, 'ext');
const MD_FILE = process.env.MD_FILE || 'example-ca-cps.md';
const OUT_DIR = process.env.OUT_DIR || path.join(RUN, 'screenshots');
const AS_OF = process.env.AS_OF || '2026-11-25'; // fixed, so that the findings (and screenshots) do not depend on today
const EXT_GROUP = 'cpslint'; // the Outline's group for our symbol provider (the language client's name)
const MASS_REVOCATION = 'br-5.7.1.2-mass-revocation-assertion';
const FIX_TITLE = 'Add the mass-revocation statement';
const FIXED_TEXT = 'mass-revocation plan is tested at least once every year';
const REVIEW_COMMAND = 'cpslint.openReview';
const REVIEW_TITLE = 'cpslint: Open Compliance Review';

const t0 = Date.now();
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const results = [];

(async () => {
  if (!WS) throw new Error('WS is not set: run browser-test.sh');
  const settingsFile = path.join(RUN, 'ud/User/settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  Object.assign(settings, {
    'cpslint.asOf': AS_OF,
    'editor.occurrencesHighlight': 'off',
    'editor.selectionHighlight': false,
    'workbench.colorTheme': 'Default Light Modern',
  });
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const text = fs.readFileSync(path.join(WS, MD_FILE), 'utf8').split('\n');
  const lineOf = (re) => {
    const i = text.findIndex((l) => re.test(l));
    if (i < 0) throw new Error(`no line of ${MD_FILE} matches ${re}`);
    return i + 1;
  };

  const { page, blocked, close } = await launch({ width: 1440, height: 900 });
  const { editor, quickInput, step, runCommand, goTo } = workbench(page, { results, log, runDir: RUN });
  const problems = page.locator('.markers-panel');
  const shot = async (name, dir = OUT_DIR) => {
    const p = path.join(dir, name);
    await page.screenshot({ path: p });
    log(`wrote ${path.relative(REPO, p).startsWith('..') ? p : path.relative(REPO, p)}`);
  };
  // A row's text is "message  cpslint(code)  [Ln, Col]" (the parentheses come from CSS).
  const problemRow = (code) => problems.locator('.monaco-list-row').filter({ hasText: code }).filter({ hasText: 'cpslint' }).first();
  /** How often `needle` occurs in the whole document, from the Find widget's count ("1 of 2" / "No results"). */
  const occurrences = async (needle) => {
    await editor.click({ position: { x: 400, y: 10 } }).catch(() => {});
    await page.keyboard.press('Control+F');
    const find = page.locator('.find-widget.visible');
    await find.waitFor({ timeout: 15000 });
    const input = find.locator('textarea, input').first();
    await input.fill(needle);
    const count = find.locator('.matchesCount');
    let t = '';
    for (const end = Date.now() + 10000; !/No results|[\d?]+ of \d+/.test(t); await page.waitForTimeout(100)) {
      t = (await count.innerText().catch(() => '')).trim();
      if (Date.now() > end) throw new Error(`the Find widget shows no count for "${needle}": "${t}"`);
    }
    await page.keyboard.press('Escape');
    return /No results/.test(t) ? 0 : Number(/of (\d+)/.exec(t)[1]);
  };
  let installed;

  try {
    await step('the packaged extension is installed, not a development folder', async () => {
      const dirs = fs.readdirSync(EXT_DIR).filter((d) => d.startsWith('cpslint.cpslint-'));
      if (dirs.length !== 1) throw new Error(`expected one cpslint.cpslint-* in ${EXT_DIR}, found ${JSON.stringify(fs.readdirSync(EXT_DIR))}`);
      installed = path.join(EXT_DIR, dirs[0]);
      const top = fs.readdirSync(installed).sort();
      for (const bad of ['test', 'client', 'server', 'scripts', 'bench', 'out', 'node_modules', 'examples']) {
        if (top.includes(bad)) throw new Error(`${bad}/ is in the installed package: ${top.join(' ')}`);
      }
      for (const f of ['dist/client.js', 'dist/server.js', 'docs/rules.md']) {
        if (!fs.existsSync(path.join(installed, f))) throw new Error(`${f} is missing from the installed package`);
      }
      return `${dirs[0]}: ${top.join(' ')}`;
    });

    await step('open the bundled example', async () => {
      await page.goto(workbenchUrl(CS_URL, WS), { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${MD_FILE}"]`).first().waitFor({ timeout: 60000 });
      await page.locator('.monaco-workbench').click({ position: { x: 720, y: 450 } });
      await page.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible', timeout: 15000 });
      await quickInput.fill(MD_FILE);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: MD_FILE }).first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: MD_FILE }).waitFor({ timeout: 15000 });
      const title = await page.title();
      if (/Extension Development Host/.test(title)) throw new Error(`loaded as a development extension: ${title}`);
      await editor.locator('.view-lines', { hasText: 'Northwind' }).waitFor({ timeout: 15000 });
      return `title "${title}"`;
    });

    await step('Problems panel lists cpslint findings with their codes', async () => {
      await goTo(lineOf(/^### 5\.7\.1 /));
      await page.keyboard.press('Control+Shift+M');
      await problems.waitFor({ state: 'visible', timeout: 15000 });
      // Rows show "message  cpslint(code)  [Ln, Col]"; the list is virtualized, and these four are near the top.
      const rows = [];
      for (const code of [MASS_REVOCATION, 'br-8.6-audit-report-publication', 'cps-missing-section', 'cps-blank-section']) {
        const row = problemRow(code);
        await row.waitFor({ timeout: 30000 }).catch(async (e) => {
          const seen = await problems.locator('.monaco-list-row').evaluateAll((els) => els.map((r) => r.textContent));
          throw new Error(`no Problems row for ${code}: ${e.message.split('\n')[0]}; rows: ${JSON.stringify(seen)}`);
        });
        rows.push((await row.innerText()).replace(/\s+/g, ' ').slice(0, 100));
      }
      await page.mouse.move(1439, 0);
      await shot('problems.png');
      return rows.join(' | ');
    });

    await step('Outline shows the RFC 3647 tree from cpslint', async () => {
      await page.keyboard.press('Control+J'); // hide the panel
      await runCommand('Explorer: Focus on Outline View');
      for (const header of ['Explorer Section', 'Timeline']) {
        const h = page.locator(`.pane-header[aria-label^="${header}"][aria-expanded="true"]`);
        if (await h.count()) await h.first().click();
      }
      const outline = page.locator('.pane:has(.pane-header[aria-label^="Outline"]) .monaco-list');
      await outline.waitFor({ state: 'visible', timeout: 15000 });
      // Two symbol providers (ours and the built-in Markdown one) give one group row each; fold the other.
      let rows = [];
      for (const end = Date.now() + 30000; ;) {
        rows = await outline.locator('.monaco-list-row').evaluateAll((els) => els.map((r) => ({
          label: r.getAttribute('aria-label') || '', level: Number(r.getAttribute('aria-level')), expanded: r.getAttribute('aria-expanded'),
        })));
        const other = outline.locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]').filter({ hasNotText: EXT_GROUP });
        if (rows.some((r) => r.label === EXT_GROUP) && (await other.count())) {
          await other.first().click();
          continue;
        }
        const ours = rows.findIndex((r) => r.label === EXT_GROUP);
        const chapter = rows.findIndex((r, i) => i > ours && /^1\.? Introduction/.test(r.label));
        const child = rows.findIndex((r, i) => i > chapter && /^1\.1 /.test(r.label));
        if (ours >= 0 && chapter > ours && child > chapter && rows[child].level === rows[chapter].level + 1) break;
        if (Date.now() > end) throw new Error(`no cpslint group with "1 Introduction" > "1.1 …" in the Outline: ${JSON.stringify(rows.slice(0, 12))}`);
        await page.waitForTimeout(250);
      }
      await goTo(lineOf(/^#{1,2} 1\.? Introduction/));
      await page.mouse.move(1439, 0);
      await shot('outline.png');
      return rows.slice(0, 5).map((r) => `${'  '.repeat(r.level - 1)}${r.label}`).join(' | ');
    });

    await step(`quick fix "${FIX_TITLE}" from the light bulb`, async () => {
      const line = lineOf(/^### 5\.7\.1 /);
      await goTo(line, 5);
      const before = await occurrences(FIXED_TEXT);
      if (before !== 0) throw new Error(`"${FIXED_TEXT}" is in the document before the fix (${before}x)`);
      await goTo(line, 5);
      // The light bulb shows on the cursor line when code actions are offered there; clicking it opens the menu.
      const bulb = page.locator('.lightBulbWidget .codicon, .lightBulbWidget').first();
      await bulb.waitFor({ state: 'visible', timeout: 30000 });
      await bulb.click();
      const menu = page.locator('.action-widget');
      const item = menu.locator('.monaco-list-row', { hasText: FIX_TITLE }).first();
      await item.waitFor({ timeout: 15000 }).catch(async () => {
        log('the light bulb did not open the menu; using Ctrl+.');
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        await item.waitFor({ timeout: 15000 });
      });
      await shot('quickfix.png');
      // Keyboard selection (a mouse click is swallowed by .context-view-pointerBlock): move to our row.
      for (let i = 0; i < 30 && !(await menu.locator('.monaco-list-row.focused', { hasText: FIX_TITLE }).count()); i++) await page.keyboard.press('ArrowDown');
      if (!(await menu.locator('.monaco-list-row.focused', { hasText: FIX_TITLE }).count())) throw new Error(`could not focus "${FIX_TITLE}" in the menu`);
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout: 15000 });
      const after = await occurrences(FIXED_TEXT);
      if (after !== 1) throw new Error(`"${FIXED_TEXT}" occurs ${after}x after the fix, expected once`);
      await page.keyboard.press('Control+Shift+M');
      await problems.waitFor({ state: 'visible', timeout: 15000 });
      await problemRow('br-8.6-audit-report-publication').waitFor({ timeout: 15000 }); // the list is there ...
      await problemRow(MASS_REVOCATION).waitFor({ state: 'detached', timeout: 30000 }); // ... without the fixed finding
      await page.mouse.move(1439, 0);
      await shot('quickfix-applied.png', RUN); // for a failed run's logs, not the documentation
      return `inserted "${FIXED_TEXT}"; ${MASS_REVOCATION} is gone from the Problems panel`;
    });

    await step(`command "${REVIEW_TITLE}"`, async () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
      const contributed = (manifest.contributes?.commands || []).find((c) => c.command === REVIEW_COMMAND);
      if (!contributed) return { skipped: `this build does not contribute ${REVIEW_COMMAND} yet` };
      const title = `${contributed.category ? `${contributed.category}: ` : ''}${contributed.title}`;
      const tabs = page.locator('.tabs-container .tab');
      const webviews = page.locator('iframe.webview');
      const [tabsBefore, webviewsBefore] = [await tabs.count(), await webviews.count()];
      if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J'); // room for the review
      await runCommand(title);
      // A review opens in an editor tab, a webview (panel or view) or a view titled "...Review...".
      const notFound = page.locator('.notification-toast', { hasText: REVIEW_COMMAND });
      for (const end = Date.now() + 30000; ;) {
        if (await notFound.count()) throw new Error(`"${title}": ${(await notFound.first().innerText()).replace(/\s+/g, ' ')}`);
        if ((await tabs.count()) > tabsBefore || (await webviews.count()) > webviewsBefore
          || (await page.locator('.pane-header[aria-label*="Review"], .composite.title:has-text("Review")').count())) break;
        if (Date.now() > end) throw new Error(`"${title}" opened no editor tab, webview or Review view`);
        await page.waitForTimeout(250);
      }
      await page.waitForTimeout(1000); // let a webview paint before the screenshot
      await shot('review.png');
      const active = await page.locator('.tabs-container .tab.active').evaluateAll((els) => els.map((e) => e.textContent.trim()));
      return `active tabs: ${active.map((t) => `"${t}"`).join(', ')}`;
    });
  } catch (e) {
    results.push({ name: 'driver', ok: false });
    log(`error: ${(e && e.stack) || e}`);
  } finally {
    await close();
    console.log(`blocked non-loopback requests: ${blocked.length}${blocked.length ? ' ' + JSON.stringify([...new Set(blocked)].slice(0, 20)) : ''}`);
    const passed = results.filter((r) => r.ok).length;
    const skipped = results.filter((r) => r.skipped).length;
    const failed = results.length - passed - skipped;
    const summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    if (process.env.SUMMARY_FILE) fs.writeFileSync(process.env.SUMMARY_FILE, summary + '\n');
    console.log(summary);
    process.exit(failed || !passed ? 1 : 0);
  }
})();
