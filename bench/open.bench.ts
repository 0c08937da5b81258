/**
 * didOpen → first diagnostics in a fresh language server (dist/server.js over stdio), repeated:
 *
 *   node out/bench/open.bench.js [FILE] [RUNS]
 *
 * FILE defaults to the synthetic 400 KB CP/CPS of bench/synthetic.ts. Prints the time from didOpen
 * to the first publishDiagnostics per run, and the server's own parse / check split. With
 * CPSLINT_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" each server writes a CPU profile (the
 * server is asked to shut down and exit, so that the profile is written). KEYS=N then types N
 * characters into the first paragraph after the middle of the document, each awaited, and prints their median and p95 (a
 * profile of the server's keystroke path); PER=1 prints each keystroke with the server's parse / check split.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri } from '../test/protocol/lsp-client';
import { syntheticCps, tempFile } from './synthetic';

const ROOT = join(__dirname, '..', '..');

async function once(path: string): Promise<{ ms: number; parse: number; check: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'cpslint-open-'));
  const c = new LspClient();
  c.settings = { enable: true, asOf: '2026-11-25' };
  try {
    await c.initialize({ folder });
    const text = readFileSync(path, 'utf8');
    const uri = fileUri(join(folder, 'cps.md'));
    const t = performance.now();
    await c.open(uri, text);
    await c.waitForDiagnostics(uri, (x) => x.version === 1, -1, 300_000);
    const ms = performance.now() - t;
    const keys = Number(process.env.KEYS ?? 0);
    if (keys) {
      // The start of the first paragraph after the middle (a block that opens with a letter, not a
      // heading: typing there would change the outline and every rule would be evaluated again).
      let at = (text.length >> 1) + text.slice(text.length >> 1).search(/\n\n[A-Za-z]/) + 2;
      let line = 0;
      for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
      const per: number[] = [];
      for (let i = 0; i < keys; i++) {
        const pos = { line, character: 5 + i };
        const k = performance.now();
        const v = await c.change(uri, [{ range: { start: pos, end: pos }, text: 'x' }]);
        await c.waitForDiagnostics(uri, (x) => x.version === v, -1, 300_000);
        const ms = performance.now() - k;
        per.push(ms);
        const st = process.env.PER ? await c.request<{ lastParseMs: number; lastCheckMs: number }>('cpslint/debug/stats', {}) : null;
        if (st) console.log(`keystroke ${i}: ${ms.toFixed(1)} ms (server: parse ${st.lastParseMs.toFixed(1)}, checks ${st.lastCheckMs.toFixed(1)})`);
        at++;
      }
      per.sort((a, b) => a - b);
      console.log(`${keys} keystrokes: p50 ${per[per.length >> 1].toFixed(0)} ms, p95 ${per[Math.floor(per.length * 0.95)].toFixed(0)} ms`);
    }
    const st = await c.request<{ lastParseMs: number; lastCheckMs: number }>('cpslint/debug/stats', {});
    await c.conn.sendRequest('shutdown');
    c.conn.sendNotification('exit');
    await Promise.race([c.exit, new Promise((r) => setTimeout(r, 10_000))]);
    return { ms, parse: st.lastParseMs, check: st.lastCheckMs };
  } finally {
    await c.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const path = process.argv[2] || tempFile('synthetic-400kb.md', syntheticCps(ROOT, 400 * 1024));
  const runs = Number(process.argv[3] ?? 5);
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await once(path);
    all.push(r.ms);
    console.log(`run ${i + 1}: didOpen → diagnostics ${r.ms.toFixed(0)} ms (server: parse ${r.parse.toFixed(0)} ms, checks ${r.check.toFixed(0)} ms)`);
  }
  all.sort((a, b) => a - b);
  console.log(`median ${all[Math.floor(all.length / 2)].toFixed(0)} ms over ${runs} runs`);
}

void main();
