/** The rule packs embedded at build time from rules/packs/*.yaml (see scripts/build.mjs). */
import files from 'cpslint:builtin-rules';
import { loadRulePacks, type LoadResult } from './load';

let cached: LoadResult | undefined;

export function builtinRulePackFiles(): { file: string; text: string }[] {
  return files;
}

/** Built-in rules, loaded once. Errors name the pack file and line. */
export function builtinRules(): LoadResult {
  if (!cached) cached = loadRulePacks(files);
  return cached;
}
