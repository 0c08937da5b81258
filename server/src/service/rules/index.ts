/**
 * Commitment rules: YAML rule packs (rules/packs/*.yaml) checked against what a CP/CPS states.
 *
 *   const { rules, errors } = loadRulePacks(files);            // files: {file, text}[]
 *   const findings = runRules(model, rules, { asOf, programs, severityOverrides });
 *
 * Everything here is pure (no I/O, no `vscode`); `builtinRulePacks()` returns the packs that
 * the build embeds from rules/packs/.
 */
export { loadRulePacks, formatLoadError } from './load';
export type { LoadResult } from './load';
export { runRules } from './run';
export { renderRuleDocs } from './docs';
export { applyEdits, stripSnippet } from './fixes';
export { documentHistory } from './versioning';
export { caName, documentKinds, locateSection } from './locate';
export type { Rule, RuleLoadError, RunOptions, Program, DocKind } from './types';
export { builtinRules, builtinRulePackFiles } from './builtin';
