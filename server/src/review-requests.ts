/**
 * cpslint's own requests, used by the VS Code client's review and workspace commands:
 *   cpslint/review    {uri, format?}  -> the compliance review of an open or on-disk document
 *   cpslint/checkFile {uri}           -> check one file (open or on disk), publish its diagnostics
 * Thin glue: the review and the checks come from the pure service.
 */
import { VERSION } from './meta';
import type { Connection, CancellationToken, ResponseError } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { parseDocument, checkDocument, todayIso, type DocumentModel, type Finding } from './service';
import { buildReview } from './service/review/build';
import { reviewToHtml } from './service/review/html';
import { reviewToMarkdown } from './service/review/markdown';
import type { Severity } from './service/findings';
import type { Rule } from './service/rules/types';
import { readText } from './cli/io';
import { builtinRules } from './service/rules/builtin';
import { evaluateRules } from './service/rules/run';
import { checkPolicySet, type PolicySet } from './service/policy-set';
import { selfAssessment, assessmentHtml, type AssessedDocument, type AssessmentRow } from './service/self-assessment';
import { readTextSafe } from './safe-read';
import { documentOverLimit, type Limits } from './service/limits';

export interface CheckOptionsFor {
  asOf: string | null;
  programs: string[];
  rules: Record<string, Severity | 'off'>;
  packs: Rule[] | undefined;
  patternBudgetMs?: number;
}

export interface ReviewHost {
  connection: Connection;
  /** The model of an open document (current version), or null when it is not open. */
  openModel(uri: string): DocumentModel | null;
  /** Whether cpslint handles this text at this URI (detector, include/exclude, `.cpslint.yaml`). */
  isActive(uri: string, text: string): Promise<boolean>;
  options(uri: string): Promise<CheckOptionsFor>;
  /** Publish diagnostics for a document that is not open. */
  publish(uri: string, findings: Finding[]): void;
  /** Base of the rule documentation links. */
  docsBase: string;
  /** The policy set an open document belongs to, if any. */
  setFor?(uri: string, model: DocumentModel): PolicySet | null;
  /** Whether a file on disk may be read (inside the workspace folders). */
  mayRead(path: string): boolean;
  limits: Limits;
  invalidParams(message: string): ResponseError<void>;
}

export interface ReviewParams {
  uri: string;
  format?: 'html' | 'markdown' | 'json';
}

export interface ReviewResult {
  ok: boolean;
  message?: string;
  html?: string;
  markdown?: string;
  verdict?: string;
  counts?: { errors: number; warnings: number; info: number };
  asOf?: string;
  /** The review data (format json). */
  review?: unknown;
}

export interface CheckFileResult {
  uri: string;
  cps: boolean;
  errors: number;
  warnings: number;
  info: number;
  message?: string;
}

/** Evidence links in the webview: a command that opens the document at the line. */
export function revealLink(uri: string, line: number): string {
  return `command:cpslint.revealLine?${encodeURIComponent(JSON.stringify([uri, line]))}`;
}

/** A document on disk: only a regular file inside the workspace folders, within the limits. */
function fileText(host: ReviewHost, uri: string): string {
  const u = URI.parse(uri);
  if (u.scheme !== 'file') throw new Error(`${uri}: only files on disk can be read`);
  if (!host.mayRead(u.fsPath)) throw new Error(`${u.fsPath}: outside the workspace folders; the language server reads no files there`);
  const text = readTextSafe(u.fsPath, { maxBytes: host.limits.maxDocumentBytes, what: 'file', limitName: 'maxDocumentBytes' });
  const over = documentOverLimit(text, host.limits);
  if (over) throw new Error(`${u.fsPath}: not checked: ${over}`);
  return text;
}

/** Why `{uri, format?}` is malformed, or null. */
function uriProblem(params: unknown, formats?: string[]): string | null {
  const p = params as { uri?: unknown; format?: unknown } | null;
  if (!p || typeof p !== 'object') return 'the request needs parameters {uri}';
  if (typeof p.uri !== 'string' || !p.uri) return 'uri must be a non-empty string';
  try {
    URI.parse(p.uri, true);
  } catch {
    return 'uri is not a valid URI';
  }
  if (formats && p.format !== undefined && !formats.includes(p.format as string)) return `format must be one of ${formats.join(', ')}`;
  return null;
}

export function registerReviewRequests(host: ReviewHost): void {
  const { connection } = host;

  connection.onRequest('cpslint/review', async (params: ReviewParams, token: CancellationToken): Promise<ReviewResult | ResponseError<void>> => {
    const problem = uriProblem(params, ['html', 'markdown', 'json']);
    if (problem) return host.invalidParams(`cpslint/review: ${problem}`);
    try {
      let model = host.openModel(params.uri);
      if (!model) model = parseDocument(fileText(host, params.uri));
      if (token.isCancellationRequested) return { ok: false, message: 'cancelled' };
      if (!(await host.isActive(params.uri, model.text))) return { ok: false, message: 'This document is not a CP/CPS that cpslint checks (see cpslint.files.include to add it).' };
      const o = await host.options(params.uri);
      const asOf = o.asOf ?? todayIso();
      const u = URI.parse(params.uri);
      const review = buildReview(model, { file: u.scheme === 'file' ? u.fsPath : params.uri, asOf, programs: o.programs, severity: o.rules, rules: o.packs, toolVersion: VERSION, patternBudgetMs: o.patternBudgetMs });
      const counts = { errors: review.counts.errors, warnings: review.counts.warnings, info: review.counts.info };
      const base = { ok: true, verdict: review.verdict.label, counts, asOf };
      const link = (line: number) => revealLink(params.uri, line);
      const docsBase = `command:vscode.open?${encodeURIComponent(JSON.stringify([host.docsBase]))}`;
      if (params.format === 'json') return { ...base, review };
      if (params.format === 'markdown') return { ...base, markdown: reviewToMarkdown(review, { link, docsBase }) };
      return { ...base, html: reviewToHtml(review, { link, docsBase, csp: "default-src 'none'; style-src 'unsafe-inline'" }) };
    } catch (e) {
      connection.console.error(`cpslint: review of ${params.uri} failed: ${(e as Error).message}`);
      return { ok: false, message: (e as Error).message };
    }
  });

  connection.onRequest('cpslint/selfAssessment', async (params: { uri: string }, token: CancellationToken): Promise<{ ok: boolean; message?: string; html?: string; rows?: AssessmentRow[]; title?: string } | ResponseError<void>> => {
    const problem = uriProblem(params);
    if (problem) return host.invalidParams(`cpslint/selfAssessment: ${problem}`);
    try {
      const model = host.openModel(params.uri) ?? parseDocument(fileText(host, params.uri));
      if (token.isCancellationRequested) return { ok: false, message: 'cancelled' };
      if (!(await host.isActive(params.uri, model.text))) return { ok: false, message: 'This document is not a CP/CPS that cpslint checks (see cpslint.files.include to add it).' };
      const o = await host.options(params.uri);
      const asOf = o.asOf ?? todayIso();
      const u = URI.parse(params.uri);
      const file = u.scheme === 'file' ? u.fsPath : params.uri;
      const set = host.setFor?.(params.uri, model) ?? null;
      let docs: AssessedDocument[];
      let title: string;
      if (set) {
        const r = checkPolicySet(set, { asOf, programs: o.programs, severity: o.rules, rules: o.packs });
        docs = r.documents.map((d) => ({ file: d.file, model: d.model, role: d.role, results: d.results }));
        title = `policy set ${set.name} (CP ${set.cp.file}; CPS ${set.cps.map((c) => c.file).join(', ')}), as of ${asOf}`;
      } else {
        docs = [{ file, model, role: 'cps', results: evaluateRules(model, o.packs ?? builtinRules().rules, { asOf, programs: o.programs, severityOverrides: o.rules }) }];
        title = `${file}, as of ${asOf}`;
      }
      const rows = selfAssessment(docs);
      const uriOf = (f: string) => (f === file ? params.uri : URI.file(f).toString());
      return { ok: true, rows, title, html: assessmentHtml(rows, title, (f, line) => revealLink(uriOf(f), line)) };
    } catch (e) {
      connection.console.error(`cpslint: self-assessment of ${params.uri} failed: ${(e as Error).stack ?? e}`);
      return { ok: false, message: (e as Error).message };
    }
  });

  connection.onRequest('cpslint/checkFile', async (params: { uri: string }, token: CancellationToken): Promise<CheckFileResult | ResponseError<void>> => {
    const problem = uriProblem(params);
    if (problem) return host.invalidParams(`cpslint/checkFile: ${problem}`);
    const none = { uri: params.uri, cps: false, errors: 0, warnings: 0, info: 0 };
    try {
      const open = host.openModel(params.uri);
      const text = open ? open.text : fileText(host, params.uri);
      if (token.isCancellationRequested || !(await host.isActive(params.uri, text))) return none;
      const model = open ?? parseDocument(text);
      const o = await host.options(params.uri);
      const findings = checkDocument(model, { asOf: o.asOf ?? todayIso(), programs: o.programs, severity: o.rules, rules: o.packs, patternBudgetMs: o.patternBudgetMs });
      // Open documents get their diagnostics from the normal (versioned) validation.
      if (!open) host.publish(params.uri, findings);
      const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
      return { uri: params.uri, cps: true, errors: n('error'), warnings: n('warning'), info: n('info') };
    } catch (e) {
      return { ...none, message: (e as Error).message };
    }
  });
}
