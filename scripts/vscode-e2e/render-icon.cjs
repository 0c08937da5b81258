#!/usr/bin/env node
// Renders images/icon.svg to images/icon.png (256x256, transparent corners) with Debian's Chromium through
// playwright-core. Run after changing the SVG: node scripts/vscode-e2e/render-icon.cjs
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, launch } = require('./browser.cjs');

(async () => {
  const svg = fs.readFileSync(path.join(REPO, 'images/icon.svg'), 'utf8');
  const { page, close } = await launch({ width: 256, height: 256 });
  try {
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(REPO, 'images/icon.png'), omitBackground: true });
    console.log('wrote images/icon.png');
  } finally {
    await close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
