#!/usr/bin/env node
// Renders the CLI's default (stylish) output, colours included, as a terminal screenshot:
// docs/images/cli-stylish.png. No browser: the ANSI output becomes an SVG here (one <tspan> per
// styled run, DejaVu Sans Mono) and @resvg/resvg-js (a devDependency) rasterises it.
//
//   node scripts/terminal-screenshot.mjs [DOCUMENT] [OUT.png]
//
// DOCUMENT defaults to the current Let's Encrypt CP/CPS in ../shared/corpus (a real, published
// document); it is run from its own folder, so the image shows only its file name, never a
// machine path. --min-severity warning keeps the picture to one screen and leaves out the info
// findings that quote the document's wording. Needs `npm run build` and the DejaVu fonts
// (Debian: fonts-dejavu-core).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const doc = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus', 'letsencrypt__cp-cps__CP-CPS.md'));
const out = resolve(process.argv[3] ?? join(root, 'docs', 'images', 'cli-stylish.png'));
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const fonts = ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'].map((f) => join(FONT_DIR, f));
for (const f of [doc, join(root, 'dist', 'cli.js'), ...fonts]) {
  if (!existsSync(f)) {
    console.error(`terminal-screenshot: ${f} is missing (${f.endsWith('.ttf') ? 'apt-get install fonts-dejavu-core' : f.endsWith('cli.js') ? 'run npm run build' : 'give a document'})`);
    process.exit(2);
  }
}

const args = ['check', basename(doc), '--as-of', '2026-11-25', '--min-severity', 'warning'];
const r = spawnSync(process.execPath, [join(root, 'bin', 'cpslint.js'), ...args], { cwd: dirname(doc), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } });
if (r.status !== 0 && r.status !== 1) {
  console.error(r.stderr);
  process.exit(2);
}

// A terminal palette (VS Code's dark theme) for the SGR codes the CLI uses.
const COLORS = { 30: '#000000', 31: '#f14c4c', 32: '#23d18b', 33: '#f5f543', 34: '#3b8eea', 35: '#d670d6', 36: '#29b8db', 37: '#e5e5e5', 90: '#8b8b8b', 91: '#f14c4c', 92: '#23d18b', 93: '#f5f543', 94: '#3b8eea', 95: '#d670d6', 96: '#29b8db', 97: '#ffffff' };
const FG = '#cccccc';
const BG = '#1e1e1e';

/** One line of ANSI text as runs of { text, color, bold, dim, underline }. */
function runs(line, state) {
  const list = [];
  const re = /\x1b\[([0-9;]*)m/g;
  let at = 0;
  let m;
  const push = (text) => text && list.push({ text, ...state });
  while ((m = re.exec(line))) {
    push(line.slice(at, m.index));
    at = re.lastIndex;
    for (const c of (m[1] || '0').split(';').map(Number)) {
      if (c === 0) Object.assign(state, { color: null, bold: false, dim: false, underline: false });
      else if (c === 1) state.bold = true;
      else if (c === 2) state.dim = true;
      else if (c === 22) Object.assign(state, { bold: false, dim: false });
      else if (c === 4) state.underline = true;
      else if (c === 24) state.underline = false;
      else if (c === 39) state.color = null;
      else if (COLORS[c]) state.color = COLORS[c];
    }
  }
  push(line.slice(at));
  return list;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lines = [`$ cpslint ${args.join(' ')}`, '', ...r.stdout.replace(/\n+$/, '').split('\n')];
const SIZE = 14;
const CHAR = SIZE * 0.6021; // DejaVu Sans Mono advance width
const LINE = 19;
const PAD = 18;
const TOP = 34; // the window's title bar
const cols = Math.max(...lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').length));
const width = Math.ceil(PAD * 2 + cols * CHAR);
const height = TOP + PAD + lines.length * LINE + PAD;
const state = { color: null, bold: false, dim: false, underline: false };
const body = lines
  .map((l, i) => {
    const y = TOP + PAD + (i + 1) * LINE - 5;
    const spans = (i === 0 ? [{ text: l, color: '#23d18b', bold: true }] : runs(l, state))
      .map((p) => `<tspan fill="${p.color ?? FG}"${p.bold ? ' font-weight="bold"' : ''}${p.dim ? ' fill-opacity="0.6"' : ''}${p.underline ? ' text-decoration="underline"' : ''}>${esc(p.text)}</tspan>`)
      .join('');
    return `<text x="${PAD}" y="${y}" xml:space="preserve">${spans}</text>`;
  })
  .join('\n');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" rx="8" fill="${BG}"/>
<rect width="100%" height="${TOP}" rx="8" fill="#323233"/><rect y="${TOP - 8}" width="100%" height="8" fill="#323233"/>
<circle cx="20" cy="17" r="6" fill="#ff5f57"/><circle cx="40" cy="17" r="6" fill="#febc2e"/><circle cx="60" cy="17" r="6" fill="#28c840"/>
<text x="${width / 2}" y="22" text-anchor="middle" fill="#9d9d9d" font-size="13">bash</text>
<g font-family="DejaVu Sans Mono" font-size="${SIZE}">
${body}
</g>
</svg>`;
const png = new Resvg(svg, { font: { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans Mono' }, fitTo: { mode: 'zoom', value: 1.5 } }).render().asPng();
writeFileSync(out, png);
console.log(`wrote ${out} (${lines.length} lines, ${png.length} bytes)`);
