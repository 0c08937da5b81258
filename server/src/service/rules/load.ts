/**
 * Loading rule packs: YAML text -> validated, compiled rules. Pure: the caller supplies the
 * files ({file, text}); nothing is read from disk here.
 *
 * A pack that is not valid YAML is skipped with an error naming the file and line. Within a
 * valid pack, a rule that fails the JSON Schema (rules/schema/rule-pack.schema.json) or has a
 * bad pattern is skipped with an error naming the file, line and rule; the other rules load.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument as parseYaml, LineCounter, isNode, type Document } from 'yaml';
import schema from '../../../../rules/schema/rule-pack.schema.json';
import type {
  AnyOf, CommitmentCheck, Contradiction, DocKind, Keyword, EvidencePart, ForbiddenCheck, ForbiddenPattern, Limit, Program, Rule,
  RuleCheck, RuleLoadError, Scope, Polarity, Unit, VersioningCheck,
} from './types';
import { compilePattern, isIsoDate, isoDateProblem, backtrackingRisk } from './patterns';
import { linearPattern, nativePattern, type Engine, type TextPattern } from './linear';
import { builtinConcepts, expandTerm, type Lexicon } from './concepts';
import { stemPhrase, type StemPhrase } from './pipeline/normalise';
import { noteStems } from './prefilter';
import type { Severity } from '../findings';
import { DEFAULT_LIMITS, excerpt, raiseHint, type Limits } from '../limits';

/** YAML alias expansions allowed per pack or configuration file (the yaml library's resource-exhaustion guard). */
export const MAX_ALIAS_COUNT = DEFAULT_LIMITS.maxYamlAliases;

/**
 * How packs are loaded. Built-in packs: V8's engine (`native`, the default). Packs from a
 * workspace or a command line: `linear` (re2js), whose matching time cannot blow up, with the
 * limits on pattern size and rule count.
 */
export interface LoadOptions {
  engine?: Engine;
  limits?: Limits;
  /**
   * The lexicon "@name" terms expand from (default: the built-in one, rules/concepts.yaml).
   * A concept's terms compile on the pack's engine, so a workspace pack's "@name" runs on the
   * linear engine under the same limits as its own terms.
   */
  concepts?: Lexicon;
}

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (!validator) {
    // Loaded on first use: built-in packs validated at build time never need it.
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    validator = ajv.compile(schema);
  }
  return validator;
}

export interface LoadResult {
  rules: Rule[];
  errors: RuleLoadError[];
}

type Path = (string | number)[];

class PackReader {
  readonly errors: RuleLoadError[] = [];
  private parsed: { doc: Document; lc: LineCounter } | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly engine: Engine = 'native',
    readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  /** The YAML document, parsed on first use (pre-parsed built-in packs need it only for errors). */
  get doc(): Document {
    if (!this.parsed) {
      const lc = new LineCounter();
      this.parsed = { doc: parseYaml(this.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }), lc };
    }
    return this.parsed.doc;
  }
  get lc(): LineCounter {
    void this.doc;
    return this.parsed!.lc;
  }

  offsetOf(path: Path): number {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return node.range[0];
      if (n === 0) break;
    }
    return 0;
  }

  error(path: Path, message: string, ruleId?: string): void {
    const pos = this.lc.linePos(this.offsetOf(path));
    this.errors.push({ file: this.file, line: pos.line, column: pos.col, message, ruleId });
  }
}

function pointerToPath(p: string): Path {
  if (!p) return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : 'the pack';
  switch (e.keyword) {
    case 'required':
      return `${where}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `${where}: unknown field ${excerpt((e.params as { additionalProperty: string }).additionalProperty, 40)}`;
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${where}: does not match the expected format ${(e.params as { pattern: string }).pattern}`;
    default:
      return `${where}: ${e.message ?? e.keyword}`;
  }
}

/** Keep the most useful schema errors (oneOf/anyOf/if noise is dropped when a precise error exists). */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const precise = errors.filter((e) => !['oneOf', 'anyOf', 'if', 'allOf', 'const'].includes(e.keyword));
  const list = precise.length ? precise : errors;
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.instancePath}|${describe(e)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** The concept lexicon "@name" terms expand from while a pack compiles. */
let lexicon: Lexicon | null = null;

/**
 * Compile a term or list of terms, reporting bad regular expressions and unknown concepts at
 * their line. "@name" expands to the concept's terms. `stemmed` (evidence parts and anchors)
 * also matches each phrase's inflected forms; contradictions, limits and forbidden claims match
 * as written, so that stemming widens what satisfies a rule, never what accuses a document.
 */
function anyOfAt(r: PackReader, v: unknown, path: Path, ruleId: string, stemmed = false): AnyOf {
  const terms = asArray(v).map(String);
  const out: AnyOf = { terms: [], regexes: [], sources: [] };
  if (stemmed) out.stems = [];
  terms.forEach((t, i) => {
    try {
      const expanded = lexicon ? expandTerm(t, lexicon) : [{ term: t, source: t }];
      const compiled = expanded.map((x) => ({ ...x, re: patternOf(x.term, r) }));
      out.terms.push(t);
      for (const c of compiled) {
        out.regexes.push(c.re);
        out.sources!.push(c.source);
        if (out.stems) out.stems.push(stemsOf(c.term, r));
      }
    } catch (e) {
      r.error(Array.isArray(v) ? [...path, i] : path, `invalid pattern ${excerpt(t)}: ${(e as Error).message}`, ruleId);
    }
  });
  return out;
}

/**
 * Built-in terms compiled once per process: the packs name ~1,300 distinct terms ~2,200 times
 * (concepts expand into many rules), and compiling them was a third of loading the packs, which every
 * `cpslint check` pays at start. A native pattern holds no state between calls (scan and test
 * set lastIndex first), so groups can share it. Workspace packs (linear engine) compile each time,
 * with their own limits.
 */
const nativeTerms = new Map<string, TextPattern>();
const nativeStems = new Map<string, StemPhrase | null>();

function patternOf(term: string, r: PackReader): TextPattern {
  if (r.engine !== 'native') return compilePattern(term, r.engine, r.limits);
  let p = nativeTerms.get(term);
  if (!p) nativeTerms.set(term, (p = compilePattern(term, 'native')));
  return p;
}

function stemsOf(term: string, r: PackReader): StemPhrase | null {
  if (r.engine !== 'native') return stemPhrase(term);
  let st = nativeStems.get(term);
  if (st === undefined) {
    nativeStems.set(term, (st = stemPhrase(term)));
    if (st) noteStems(st.words);
  }
  return st;
}

function allOfAt(r: PackReader, v: unknown, path: Path, ruleId: string, stemmed = false): AnyOf[] {
  return asArray(v).map((g, i) => anyOfAt(r, g, [...path, i], ruleId, stemmed));
}

function regexAt(r: PackReader, v: unknown, path: Path, ruleId: string): TextPattern | undefined {
  if (v === undefined) return undefined;
  try {
    if (r.engine === 'linear') return linearPattern(`^(?:${String(v)})$`, '', r.limits);
    const re = new RegExp(`^(?:${String(v)})$`);
    const danger = backtrackingRisk(String(v));
    if (danger) throw new Error(danger);
    return nativePattern(re);
  } catch (e) {
    r.error(path, `invalid headingNumber pattern: ${(e as Error).message}`, ruleId);
    return undefined;
  }
}

type Obj = Record<string, unknown>;

function compileCheck(r: PackReader, c: Obj, path: Path, ruleId: string): RuleCheck {
  const type = String(c.type);
  if (type === 'versioning') {
    const v: VersioningCheck = { type: 'versioning' };
    if (typeof c.maxAgeDays === 'number') v.maxAgeDays = c.maxAgeDays;
    if (typeof c.maxGapDays === 'number') v.maxGapDays = c.maxGapDays;
    if (c.requireDatedEntries === true) v.requireDatedEntries = true;
    return v;
  }
  if (type === 'forbidden') {
    const patterns: ForbiddenPattern[] = asArray(c.patterns).map((p0, i) => {
      const p = p0 as Obj;
      const pp = [...path, 'patterns', i];
      return {
        id: String(p.id),
        label: String(p.label),
        any: p.any !== undefined ? anyOfAt(r, p.any, [...pp, 'any'], ruleId) : { terms: [], regexes: [] },
        headingNumber: regexAt(r, p.headingNumber, [...pp, 'headingNumber'], ruleId),
        ...(p.unless !== undefined ? { unless: anyOfAt(r, p.unless, [...pp, 'unless'], ruleId) } : {}),
        stages: asArray(p.stages).map((s0) => {
          const s = s0 as Obj;
          return { from: s.from as string | undefined, severity: s.severity as Severity, note: String(s.note ?? ''), ...(s.keyword ? { keyword: s.keyword as Keyword } : {}) };
        }),
      };
    });
    const f: ForbiddenCheck = {
      type: 'forbidden',
      patterns,
      unlessBounded: c.unlessBounded === true,
      skipSections: asArray(c.skipSections).map(String),
      perSection: typeof c.perSection === 'number' ? c.perSection : 1000,
    };
    if (c.negations !== undefined) f.negations = anyOfAt(r, c.negations, [...path, 'negations'], ruleId);
    return f;
  }
  const parts: EvidencePart[] = asArray(c.parts).map((p0, i) => {
    const p = p0 as Obj;
    const pp = [...path, 'parts', i];
    return {
      id: String(p.id),
      label: String(p.label),
      scope: (p.scope as Scope) ?? 'paragraph',
      all: allOfAt(r, p.all, [...pp, 'all'], ruleId, true),
      unless: p.unless !== undefined ? [anyOfAt(r, p.unless, [...pp, 'unless'], ruleId)] : [],
      polarity: (p.polarity as Polarity) ?? 'positive',
      ...(p.anchor !== undefined ? { anchor: anyOfAt(r, p.anchor, [...pp, 'anchor'], ruleId, true) } : {}),
      sections: p.sections ? asArray(p.sections).map(String) : undefined,
      headingNumber: regexAt(r, p.headingNumber, [...pp, 'headingNumber'], ruleId),
      from: p.from as string | undefined,
      ...(p.severity ? { severity: p.severity as Severity } : {}),
    };
  });
  const contradictions: Contradiction[] = asArray(c.contradictions).map((x0, i) => {
    const x = x0 as Obj;
    const pp = [...path, 'contradictions', i];
    return {
      id: String(x.id),
      all: allOfAt(r, x.all, [...pp, 'all'], ruleId),
      scope: (x.scope as Scope) ?? 'sentence',
      polarity: (x.polarity as Polarity) ?? 'positive',
      unless: x.unless !== undefined ? [anyOfAt(r, x.unless, [...pp, 'unless'], ruleId)] : [],
      unlessStated: asArray(x.unlessStated).map(String),
      severity: (x.severity as Severity) ?? 'error',
      message: String(x.message),
      anywhere: x.anywhere === true,
      from: x.from as string | undefined,
      until: x.until as string | undefined,
    };
  });
  const limits: Limit[] = asArray(c.limits).map((x0, i) => {
    const x = x0 as Obj;
    const pp = [...path, 'limits', i];
    const steps = x.steps
      ? asArray(x.steps).map((s0) => {
          const s = s0 as Obj;
          return { from: s.from as string | undefined, value: Number(s.value), unit: s.unit as Unit };
        })
      : [{ value: Number(x.value), unit: x.unit as Unit }];
    const ev = x.events as Obj | undefined;
    return {
      id: String(x.id),
      near: allOfAt(r, x.near, [...pp, 'near'], ruleId),
      exclude: x.exclude !== undefined ? [anyOfAt(r, x.exclude, [...pp, 'exclude'], ruleId)] : [],
      claimedBy: x.claimedBy !== undefined ? [anyOfAt(r, x.claimedBy, [...pp, 'claimedBy'], ruleId)] : [],
      kind: (x.kind as 'max' | 'min') ?? 'max',
      steps,
      severity: (x.severity as Severity) ?? 'error',
      message: String(x.message),
      window: typeof x.window === 'number' ? x.window : 25,
      unlessAnywhere: x.unlessAnywhere !== undefined ? [anyOfAt(r, x.unlessAnywhere, [...pp, 'unlessAnywhere'], ruleId)] : [],
      events: ev
        ? {
            correct: [anyOfAt(r, ev.correct, [...pp, 'events', 'correct'], ruleId)],
            wrong: [anyOfAt(r, ev.wrong, [...pp, 'events', 'wrong'], ruleId)],
            message: String(ev.message),
            severity: (ev.severity as Severity) ?? 'warning',
          }
        : undefined,
    };
  });
  contradictions.forEach((x, i) => {
    for (const id of x.unlessStated) if (!parts.some((p) => p.id === id)) r.error([...path, 'contradictions', i, 'unlessStated'], `unlessStated names no part of this rule: ${excerpt(id, 40)}`, ruleId);
  });
  const out: CommitmentCheck = {
    type: 'commitment',
    parts,
    contradictions,
    limits,
    appliesIf: c.appliesIf !== undefined ? [anyOfAt(r, c.appliesIf, [...path, 'appliesIf'], ruleId)] : [],
    notApplicableIf: c.notApplicableIf !== undefined ? [anyOfAt(r, c.notApplicableIf, [...path, 'notApplicableIf'], ruleId)] : [],
    satisfiedBy: c.satisfiedBy !== undefined ? allOfAt(r, c.satisfiedBy, [...path, 'satisfiedBy'], ruleId, true) : [],
    satisfiedIfEnglish: c.satisfiedIfEnglish === true,
    includeHistory: c.includeHistory === true,
  };
  if (c.negations !== undefined) out.negations = anyOfAt(r, c.negations, [...path, 'negations'], ruleId);
  return out;
}

function dateChecks(r: PackReader, rule: Obj, path: Path, id: string): void {
  const dates: [unknown, Path][] = [
    [rule.effective, [...path, 'effective']],
    [rule.ineffective, [...path, 'ineffective']],
  ];
  for (const [d, p] of dates) if (typeof d === 'string' && !isIsoDate(d)) r.error(p, `${excerpt(d, 20)} is not a valid date (YYYY-MM-DD): ${isoDateProblem(d)}`, id);
  if (typeof rule.ineffective === 'string' && typeof rule.effective === 'string' && rule.ineffective <= rule.effective)
    r.error([...path, 'ineffective'], `ineffective (${rule.ineffective}) must be after effective (${rule.effective})`, id);
}

/**
 * Parse, validate and compile rule packs. Rules load in file order, then rule order. Terms
 * "@name" are read from `options.concepts` (default: the built-in lexicon, rules/concepts.yaml).
 */
export function loadRulePacks(files: PackFile[], options: LoadOptions = {}): LoadResult {
  lexicon = options.concepts ?? builtinConcepts();
  try {
    return loadPacks(files, options);
  } finally {
    lexicon = null;
  }
}

type PackFile = { file: string; text: string; data?: unknown; ruleLines?: number[]; schemaValid?: boolean };

function loadPacks(files: PackFile[], options: LoadOptions): LoadResult {
  const rules: Rule[] = [];
  const errors: RuleLoadError[] = [];
  const ids = new Map<string, string>();
  const engine = options.engine ?? 'native';
  const limits = options.limits ?? DEFAULT_LIMITS;
  let capped = false;
  for (const { file, text, data: pre, ruleLines, schemaValid } of files) {
    const reader = new PackReader(file, text, engine, limits);
    // Built-in packs come parsed at build time (scripts/build.mjs) with the line of each rule.
    const fast = pre !== undefined && Array.isArray(ruleLines);
    const doc = fast ? null : reader.doc;
    const lc = fast ? null : reader.lc;
    if (doc && lc && doc.errors.length) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
        errors.push({ file, line: pos.line, column: pos.col, message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      }
      continue;
    }
    let data: Obj | null;
    try {
      // Aliases are expanded by toJS: a "billion laughs" pack stops at the alias limit.
      data = (fast ? structuredClone(pre) : doc!.toJS({ maxAliasCount: limits.maxYamlAliases })) as Obj | null;
    } catch (e) {
      errors.push({ file, line: 1, column: 1, message: `the pack cannot be read: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      errors.push({ file, line: 1, column: 1, message: 'a rule pack must be a mapping with "pack", "title" and "rules"' });
      continue;
    }
    // Apply the pack defaults before validation, so that rules may rely on them.
    const defaults = (data.defaults ?? {}) as Obj;
    const rawRules = Array.isArray(data.rules) ? (data.rules as unknown[]) : [];
    const merged = rawRules.map((r0) => {
      if (!r0 || typeof r0 !== 'object' || Array.isArray(r0)) return r0;
      const r = r0 as Obj;
      const out: Obj = { ...r };
      for (const k of ['programs', 'kinds', 'elsewhere', 'subsections'] as const) if (out[k] === undefined && defaults[k] !== undefined) out[k] = defaults[k];
      if (defaults.source || r.source) out.source = { ...((defaults.source as Obj) ?? {}), ...((r.source as Obj) ?? {}) };
      return out;
    });
    const candidate: Obj = { ...data };
    if (Array.isArray(data.rules)) candidate.rules = merged;
    // A built-in pack that passed the schema at build time (scripts/build.mjs) is not validated again.
    const v = fast && schemaValid === true ? null : validate();
    const ok = v ? v(candidate) : true;
    const bad = new Map<number, ErrorObject[]>();
    let fatal = false;
    if (!ok) {
      for (const e of usefulErrors(v?.errors ?? [])) {
        const path = pointerToPath(e.instancePath);
        if (path[0] === 'rules' && typeof path[1] === 'number') {
          const list = bad.get(path[1]) ?? [];
          list.push(e);
          bad.set(path[1], list);
        } else {
          fatal = true;
          reader.error(path, describe(e));
        }
      }
    }
    if (fatal) {
      errors.push(...reader.errors);
      continue;
    }
    merged.forEach((r0, i) => {
      const path: Path = ['rules', i];
      if (engine === 'linear' && rules.length >= limits.maxWorkspaceRules) {
        if (!capped) reader.error(path, `more than ${limits.maxWorkspaceRules} rules in workspace packs; this rule and the ones after it are not loaded (${raiseHint('maxWorkspaceRules')})`);
        capped = true;
        return;
      }
      const r = r0 as Obj;
      const id = r && typeof r.id === 'string' ? r.id : undefined;
      const errs = bad.get(i);
      if (errs) {
        for (const e of errs) reader.error(pointerToPath(e.instancePath), `${id ? `rule ${id}: ` : ''}${describe(e)}`, id);
        return;
      }
      const before = reader.errors.length;
      dateChecks(reader, r, path, id!);
      if (ids.has(id!)) reader.error([...path, 'id'], `duplicate rule id ${id} (already defined in ${ids.get(id!)})`, id);
      const check = compileCheck(reader, r.check as Obj, [...path, 'check'], id!);
      if (reader.errors.length > before) return;
      ids.set(id!, file);
      const src = r.source as Obj;
      const fix = r.fix as Obj | undefined;
      rules.push({
        id: id!,
        title: String(r.title),
        source: {
          document: src.document as Rule['source']['document'],
          version: String(src.version),
          section: String(src.section),
          item: src.item as string | undefined,
          url: src.url as string | undefined,
          ...(src.sectionIn && typeof src.sectionIn === 'object' ? { sectionIn: { ...(src.sectionIn as Record<string, string>) } } : {}),
        },
        since: r.since as string | undefined,
        effective: String(r.effective),
        ineffective: r.ineffective as string | undefined,
        programs: asArray(r.programs) as Program[],
        kinds: asArray(r.kinds) as DocKind[],
        sections: asArray(r.sections).map(String),
        subsections: r.subsections !== false,
        elsewhere: r.elsewhere as Rule['elsewhere'],
        severity: r.severity as Severity,
        ...(r.keyword ? { keyword: r.keyword as Keyword } : {}),
        ...(r.outsideDocument === true ? { outsideDocument: true } : {}),
        ...(r.in === 'cps' || r.in === 'cp' ? { in: r.in as Rule['in'] } : {}),
        ...(r.certificates === 'subscriber' || r.certificates === 'ca' ? { certificates: r.certificates } : {}),
        escalate: asArray(r.escalate).map((e0) => {
          const e = e0 as Obj;
          return { from: String(e.from), severity: e.severity as Severity };
        }),
        message: String(r.message).trim(),
        rationale: String(r.rationale).trim(),
        docs: r.docs ? String(r.docs).trim() : undefined,
        fix: fix ? { title: String(fix.title), text: String(fix.text).replace(/\s+$/, ''), sections: fix.sections ? asArray(fix.sections).map(String) : undefined } : undefined,
        check,
        ...(Array.isArray(r.facts) ? { facts: (r.facts as Obj[]).map((f) => ({ fact: String(f.fact), ...(f.in !== undefined ? { in: String(f.in) } : {}), ...(f.doc !== undefined ? { doc: String(f.doc) } : {}), ...(f.quote !== undefined ? { quote: String(f.quote) } : {}), ...(f.choice !== undefined ? { choice: String(f.choice) } : {}) })) } : {}),
        file,
        line: fast && typeof path[1] === 'number' && ruleLines![path[1]] ? ruleLines![path[1]] : reader.lc.linePos(reader.offsetOf(path)).line,
        pack: String(data.pack),
        ...(engine === 'linear' ? { engine } : {}),
      });
    });
    errors.push(...reader.errors);
  }
  return { rules, errors };
}

/** "rules/packs/br.yaml:12:5: message" */
export function formatLoadError(e: RuleLoadError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
