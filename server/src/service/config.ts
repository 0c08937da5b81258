/**
 * `.cpslint.yaml`: parsed and validated against rules/schema/cpslint-config.schema.json.
 * Pure: the caller reads the file. Unknown keys and bad values are errors that name the file,
 * the line and the key.
 */
import type { ValidateFunction } from 'ajv';
import { parseDocument as parseYamlDocument, LineCounter, isMap, isPair, isScalar, Node as YamlNode } from 'yaml';
import schema from '../../../rules/schema/cpslint-config.schema.json';
import type { Severity } from './findings';
import { isoDateProblem } from './rules/patterns';
import { DEFAULT_LIMITS, excerpt } from './limits';

export interface CpslintConfig {
  asOf?: string;
  programs?: string[];
  rules?: Record<string, Severity | 'off'>;
  rulePacks?: string[];
  ignore?: string[];
  include?: string[];
  /** Policy sets: a CP and the CPS(s) that implement it, paths relative to the config file. */
  sets?: SetConfig[];
}

export interface SetConfig {
  name: string;
  cp: string;
  cps: string[];
}

export interface ConfigResult {
  config: CpslintConfig;
  errors: string[];
  /** Line (1-based) of each key under `rules:`, to name the line of an unknown rule id. */
  ruleLines?: Record<string, number>;
}

/** Errors for `rules:` keys that name no known check (a typo silences nothing and would go unnoticed). */
export function unknownRuleErrors(file: string, rules: Record<string, unknown> | undefined, ruleLines: Record<string, number> | undefined, known: Set<string>): string[] {
  const out: string[] = [];
  for (const id of Object.keys(rules ?? {})) {
    if (known.has(id)) continue;
    const near = [...known].filter((k) => k.includes(id) || id.includes(k) || sharedPrefix(k, id) >= Math.min(12, id.length - 2)).slice(0, 3);
    out.push(`${file}:${ruleLines?.[id] ?? '?'}: rules: unknown rule id "${id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; the codes are listed in docs/rules.md`);
  }
  return out;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export const CONFIG_FILE_NAMES = ['.cpslint.yaml', '.cpslint.yml'];

// Compiled on first use (Ajv is loaded only when a configuration file is read).
let validator: ValidateFunction<CpslintConfig> | undefined;
function validate(data: unknown): data is CpslintConfig {
  if (!validator) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    validator = new Ajv({ allErrors: true }).compile<CpslintConfig>(schema);
  }
  const ok = validator(data);
  validate.errors = validator.errors;
  return ok;
}
validate.errors = null as ValidateFunction['errors'];

/** Line (1-based) of the YAML node at a JSON pointer path like /rules/foo. */
function lineOf(doc: ReturnType<typeof parseYamlDocument>, lc: LineCounter, path: string[]): number | null {
  let node: unknown = doc.contents;
  let range: [number, number, number] | undefined = (node as YamlNode | null)?.range as [number, number, number] | undefined;
  for (const key of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (!pair || !isPair(pair)) break;
    range = ((pair.key as YamlNode).range ?? range) as [number, number, number] | undefined;
    node = pair.value;
  }
  return range ? lc.linePos(range[0]).line : null;
}

export function parseConfig(text: string, file: string, maxAliasCount: number = DEFAULT_LIMITS.maxYamlAliases): ConfigResult {
  const lc = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    return {
      config: {},
      errors: doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: invalid YAML: ${e.message.split('\n')[0]}`),
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let data: any;
  try {
    // Aliases are expanded here: a "billion laughs" file stops at the alias limit with a clear error.
    data = doc.toJS({ maxAliasCount }) ?? {};
  } catch (e) {
    return { config: {}, errors: [`${file}:1: the configuration cannot be read: ${(e as Error).message.split('\n')[0]}`] };
  }
  if (typeof data !== 'object' || Array.isArray(data)) return { config: {}, errors: [`${file}:1: the configuration must be a mapping of keys to values`] };
  const ruleLines: Record<string, number> = {};
  if (data.rules && typeof data.rules === 'object' && !Array.isArray(data.rules)) {
    for (const k of Object.keys(data.rules)) {
      const l = lineOf(doc, lc, ['rules', k]);
      if (l !== null) ruleLines[k] = l;
    }
  }
  const errors: string[] = [];
  // The schema checks the shape of asOf; the calendar is checked here ("2026-02-30" is no date).
  if (typeof data.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.asOf)) {
    const problem = isoDateProblem(data.asOf);
    if (problem) {
      errors.push(`${file}:${lineOf(doc, lc, ['asOf']) ?? '?'}: asOf "${data.asOf}" is not a valid date: ${problem}`);
      delete data.asOf;
    }
  }
  if (validate(data)) {
    const dup = setProblems(data as CpslintConfig);
    if (!dup.length) return { config: data, errors, ruleLines };
    const line = lineOf(doc, lc, ['sets']);
    return { config: { ...data, sets: undefined }, errors: [...errors, ...dup.map((m) => `${file}:${line ?? '?'}: sets: ${m}`)], ruleLines };
  }
  for (const e of validate.errors ?? []) {
    const path = e.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const line = lineOf(doc, lc, [...path, key]);
      const known = Object.keys((schema as { properties: Record<string, unknown> }).properties).join(', ');
      errors.push(`${file}:${line ?? '?'}: unknown key ${excerpt([...path, key].join('.'), 40)} (known keys: ${known})`);
    } else {
      const line = lineOf(doc, lc, path);
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      errors.push(`${file}:${line ?? '?'}: ${path.join('.') || 'configuration'} ${e.message}${allowed ? `: ${allowed.join(', ')}` : ''}`);
    }
  }
  // Keep what is valid so one bad key does not silence the rest of the configuration.
  const config: CpslintConfig = {};
  for (const k of Object.keys(data) as (keyof CpslintConfig)[]) {
    const probe = { [k]: (data as CpslintConfig)[k] };
    if (validate(probe)) Object.assign(config, probe);
  }
  return { config, errors, ruleLines };
}

/** Set names must be unique, and a set's CP cannot also be one of its CPSs. */
function setProblems(c: CpslintConfig): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  for (const s of c.sets ?? []) {
    if (names.has(s.name)) out.push(`the set name "${s.name}" is used twice`);
    names.add(s.name);
    if (s.cps.includes(s.cp)) out.push(`set "${s.name}": ${s.cp} is both its CP and one of its CPSs`);
  }
  return out;
}
