/** Finding and reading `.cpslint.yaml` (glue: I/O). Shared by the CLI and the language server. */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative, isAbsolute } from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAMES, parseConfig, unknownRuleErrors, CpslintConfig } from './service/config';
import { structureChecks } from './service/structure';
import { rulesWith } from './service/check';
import { formatLoadError } from './service/rules/load';
import type { Rule } from './service/rules/types';
import { readTextSafe, SafeReadError, isInside, realFolder } from './safe-read';
import { limits as envLimits } from './limits-env';
import { excerpt, raiseHint, type Limits } from './service/limits';

export interface LoadedConfig {
  file: string | null;
  dir: string;
  config: CpslintConfig;
  errors: string[];
  /** Line of each key under `rules:`. */
  ruleLines?: Record<string, number>;
}

/**
 * The nearest configuration file at or above `startDir`. With `roots` (the language server's
 * workspace folders), the search never leaves them: a folder outside every root finds nothing.
 * A FIFO or device named `.cpslint.yaml` is found here and refused by loadConfigFile.
 */
export function findConfigFile(startDir: string, roots?: string[]): string | null {
  let dir = resolve(startDir);
  const real = roots?.map(realFolder);
  const inRoots = (d: string) => !real || real.some((r) => isInside(realFolder(d), r));
  if (!inRoots(dir)) return null;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      try {
        if (existsSync(p) && !lstatSync(p).isDirectory() && !statSync(p).isDirectory()) return p;
      } catch {
        /* unreadable: keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir || !inRoots(up)) return null;
    dir = up;
  }
}

export function loadConfigFile(file: string, limits: Limits = envLimits(), within?: string[]): LoadedConfig {
  let text: string;
  try {
    text = readTextSafe(file, { maxBytes: limits.maxConfigBytes, what: 'configuration', limitName: 'maxConfigBytes', within });
  } catch (e) {
    if (!(e instanceof SafeReadError)) throw e;
    return { file, dir: dirname(file), config: {}, errors: [e.message] };
  }
  const { config, errors, ruleLines } = parseConfig(text, file, limits.maxYamlAliases);
  return { file, dir: dirname(file), config, errors, ruleLines };
}

/**
 * The configuration for a file or folder: the nearest `.cpslint.yaml` at or above it (within
 * `roots` when given; with roots = [] only the file's own folder is looked at).
 */
export function loadConfigFor(path: string, roots?: string[]): LoadedConfig {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    /* not there: its folder */
  }
  const start = isDir ? path : dirname(path);
  const bound = roots && !roots.length ? [start] : roots;
  const f = findConfigFile(start, bound);
  return f ? loadConfigFile(f, envLimits(), bound) : { file: null, dir: dirname(resolve(path)), config: {}, errors: [] };
}

/** Whether `file` matches one of the config's globs (relative to the config's folder). */
export function matchesConfigGlobs(loaded: LoadedConfig, file: string, globs: string[] | undefined): boolean {
  if (!globs?.length) return false;
  const rel = relative(loaded.dir, resolve(file));
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  return picomatch(globs, { dot: true })(rel.split('\\').join('/'));
}

export interface PackOptions {
  /**
   * Folders a rule pack's real path must be inside: by default the configuration file's folder
   * (the language server passes its workspace folders); null reads packs anywhere (the CLI's
   * --allow-outside).
   */
  within?: string[] | null;
  /** How to allow a pack outside them, for the message. */
  outsideHint?: string;
  limits?: Limits;
}

/**
 * The rules for a configuration: the built-in packs plus the config's `rulePacks` (paths relative
 * to the config file, read only as regular files inside the allowed folders, at most maxRulePacks
 * of them). Unreadable or broken packs are reported; the other rules keep working.
 */
export function rulesForConfig(loaded: LoadedConfig, options: PackOptions = {}): { rules: Rule[]; errors: string[] } {
  const limits = options.limits ?? envLimits();
  const extra: { file: string; text: string }[] = [];
  const errors: string[] = [];
  const within = options.within === undefined ? [loaded.dir] : options.within ?? undefined;
  const packs = loaded.config.rulePacks ?? [];
  if (packs.length > limits.maxRulePacks) errors.push(`${loaded.file ?? loaded.dir}: ${packs.length} rule packs named, more than ${limits.maxRulePacks}; the first ${limits.maxRulePacks} are read (${raiseHint('maxRulePacks')})`);
  for (const p of packs.slice(0, limits.maxRulePacks)) {
    const file = resolve(loaded.dir, p);
    try {
      extra.push({
        file,
        text: readTextSafe(file, {
          maxBytes: limits.maxRulePackBytes,
          what: 'rule pack',
          limitName: 'maxRulePackBytes',
          within,
          outsideHint: options.outsideHint ?? 'pass --allow-outside to the CLI to read it anyway',
        }),
      });
    } catch (e) {
      if (!(e instanceof SafeReadError)) throw e;
      const shown = /^[\x20-\x7e]{1,120}$/.test(p) ? p : excerpt(p, 80);
      errors.push(`${loaded.file ?? file}: rule pack ${shown}: cannot read: ${e.reason}`);
    }
  }
  const r = rulesWith(extra, limits);
  const known = new Set([...r.rules.map((x) => x.id), ...structureChecks().keys()]);
  // Unknown ids are reported only when every pack loaded (a broken pack's ids are unknown for that reason).
  const unknown = errors.length || r.errors.length ? [] : unknownRuleErrors(loaded.file ?? 'configuration', loaded.config.rules, loaded.ruleLines, known);
  return { rules: r.rules, errors: [...errors, ...r.errors.map(formatLoadError), ...unknown] };
}

/** A set of the configuration, with its paths resolved against the configuration's folder. */
export interface ConfiguredSet {
  name: string;
  cp: string;
  cps: string[];
  /** The configuration file that declares it. */
  file: string | null;
}

export function setsOf(loaded: LoadedConfig): ConfiguredSet[] {
  return (loaded.config.sets ?? []).map((s) => ({ name: s.name, cp: resolve(loaded.dir, s.cp), cps: s.cps.map((c) => resolve(loaded.dir, c)), file: loaded.file }));
}

/** The configured set that `file` belongs to (as its CP or one of its CPSs), if any. */
export function setContaining(loaded: LoadedConfig, file: string): ConfiguredSet | null {
  const abs = resolve(file);
  return setsOf(loaded).find((s) => s.cp === abs || s.cps.includes(abs)) ?? null;
}
