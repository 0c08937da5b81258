/**
 * cpslint CLI: the same engine as the language server, for CI pipelines and reviewers.
 *   cpslint outline FILE [--format text|json]
 *   cpslint check FILE|DIR|GLOB... [--format text|json|sarif] [--as-of YYYY-MM-DD] [--program mozilla,chrome] [--max-warnings N]
 *   cpslint diff OLD NEW [--format text|json|md] [--fail-on-regression]
 * Exit codes: 0 clean, 1 errors found, 2 usage or I/O error.
 */
import { Command, CommanderError, Option } from 'commander';
import { InputError, UsageError, readText, readStdin, checkAsOf, parsePrograms, resolveAsOf, type Io } from './io';
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { stylish, useColor } from './stylish';
import { registerReview } from './review';
import { parseDocument, outlineJson, checkDocument, todayIso } from '../service';
import type { Finding } from '../service';
import type { OutlineSectionJson } from '../service/outline-json';
import { PROGRAMS } from '../settings';
import { loadConfigFile, loadConfigFor, LoadedConfig, matchesConfigGlobs, rulesForConfig } from '../config-files';
import type { Rule } from '../service/rules/types';
import { expandInputs, notAPolicy } from './files';
import { createProgress } from './progress';
import { countFindings, summaryTable } from './summary';
import { sarifForCheck } from './sarif-output';
import { registerDiff } from './diff';
import { setFor } from './sets';
import { registerSelfAssessment } from './self-assessment';
import { checkPolicySet } from '../service/policy-set';
import { envLimits, limits } from '../limits-env';
import { raiseHint } from '../service/limits';
import { VERSION, rulesDocBase } from '../meta';

export { UsageError, InputError, readText } from './io';

/** Stands for standard input in the list of files. */
const STDIN = '\u0000stdin';

interface CheckOptions {
  format: string;
  asOf?: string;
  program?: string;
  config?: string;
  maxWarnings?: string;
  quiet?: boolean;
  minSeverity: 'error' | 'warning' | 'info';
  output?: string;
  stdinFilename?: string;
  printConfig?: string;
  rulesDocBaseUrl?: string;
  color?: boolean;
  set?: string;
  asSet?: boolean;
  allowOutside?: boolean;
}

/** `--print-config FILE`: the configuration file that applies and the settings a check would use. */
function effectiveConfig(loaded: LoadedConfig, opts: CheckOptions, cliPrograms: string[] | undefined) {
  const rel = (p: string) => relative(process.cwd(), p).split('\\').join('/') || '.';
  return {
    configFile: loaded.file ? rel(resolve(loaded.file)) : null,
    asOf: opts.asOf ?? loaded.config.asOf ?? null,
    asOfMeans: opts.asOf === 'document' ? "each document's own date" : opts.asOf || loaded.config.asOf ? 'the date given' : `today (${todayIso()})`,
    programs: cliPrograms ?? loaded.config.programs ?? PROGRAMS,
    rules: loaded.config.rules ?? {},
    rulePacks: (loaded.config.rulePacks ?? []).map((p) => rel(resolve(loaded.dir, p))),
    ignore: loaded.config.ignore ?? [],
    include: loaded.config.include ?? [],
  };
}
export type { Io } from './io';

function printOutlineText(io: Io, j: ReturnType<typeof outlineJson>): void {
  const meta = [j.metadata.version && `version ${j.metadata.version}`, j.metadata.date].filter(Boolean).join(', ');
  io.out(`${j.file}${j.metadata.title ? ` — ${j.metadata.title}` : ''}${meta ? ` (${meta})` : ''}`);
  io.out(j.rfc3647 ? 'Follows the RFC 3647 outline.' : 'Does not follow the RFC 3647 outline (own numbering): no RFC 3647 findings.');
  const walk = (s: OutlineSectionJson, depth: number) => {
    const label = s.number ? `${s.number} ${s.title || s.canonicalTitle || ''}`.trim() : s.title;
    const canon = s.canonicalTitle && s.title && s.canonicalTitle.toLowerCase() !== s.title.toLowerCase() ? `  [RFC 3647: ${s.canonicalTitle}]` : '';
    io.out(`${'  '.repeat(depth)}${label}  (line ${s.line})${canon}`);
    for (const c of s.children) walk(c, depth + 1);
  };
  for (const s of j.sections) walk(s, 0);
}

function findingJson(f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    source: { document: f.source.document, version: f.source.version, section: f.source.section },
  };
}

export async function run(argv: string[], io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }): Promise<number> {
  let exit = 0;
  const program = new Command();
  program
    .name('cpslint')
    .description('Lint Markdown CP/CPS documents against the RFC 3647 outline, the TLS Baseline Requirements and root-program policies.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .showHelpAfterError('(run cpslint --help for usage)');

  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

  program
    .command('outline')
    .description('print the section outline of a CP/CPS')
    .argument('<file>', 'Markdown CP/CPS file')
    .addOption(format())
    .action((file: string, opts: { format: string }) => {
      const model = parseDocument(readText(file));
      if (model.parseError) throw new InputError(`${file}: not parsed: ${model.parseError}`);
      const j = outlineJson(file, model);
      if (opts.format === 'json') io.out(JSON.stringify(j, null, 2));
      else printOutlineText(io, j);
    });

  registerDiff(program, io, (code) => (exit = code));

  program
    .command('check')
    .description('report missing, incomplete or contradicted commitments')
    .argument('[files...]', 'Markdown CP/CPS files, directories (every CP/CPS Markdown file under them), quoted globs ("policies/**/*.md"), or - for standard input')
    .addOption(new Option('--format <format>', 'output format: stylish (grouped by file, for people), compact (one line per finding, for problem matchers and grep), json, sarif').choices(['stylish', 'compact', 'text', 'json', 'sarif']).default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (like eslint); default: no limit')
    .option('--as-of <date>', 'check as of this date (YYYY-MM-DD), or "document" for each document\'s own date; default: today')
    .option('--program <list>', `root programs whose rules apply, comma-separated (${PROGRAMS.join(',')}); default: all, or the config's programs`)
    .option('--config <file>', 'configuration file (default: the nearest .cpslint.yaml above each file)')
    .option('--set <name>', 'check the policy set NAME of .cpslint.yaml (a CP and its CPSs) as one policy')
    .option('--as-set', 'check the files given as one policy set: the Certificate Policy among them and its CPSs')
    .option('--allow-outside', "read rule packs that a configuration names outside its own folder (refused by default: a repository's .cpslint.yaml cannot make cpslint read other files)")
    .option('--quiet', 'report errors only (same as --min-severity error)')
    .addOption(new Option('--min-severity <severity>', 'report findings of this severity and worse').choices(['error', 'warning', 'info']).default('info'))
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .option('--stdin-filename <name>', 'with -: the name of the document in messages, and where its .cpslint.yaml is looked for')
    .option('--print-config <file>', 'print the configuration that applies to this file (JSON) and exit')
    .option('--rules-doc-base-url <url>', 'base URL of the rule documentation links in SARIF (default: the published docs/rules.md of this version)')
    .option('--color', 'colour the stylish output (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it)')
    .option('--no-color', 'never colour the output')
    .action((inputs: string[], opts: CheckOptions) => {
      checkAsOf(opts.asOf);
      if (opts.maxWarnings !== undefined && !/^\d+$/.test(opts.maxWarnings.trim())) throw new UsageError(`--max-warnings "${opts.maxWarnings}" is not a whole number of warnings (0 or more)`);
      const maxWarnings = opts.maxWarnings === undefined ? Infinity : Number(opts.maxWarnings.trim());
      const cliPrograms = parsePrograms(opts.program);
      const docBase = rulesDocBase(opts.rulesDocBaseUrl);
      if (docBase.problem) throw new UsageError(`--rules-doc-base-url: ${docBase.problem.replace(/; using .*$/, '')}`);
      // Fail fast: a configuration that cannot be read or has mistakes stops before any checking.
      const fixed = opts.config ? loadConfigFile(opts.config) : null;
      const seenConfigs = new Map<string, { loaded: LoadedConfig; rules: Rule[]; errors: string[] }>();
      const configFor = (file: string): { loaded: LoadedConfig; rules: Rule[]; errors: string[] } => {
        const c = fixed ?? loadConfigFor(file);
        const key = c.file ?? '';
        let hit = seenConfigs.get(key);
        if (!hit) {
          const r = rulesForConfig(c, { within: opts.allowOutside ? null : undefined });
          hit = { loaded: c, rules: r.rules, errors: [...c.errors, ...r.errors] };
          seenConfigs.set(key, hit);
        }
        return hit;
      };
      const configFailed = (c: { errors: string[] }): boolean => {
        for (const e of c.errors) io.err(`cpslint: ${e}`);
        if (c.errors.length) io.err('cpslint: fix the configuration first; nothing was checked');
        return c.errors.length > 0;
      };
      if (fixed && configFailed(configFor(''))) return void (exit = 2);
      if (opts.printConfig !== undefined) {
        const c = configFor(opts.printConfig);
        if (configFailed(c)) return void (exit = 2);
        io.out(JSON.stringify(effectiveConfig(c.loaded, opts, cliPrograms), null, 2));
        return;
      }
      if (!inputs.length && !opts.set) throw new UsageError("check: missing required argument 'files' (a file, directory or glob, or - for standard input; or --set NAME)");
      const stdinName = opts.stdinFilename ?? '<stdin>';
      if (opts.stdinFilename !== undefined && !inputs.includes('-')) throw new UsageError('--stdin-filename needs - among the inputs (the document on standard input)');
      if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('- (standard input) can be given once');
      const results: { file: string; findings: Finding[]; model?: ReturnType<typeof parseDocument> }[] = [];
      let ioFailed = false;
      let asOf = opts.asOf && opts.asOf !== 'document' ? opts.asOf : todayIso();
      const asSet = setFor(opts, inputs);
      let setInfo: { name: string; cp: string; cps: string[] } | null = null;
      if (asSet) {
        const { loaded: cfg, rules } = asSet.config ? { loaded: asSet.config, rules: configFor(asSet.config.file ?? asSet.set.cp.file).rules } : configFor(asSet.set.cp.file);
        asOf = resolveAsOf(opts.asOf, asSet.set.cp.model, () => cfg.config.asOf ?? todayIso(), io, asSet.set.cp.file);
        const r = checkPolicySet(asSet.set, { asOf, programs: cliPrograms ?? cfg.config.programs ?? PROGRAMS, severity: cfg.config.rules, rules, patternBudgetMs: limits().patternBudgetMs });
        for (const d of r.documents) results.push({ file: d.file, model: d.model, findings: d.findings });
        setInfo = { name: asSet.set.name, cp: asSet.set.cp.file, cps: asSet.set.cps.map((c) => c.file) };
      }
      const expanded = asSet ? { files: [] as string[], errors: [] as string[] } : expandInputs(inputs.filter((i) => i !== '-'), { configFor: fixed ? () => fixed : undefined });
      for (const e of expanded.errors) io.err(`cpslint: ${e}`);
      if (expanded.errors.length) ioFailed = true;
      // Standard input comes first when "-" is the first input, else last.
      const files = [...expanded.files];
      if (inputs.includes('-')) files.splice(inputs.indexOf('-') === 0 ? 0 : files.length, 0, STDIN);
      const configPath = (file: string) => (file === STDIN ? resolve(stdinName) : file);
      for (const file of new Set(files.map(configPath))) {
        if (configFailed(configFor(file))) return void (exit = 2);
      }
      const progress = createProgress(files.length);
      let notPolicy = 0;
      for (const [i, file] of files.entries()) {
        const name = file === STDIN ? stdinName : file;
        progress.tick(i, name);
        try {
          const { loaded: cfg, rules } = configFor(configPath(file));
          if (file !== STDIN && matchesConfigGlobs(cfg, file, cfg.config.ignore)) continue;
          const programs = cliPrograms ?? cfg.config.programs ?? PROGRAMS;
          const model = parseDocument(file === STDIN ? readStdin(name) : readText(file));
          if (model.parseError) throw new InputError(`${name}: not checked: ${model.parseError}`);
          const skipped = notAPolicy(cfg, configPath(file), model, name);
          if (skipped) {
            progress.done();
            io.err(`cpslint: ${skipped}`);
            notPolicy++;
            continue;
          }
          asOf = resolveAsOf(opts.asOf, model, () => cfg.config.asOf ?? todayIso(), io, name);
          let findings = checkDocument(model, { asOf, programs, severity: cfg.config.rules, rules, patternBudgetMs: limits().patternBudgetMs });
          if (findings.length > limits().maxFindings) {
            io.err(`cpslint: ${name}: ${findings.length} findings; the first ${limits().maxFindings} are reported (${raiseHint('maxFindings')})`);
            findings = findings.slice(0, limits().maxFindings);
          }
          results.push({ file: name, model, findings });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          progress.done();
          io.err(`cpslint: ${e.message}`);
          ioFailed = true;
        }
      }
      progress.done();
      // Only files that are not a CP/CPS were named: nothing was checked, which is not a pass.
      if (notPolicy && !results.length) return void (exit = 2);
      // Exit status and --max-warnings count every finding; --quiet / --min-severity only choose what is shown.
      const counts = { error: 0, warning: 0, info: 0 };
      for (const r of results) for (const f of r.findings) counts[f.severity]++;
      const min = opts.quiet ? 'error' : opts.minSeverity;
      const rank = { error: 0, warning: 1, info: 2 } as const;
      const shown = results.map((r) => ({ ...r, findings: r.findings.filter((f) => rank[f.severity] <= rank[min]) }));
      const hidden = results.reduce((n, r) => n + r.findings.length, 0) - shown.reduce((n, r) => n + r.findings.length, 0);
      const toFile = opts.output !== undefined;
      const lines: string[] = [];
      if (opts.format === 'json') {
        lines.push(JSON.stringify({ ...(setInfo ? { set: setInfo } : {}), files: shown.map((r) => ({ file: r.file, diagnostics: r.findings.map(findingJson) })) }, null, 2));
      } else if (opts.format === 'sarif') {
        const rules = [...seenConfigs.values()].flatMap((c) => c.rules);
        lines.push(JSON.stringify(sarifForCheck(shown, rules, { version: VERSION, asOf, programs: cliPrograms, docsBase: docBase.base }), null, 2));
      } else if (opts.format === 'compact') {
        if (setInfo) lines.push(`Policy set ${setInfo.name}: CP ${setInfo.cp}; CPS ${setInfo.cps.join(', ')}`);
        for (const r of shown) {
          for (const f of r.findings) {
            const j = findingJson(f);
            lines.push(`${r.file}:${j.line}:${j.column}: ${f.severity} ${f.code}: ${f.message} [${f.source.document} ${f.source.version} §${f.source.section}]`);
          }
        }
        const shownCounts = { error: 0, warning: 0, info: 0 };
        for (const r of shown) for (const f of r.findings) shownCounts[f.severity]++;
        if (shown.length > 1) {
          lines.push('');
          for (const l of summaryTable(shown.map((r) => countFindings(r.file, r.findings)))) lines.push(l);
          lines.push('');
        }
        lines.push(`${shownCounts.error} error(s), ${shownCounts.warning} warning(s), ${shownCounts.info} info in ${shown.length} file(s) (as of ${asOf})`);
      } else {
        const color = toFile ? opts.color === true : useColor(opts.color, process.stdout);
        const width = toFile || !process.stdout.isTTY ? 100 : Math.max(60, Math.min(140, process.stdout.columns ?? 100));
        const report = stylish(shown, { color, width, asOf, hidden });
        if (setInfo) report.unshift(`Policy set ${setInfo.name}: CP ${setInfo.cp}; CPS ${setInfo.cps.join(', ')}`, '');
        // With several files, the per-file table (worst first) comes before the summary line.
        if (shown.length > 1) report.splice(report.length - 1, 0, ...summaryTable(shown.map((r) => countFindings(r.file, r.findings))), '');
        lines.push(...report);
      }
      if (toFile) {
        try {
          writeFileSync(opts.output!, lines.join('\n') + '\n');
        } catch (e) {
          throw new InputError(`${opts.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        io.err(`cpslint: wrote the ${opts.format} report of ${results.length === 1 ? results[0].file : `${results.length} files`} to ${opts.output}`);
      } else for (const l of lines) io.out(l);
      const tooManyWarnings = counts.warning > maxWarnings;
      if (tooManyWarnings) io.err(`cpslint: ${counts.warning} warning(s), more than --max-warnings ${maxWarnings} allows`);
      exit = ioFailed ? 2 : counts.error > 0 || tooManyWarnings ? 1 : 0;
    });

  registerReview(program, io, (code) => (exit = code));
  registerSelfAssessment(program, io, (code) => (exit = code));

  try {
    const bad = envLimits().errors;
    if (bad.length) throw new UsageError(bad.join('; '));
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      return 2;
    }
    if (e instanceof UsageError || e instanceof InputError) {
      io.err(`cpslint: ${e.message}`);
      return 2;
    }
    io.err(`cpslint: internal error: ${(e as Error).stack ?? e}`);
    return 2;
  }
  return exit;
}

/** Entry point of bin/cpslint.js. */
export function main(): void {
  // `cpslint outline FILE | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
