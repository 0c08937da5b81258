/** The rule packs embedded at build time from rules/packs/*.yaml (see scripts/build.mjs). */
import files from 'cpslint:builtin-rules';
import { loadRulePacks, type LoadResult } from './load';
import { builtinConcepts } from './concepts';

let cached: LoadResult | undefined;

export function builtinRulePackFiles(): { file: string; text: string }[] {
  return files;
}

/** Built-in rules, loaded once. Errors name the pack file and line. */
export function builtinRules(): LoadResult {
  if (!cached) {
    // A broken concept lexicon is reported once, with its file and line (rules naming its concepts fail to load).
    const lex = builtinConcepts();
    const r = loadRulePacks(files, { concepts: lex });
    cached = { rules: r.rules, errors: [...lex.errors, ...r.errors] };
  }
  return cached;
}
