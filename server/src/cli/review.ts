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
import { InputError, readText, checkAsOf, parsePrograms, resolveAsOf, type Io } from './io';

export { VERSION } from '../meta';
import { VERSION } from '../meta';

export interface ReviewCliOptions {
  format: string;
  asOf?: string;
  program?: string;
  config?: string;
  pastFindings?: string;
  output?: string;
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
    .argument('<file>', 'Markdown CP/CPS file')
    .addOption(new Option('--format <format>', 'report format (sarif: the findings for GitHub code scanning, with the verdict in the run properties)').choices(['md', 'html', 'json', 'sarif']).default('md'))
    .option('--as-of <date>', 'review as of this date (YYYY-MM-DD), or "document" for the document\'s own date; default: today or the config asOf')
    .option('--program <list>', `root programs whose rules apply, comma-separated (${PROGRAMS.join(',')})`)
    .option('--config <file>', 'configuration file (default: the nearest .cpslint.yaml above the file)')
    .option('--past-findings <file>', 'JSON file of earlier findings to re-check (rules/schema/past-findings.schema.json)')
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .action((file: string, opts: ReviewCliOptions) => {
      checkAsOf(opts.asOf);
      const cliPrograms = parsePrograms(opts.program);
      const cfg = opts.config ? loadConfigFile(opts.config) : loadConfigFor(file);
      const packs = rulesForConfig(cfg);
      const problems = [...cfg.errors, ...packs.errors];
      for (const e of problems) io.err(`cpslint: ${e}`);
      if (problems.length) {
        setExit(2);
        return;
      }
      let past: PastFinding[] | undefined;
      if (opts.pastFindings) {
        try {
          past = parsePastFindings(readText(opts.pastFindings), opts.pastFindings);
        } catch (e) {
          throw e instanceof InputError ? e : new InputError((e as Error).message);
        }
      }
      const model = parseDocument(readText(file));
      const { review, findings } = reviewDocument(model, {
        file,
        asOf: resolveAsOf(opts.asOf, model, () => cfg.config.asOf ?? todayIso(), io, file),
        programs: cliPrograms ?? cfg.config.programs ?? PROGRAMS,
        severity: cfg.config.rules,
        rules: packs.rules,
        pastFindings: past,
        toolVersion: VERSION,
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
