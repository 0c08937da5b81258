/**
 * `cpslint review FILE`: the compliance review of one CP/CPS as Markdown, HTML, JSON or SARIF.
 */
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseDocument, todayIso } from '../service';
import { sarifForCheck } from './sarif-output';
import { reviewDocument, type Review } from '../service/review/build';
import { parsePastFindings, type PastFinding } from '../service/review/past';
import { reviewToMarkdown, type LineLinker } from '../service/review/markdown';
import { reviewToHtml } from '../service/review/html';
import { PROGRAMS } from '../settings';
import { loadConfigFile, loadConfigFor, rulesForConfig } from '../config-files';
import { notAPolicy } from './files';
import { InputError, UsageError, readText, checkAsOf, parsePrograms, resolveAsOf, type Io } from './io';
import { setFor } from './sets';
import { checkPolicySet, type PolicySet } from '../service/policy-set';
import type { LoadedConfig } from '../config-files';
import { readTextSafe, SafeReadError } from '../safe-read';
import { limits } from '../limits-env';

export { VERSION } from '../meta';
import { VERSION } from '../meta';

export interface ReviewCliOptions {
  format: string;
  asOf?: string;
  program?: string;
  config?: string;
  pastFindings?: string;
  output?: string;
  set?: string;
  asSet?: boolean;
  allowOutside?: boolean;
}

/** Links from the report to lines of the document: relative to where the report is written. */
function linkerFor(file: string, output: string | undefined): LineLinker {
  const base = output ? dirname(resolve(output)) : process.cwd();
  const rel = relative(base, resolve(file)).split('\\').join('/').replace(/ /g, '%20');
  return (line) => `${rel}#L${line}`;
}

export function renderReview(review: Review, format: string, link: LineLinker): string {
  switch (format) {
    case 'json':
      return JSON.stringify(review, null, 2);
    case 'html':
      return reviewToHtml(review, { link });
    default:
      return reviewToMarkdown(review, { link });
  }
}

export function registerReview(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('review')
    .description("write a reviewer's compliance report: verdict, high-priority findings, section-by-section review with evidence and citations")
    .argument('[files...]', 'Markdown CP/CPS file (or, with --as-set, the CP and its CPSs)')
    .addOption(new Option('--format <format>', 'report format (sarif: the findings for GitHub code scanning, with the verdict in the run properties)').choices(['md', 'html', 'json', 'sarif']).default('md'))
    .option('--as-of <date>', 'review as of this date (YYYY-MM-DD), or "document" for the document\'s own date; default: today or the config asOf')
    .option('--program <list>', `root programs whose rules apply, comma-separated (${PROGRAMS.join(',')})`)
    .option('--config <file>', 'configuration file (default: the nearest .cpslint.yaml above the file)')
    .option('--past-findings <file>', 'JSON file of earlier findings to re-check (rules/schema/past-findings.schema.json)')
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .option('--set <name>', 'one review for the policy set NAME of .cpslint.yaml (its CP and CPSs read as one policy)')
    .option('--as-set', 'one review for the files given, read as one policy set (the Certificate Policy among them and its CPSs)')
    .option('--allow-outside', 'read rule packs that a configuration names outside its own folder')
    .action((files: string[], opts: ReviewCliOptions) => {
      checkAsOf(opts.asOf);
      const cliPrograms = parsePrograms(opts.program);
      const asSet = setFor(opts, files);
      if (asSet) return reviewSet(asSet, opts, cliPrograms, io, setExit);
      if (files.length !== 1) throw new UsageError('review takes one CP/CPS file (or a policy set: --set NAME, or --as-set CP CPS...)');
      const file = files[0];
      const cfg = opts.config ? loadConfigFile(opts.config) : loadConfigFor(file);
      const packs = rulesForConfig(cfg, { within: opts.allowOutside ? null : undefined });
      const problems = [...cfg.errors, ...packs.errors];
      for (const e of problems) io.err(`cpslint: ${e}`);
      if (problems.length) {
        setExit(2);
        return;
      }
      let past: PastFinding[] | undefined;
      if (opts.pastFindings) {
        try {
          const text = readTextSafe(opts.pastFindings, { maxBytes: limits().maxPastFindingsBytes, what: 'past-findings file', limitName: 'maxPastFindingsBytes' });
          past = parsePastFindings(text, opts.pastFindings);
        } catch (e) {
          throw e instanceof InputError ? e : new InputError(e instanceof SafeReadError ? e.message : (e as Error).message);
        }
      }
      const model = parseDocument(readText(file));
      const skipped = notAPolicy(cfg, file, model);
      if (skipped) throw new InputError(skipped);
      const { review, findings } = reviewDocument(model, {
        file,
        asOf: resolveAsOf(opts.asOf, model, () => cfg.config.asOf ?? todayIso(), io, file),
        programs: cliPrograms ?? cfg.config.programs ?? PROGRAMS,
        severity: cfg.config.rules,
        rules: packs.rules,
        pastFindings: past,
        toolVersion: VERSION,
        patternBudgetMs: limits().patternBudgetMs,
      });
      let text: string;
      if (opts.format === 'sarif') {
        const log = sarifForCheck([{ file, findings, model }], packs.rules, { version: VERSION, asOf: review.asOf, programs: review.programs });
        const run = log.runs[0];
        run.properties = { ...(run.properties ?? {}), verdict: review.verdict.value, verdictLabel: review.verdict.label, verdictReason: review.verdict.reason, counts: review.counts };
        text = JSON.stringify(log, null, 2);
      } else text = renderReview(review, opts.format, linkerFor(file, opts.output));
      if (opts.output) {
        try {
          writeFileSync(opts.output, text.endsWith('\n') ? text : text + '\n');
        } catch (e) {
          throw new InputError(`${opts.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        io.err(`cpslint: wrote the review of ${file} to ${opts.output} (${review.verdict.label}; ${review.counts.errors} error(s), ${review.counts.warnings} warning(s))`);
      } else io.out(text);
      setExit(review.counts.errors > 0 ? 1 : 0);
    });
}

/** One review for a policy set: the set's documents, each reviewed with the set's reading of the rules. */
function reviewSet(asSet: { set: PolicySet; config: LoadedConfig | null }, opts: ReviewCliOptions, cliPrograms: string[] | undefined, io: Io, setExit: (code: number) => void): void {
  if (opts.format === 'html') throw new UsageError('a policy set review is written as md, json or sarif');
  if (opts.pastFindings) throw new UsageError('--past-findings is for the review of one document');
  const { set } = asSet;
  const cfg = asSet.config ?? (opts.config ? loadConfigFile(opts.config) : loadConfigFor(set.cp.file));
  const packs = rulesForConfig(cfg, { within: opts.allowOutside ? null : undefined });
  const problems = [...cfg.errors, ...packs.errors];
  for (const e of problems) io.err(`cpslint: ${e}`);
  if (problems.length) return setExit(2);
  const asOf = resolveAsOf(opts.asOf, set.cp.model, () => cfg.config.asOf ?? todayIso(), io, set.cp.file);
  const programs = cliPrograms ?? cfg.config.programs ?? PROGRAMS;
  const r = checkPolicySet(set, { asOf, programs, severity: cfg.config.rules, rules: packs.rules });
  const reviews = r.documents.map((d) => ({
    doc: d,
    ...reviewDocument(d.model, { file: d.file, asOf, programs, severity: cfg.config.rules, rules: packs.rules, results: d.results, extraFindings: d.setFindings, toolVersion: VERSION }),
  }));
  const errors = reviews.reduce((n, x) => n + x.review.counts.errors, 0);
  const warnings = reviews.reduce((n, x) => n + x.review.counts.warnings, 0);
  let text: string;
  if (opts.format === 'sarif') {
    text = JSON.stringify(sarifForCheck(reviews.map((x) => ({ file: x.doc.file, findings: x.findings, model: x.doc.model })), packs.rules, { version: VERSION, asOf, programs }), null, 2);
  } else if (opts.format === 'json') {
    text = JSON.stringify({ set: { name: set.name, cp: set.cp.file, cps: set.cps.map((c) => c.file) }, asOf, programs, reviews: reviews.map((x) => ({ role: x.doc.role, review: x.review })) }, null, 2);
  } else {
    const head = [
      `# Policy set review: ${set.name}`,
      '',
      `The CP ${set.cp.file} and its CPS${set.cps.length > 1 ? 's' : ''} ${set.cps.map((c) => c.file).join(', ')}, read as one policy, as of ${asOf}: ${errors} error(s), ${warnings} warning(s) in all.`,
      '',
      'A commitment the CP makes counts for a CPS that names the CP (by title or policy OID), except where the requirement names the document that must carry it. Each document is reviewed below with that reading.',
      '',
      '| Document | Role | Names the CP | Verdict | Errors | Warnings |',
      '|---|---|---|---|---|---|',
      ...reviews.map((x) => `| ${x.doc.file} | ${x.doc.role.toUpperCase()} | ${x.doc.role === 'cp' ? '—' : x.doc.incorporation ? `yes, by ${x.doc.incorporation.by === 'oid' ? `OID ${x.doc.incorporation.text}` : 'title'} (line ${x.doc.model.lines.positionAt(x.doc.incorporation.start).line + 1})` : 'no'} | ${x.review.verdict.label} | ${x.review.counts.errors} | ${x.review.counts.warnings} |`),
      '',
    ];
    text = [head.join('\n'), ...reviews.map((x) => renderReview(x.review, 'md', linkerFor(x.doc.file, opts.output)))].join('\n\n---\n\n');
  }
  if (opts.output) {
    try {
      writeFileSync(opts.output, text.endsWith('\n') ? text : text + '\n');
    } catch (e) {
      throw new InputError(`${opts.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    io.err(`cpslint: wrote the review of policy set ${set.name} to ${opts.output} (${errors} error(s), ${warnings} warning(s))`);
  } else io.out(text);
  setExit(errors > 0 ? 1 : 0);
}
