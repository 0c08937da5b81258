/**
 * A deterministic synthetic CP/CPS of a given size, generated at run time (never committed):
 * the bundled example CPS (examples/example-ca-cps.md, cpslint's own text) with every body
 * paragraph repeated, each copy varied by a seeded PRNG so that no two paragraphs are identical.
 * Used by the benchmarks and the hostile-input tests when ../shared is absent, and as the 2 MB case.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORDS = ['certificate', 'subscriber', 'revocation', 'the CA', 'validation', 'audit', 'key', 'policy', 'request', 'record', 'within', 'days', 'shall', 'process', 'archive'];

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCps(root: string, targetChars: number, seed = 3647): string {
  const example = readFileSync(join(root, 'examples', 'example-ca-cps.md'), 'utf8');
  const paragraphs = example.match(/\n\n[A-Z][^\n#|<>-][^\n]{60,}\n/g)?.length ?? 1;
  let copies = Math.max(0, Math.ceil((targetChars - example.length) / Math.max(1, paragraphs * 260)));
  for (;;) {
    const rnd = prng(seed);
    const grown = example.replace(/\n\n([A-Z][^\n#|<>-][^\n]{60,})\n/g, (_m, p: string) => {
      let out = `\n\n${p}\n`;
      for (let i = 0; i < copies; i++) {
        const extra = Array.from({ length: 6 + Math.floor(rnd() * 10) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
        out += `\n${p.slice(0, 120 + Math.floor(rnd() * 80))} ${extra}.\n`;
      }
      return out;
    });
    if (grown.length >= targetChars || copies > 100000) return cutAtHeading(grown, targetChars);
    copies = Math.ceil((copies + 1) * (targetChars / grown.length)) + 1;
  }
}

/** Cut at the last heading line before `n` characters. */
function cutAtHeading(text: string, n: number): string {
  const i = text.lastIndexOf('\n#', n);
  return i > 0 ? text.slice(0, i + 1) : text.slice(0, n);
}

/** Write `text` to a temp file (under the OS temp directory) and return its path. */
export function tempFile(name: string, text: string): string {
  const dir = join(tmpdir(), 'cpslint-bench');
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
