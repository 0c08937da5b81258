/**
 * `--set NAME` and `--as-set`: turning command-line arguments into a policy set (a CP and its
 * CPSs) for check, review, diff and self-assessment.
 */
import { relative, resolve } from 'node:path';
import { parseDocument, type DocumentModel } from '../service/model';
import { detectedRole, type PolicySet, type SetDocument } from '../service/policy-set';
import { loadConfigFile, loadConfigFor, setsOf, type LoadedConfig } from '../config-files';
import { InputError, UsageError, readText } from './io';

export interface SetArgs {
  set?: string;
  asSet?: boolean;
  config?: string;
}

/** A path as the user can read it: relative to the working directory when below it. */
export function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function load(file: string, role: SetDocument['role']): SetDocument {
  const model: DocumentModel = parseDocument(readText(file));
  if (model.parseError) throw new InputError(`${file}: not parsed: ${model.parseError}`);
  return { file, model, role };
}

/** The configured set NAME, read from the config (--config, else the nearest one above the working directory or the first input). */
export function configuredSet(name: string, opts: SetArgs, near?: string): { set: PolicySet; config: LoadedConfig } {
  const cfg = opts.config ? loadConfigFile(opts.config) : loadConfigFor(near ? resolve(near) : resolve(process.cwd(), '.cpslint.yaml'));
  if (cfg.errors.length) throw new InputError(cfg.errors.join('\n'));
  const all = setsOf(cfg);
  const s = all.find((x) => x.name === name);
  if (!s) {
    const known = all.map((x) => x.name);
    throw new UsageError(`no policy set "${name}" in ${cfg.file ?? 'any .cpslint.yaml (none found)'}${known.length ? `; its sets: ${known.join(', ')}` : ''}`);
  }
  return { set: { name, cp: load(shown(s.cp), 'cp'), cps: s.cps.map((c) => load(shown(c), 'cps')) }, config: cfg };
}

/** The files on the command line as one set: the one whose title names it a Certificate Policy is the CP, the others its CPSs. */
export function setFromFiles(files: string[]): PolicySet {
  if (files.length < 2) throw new UsageError('--as-set needs the CP and at least one CPS on the command line');
  const docs = files.map((f) => load(f, 'cps'));
  const cps = docs.filter((d) => detectedRole(d.model) === 'cp');
  if (cps.length !== 1) {
    throw new UsageError(
      `--as-set needs exactly one Certificate Policy among the files (read from their titles); found ${cps.length ? cps.map((d) => d.file).join(', ') : 'none'}. Declare the set in .cpslint.yaml (sets: [{ name, cp, cps }]) and use --set NAME instead.`,
    );
  }
  const cp = { ...cps[0], role: 'cp' as const };
  return { name: cp.file, cp, cps: docs.filter((d) => d !== cps[0]) };
}

/** The set the options ask for, or null when neither --set nor --as-set is given. */
export function setFor(opts: SetArgs, inputs: string[]): { set: PolicySet; config: LoadedConfig | null } | null {
  if (opts.set && opts.asSet) throw new UsageError('use either --set NAME or --as-set, not both');
  if (opts.set) {
    if (inputs.length) throw new UsageError(`--set ${opts.set} takes its files from .cpslint.yaml; give no files with it (or use --as-set FILE...)`);
    return configuredSet(opts.set, opts);
  }
  if (opts.asSet) return { set: setFromFiles(inputs), config: null };
  return null;
}
