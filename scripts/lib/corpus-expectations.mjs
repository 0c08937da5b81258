// The precision corpus: what the CLI reports on each real CP/CPS in ../shared/corpus, reduced to
// what a reviewer's verdict is about (code, document section, line, severity), never the text.
// Shared by scripts/update-corpus-expectations.mjs (writes test/corpus/expectations/) and
// test/corpus/precision.test.ts (fails when the CLI's output and the committed file differ).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The date the corpus is checked as of (fixed, so that findings do not age). */
export const AS_OF = '2026-11-25';
/** Severities a reviewer reads and judges; infos are notes. */
export const JUDGED = new Set(['error', 'warning']);
export const VERDICTS = ['right', 'debatable', 'false', 'unreviewed'];

/** $CPSLINT_CORPUS, else ../shared/corpus beside the project. */
export function corpusDir(root) {
  return process.env.CPSLINT_CORPUS ? resolve(process.env.CPSLINT_CORPUS) : resolve(root, '..', 'shared', 'corpus');
}

export function expectationsDir(root) {
  return join(root, 'test', 'corpus', 'expectations');
}

/** The real documents, sorted; [] when ../shared is absent. */
export function corpusFiles(root) {
  const dir = corpusDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => join(dir, f));
}

function cli(root, args) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'cpslint.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (r.error) throw r.error;
  // check exits 1 when there are errors; anything on stdout that is JSON is the answer
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`cpslint ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`.slice(0, 2000));
  }
}

/** The deepest section of the outline that holds the line (1-based), or "front". */
function sectionAtLine(sections, line) {
  let best = 'front';
  const walk = (list) => {
    for (const s of list) {
      if (s.line <= line && line <= (s.endLine ?? s.line)) {
        best = s.number;
        walk(s.children ?? []);
      }
    }
  };
  walk(sections);
  return best;
}

/** A short fingerprint of the message, to tell apart findings of one code on one line (no text is stored). */
function fingerprint(d) {
  return createHash('sha256').update(`${d.code}\u0000${d.message}`).digest('hex').slice(0, 10);
}

/** The judged findings of the CLI on one document: [{ code, section, line, severity, fingerprint }], in output order. */
export function currentFindings(root, file) {
  const check = cli(root, ['check', '--as-of', AS_OF, '--format', 'json', file]);
  const outline = cli(root, ['outline', '--format', 'json', file]);
  const diagnostics = check.files?.[0]?.diagnostics ?? [];
  return diagnostics
    .filter((d) => JUDGED.has(d.severity))
    .map((d) => ({ code: d.code, section: sectionAtLine(outline.sections ?? [], d.line), line: d.line, severity: d.severity, fingerprint: fingerprint(d) }));
}

/** The comparison key of a finding: what a change to matching may not alter silently. */
export function key(f) {
  return `${f.code} §${f.section} line ${f.line} ${f.severity}`;
}

/**
 * The new expectations: every current finding, with the verdict and reason of the old entry it
 * continues (same fingerprint and line, else same code and line, else same code, section and
 * fingerprint); findings nobody has judged yet are "unreviewed". Old entries that no longer
 * occur are returned separately (reported by the script, not kept).
 */
export function merge(oldEntries, current) {
  const pool = [...(oldEntries ?? [])];
  const take = (pred) => {
    const i = pool.findIndex(pred);
    return i < 0 ? null : pool.splice(i, 1)[0];
  };
  const out = current.map((f) => ({ f, old: null }));
  const passes = [
    (f, o) => o.fingerprint === f.fingerprint && o.code === f.code && o.line === f.line,
    (f, o) => o.code === f.code && o.line === f.line && (!o.fingerprint || !current.some((c) => c !== f && c.fingerprint === o.fingerprint && c.line === o.line)),
    (f, o) => o.code === f.code && o.section === f.section && o.fingerprint === f.fingerprint,
  ];
  for (const pass of passes)
    for (const x of out) {
      if (x.old) continue;
      x.old = take((o) => pass(x.f, o));
    }
  const entries = out.map(({ f, old }) => {
    const e = { code: f.code, section: f.section, line: f.line, severity: f.severity, fingerprint: f.fingerprint };
    if (!old || !VERDICTS.includes(old.verdict)) return { ...e, verdict: 'unreviewed', reason: '' };
    const changed = old.severity !== f.severity || old.line !== f.line;
    return {
      ...e,
      // a verdict given for another severity or place is a verdict on something else
      verdict: changed ? 'unreviewed' : old.verdict,
      reason: changed ? `was ${old.severity} at line ${old.line}, judged ${old.verdict}: ${old.reason ?? ''}`.trim() : old.reason ?? '',
    };
  });
  return { entries, gone: pool };
}

export function documentName(file) {
  return basename(file);
}

export function counts(entries) {
  const c = { error: 0, warning: 0, right: 0, debatable: 0, false: 0, unreviewed: 0 };
  for (const e of entries) {
    c[e.severity] = (c[e.severity] ?? 0) + 1;
    c[e.verdict] = (c[e.verdict] ?? 0) + 1;
  }
  return c;
}
