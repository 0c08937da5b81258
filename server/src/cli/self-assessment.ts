/**
 * `cpslint self-assessment FILE|--set NAME|--as-set FILES`: the CCADB Compliance Self-Assessment
 * drafted from the CP/CPS (CSV, XLSX, Markdown or JSON), and `--verify SHEET` to check a filled-in
 * one against the documents.
 */
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { parseDocument, todayIso } from '../service';
import { evaluateRules } from '../service/rules/run';
import { checkPolicySet } from '../service/policy-set';
import {
  ASSESSMENT_COLUMNS,
  assessmentMarkdown,
  assessmentTable,
  columnIndex,
  detectColumns,
  parseCsv,
  selfAssessment,
  toCsv,
  verifyAssessment,
  verifyMarkdown,
  type AssessedDocument,
  type VerifyColumns,
} from '../service/self-assessment';
import { PROGRAMS } from '../settings';
import { loadConfigFile, loadConfigFor, rulesForConfig, type LoadedConfig } from '../config-files';
import { notAPolicy } from './files';
import { InputError, UsageError, readText, checkAsOf, parsePrograms, resolveAsOf, type Io } from './io';
import { setFor } from './sets';
import { readXlsxTables, xlsxBuffer } from './xlsx';

interface Opts {
  format: string;
  output?: string;
  verify?: string;
  sectionColumn?: string;
  refColumn?: string;
  asOf?: string;
  program?: string;
  config?: string;
  set?: string;
  asSet?: boolean;
}

const WIDTHS = [10, 10, 40, 16, 22, 22, 8, 60, 60, 30];

async function readSheet(file: string): Promise<string[][][]> {
  if (/\.xlsx$/i.test(file)) return (await readXlsxTables(file)).map((s) => s.rows);
  if (/\.(csv|tsv|txt)$/i.test(file)) return [parseCsv(readText(file))];
  throw new UsageError(`${file}: --verify reads .xlsx or .csv files`);
}

export function registerSelfAssessment(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('self-assessment')
    .description('draft the CCADB Compliance Self-Assessment from a CP/CPS or a policy set, or check a filled-in one (--verify)')
    .argument('[files...]', 'the CP/CPS (or, with --as-set, the CP and its CPSs)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'xlsx', 'md', 'json']).default('md'))
    .option('-o, --output <file>', 'write to this file (required for xlsx)')
    .option('--verify <sheet>', "check a CA's filled-in self-assessment (.xlsx or .csv) against the documents")
    .option('--section-column <col>', 'with --verify: the column holding the BR section (header text, 1-based number or letter); default: detected from the header row')
    .option('--ref-column <col>', 'with --verify: the column holding the CP/CPS references; default: detected from the header row')
    .option('--set <name>', 'the policy set NAME of .cpslint.yaml')
    .option('--as-set', 'the files given are one policy set (a CP and its CPSs)')
    .option('--as-of <date>', 'evaluate as of this date (YYYY-MM-DD), or "document"; default: today or the config asOf')
    .option('--program <list>', `root programs whose rules apply, comma-separated (${PROGRAMS.join(',')})`)
    .option('--config <file>', 'configuration file (default: the nearest .cpslint.yaml)')
    .action(async (inputs: string[], opts: Opts) => {
      checkAsOf(opts.asOf);
      const cliPrograms = parsePrograms(opts.program);
      const asSet = setFor(opts, inputs);
      if (!asSet && inputs.length !== 1) throw new UsageError('self-assessment takes one CP/CPS file, or a policy set (--set NAME, or --as-set CP CPS...)');
      const first = asSet ? asSet.set.cp.file : inputs[0];
      const cfg: LoadedConfig = asSet?.config ?? (opts.config ? loadConfigFile(opts.config) : loadConfigFor(first));
      const packs = rulesForConfig(cfg);
      const problems = [...cfg.errors, ...packs.errors];
      for (const e of problems) io.err(`cpslint: ${e}`);
      if (problems.length) return setExit(2);
      const programs = cliPrograms ?? cfg.config.programs ?? PROGRAMS;
      let docs: AssessedDocument[];
      let title: string;
      if (asSet) {
        const asOf = resolveAsOf(opts.asOf, asSet.set.cp.model, () => cfg.config.asOf ?? todayIso(), io, first);
        const r = checkPolicySet(asSet.set, { asOf, programs, severity: cfg.config.rules, rules: packs.rules });
        docs = r.documents.map((d) => ({ file: d.file, model: d.model, role: d.role, results: d.results }));
        title = `policy set ${asSet.set.name} (CP ${asSet.set.cp.file}; CPS ${asSet.set.cps.map((c) => c.file).join(', ')}), as of ${asOf}`;
      } else {
        const model = parseDocument(readText(first));
        if (model.parseError) throw new InputError(`${first}: not parsed: ${model.parseError}`);
        const skipped = notAPolicy(cfg, first, model);
        if (skipped) throw new InputError(skipped);
        const asOf = resolveAsOf(opts.asOf, model, () => cfg.config.asOf ?? todayIso(), io, first);
        docs = [{ file: first, model, role: 'cps', results: evaluateRules(model, packs.rules, { asOf, programs, severityOverrides: cfg.config.rules }) }];
        title = `${first}${model.metadata.title ? ` (${model.metadata.title})` : ''}, as of ${asOf}`;
      }
      const rows = selfAssessment(docs);

      if (opts.verify) {
        const tables = await readSheet(opts.verify);
        let table: string[][] | null = null;
        let cols: VerifyColumns | null = null;
        for (const t of tables) {
          const detected = detectColumns(t);
          const headerRow = detected?.headerRow ?? 0;
          const section = opts.sectionColumn ? columnIndex(t, headerRow, opts.sectionColumn) : detected?.section ?? null;
          const refs = opts.refColumn ? columnIndex(t, headerRow, opts.refColumn) : detected?.refs ?? null;
          if (section !== null && refs !== null) {
            table = t;
            cols = { section, refs, headerRow };
            break;
          }
        }
        if (!table || !cols) {
          throw new InputError(
            `${opts.verify}: no header row with a BR section column and a CP/CPS reference column was found in the first 30 rows${tables.length > 1 ? ` of its ${tables.length} sheets` : ''}; name them with --section-column and --ref-column (header text, number or letter)`,
          );
        }
        const v = verifyAssessment(table, docs, cols, rows);
        if (!v.rowsRead) throw new InputError(`${opts.verify}: no row has a BR section number in column ${cols.section + 1}`);
        const text = opts.format === 'json' ? JSON.stringify(v, null, 2) + '\n' : verifyMarkdown(v, opts.verify, title);
        if (opts.output) writeFileSync(opts.output, text);
        else io.out(text.replace(/\n$/, ''));
        return setExit(v.problems.length ? 1 : 0);
      }

      const fmt = opts.format;
      if (fmt === 'xlsx') {
        if (!opts.output) throw new UsageError('--format xlsx writes a binary file: give it with -o FILE.xlsx');
        const buf = await xlsxBuffer(assessmentTable(rows), 'Self-assessment', WIDTHS);
        write(opts.output, buf);
      } else {
        const text = fmt === 'csv' ? toCsv(assessmentTable(rows)) : fmt === 'json' ? JSON.stringify({ title, columns: ASSESSMENT_COLUMNS, rows }, null, 2) + '\n' : assessmentMarkdown(rows, title);
        if (opts.output) write(opts.output, text);
        else io.out(text.replace(/\r?\n$/, ''));
      }
      if (opts.output) io.err(`cpslint: wrote the self-assessment draft (${rows.length} rows) to ${opts.output}`);
      setExit(0);
    });
}

function write(file: string, data: string | Buffer): void {
  try {
    writeFileSync(file, data);
  } catch (e) {
    throw new InputError(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
