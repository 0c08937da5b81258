/**
 * cpslint CLI: the same engine as the language server, for CI pipelines and reviewers.
 *   cpslint outline FILE [--format text|json]
 *   cpslint check FILE|DIR|GLOB... [--format text|json|sarif] [--as-of YYYY-MM-DD] [--program mozilla,chrome] [--max-warnings N]
 *   cpslint diff OLD NEW [--format text|json|md] [--fail-on-regression]
 * Exit codes: 0 clean, 1 errors found, 2 usage or I/O error.
 */
import { Command, CommanderError, Option } from 'commander';
import { InputError, UsageError, readText, checkAsOf, parsePrograms, resolveAsOf, type Io } from './io';
import { registerReview } from './review';
import { parseDocument, outlineJson, checkDocument, todayIso } from '../service';
import type { Finding } from '../service';
import type { OutlineSectionJson } from '../service/outline-json';
import { PROGRAMS } from '../settings';
import { loadConfigFile, loadConfigFor, LoadedConfig, matchesConfigGlobs, rulesForConfig } from '../config-files';
import type { Rule } from '../service/rules/types';
import { expandInputs } from './files';
import { createProgress } from './progress';
import { countFindings, summaryTable } from './summary';
import { sarifForCheck } from './sarif-output';
import { registerDiff } from './diff';
import { VERSION } from '../meta';

export { UsageError, InputError, readText } from './io';
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
    .argument('<files...>', 'Markdown CP/CPS files, directories (every CP/CPS Markdown file under them) or quoted globs ("policies/**/*.md")')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (like eslint); default: no limit')
    .option('--as-of <date>', 'check as of this date (YYYY-MM-DD), or "document" for each document\'s own date; default: today')
    .option('--program <list>', `root programs whose rules apply, comma-separated (${PROGRAMS.join(',')}); default: all, or the config's programs`)
    .option('--config <file>', 'configuration file (default: the nearest .cpslint.yaml above each file)')
    .action((inputs: string[], opts: { format: string; asOf?: string; program?: string; config?: string; maxWarnings?: string }) => {
      checkAsOf(opts.asOf);
      if (opts.maxWarnings !== undefined && !/^\d+$/.test(opts.maxWarnings.trim())) throw new UsageError(`--max-warnings "${opts.maxWarnings}" is not a whole number of warnings (0 or more)`);
      const maxWarnings = opts.maxWarnings === undefined ? Infinity : Number(opts.maxWarnings.trim());
      const cliPrograms = parsePrograms(opts.program);
      const fixed = opts.config ? loadConfigFile(opts.config) : null;
      const seenConfigs = new Map<string, { loaded: LoadedConfig; rules: Rule[] }>();
      let configFailed = false;
      const configFor = (file: string): { loaded: LoadedConfig; rules: Rule[] } => {
        const c = fixed ?? loadConfigFor(file);
        const key = c.file ?? '';
        let hit = seenConfigs.get(key);
        if (!hit) {
          const r = rulesForConfig(c);
          hit = { loaded: c, rules: r.rules };
          seenConfigs.set(key, hit);
          for (const e of [...c.errors, ...r.errors]) io.err(`cpslint: ${e}`);
          if (c.errors.length || r.errors.length) configFailed = true;
        }
        return hit;
      };
      const results: { file: string; findings: Finding[]; model?: ReturnType<typeof parseDocument> }[] = [];
      let ioFailed = false;
      let asOf = opts.asOf && opts.asOf !== 'document' ? opts.asOf : todayIso();
      const expanded = expandInputs(inputs, { configFor: fixed ? () => fixed : undefined });
      for (const e of expanded.errors) io.err(`cpslint: ${e}`);
      if (expanded.errors.length) ioFailed = true;
      const files = expanded.files;
      const progress = createProgress(files.length);
      for (const [i, file] of files.entries()) {
        progress.tick(i, file);
        try {
          const { loaded: cfg, rules } = configFor(file);
          if (matchesConfigGlobs(cfg, file, cfg.config.ignore)) continue;
          const programs = cliPrograms ?? cfg.config.programs ?? PROGRAMS;
          const model = parseDocument(readText(file));
          if (model.parseError) throw new InputError(`${file}: not checked: ${model.parseError}`);
          asOf = resolveAsOf(opts.asOf, model, () => cfg.config.asOf ?? todayIso(), io, file);
          results.push({ file, model, findings: checkDocument(model, { asOf, programs, severity: cfg.config.rules, rules }) });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          progress.done();
          io.err(`cpslint: ${e.message}`);
          ioFailed = true;
        }
      }
      progress.done();
      const counts = { error: 0, warning: 0, info: 0 };
      for (const r of results) for (const f of r.findings) counts[f.severity]++;
      if (opts.format === 'json') {
        io.out(JSON.stringify({ files: results.map((r) => ({ file: r.file, diagnostics: r.findings.map(findingJson) })) }, null, 2));
      } else if (opts.format === 'sarif') {
        const rules = [...seenConfigs.values()].flatMap((c) => c.rules);
        io.out(JSON.stringify(sarifForCheck(results, rules, { version: program.version() ?? '', asOf, programs: cliPrograms }), null, 2));
      } else {
        for (const r of results) {
          for (const f of r.findings) {
            const j = findingJson(f);
            io.out(`${r.file}:${j.line}:${j.column}: ${f.severity} ${f.code}: ${f.message} [${f.source.document} ${f.source.version} §${f.source.section}]`);
          }
        }
        if (results.length > 1) {
          io.out('');
          for (const l of summaryTable(results.map((r) => countFindings(r.file, r.findings)))) io.out(l);
          io.out('');
        }
        io.out(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info in ${results.length} file(s) (as of ${asOf})`);
      }
      const tooManyWarnings = counts.warning > maxWarnings;
      if (tooManyWarnings) io.err(`cpslint: ${counts.warning} warning(s), more than --max-warnings ${maxWarnings} allows`);
      exit = ioFailed || configFailed ? 2 : counts.error > 0 || tooManyWarnings ? 1 : 0;
    });

  registerReview(program, io, (code) => (exit = code));

  try {
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
