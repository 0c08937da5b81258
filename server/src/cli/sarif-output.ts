/** `cpslint check --format sarif`: the SARIF log of the checked files, paths relative to the current directory. */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toSarif, type SarifLog } from '../service/sarif';
import type { DocumentModel, Finding } from '../service';
import type { Rule } from '../service/rules/types';

/** docs/rules.md of this installation, as a file URI, when it is there. */
function docsBase(): string | undefined {
  for (const p of [resolve(__dirname, '..', 'docs', 'rules.md'), resolve(__dirname, '..', '..', 'docs', 'rules.md')]) {
    if (existsSync(p)) return pathToFileURL(p).href;
  }
  return undefined;
}

export function sarifForCheck(
  results: { file: string; findings: Finding[]; model?: DocumentModel }[],
  rules: Rule[],
  opts: { version: string; asOf: string; programs?: string[]; cwd?: string },
): SarifLog {
  const cwd = opts.cwd ?? process.cwd();
  const rel = (file: string) => {
    const r = relative(cwd, resolve(cwd, file));
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : resolve(cwd, file);
  };
  // Rules of every configuration that was used, once each (the first definition of an id wins).
  const byId = new Map<string, Rule>();
  for (const r of rules) if (!byId.has(r.id)) byId.set(r.id, r);
  return toSarif(
    results.map((r) => ({ file: rel(r.file), findings: r.findings, model: r.model })),
    {
      rules: [...byId.values()],
      version: opts.version,
      srcRoot: pathToFileURL(cwd).href.replace(/\/?$/, '/'),
      docsBase: docsBase(),
      asOf: opts.asOf,
      programs: opts.programs,
    },
  );
}
