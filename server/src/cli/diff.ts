/**
 * `cpslint diff OLD NEW [--set NAME | --as-set FILE...]`: sections added, removed and changed, findings resolved and new, and
 * whether the revision history records NEW. The comparison itself is server/src/service/diff.ts.
 *
 * JSON shape (stable): {"old": {"file","title","version","date"}, "new": {…}, "asOf", "programs",
 *   "sections": {"added": [{"number","title","line"}], "removed": […], "changed": [{"number","title",
 *   "oldTitle"?, "titleChanged","textChanged","wordsAdded","wordsRemoved","oldLine","line"}], "unchanged"},
 *   "commitments": {"gained": [{"code","severity","section","message","line"}], "lost": […],
 *   "unchanged", "worse": [{…, "oldSeverity"}], "regressions"},
 *   "revision": {"oldVersion","newVersion","versionChanged","entry": {"version","date","dateText",
 *   "description","line"} | null, "oldLatestDate","dateNotEarlier","ok","problems": [string]}}
 */
import { Command, Option } from 'commander';
import { parseDocument, todayIso } from '../service';
import { diffDocuments, type DocumentDiff, type FindingRef } from '../service/diff';
import { PROGRAMS } from '../settings';
import { loadConfigFile, loadConfigFor, rulesForConfig } from '../config-files';
import { readText, checkAsOf, parsePrograms, resolveAsOf, UsageError } from './io';
import { resolve } from 'node:path';
import { configuredSet, setFromFiles } from './sets';
import { checkPolicySet, type PolicySet } from '../service/policy-set';
import type { Finding } from '../service/findings';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface DiffJson extends Omit<DocumentDiff, 'old' | 'new'> {
  old: { file: string } & DocumentDiff['old'];
  new: { file: string } & DocumentDiff['new'];
  asOf: string;
  programs: string[];
}

const described = (d: { version: string | null; date: string | null }) => [d.version && `version ${d.version}`, d.date].filter(Boolean).join(', ');

function findingLine(f: FindingRef, where: 'OLD' | 'NEW'): string {
  return `${f.severity} ${f.code}${f.section ? ` (§${f.section})` : ''}: ${f.message} [${where} line ${f.line}]`;
}

export function diffText(j: DiffJson): string[] {
  const out: string[] = [];
  const o = described(j.old);
  const n = described(j.new);
  out.push(`OLD ${j.old.file}${o ? ` (${o})` : ''}`);
  out.push(`NEW ${j.new.file}${n ? ` (${n})` : ''}`);
  out.push('');
  const s = j.sections;
  out.push(`Sections: ${s.added.length} added, ${s.removed.length} removed, ${s.changed.length} changed, ${s.unchanged} unchanged`);
  for (const a of s.added) out.push(`  + ${a.number} ${a.title}  (NEW line ${a.line})`);
  for (const r of s.removed) out.push(`  - ${r.number} ${r.title}  (OLD line ${r.line})`);
  for (const c of s.changed) {
    const bits: string[] = [];
    if (c.titleChanged) bits.push(`title was "${c.oldTitle}"`);
    if (c.textChanged) bits.push(c.wordsAdded || c.wordsRemoved ? `+${c.wordsAdded}/-${c.wordsRemoved} words` : 'reworded');
    out.push(`  ~ ${c.number} ${c.title}: ${bits.join('; ')}  (NEW line ${c.line})`);
  }
  out.push('');
  const m = j.commitments;
  out.push(`Commitments gained (findings of OLD resolved in NEW): ${m.gained.length}`);
  for (const f of m.gained) out.push(`  + ${findingLine(f, 'OLD')}`);
  const newErrors = m.lost.filter((f) => f.severity !== 'info').length;
  out.push(`Commitments lost (findings new in NEW): ${m.lost.length}${newErrors ? `, ${newErrors} of them error(s) or warning(s)` : ''}`);
  for (const f of m.lost) out.push(`  - ${findingLine(f, 'NEW')}`);
  if (m.worse.length) {
    out.push(`More severe in NEW: ${m.worse.length}`);
    for (const f of m.worse) out.push(`  ! ${f.oldSeverity} -> ${findingLine(f, 'NEW')}`);
  }
  out.push(`Findings in both: ${m.unchanged}`);
  out.push('');
  const r = j.revision;
  if (r.ok && r.entry) {
    out.push(`Revision history: recorded. Version ${r.oldVersion ?? '(none)'} -> ${r.newVersion}, dated ${r.entry.date}: "${r.entry.description}"`);
  } else {
    out.push(`Revision history: ${r.problems.length} problem(s)`);
    for (const p of r.problems) out.push(`  - ${p}`);
    if (r.entry) out.push(`  (NEW line ${r.entry.line}: version ${r.entry.version}, date ${r.entry.date ?? (r.entry.dateText || 'none')}, description ${r.entry.description ? `"${r.entry.description}"` : 'none'})`);
  }
  out.push('');
  out.push(`${m.gained.length} resolved, ${m.lost.length} new (${m.regressions} regression(s)), ${s.changed.length + s.added.length + s.removed.length} section(s) touched (as of ${j.asOf})`);
  return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

export function diffMarkdown(j: DiffJson): string[] {
  const out: string[] = [];
  const from = j.old.version ?? 'OLD';
  const to = j.new.version ?? 'NEW';
  out.push(`## Changes from ${j.old.version ? `version ${from}` : code(j.old.file)} to ${j.new.version ? `version ${to}` : code(j.new.file)}`);
  out.push('');
  out.push(`Compared ${code(j.old.file)}${described(j.old) ? ` (${described(j.old)})` : ''} with ${code(j.new.file)}${described(j.new) ? ` (${described(j.new)})` : ''}, findings as of ${j.asOf}.`);
  out.push('');
  const s = j.sections;
  out.push('### Sections');
  out.push('');
  out.push(`${s.added.length} added, ${s.removed.length} removed, ${s.changed.length} changed, ${s.unchanged} unchanged.`);
  if (s.added.length || s.removed.length || s.changed.length) {
    out.push('');
    out.push('| Section | Title | Change |');
    out.push('|---|---|---|');
    for (const a of s.added) out.push(`| ${a.number} | ${cell(a.title)} | added |`);
    for (const r of s.removed) out.push(`| ${r.number} | ${cell(r.title)} | removed |`);
    for (const c of s.changed) {
      const bits: string[] = [];
      if (c.titleChanged) bits.push(`title was "${cell(c.oldTitle ?? '')}"`);
      if (c.textChanged) bits.push(c.wordsAdded || c.wordsRemoved ? `+${c.wordsAdded} / −${c.wordsRemoved} words` : 'reworded');
      out.push(`| ${c.number} | ${cell(c.title)} | ${bits.join('; ')} |`);
    }
  }
  out.push('');
  const m = j.commitments;
  out.push('### Commitments');
  out.push('');
  const item = (f: FindingRef) => `- ${code(f.code)} (${f.severity}${f.section ? `, §${f.section}` : ''}): ${f.message.replace(/\r?\n/g, ' ')}`;
  out.push(`**Gained** (findings of the old version resolved): ${m.gained.length}`);
  if (m.gained.length) out.push('', ...m.gained.map(item));
  out.push('');
  const newErrors = m.lost.filter((f) => f.severity !== 'info').length;
  out.push(`**Lost** (findings new in this version): ${m.lost.length}${newErrors ? `, of which ${newErrors} error(s) or warning(s)` : ''}`);
  if (m.lost.length) out.push('', ...m.lost.map(item));
  if (m.worse.length) {
    out.push('', `**More severe** in this version: ${m.worse.length}`, '');
    for (const f of m.worse) out.push(`${item(f)} (was ${f.oldSeverity})`);
  }
  out.push('');
  out.push(`Findings present in both versions: ${m.unchanged}.`);
  out.push('');
  const r = j.revision;
  out.push('### Revision history');
  out.push('');
  const box = (ok: boolean | null) => (ok ? '[x]' : '[ ]');
  out.push(`- ${box(r.versionChanged)} new version number (${r.oldVersion ?? 'none'} → ${r.newVersion ?? 'none'})`);
  out.push(`- ${box(!!r.entry)} revision-table entry for version ${r.newVersion ?? '?'}`);
  out.push(`- ${box(!!r.entry?.date)} dated${r.entry?.date ? ` ${r.entry.date}` : ''}`);
  out.push(`- ${box(!!r.entry?.description)} described${r.entry?.description ? `: "${r.entry.description}"` : ''}`);
  out.push(`- ${box(r.dateNotEarlier)} not earlier than the old version's latest date (${r.oldLatestDate ?? 'unknown'})`);
  if (r.problems.length) out.push('', ...r.problems.map((p) => `> ${p}`));
  return out;
}

/** Add the `diff` subcommand; `setExit` receives its exit code (0, or 1 for a regression with --fail-on-regression). */
export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('compare two versions of a CP/CPS: sections, commitments gained and lost, revision history')
    .argument('<old>', 'the earlier version (Markdown)')
    .argument('<new>', 'the later version (Markdown)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'md']).default('text'))
    .option('--as-of <date>', 'check both versions as of this date (YYYY-MM-DD), or "document" for NEW\'s own date; default: today, or the config\'s asOf')
    .option('--program <list>', `root programs whose rules apply, comma-separated (${PROGRAMS.join(',')})`)
    .option('--config <file>', 'configuration file (default: the nearest .cpslint.yaml above NEW)')
    .option('--fail-on-regression', 'exit 1 when NEW has errors or warnings that OLD did not have, or a finding became more severe')
    .option('--set <name>', 'compare OLD and NEW as a document of the policy set NAME of .cpslint.yaml (NEW, or OLD, is one of its files): findings read across the set')
    .option('--as-set <files...>', 'compare OLD and NEW as a document of the policy set they form with these files (its CP and/or other CPSs; the CP is the one whose title names it so): findings read across the set')
    .option('--allow-outside', 'read rule packs that a configuration names outside its own folder')
    .action((oldFile: string, newFile: string, opts: { format: string; asOf?: string; program?: string; config?: string; failOnRegression?: boolean; set?: string; asSet?: string[]; allowOutside?: boolean }) => {
      if (opts.set && opts.asSet) throw new UsageError('use either --set NAME or --as-set FILE..., not both');
      checkAsOf(opts.asOf);
      const cliPrograms = parsePrograms(opts.program);
      const oldText = readText(oldFile);
      const newText = readText(newFile);
      const cfg = opts.config ? loadConfigFile(opts.config) : loadConfigFor(newFile);
      const r = rulesForConfig(cfg, { within: opts.allowOutside ? null : undefined });
      const cfgErrors = [...cfg.errors, ...r.errors];
      for (const e of cfgErrors) io.err(`cpslint: ${e}`);
      // Fail fast, as check does: no comparison with a half-read configuration.
      if (cfgErrors.length) return setExit(2);
      const newModel = parseDocument(newText);
      const asOf = resolveAsOf(opts.asOf, newModel, () => cfg.config.asOf ?? todayIso(), io, newFile);
      const programs = cliPrograms ?? cfg.config.programs ?? PROGRAMS;
      const oldModel = parseDocument(oldText);
      let findings: { old?: Finding[]; new?: Finding[] } = {};
      if (opts.set || opts.asSet) {
        // --as-set: NEW and the files given form the set (NEW's place in it is OLD's too).
        const set = opts.set ? configuredSet(opts.set, { config: opts.config }, newFile).set : setFromFiles([newFile, ...opts.asSet!.filter((f) => resolve(f) !== resolve(newFile) && resolve(f) !== resolve(oldFile))]);
        const members = [set.cp, ...set.cps];
        const at = members.findIndex((m) => resolve(m.file) === resolve(newFile)) >= 0 ? members.findIndex((m) => resolve(m.file) === resolve(newFile)) : members.findIndex((m) => resolve(m.file) === resolve(oldFile));
        if (at < 0) throw new UsageError(`neither ${oldFile} nor ${newFile} is a document of the policy set ${opts.set}`);
        const within = (model: ReturnType<typeof parseDocument>) => {
          const swapped: PolicySet = { name: set.name, cp: at === 0 ? { ...set.cp, model } : set.cp, cps: set.cps.map((c, i) => (i + 1 === at ? { ...c, model } : c)) };
          return checkPolicySet(swapped, { asOf, programs, severity: cfg.config.rules, rules: r.rules }).documents[at].findings;
        };
        findings = { old: within(oldModel), new: within(newModel) };
      }
      const d = diffDocuments({ model: oldModel, findings: findings.old }, { model: newModel, findings: findings.new }, { asOf, programs, severity: cfg.config.rules, rules: r.rules });
      const j: DiffJson = { old: { file: oldFile, ...d.old }, new: { file: newFile, ...d.new }, asOf, programs, sections: d.sections, commitments: d.commitments, revision: d.revision };
      if (opts.format === 'json') io.out(JSON.stringify(j, null, 2));
      else for (const l of opts.format === 'md' ? diffMarkdown(j) : diffText(j)) io.out(l);
      setExit(opts.failOnRegression && d.commitments.regressions > 0 ? 1 : 0);
    });
}
