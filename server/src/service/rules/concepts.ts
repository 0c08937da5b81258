/**
 * The concept lexicon (rules/concepts.yaml): named sets of terms that rule packs reference as
 * "@name" ("@lessons-learned", "@mass-revocation"). Pure: the built-in lexicon is embedded at
 * build time (virtual module `cpslint:concepts`, scripts/build.mjs); nothing is read from disk.
 */
import type { ValidateFunction } from 'ajv';
import { parseDocument as parseYaml, LineCounter } from 'yaml';
import schema from '../../../../rules/schema/concepts.schema.json';
import embedded from 'cpslint:concepts';
import type { RuleLoadError } from './types';
import { DEFAULT_LIMITS } from '../limits';

export interface Concept {
  name: string;
  description: string;
  terms: string[];
}

export interface Lexicon {
  concepts: Map<string, Concept>;
  errors: RuleLoadError[];
}

// Compiled on first use: the built-in lexicon is validated at build time (scripts/lib/concepts-plugin.mjs),
// so a check that reads no workspace lexicon does not load Ajv.
let validator: ValidateFunction | undefined;
function validator_(): ValidateFunction {
  if (!validator) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

/**
 * Parse and validate a concept lexicon; every problem is an error naming the file and line.
 * `pre` is the lexicon's data parsed at build time; `schemaValid` says the build validated it.
 */
export function loadConcepts(file: string, text: string, pre?: unknown, schemaValid = false): Lexicon {
  const errors: RuleLoadError[] = [];
  const concepts = new Map<string, Concept>();
  let data = pre;
  let lc: LineCounter | null = null;
  let doc: ReturnType<typeof parseYaml> | null = null;
  if (data === undefined) {
    lc = new LineCounter();
    doc = parseYaml(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const pos = lc.linePos(e.pos[0]);
        errors.push({ file, line: pos.line, column: pos.col, message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      }
      return { concepts, errors };
    }
    data = doc.toJS({ maxAliasCount: DEFAULT_LIMITS.maxYamlAliases });
  }
  const where = (path: (string | number)[]) => {
    if (!doc || !lc) return { line: 1, column: 1 };
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number] } | undefined;
      if (node?.range) {
        const p = lc.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return { line: 1, column: 1 };
  };
  const validate = pre !== undefined && schemaValid ? null : validator_();
  if (validate && !validate(data)) {
    for (const e of validate.errors ?? []) {
      const path = e.instancePath.split('/').slice(1);
      errors.push({ file, ...where(path), message: `${e.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'the lexicon'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : ''}` });
    }
    return { concepts, errors };
  }
  const obj = (data as { concepts: Record<string, { description: string; terms: string[] }> }).concepts;
  for (const [name, c] of Object.entries(obj)) concepts.set(name, { name, description: c.description, terms: c.terms.map(String) });
  // Every reference must name a concept, and no concept may reach itself.
  for (const c of concepts.values()) {
    c.terms.forEach((t, i) => {
      const ref = conceptRef(t);
      if (ref && !concepts.has(ref)) errors.push({ file, ...where(['concepts', c.name, 'terms', i]), message: `concept ${c.name}: unknown concept @${ref}` });
    });
    if (reaches(concepts, c.name, c.name, new Set())) errors.push({ file, ...where(['concepts', c.name]), message: `concept ${c.name} refers back to itself` });
  }
  if (errors.length) concepts.clear();
  return { concepts, errors };
}

function reaches(all: Map<string, Concept>, from: string, target: string, seen: Set<string>): boolean {
  for (const t of all.get(from)?.terms ?? []) {
    const r = conceptRef(t);
    if (!r || seen.has(r)) continue;
    if (r === target) return true;
    seen.add(r);
    if (reaches(all, r, target, seen)) return true;
  }
  return false;
}

/** "lessons-learned" for the term "@lessons-learned", else null. */
export function conceptRef(term: string): string | null {
  const m = /^@([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/.exec(term.trim());
  return m ? m[1] : null;
}

/**
 * The terms a rule's term stands for, each with its source: itself, or (for "@name") the
 * concept's terms, recursively, all with the source "@name" of the outermost reference.
 * Throws on an unknown concept.
 */
export function expandTerm(term: string, lex: Lexicon): { term: string; source: string }[] {
  const ref = conceptRef(term);
  if (!ref) return [{ term, source: term }];
  const out: { term: string; source: string }[] = [];
  const visit = (name: string, seen: Set<string>) => {
    const c = lex.concepts.get(name);
    if (!c) throw new Error(`unknown concept @${name}${lex.concepts.size ? '' : ' (the concept lexicon did not load)'}`);
    for (const t of c.terms) {
      const r = conceptRef(t);
      if (r) {
        if (!seen.has(r)) visit(r, new Set([...seen, r]));
      } else out.push({ term: t, source: `@${ref}` });
    }
  };
  visit(ref, new Set([ref]));
  return out;
}

let builtin: Lexicon | undefined;

/** The lexicon shipped with cpslint (rules/concepts.yaml), loaded once. */
export function builtinConcepts(): Lexicon {
  if (!builtin) builtin = loadConcepts(embedded.file, embedded.text, embedded.data, embedded.schemaValid === true);
  return builtin;
}
