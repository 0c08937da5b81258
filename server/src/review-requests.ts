/**
 * cpslint's own requests, used by the VS Code client's review and workspace commands:
 *   cpslint/review    {uri, format?}  -> the compliance review of an open or on-disk document
 *   cpslint/checkFile {uri}           -> check one file (open or on disk), publish its diagnostics
 * Thin glue: the review and the checks come from the pure service.
 */
import { VERSION } from './meta';
import type { Connection, CancellationToken } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { parseDocument, checkDocument, todayIso, type DocumentModel, type Finding } from './service';
import { buildReview } from './service/review/build';
import { reviewToHtml } from './service/review/html';
import { reviewToMarkdown } from './service/review/markdown';
import type { Severity } from './service/findings';
import type { Rule } from './service/rules/types';
import { readText } from './cli/io';

export interface CheckOptionsFor {
  asOf: string | null;
  programs: string[];
  rules: Record<string, Severity | 'off'>;
  packs: Rule[] | undefined;
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

function fileText(uri: string): string {
  const u = URI.parse(uri);
  if (u.scheme !== 'file') throw new Error(`${uri}: only files on disk can be read`);
  return readText(u.fsPath);
}

export function registerReviewRequests(host: ReviewHost): void {
  const { connection } = host;

  connection.onRequest('cpslint/review', async (params: ReviewParams, token: CancellationToken): Promise<ReviewResult> => {
    try {
      let model = host.openModel(params.uri);
      if (!model) model = parseDocument(fileText(params.uri));
      if (token.isCancellationRequested) return { ok: false, message: 'cancelled' };
      if (!(await host.isActive(params.uri, model.text))) return { ok: false, message: 'This document is not a CP/CPS that cpslint checks (see cpslint.files.include to add it).' };
      const o = await host.options(params.uri);
      const asOf = o.asOf ?? todayIso();
      const u = URI.parse(params.uri);
      const review = buildReview(model, { file: u.scheme === 'file' ? u.fsPath : params.uri, asOf, programs: o.programs, severity: o.rules, rules: o.packs, toolVersion: VERSION });
      const counts = { errors: review.counts.errors, warnings: review.counts.warnings, info: review.counts.info };
      const base = { ok: true, verdict: review.verdict.label, counts, asOf };
      const link = (line: number) => revealLink(params.uri, line);
      const docsBase = `command:vscode.open?${encodeURIComponent(JSON.stringify([host.docsBase]))}`;
      if (params.format === 'json') return { ...base, review };
      if (params.format === 'markdown') return { ...base, markdown: reviewToMarkdown(review, { link, docsBase }) };
      return { ...base, html: reviewToHtml(review, { link, docsBase, csp: "default-src 'none'; style-src 'unsafe-inline'" }) };
    } catch (e) {
      connection.console.error(`cpslint: review of ${params.uri} failed: ${(e as Error).stack ?? e}`);
      return { ok: false, message: (e as Error).message };
    }
  });

  connection.onRequest('cpslint/checkFile', async (params: { uri: string }, token: CancellationToken): Promise<CheckFileResult> => {
    const none = { uri: params.uri, cps: false, errors: 0, warnings: 0, info: 0 };
    try {
      const open = host.openModel(params.uri);
      const text = open ? open.text : fileText(params.uri);
      if (token.isCancellationRequested || !(await host.isActive(params.uri, text))) return none;
      const model = open ?? parseDocument(text);
      const o = await host.options(params.uri);
      const findings = checkDocument(model, { asOf: o.asOf ?? todayIso(), programs: o.programs, severity: o.rules, rules: o.packs });
      // Open documents get their diagnostics from the normal (versioned) validation.
      if (!open) host.publish(params.uri, findings);
      const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
      return { uri: params.uri, cps: true, errors: n('error'), warnings: n('warning'), info: n('info') };
    } catch (e) {
      return { ...none, message: (e as Error).message };
    }
  });
}
