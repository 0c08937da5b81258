/** `cpslint check --format sarif`: the SARIF log of the checked files, paths relative to the current directory. */
import { isAbsolute, relative, resolve } from 'node:path';
import { HOMEPAGE, RULES_DOC_BASE_URL } from '../meta';
import { toSarif, type SarifLog } from '../service/sarif';
import type { DocumentModel, Finding } from '../service';
import type { Rule } from '../service/rules/types';

export function sarifForCheck(
  results: { file: string; findings: Finding[]; model?: DocumentModel }[],
  rules: Rule[],
  opts: { version: string; asOf: string; programs?: string[]; cwd?: string; docsBase?: string },
): SarifLog {
  const cwd = opts.cwd ?? process.cwd();
  const rel = (file: string) => {
    // Relative even when outside the current directory (../x.md): never a path of this machine.
    const r = relative(cwd, resolve(cwd, file));
    return r && !isAbsolute(r) ? r.split('\\').join('/') : resolve(cwd, file);
  };
  // Rules of every configuration that was used, once each (the first definition of an id wins).
  const byId = new Map<string, Rule>();
  for (const r of rules) if (!byId.has(r.id)) byId.set(r.id, r);
  return toSarif(
    results.map((r) => ({ file: rel(r.file), findings: r.findings, model: r.model })),
    {
      rules: [...byId.values()],
      version: opts.version,
      // %SRCROOT% is the current directory; its absolute path is not written into the log.
      srcRoot: '',
      docsBase: opts.docsBase ?? RULES_DOC_BASE_URL,
      informationUri: HOMEPAGE,
      asOf: opts.asOf,
      programs: opts.programs,
    },
  );
}
