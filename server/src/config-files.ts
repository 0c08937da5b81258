/** Finding and reading `.cpslint.yaml` (glue: I/O). Shared by the CLI and the language server. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative, isAbsolute } from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAMES, parseConfig, unknownRuleErrors, CpslintConfig } from './service/config';
import { structureChecks } from './service/structure';
import { rulesWith } from './service/check';
import { formatLoadError } from './service/rules/load';
import type { Rule } from './service/rules/types';

export interface LoadedConfig {
  file: string | null;
  dir: string;
  config: CpslintConfig;
  errors: string[];
  /** Line of each key under `rules:`. */
  ruleLines?: Record<string, number>;
}

/** The nearest configuration file at or above `startDir`. */
export function findConfigFile(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      try {
        if (existsSync(p) && statSync(p).isFile()) return p;
      } catch {
        /* unreadable: keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, dir: dirname(file), config: {}, errors: [`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`] };
  }
  const { config, errors, ruleLines } = parseConfig(text, file);
  return { file, dir: dirname(file), config, errors, ruleLines };
}

export function loadConfigFor(path: string): LoadedConfig {
  const f = findConfigFile(existsSync(path) && statSync(path).isDirectory() ? path : dirname(path));
  return f ? loadConfigFile(f) : { file: null, dir: dirname(resolve(path)), config: {}, errors: [] };
}

/** Whether `file` matches one of the config's globs (relative to the config's folder). */
export function matchesConfigGlobs(loaded: LoadedConfig, file: string, globs: string[] | undefined): boolean {
  if (!globs?.length) return false;
  const rel = relative(loaded.dir, resolve(file));
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  return picomatch(globs, { dot: true })(rel.split('\\').join('/'));
}

/**
 * The rules for a configuration: the built-in packs plus the config's `rulePacks` (paths relative
 * to the config file). Unreadable or broken packs are reported; the other rules keep working.
 */
export function rulesForConfig(loaded: LoadedConfig): { rules: Rule[]; errors: string[] } {
  const extra: { file: string; text: string }[] = [];
  const errors: string[] = [];
  for (const p of loaded.config.rulePacks ?? []) {
    const file = resolve(loaded.dir, p);
    try {
      extra.push({ file, text: readFileSync(file, 'utf8') });
    } catch (e) {
      errors.push(`${loaded.file ?? file}: rule pack ${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const r = rulesWith(extra);
  const known = new Set([...r.rules.map((x) => x.id), ...structureChecks().keys()]);
  // Unknown ids are reported only when every pack loaded (a broken pack's ids are unknown for that reason).
  const unknown = errors.length || r.errors.length ? [] : unknownRuleErrors(loaded.file ?? 'configuration', loaded.config.rules, loaded.ruleLines, known);
  return { rules: r.rules, errors: [...errors, ...r.errors.map(formatLoadError), ...unknown] };
}
