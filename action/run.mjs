#!/usr/bin/env node
// The GitHub Action's entry point (action.yml runs it after building the CLI).
//
// 1. `cpslint check` on the given paths, written as SARIF (for github/codeql-action/upload-sarif);
// 2. one workflow annotation per finding (::error / ::warning / ::notice file=…,line=…), so that
//    they show on the pull request's "Files changed" tab even without code scanning;
// 3. a Markdown job summary ($GITHUB_STEP_SUMMARY): counts per file, the errors and warnings, and,
//    on a pull request, `cpslint diff` of the base and head versions of every changed CP/CPS
//    (sections changed, commitments lost and gained, regressions);
// 4. step outputs ($GITHUB_OUTPUT): errors, warnings, notes, regressions, sarif-file.
// Exit 1 when findings reach `fail-on`, or on a regression with `fail-on-regression`; 2 when
// cpslint itself could not run (bad configuration, unreadable files).
//
// Inputs come as INPUT_<NAME> variables (action.yml passes them); everything else is the runner's
// usual GITHUB_* variables. It runs in GITHUB_WORKSPACE, so paths are relative to the repository.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const input = (name, fallback = '') => {
  const v = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
};
const bool = (name, fallback) => {
  const v = input(name, String(fallback)).toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new Error(`input ${name}: "${v}" is not true or false`);
};

const cwd = env.GITHUB_WORKSPACE || process.cwd();
const bin = env.CPSLINT_BIN || resolve(here, '..', 'bin', 'cpslint.js');

function cpslint(args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

function git(args) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.error || r.status !== 0 ? null : r.stdout;
}

// Workflow commands: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' };

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s) => '`' + String(s).replace(/`/g, "'") + '`';
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function main() {
  const paths = input('paths', '.').split(/\s*\n\s*|\s+/).filter(Boolean);
  const sarifFile = input('sarif-file', 'cpslint.sarif');
  const failOn = input('fail-on', 'error').toLowerCase();
  if (!['error', 'warning', 'never'].includes(failOn)) throw new Error(`input fail-on: "${failOn}" is not error, warning or never`);
  const annotate = bool('annotations', true);
  const diff = bool('diff', true);
  const failOnRegression = bool('fail-on-regression', false);
  const common = [];
  if (input('config')) common.push('--config', input('config'));
  if (input('as-of')) common.push('--as-of', input('as-of'));
  if (input('programs')) common.push('--program', input('programs'));

  // 1. The check, as SARIF (paths relative to the workspace, rule links over https).
  const check = cpslint(['check', ...paths, ...common, '--format', 'sarif', '-o', sarifFile]);
  if (check.stderr) process.stderr.write(check.stderr.replace(/^cpslint: wrote .*\n/m, ''));
  if (check.status === 2 || !existsSync(resolve(cwd, sarifFile))) {
    console.log(`::error title=cpslint::${escapeData(`cpslint could not check ${paths.join(' ')}: ${check.stderr.trim() || 'see the log'}`)}`);
    summary([`## cpslint`, '', `cpslint could not run:`, '', '```', check.stderr.trim(), '```', ''].join('\n'));
    return 2;
  }
  const log = JSON.parse(readFileSync(resolve(cwd, sarifFile), 'utf8'));
  const run = log.runs[0];
  const rules = new Map((run.tool.driver.rules ?? []).map((r) => [r.id, r]));
  const results = run.results ?? [];
  const byFile = new Map((run.artifacts ?? []).map((a) => [decodeURI(a.location.uri), { error: 0, warning: 0, note: 0 }]));
  const counts = { error: 0, warning: 0, note: 0 };
  const located = results.map((r) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const file = decodeURI(loc?.artifactLocation?.uri ?? '');
    const region = loc?.region ?? {};
    counts[r.level] = (counts[r.level] ?? 0) + 1;
    const f = byFile.get(file) ?? { error: 0, warning: 0, note: 0 };
    f[r.level]++;
    byFile.set(file, f);
    return { ...r, file, line: region.startLine ?? 1, col: region.startColumn ?? 1, endLine: region.endLine, endColumn: region.endColumn };
  });

  // 2. Annotations.
  if (annotate) {
    for (const r of located) {
      const src = r.properties?.source;
      const title = `${r.ruleId}${src ? ` (${src.document} ${src.version} §${src.section})` : ''}`;
      const props = [`file=${escapeProperty(r.file)}`, `line=${r.line}`, `col=${r.col}`];
      if (r.endLine && r.endLine !== r.line) props.push(`endLine=${r.endLine}`);
      else if (r.endColumn) props.push(`endColumn=${r.endColumn}`);
      props.push(`title=${escapeProperty(title)}`);
      console.log(`::${COMMAND[r.level] ?? 'notice'} ${props.join(',')}::${escapeData(r.message.text)}`);
    }
  }

  // 3. The job summary.
  const out = [];
  const mark = counts.error ? '❌' : counts.warning ? '⚠️' : '✅';
  out.push(`## ${mark} cpslint: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.note} info in ${plural(byFile.size, 'file')}`);
  out.push('');
  const asOf = run.properties?.asOf;
  out.push(`Checked ${paths.map(code).join(' ')}${asOf ? ` as of ${asOf}` : ''} with cpslint ${run.tool.driver.version ?? ''} (RFC 3647 outline, TLS Baseline Requirements, root-program policies).`);
  out.push('');
  if (byFile.size) {
    out.push('| File | Errors | Warnings | Info |', '|---|---:|---:|---:|');
    const rows = [...byFile].sort((a, b) => b[1].error - a[1].error || b[1].warning - a[1].warning || (a[0] < b[0] ? -1 : 1));
    for (const [file, c] of rows) out.push(`| ${code(file)} | ${c.error} | ${c.warning} | ${c.note} |`);
    out.push('');
  }
  const serious = located.filter((r) => r.level !== 'note');
  if (serious.length) {
    const MAX = 50;
    out.push(`<details${serious.length <= 20 ? ' open' : ''}><summary>${plural(serious.length, 'error or warning', 'errors and warnings')}</summary>`, '');
    out.push('| | Where | Finding | Rule |', '|---|---|---|---|');
    for (const r of serious.slice(0, MAX)) {
      const rule = rules.get(r.ruleId);
      const name = rule?.helpUri ? `[${code(r.ruleId)}](${rule.helpUri})` : code(r.ruleId);
      out.push(`| ${r.level === 'error' ? '❌' : '⚠️'} | ${code(`${r.file}:${r.line}`)} | ${cell(r.message.text)} | ${name} |`);
    }
    if (serious.length > MAX) out.push('', `…and ${serious.length - MAX} more (all of them are in ${code(sarifFile)}).`);
    out.push('', '</details>', '');
  }

  // On a pull request: what each changed CP/CPS changed, base against head.
  let regressions = 0;
  const event = readEvent();
  const base = event?.pull_request?.base?.sha;
  if (diff && base) {
    const changed = git(['diff', '--name-only', '--diff-filter=AM', base, 'HEAD', '--']);
    if (changed === null) {
      out.push(`> The base commit ${code(base.slice(0, 12))} is not in the checkout, so the versions were not compared. Check out with \`fetch-depth: 0\`.`, '');
    } else {
      const checked = new Set(byFile.keys());
      const docs = changed.split('\n').filter((f) => f && checked.has(f));
      const tmp = mkdtempSync(join(tmpdir(), 'cpslint-action-'));
      try {
        if (docs.length) out.push(`### Changes in this pull request`, '');
        for (const f of docs) {
          const old = git(['show', `${base}:${f}`]);
          if (old === null) {
            out.push(`${code(f)} is new in this pull request: no earlier version to compare.`, '');
            continue;
          }
          const oldFile = join(tmp, `base-${docs.indexOf(f)}.md`);
          writeFileSync(oldFile, old);
          const j = cpslint(['diff', oldFile, f, ...common, '--format', 'json']);
          if (j.status === 2) {
            out.push(`${code(f)}: cpslint diff failed: ${cell(j.stderr.trim())}`, '');
            continue;
          }
          const parsed = JSON.parse(j.stdout);
          regressions += parsed.commitments.regressions;
          const md = cpslint(['diff', oldFile, f, ...common, '--format', 'md']).stdout;
          // The base version was written to a temporary file: name it as the base commit's file.
          out.push(md.split(oldFile).join(`${f}@${base.slice(0, 7)}`).trimEnd(), '');
          if (parsed.commitments.regressions) out.push(`**${plural(parsed.commitments.regressions, 'regression')}** in ${code(f)}: errors or warnings that the base version did not have, or findings that became more severe.`, '');
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
  out.push(`<sub>SARIF for code scanning: ${code(sarifFile)} · [rules](${(rules.values().next().value?.helpUri ?? '').replace(/#.*$/, '') || 'https://github.com/cpslint/cpslint/blob/main/docs/rules.md'})</sub>`, '');
  summary(out.join('\n'));

  // 4. Outputs and the exit status.
  output({ errors: counts.error, warnings: counts.warning, notes: counts.note, regressions, 'sarif-file': sarifFile });
  const failed = (failOn === 'error' && counts.error > 0) || (failOn === 'warning' && counts.error + counts.warning > 0);
  if (failed) console.log(`::error title=cpslint::${escapeData(`${plural(counts.error, 'error')} and ${plural(counts.warning, 'warning')} (fail-on: ${failOn})`)}`);
  if (failOnRegression && regressions) console.log(`::error title=cpslint::${escapeData(`${plural(regressions, 'regression')} in this pull request (fail-on-regression)`)}`);
  return failed || (failOnRegression && regressions > 0) ? 1 : 0;
}

function readEvent() {
  if (env.GITHUB_EVENT_NAME !== 'pull_request' && env.GITHUB_EVENT_NAME !== 'pull_request_target') return null;
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return null;
  }
}

function summary(markdown) {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown.endsWith('\n') ? markdown : markdown + '\n');
  else process.stdout.write(markdown + '\n');
}

function output(values) {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
}

try {
  process.exitCode = main();
} catch (e) {
  console.log(`::error title=cpslint::${escapeData(e.message)}`);
  process.exitCode = 2;
}
