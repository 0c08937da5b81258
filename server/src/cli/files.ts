/**
 * Turning the command line's FILE arguments into the list of documents to check: files as they
 * are, directories walked for CP/CPS Markdown files, and globs expanded by cpslint itself (so a
 * quoted glob works the same on every shell, Windows' included). Used by `check` (and `review`).
 *
 * - A file is kept as given, even when it does not look like a CP/CPS (and a path that does not
 *   exist is kept too, so that reading it reports "no such file").
 * - A directory yields every Markdown file (.md, .markdown) under it that matches the nearest
 *   configuration's `include`, or otherwise looks like a CP/CPS (detect.ts), minus the
 *   configuration's `ignore`; node_modules and .git are never entered.
 * - A glob ("policies/**\/*.md", "docs/cps-v{1,2}.md") yields every file it matches, like a shell
 *   would, minus node_modules and .git (unless the pattern names them) and the config's `ignore`.
 *   A glob that matches nothing is an error.
 * Files come out once each (the first mention wins), directories and globs in sorted order.
 */
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, relative, isAbsolute } from 'node:path';
import picomatch from 'picomatch';
import { isPolicyDocument, looksLikeCps } from '../service/detect';
import type { DocumentModel } from '../service/model';
import { errnoReason } from '../safe-read';
import { loadConfigFor, matchesConfigGlobs, type LoadedConfig } from '../config-files';

export interface ExpandOptions {
  /** The directory relative inputs start from (default: process.cwd()). */
  cwd?: string;
  /** The configuration for a file (default: the nearest .cpslint.yaml, cached per folder). */
  configFor?: (file: string) => LoadedConfig;
}

export interface ExpandResult {
  /** Files to check, as paths the user can read (relative inputs stay relative). */
  files: string[];
  /** Inputs that yielded nothing: "no files match …", "no CP/CPS Markdown files under …". */
  errors: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git']);
const MARKDOWN = /\.(md|markdown)$/i;
/** Enough of a file for the detector (it looks at the first 64 KiB, and at chapter headings further on). */
const DETECT_BYTES = 1024 * 1024;

export function isGlob(input: string): boolean {
  return picomatch.scan(input.replace(/\\/g, '/')).isGlob;
}

/**
 * Every regular file under `dir` (sorted). Unreadable folders (EACCES) and Markdown names that are
 * not regular files (FIFOs, devices, sockets) are reported through `onProblem`, never read; so are
 * Markdown files the detector cannot open (see expandInputs).
 */
function walk(dir: string, onFile: (path: string) => void, skip: (name: string) => boolean = (n) => SKIP_DIRS.has(n), onProblem: (m: string) => void = () => {}): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return; // nothing there: the caller says "no files match"
    onProblem(`${dir}: folder skipped: ${errnoReason(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      // Follow links to files; links to folders are not followed (no cycles).
      try {
        isFile = statSync(p).isFile();
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (isDir) {
      if (!skip(e.name)) walk(p, onFile, skip, onProblem);
    } else if (isFile) onFile(p);
    else if (MARKDOWN.test(e.name) && !e.isSymbolicLink() && !e.isDirectory()) onProblem(`${p}: skipped: not a regular file (only regular files are read)`);
  }
}

/** The start of a file for the detector, or why it cannot be read (`problem`). */
function head(file: string): { text: string; problem?: string } {
  let fd: number | undefined;
  try {
    // Non-blocking, and only a regular file: a FIFO swapped in after the walk cannot hang this.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return { text: '' };
    const buf = Buffer.alloc(DETECT_BYTES);
    const n = readSync(fd, buf, 0, DETECT_BYTES, 0);
    return { text: buf.subarray(0, n).toString('utf8') };
  } catch (e) {
    // Gone since the walk listed it: nothing to say; anything else is reported, not skipped silently.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: '' };
    return { text: '', problem: errnoReason(e) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Expand FILE arguments (files, directories, globs) into the files to check. */
export function expandInputs(inputs: string[], options: ExpandOptions = {}): ExpandResult {
  const cwd = options.cwd ?? process.cwd();
  const configs = new Map<string, LoadedConfig>();
  const configFor =
    options.configFor ??
    ((file: string) => {
      const key = resolve(cwd, file, '..');
      let c = configs.get(key);
      if (!c) configs.set(key, (c = loadConfigFor(resolve(cwd, file))));
      return c;
    });
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (display: string) => {
    const key = resolve(cwd, display);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(display);
  };
  const ignored = (display: string) => {
    const c = configFor(display);
    return matchesConfigGlobs(c, resolve(cwd, display), c.config.ignore);
  };

  for (const input of inputs) {
    const abs = resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = null;
    }
    if (st?.isDirectory()) {
      let found = 0;
      const problem = (m: string) => errors.push(m);
      walk(abs, (p) => {
        if (!MARKDOWN.test(p)) return;
        const display = isAbsolute(input) ? p : relative(cwd, p) || p;
        const c = configFor(display);
        const absP = resolve(cwd, display);
        if (matchesConfigGlobs(c, absP, c.config.ignore)) return;
        if (!matchesConfigGlobs(c, absP, c.config.include)) {
          const h = head(p);
          if (h.problem) return void problem(`${display}: skipped: ${h.problem}`);
          if (!looksLikeCps(h.text)) return;
        }
        found++;
        add(display);
      }, undefined, problem);
      if (!found) errors.push(`${input}: no CP/CPS Markdown files found in this directory (add them to "include" in .cpslint.yaml if the detector misses them)`);
    } else if (!st && isGlob(input)) {
      const pattern = input.replace(/\\/g, '/');
      const scan = picomatch.scan(pattern);
      const baseDir = resolve(cwd, scan.base || '.');
      const match = picomatch(scan.glob, { dot: false });
      // node_modules and .git are skipped unless the pattern itself names them.
      const named = (n: string) => pattern.split('/').includes(n);
      const matched: string[] = [];
      walk(
        baseDir,
        (p) => {
          if (match(relative(baseDir, p).split('\\').join('/'))) matched.push(p);
        },
        (n) => SKIP_DIRS.has(n) && !named(n),
        (m) => errors.push(m),
      );
      const kept = matched.map((p) => (isAbsolute(pattern) ? p : relative(cwd, p) || p)).filter((d) => !ignored(d));
      if (!matched.length) errors.push(`${input}: no files match this pattern`);
      kept.forEach(add);
    } else {
      add(input);
    }
  }
  return { files, errors };
}

/**
 * Why a named file is not checked: it is not listed under "include" in its configuration and is not a
 * CP/CPS (service/detect.ts isPolicyDocument). Null when it is checked. `display` names it in the message.
 */
export function notAPolicy(cfg: LoadedConfig, file: string, model: DocumentModel, display = file): string | null {
  if (matchesConfigGlobs(cfg, resolve(file), cfg.config.include) || isPolicyDocument(model.text, model.all)) return null;
  return `${display}: not a CP/CPS: no RFC 3647 outline and no certificate policy wording; not checked (list it under "include" in .cpslint.yaml to check it anyway)`;
}
