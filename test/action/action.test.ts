/**
 * The GitHub Action's entry point (action/run.mjs), run as a runner would run it: in a temporary
 * Git repository with a base commit and a pull-request head, the GITHUB_* variables a runner sets
 * (event payload, step summary, outputs), and the built CLI. Checks the SARIF it writes, the
 * annotations on stdout, the Markdown job summary (counts, findings, the base-to-head comparison) and
 * the exit status. Skipped without git.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, skeleton } from '../unit/model-skeleton';

const hasGit = !spawnSync('git', ['--version']).error;
let repo = '';
let base = '';

function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function action(inputs: Record<string, string>, event: 'pull_request' | 'push' = 'pull_request') {
  const runner = mkdtempSync(join(tmpdir(), 'cpslint-runner-'));
  const summary = join(runner, 'summary.md');
  const output = join(runner, 'output.txt');
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event === 'pull_request' ? { pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: git('rev-parse', 'HEAD') } } } : { ref: 'refs/heads/main' }));
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: repo, GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: eventPath, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, GITHUB_REPOSITORY: 'example/policies', GITHUB_SHA: git('rev-parse', 'HEAD') };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [join(ROOT, 'action', 'run.mjs')], { cwd: repo, encoding: 'utf8', env, timeout: 120_000 });
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
  const res = { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: read(summary), outputs: Object.fromEntries(read(output).split('\n').filter(Boolean).map((l) => l.split('=', 2))) };
  rmSync(runner, { recursive: true, force: true });
  return res;
}

before(() => {
  if (!hasGit) return;
  repo = mkdtempSync(join(tmpdir(), 'cpslint-action-repo-'));
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'policy'));
  writeFileSync(join(repo, 'policy', 'cps.md'), skeleton());
  writeFileSync(join(repo, 'README.md'), '# Our policies\n\nSee policy/.\n');
  writeFileSync(join(repo, '.cpslint.yaml'), 'asOf: 2026-11-25\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  base = git('rev-parse', 'HEAD');
  // The pull request drops chapter 5 and adds a second, untouched document.
  writeFileSync(join(repo, 'policy', 'cps.md'), skeleton({ omit: ['5'] }));
  git('commit', '-qam', 'drop chapter 5');
});
after(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

test('on a pull request: SARIF, annotations, a summary with the comparison, outputs, exit 1 on errors', { skip: !hasGit && 'git is not available' }, () => {
  const r = action({ paths: 'policy', 'fail-on-regression': 'true' });
  assert.equal(r.status, 1, r.stderr + r.stdout);
  // SARIF with paths relative to the repository and https rule links.
  const log = JSON.parse(readFileSync(join(repo, 'cpslint.sarif'), 'utf8'));
  assert.equal(log.version, '2.1.0');
  const results = log.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  assert.ok(results.length > 0);
  for (const x of results) assert.equal(x.locations[0].physicalLocation.artifactLocation.uri, 'policy/cps.md');
  assert.ok(!JSON.stringify(log).includes(repo), 'no absolute path of the runner in the SARIF');
  // One annotation per finding, with file and line; the missing chapter is an error.
  const annotations = r.stdout.split('\n').filter((l) => /^::(error|warning|notice) file=/.test(l));
  assert.equal(annotations.length, results.length);
  assert.ok(annotations.some((l) => /^::error file=policy\/cps\.md,line=\d+,col=\d+.*title=cps-missing-section \(MRSP 3\.1 §3\.3\)::Section 5 \(/.test(l)), annotations.join('\n'));
  for (const l of annotations) assert.ok(!/\n|\r/.test(l.slice(2)));
  // The job summary: counts, the findings, and the base-to-head comparison of the changed document.
  const errors = results.filter((x) => x.level === 'error').length;
  assert.match(r.summary, new RegExp(`^## ❌ cpslint: ${errors} errors?, `, 'm'));
  assert.match(r.summary, /\| `policy\/cps\.md` \| \d+ \| \d+ \| \d+ \|/);
  assert.match(r.summary, /\[`cps-missing-section`\]\(https:\/\/github\.com\/cpslint\/cpslint\/blob\/v[\d.]+\/docs\/rules\.md#cps-missing-section\)/);
  assert.match(r.summary, /### Changes in this pull request/);
  assert.match(r.summary, /## Changes from `policy\/cps\.md@[0-9a-f]{7}` to `policy\/cps\.md`/);
  assert.match(r.summary, /\| 5 \| .* \| removed \|/);
  assert.match(r.summary, /\*\*Lost\*\* \(findings new in this version\): [1-9]/);
  assert.match(r.summary, /\*\*\d+ regressions?\*\* in `policy\/cps\.md`/);
  assert.ok(!r.summary.includes(tmpdir()), 'the temporary base file is not named in the summary');
  assert.equal(r.outputs.errors, String(errors));
  assert.ok(Number(r.outputs.regressions) > 0);
  assert.equal(r.outputs['sarif-file'], 'cpslint.sarif');
  assert.match(r.stdout, /::error title=cpslint::\d+ regressions? in this pull request/);
});

test('on a push: no comparison; fail-on never passes; bad inputs and a broken configuration are reported', { skip: !hasGit && 'git is not available' }, () => {
  const r = action({ paths: 'policy', 'fail-on': 'never', annotations: 'false' }, 'push');
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.summary, /Changes in this pull request/);
  assert.ok(!r.stdout.includes('::error file='), 'annotations off');
  const bad = action({ paths: 'policy', 'fail-on': 'sometimes' }, 'push');
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /::error title=cpslint::input fail-on: "sometimes"/);
  writeFileSync(join(repo, '.cpslint.yaml'), 'asOf: 2026-11-25\nfrobnicate: 1\n');
  try {
    const broken = action({ paths: 'policy' }, 'push');
    assert.equal(broken.status, 2);
    assert.match(broken.summary, /cpslint could not run/);
    assert.match(broken.summary, /\.cpslint\.yaml:2: unknown key "frobnicate"/);
  } finally {
    writeFileSync(join(repo, '.cpslint.yaml'), 'asOf: 2026-11-25\n');
  }
});

test('action.yml runs action/run.mjs with every input it declares', () => {
  const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const inputs = [...yml.slice(yml.indexOf('inputs:'), yml.indexOf('outputs:')).matchAll(/^ {2}([\w-]+):$/gm)].map((m) => m[1]);
  assert.ok(inputs.length >= 5);
  for (const i of inputs) assert.match(yml, new RegExp(`INPUT_${i.toUpperCase()}: \\$\\{\\{ inputs\\.${i} \\}\\}`), i);
  assert.match(yml, /node "\$\{\{ github\.action_path \}\}\/action\/run\.mjs"/);
  const run = readFileSync(join(ROOT, 'action', 'run.mjs'), 'utf8');
  for (const i of inputs) assert.ok(run.includes(`'${i}'`), `run.mjs reads ${i}`);
});
