/** Editor settings (`cpslint.*`), normalised; bad values are reported and replaced by defaults. */
import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import { relative, isAbsolute } from 'node:path';
import { looksLikeCps } from './service/detect';
import type { Severity } from './service/findings';
import { isIsoDate, isoDateProblem } from './service/rules/patterns';

export { isIsoDate, isoDateProblem };

/** ": February 2026 has no day 30" — the reason a date was refused, for a message ('' when none). */
export function yearRangeNote(value: string): string {
  const p = isoDateProblem(value);
  return p ? `: ${p}` : '';
}

export interface Settings {
  enable: boolean;
  include: string[];
  exclude: string[];
  /** YYYY-MM-DD, or null for today. */
  asOf: string | null;
  programs: string[];
  rules: Record<string, Severity | 'off'>;
  /** Base URL of the rule documentation links ('' = the published docs/rules.md of this version). */
  rulesDocBaseUrl: string;
  /** A `.cpslint.yaml` to use instead of the nearest one ('' = the nearest); relative to the workspace folder. */
  configFile: string;
}

export const PROGRAMS = ['mozilla', 'chrome', 'apple', 'microsoft'];

export const DEFAULT_SETTINGS: Settings = { enable: true, include: [], exclude: [], asOf: null, programs: PROGRAMS, rules: {}, rulesDocBaseUrl: '', configFile: '' };

export function normalizeSettings(raw: unknown, warn: (m: string) => void): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const files = (r.files && typeof r.files === 'object' ? r.files : {}) as Record<string, unknown>;
  const strings = (v: unknown, name: string): string[] => {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    warn(`cpslint: setting ${name} must be a list of strings; ignored.`);
    return [];
  };
  const str = (v: unknown, name: string): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v.trim();
    warn(`cpslint: setting ${name} must be a string; ignored.`);
    return '';
  };
  let asOf: string | null = null;
  if (typeof r.asOf === 'string' && r.asOf.trim()) {
    if (isIsoDate(r.asOf.trim())) asOf = r.asOf.trim();
    else warn(`cpslint: setting cpslint.asOf ${JSON.stringify(r.asOf.trim().slice(0, 40))} is not a valid YYYY-MM-DD date${yearRangeNote(r.asOf.trim())}; using today.`);
  }
  let programs = PROGRAMS;
  if (r.programs !== undefined) {
    const p = strings(r.programs, 'cpslint.programs').map((x) => x.toLowerCase());
    const bad = p.filter((x) => !PROGRAMS.includes(x));
    if (bad.length) warn(`cpslint: unknown root program(s) ${bad.join(', ')} in cpslint.programs; known: ${PROGRAMS.join(', ')}.`);
    programs = p.filter((x) => PROGRAMS.includes(x));
  }
  const rules: Settings['rules'] = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>)) {
      if (v === 'error' || v === 'warning' || v === 'info' || v === 'off') rules[k] = v;
      else warn(`cpslint: cpslint.rules.${k} must be error, warning, info or off.`);
    }
  }
  return {
    enable: r.enable !== false,
    include: strings(files.include, 'cpslint.files.include'),
    exclude: strings(files.exclude, 'cpslint.files.exclude'),
    asOf,
    programs,
    rules,
    rulesDocBaseUrl: str(r.rulesDocBaseUrl, 'cpslint.rulesDocBaseUrl'),
    configFile: str(r.configFile, 'cpslint.configFile'),
  };
}


function matchesAny(uri: string, globs: string[], folders: string[]): boolean {
  if (!globs.length) return false;
  let path: string;
  try {
    const u = URI.parse(uri);
    path = u.scheme === 'file' ? u.fsPath : u.path;
  } catch {
    path = uri;
  }
  const candidates = [path.replace(/\\/g, '/')];
  for (const f of folders) {
    const rel = relative(f, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) candidates.push(rel.replace(/\\/g, '/'));
  }
  const isMatch = picomatch(globs, { dot: true, basename: false });
  const base = picomatch(globs.filter((g) => !g.includes('/')), { dot: true, basename: true });
  return candidates.some((c) => isMatch(c) || base(c));
}

/** Whether cpslint handles this document: enabled, not excluded, and included or detected. */
export function isCpsDocument(uri: string, text: string, s: Settings, folders: string[]): boolean {
  if (!s.enable) return false;
  if (matchesAny(uri, s.exclude, folders)) return false;
  if (matchesAny(uri, s.include, folders)) return true;
  return looksLikeCps(text);
}
