/** Shared helpers for the rule tests: fixture documents, loading, running one rule. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import builtin from 'cpslint:builtin-rules';
import { parseDocument, type DocumentModel } from '../../server/src/service/model';
import { referenceOutline, compareNumbers } from '../../server/src/service/outline';
import { loadRulePacks } from '../../server/src/service/rules/load';
import { runRules } from '../../server/src/service/rules/run';
import type { Rule, RunOptions } from '../../server/src/service/rules/types';
import type { Finding } from '../../server/src/service/findings';
export { projectRoot } from '../support/root';
import { projectRoot } from '../support/root';


let loaded: { rules: Rule[]; errors: unknown[] } | undefined;
export function builtinRules(): Rule[] {
  if (!loaded) loaded = loadRulePacks(builtin);
  if (loaded.errors.length) throw new Error(`built-in rule packs have errors: ${JSON.stringify(loaded.errors, null, 2)}`);
  return loaded.rules;
}

export function ruleById(id: string): Rule {
  const r = builtinRules().find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

export const ALL_PROGRAMS = ['mozilla', 'chrome', 'apple', 'microsoft'];

export interface Skeleton {
  title?: string | null;
  frontMatter?: string;
  preamble?: string;
  sections?: Record<string, string>;
  /** Heading titles to use instead of the RFC 3647 ones (a CA's own wording or numbering). */
  titles?: Record<string, string>;
  /** `#` count minus number depth (0: "## 1.1", 1: "### 1.1"). */
  offset?: number;
  /** Trailing dot after every number ("1.1."). */
  dot?: boolean;
  eol?: '\n' | '\r\n';
}

const CHAPTERS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * A small RFC 3647 document: the nine chapter headings, the given sections with their ancestors
 * (canonical titles), and the given bodies.
 */
export function buildDoc(sk: Skeleton): string {
  const outline = referenceOutline();
  const eol = sk.eol ?? '\n';
  const offset = sk.offset ?? 0;
  const wanted = new Set<string>(CHAPTERS);
  for (const n of Object.keys(sk.sections ?? {})) {
    const parts = n.split('.');
    for (let i = 1; i <= parts.length; i++) wanted.add(parts.slice(0, i).join('.'));
  }
  const nums = [...wanted].sort(compareNumbers);
  const lines: string[] = [];
  if (sk.frontMatter) lines.push('---', sk.frontMatter.trim(), '---', '');
  const title = sk.title === undefined ? 'Example Trust Services Certification Practice Statement' : sk.title;
  if (title) lines.push(`# ${title}`, '');
  if (sk.preamble) lines.push(sk.preamble.trim(), '');
  for (const n of nums) {
    const level = n.split('.').length;
    const entry = outline.byNumber.get(n);
    const depth = Math.min(6, level + offset);
    lines.push(`${'#'.repeat(depth)} ${n}${sk.dot || level === 1 ? '.' : ''} ${sk.titles?.[n] ?? entry?.title ?? 'Section'}`, '');
    const body = sk.sections?.[n];
    if (body !== undefined && body.trim()) lines.push(body.trim(), '');
  }
  return lines.join('\n').replace(/\n/g, eol);
}

export function runOne(text: string | DocumentModel, id: string, opts: Partial<RunOptions> & { asOf: string }): Finding[] {
  const model = typeof text === 'string' ? parseDocument(text) : text;
  return runRules(model, [ruleById(id)], { programs: ALL_PROGRAMS, ...opts });
}

/** A fixture case: the skeleton of its document (or a whole `doc`), with its own options. */
export interface FixtureCase extends Omit<Skeleton, 'eol'> {
  name: string;
  asOf?: string;
  programs?: string[];
  kinds?: string[];
  doc?: string;
  eol?: 'crlf' | 'lf';
  expect: { code?: string; severity?: string; message?: string; text?: string }[];
  /** Apply the first quick fix of the first finding and expect the rule to pass afterwards. */
  applyFix?: boolean;
}

export interface Fixture {
  file: string;
  rule: string;
  asOf: string;
  programs?: string[];
  title?: string | null;
  cases: FixtureCase[];
}

export function fixtureDir(): string {
  return join(projectRoot(), 'test', 'fixtures', 'rules');
}

export function loadFixtures(): Fixture[] {
  const dir = fixtureDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ file: f, ...(parseYaml(readFileSync(join(dir, f), 'utf8')) as Omit<Fixture, 'file'>) }));
}

export function caseDoc(fx: Fixture, c: FixtureCase): string {
  if (c.doc) return c.eol === 'crlf' ? c.doc.replace(/\r?\n/g, '\r\n') : c.doc;
  return buildDoc({
    title: c.title !== undefined ? c.title : fx.title,
    frontMatter: c.frontMatter,
    preamble: c.preamble,
    sections: c.sections,
    titles: c.titles,
    offset: c.offset,
    dot: c.dot,
    eol: c.eol === 'crlf' ? '\r\n' : '\n',
  });
}
