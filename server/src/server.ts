/**
 * The cpslint language server: thin glue over the pure language service. It owns the open
 * documents, per-version model caches, coalesced diagnostics, cancellation, settings and the
 * workspace index; every answer is computed by server/src/service.
 */
import { setFlagsFromString, getHeapSpaceStatistics } from 'node:v8';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { dropTextCaches } from './service/rules/pipeline/match';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  CodeAction,
  CodeActionKind,
  InitializeParams,
  DidChangeConfigurationNotification,
  CancellationToken,
  ResponseError,
  ErrorCodes,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  parseDocument,
  documentSymbols,
  foldingRanges,
  definition,
  hover,
  documentLinks,
  workspaceSymbols,
  checkDocument,
  fixAllEdits,
  unattendedFixEdits,
  todayIso,
  DocumentModel,
  Finding,
} from './service';
import { docUrl } from './service/findings';
// Workspace edits cannot carry snippets in LSP 3.17: placeholders become their default text.
import { stripSnippet } from './service/rules/fixes';
import { Settings, DEFAULT_SETTINGS, normalizeSettings, isCpsDocument } from './settings';
import { WorkspaceIndex } from './workspace-index';
import { loadConfigFile, loadConfigFor, matchesConfigGlobs, LoadedConfig, rulesForConfig } from './config-files';
import type { Rule } from './service/rules/types';
import { registerReviewRequests } from './review-requests';
import { setForDocument, setPartners, type SetHost } from './policy-sets';
import { checkPolicySet } from './service/policy-set';
import { envLimits } from './limits-env';
import { documentOverLimit, raiseHint } from './service/limits';
import { isInside, realFolder } from './safe-read';

const connection = createConnection(ProposedFeatures.all);
const limits = envLimits().limits;
/**
 * Open documents. A change whose version is not newer than the document's is stale (sent out of
 * order, or replayed): it is ignored, so no edit or diagnostic is ever computed on top of it.
 */
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update: (doc, changes, version) => {
    if (version <= doc.version) {
      connection.console.warn(`cpslint: ignored a change to ${doc.uri} with version ${version}, not newer than ${doc.version}`);
      return doc;
    }
    return TextDocument.update(doc, changes, version);
  },
});
import { VERSION, rulesDocBase, RULES_DOC_BASE_URL } from './meta';

let hasConfigurationCapability = false;
let initSettings: Settings = DEFAULT_SETTINGS;
const settingsCache = new Map<string, Promise<Settings>>();
let workspaceFolders: string[] = [];
/**
 * Whether the workspace is trusted (VS Code's Restricted Mode sends false). Untrusted: the
 * workspace's rule packs are not loaded; the built-in checks run. Clients that say nothing are
 * trusted, as before.
 */
let trusted = true;
const index = new WorkspaceIndex((msg) => connection.console.log(msg), envLimits().limits);

/** Per-URI cache of the model for one document version. */
const models = new Map<string, { version: number; model: DocumentModel }>();
/** Findings (with their fixes) per URI and version, for code actions. */
const findingsCache = new Map<string, { version: number; findings: Finding[] }>();

/** Documents over a limit (characters, lines, longest line) are not parsed: one information diagnostic says so. */
const EMPTY_MODEL = parseDocument('');
const overLimit = new Map<string, { version: number; why: string | null }>();

function tooLarge(doc: TextDocument): string | null {
  const hit = overLimit.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.why;
  const why = documentOverLimit(doc.getText(), limits);
  overLimit.set(doc.uri, { version: doc.version, why });
  return why;
}

function modelFor(doc: TextDocument): DocumentModel {
  const hit = models.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.model;
  if (tooLarge(doc)) return EMPTY_MODEL;
  // Incremental: only the top-level chunks the edits touched are re-parsed (identical to a full parse).
  const model = parseDocument(doc.getText(), hit?.model);
  models.set(doc.uri, { version: doc.version, model });
  return model;
}

/**
 * Counters for the benchmark and for diagnosing latency (request `cpslint/debug/stats`):
 * validations started, models and findings computed, results computed for a version that was
 * superseded before they could be published (work wasted), publications, the last validation's
 * parse and check times (lastParseMs, lastCheckMs; lastCostMs is their sum).
 */
const stats = { scheduled: 0, validations: 0, parsed: 0, checked: 0, staleComputed: 0, skippedStale: 0, published: 0, lastCostMs: 0, lastParseMs: 0, lastCheckMs: 0, debounceMs: 0 };

async function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return initSettings;
  let p = settingsCache.get(uri);
  if (!p) {
    p = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'cpslint' })
      .then((raw) => normalizeSettings(raw, (m) => connection.console.warn(m)))
      .catch(() => initSettings)
      .then((s) => {
        configFileByUri.set(uri, s.configFile);
        return s;
      });
    settingsCache.set(uri, p);
  }
  return p;
}

/** `cpslint.configFile` per document URI, as its settings last said (settingsFor records it). */
const configFileByUri = new Map<string, string>();

/** `cpslint.configFile` as an absolute path: relative paths start at the document's workspace folder. */
function configFileSetting(uri: string, path: string): string | null {
  const setting = configFileByUri.get(uri) ?? (hasConfigurationCapability ? '' : initSettings.configFile);
  if (!setting) return null;
  if (isAbsolute(setting)) return setting;
  const folder = workspaceFolders.find((f) => {
    const r = relative(f, path);
    return r && !r.startsWith('..') && !isAbsolute(r);
  });
  return resolve(folder ?? workspaceFolders[0] ?? process.cwd(), setting);
}

/** Links of the diagnostics' codes: cpslint.rulesDocBaseUrl, else the published rule documentation. */
const reportedDocBase = new Set<string>();
function docsBaseOf(s: Settings): string {
  const r = rulesDocBase(s.rulesDocBaseUrl);
  if (r.problem && !reportedDocBase.has(r.problem)) {
    reportedDocBase.add(r.problem);
    connection.console.warn(`cpslint: setting cpslint.rulesDocBaseUrl: ${r.problem}`);
  }
  return r.base;
}
let lastDocsBase = RULES_DOC_BASE_URL;

/**
 * The `.cpslint.yaml` that applies to a document (file URIs only), reloaded when it changes:
 * the file `cpslint.configFile` names, else the nearest one above the document.
 */
const configCache = new Map<string, { at: number; loaded: LoadedConfig }>();
const reportedConfigErrors = new Set<string>();
function configFor(uri: string): LoadedConfig | null {
  let path: string;
  try {
    const u = URI.parse(uri);
    if (u.scheme !== 'file') return null;
    path = u.fsPath;
  } catch {
    return null;
  }
  const fixed = configFileSetting(uri, path);
  const cacheKey = `${fixed ?? ''}\u0000${path}`;
  const hit = configCache.get(cacheKey);
  if (hit && Date.now() - hit.at < 2000) return hit.loaded;
  // Never outside the workspace folders (with none open, only the document's own folder); a
  // cpslint.configFile outside them is not read either.
  const inWorkspace = (p: string) => workspaceFolders.some((f) => isInside(realFolder(p), realFolder(f)));
  if (fixed && !inWorkspace(fixed)) connection.console.warn(`cpslint: cpslint.configFile ${fixed} is outside the workspace folders; not read`);
  const loaded = fixed && inWorkspace(fixed) ? loadConfigFile(fixed) : loadConfigFor(path, workspaceFolders);
  configCache.set(cacheKey, { at: Date.now(), loaded });
  const key = `${loaded.file}:${loaded.errors.join('|')}`;
  if (loaded.errors.length && !reportedConfigErrors.has(key)) {
    reportedConfigErrors.add(key);
    for (const e of loaded.errors) connection.console.warn(`cpslint: ${e}`);
    void connection.window.showWarningMessage(`cpslint: ${loaded.errors[0]}${loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more; see the cpslint output)` : ''}`);
  }
  return loaded;
}

/** Rules per configuration file (built-in packs plus its rulePacks), rebuilt when the config is reloaded. */
const rulesCache = new WeakMap<LoadedConfig, Rule[]>();
let restrictedNoticeShown = false;
function rulesFor(uri: string): Rule[] | undefined {
  const c = configFor(uri);
  if (!c?.file || !c.config.rulePacks?.length) return undefined;
  if (!trusted) {
    if (!restrictedNoticeShown) {
      restrictedNoticeShown = true;
      connection.console.warn(`cpslint: Restricted Mode: the rule packs named by ${c.file} are not loaded; only the built-in rules run. Trust the workspace to use them.`);
    }
    return undefined;
  }
  let r = rulesCache.get(c);
  if (!r) {
    const res = rulesForConfig(c, { within: workspaceFolders.length ? workspaceFolders : [c.dir], outsideHint: 'the language server reads only files inside the workspace folders' });
    r = res.rules;
    rulesCache.set(c, r);
    const key = `packs:${c.file}:${res.errors.join('|')}`;
    if (res.errors.length && !reportedConfigErrors.has(key)) {
      reportedConfigErrors.add(key);
      for (const e of res.errors) connection.console.warn(`cpslint: ${e}`);
      void connection.window.showWarningMessage(`cpslint: ${res.errors[0]}`);
    }
  }
  return r;
}

/** Editor settings layered over the project's `.cpslint.yaml`. */
async function effectiveSettings(uri: string): Promise<Settings> {
  const s = await settingsFor(uri);
  const c = configFor(uri);
  if (!c?.file) return s;
  return {
    ...s,
    asOf: s.asOf ?? c.config.asOf ?? null,
    programs: c.config.programs && s.programs.length === DEFAULT_SETTINGS.programs.length ? c.config.programs : s.programs,
    rules: { ...(c.config.rules ?? {}), ...s.rules },
  };
}

async function isActive(doc: TextDocument): Promise<boolean> {
  const s = await settingsFor(doc.uri);
  const c = configFor(doc.uri);
  if (c?.file) {
    const path = URI.parse(doc.uri).fsPath;
    if (matchesConfigGlobs(c, path, c.config.ignore)) return false;
    if (s.enable && matchesConfigGlobs(c, path, c.config.include)) return true;
  }
  return isCpsDocument(doc.uri, doc.getText(), s, workspaceFolders);
}

connection.onInitialize((params: InitializeParams) => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  const init = (params.initializationOptions ?? {}) as { settings?: unknown; trusted?: unknown };
  initSettings = normalizeSettings(init.settings ?? {}, () => {});
  trusted = init.trusted !== false;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (!workspaceFolders.length && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'cpslint' },
      foldingRangeProvider: true,
      definitionProvider: true,
      hoverProvider: true,
      documentLinkProvider: { resolveProvider: false },
      workspaceSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    },
    serverInfo: { name: 'cpslint', version: VERSION },
  };
});

connection.onInitialized(() => {
  for (const e of envLimits().errors) connection.console.warn(`cpslint: ${e}`);
  if (hasConfigurationCapability) connection.client.register(DidChangeConfigurationNotification.type, { section: 'cpslint' }).catch(() => {});
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  if (!hasConfigurationCapability) initSettings = normalizeSettings((change.settings as { cpslint?: unknown })?.cpslint ?? {}, () => {});
  for (const d of documents.all()) schedule(d, 0);
});

// --------------------------------------------------------------------------------------------
// Diagnostics: checked per document as soon as nothing else runs for it, computed only for the latest version.

const timers = new Map<string, NodeJS.Timeout>();
/**
 * Scheduling: a change is checked at once when no check of that document is running (a fixed
 * delay before every check added its length to every keystroke's latency), and changes that arrive
 * while one runs are coalesced into one check of the newest version after it. validate() drops its
 * work as soon as a newer version has arrived (between the parse and the checks, and before
 * publishing), and diagnostics are only ever published for the document's current version.
 */
const DEBOUNCE_MS = 0;
/** Documents with a check running, and those changed meanwhile (checked again when it ends). */
const running = new Set<string>();
const again = new Set<string>();

function schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
  stats.scheduled++;
  stats.debounceMs = delay;
  const uri = doc.uri;
  if (running.has(uri)) {
    again.add(uri);
    return;
  }
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      void validateLatest(uri);
    }, delay),
  );
}

/** Checks the document's current version; when it changed meanwhile, checks the newest version next. */
async function validateLatest(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  running.add(uri);
  try {
    await validate(uri, doc.version);
  } finally {
    running.delete(uri);
    const next = again.delete(uri) ? documents.get(uri) : undefined;
    if (next && findingsCache.get(uri)?.version !== next.version) schedule(next, 0);
  }
}

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function toDiagnostic(f: Finding, uri: string, docsBase: string = RULES_DOC_BASE_URL): Diagnostic {
  const src = `${f.source.document} ${f.source.version} §${f.source.section}`;
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docUrl(f.code, docsBase) },
    source: 'cpslint',
    message: `${f.message} (${src})`,
    data: { source: f.source },
  };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  if (f.tags?.includes('unnecessary')) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/** Let queued messages (a newer didChange, a cancellation) be read before and between the expensive steps. */
function yieldToMessages(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

function isLatest(uri: string, version: number): boolean {
  return documents.get(uri)?.version === version;
}

/** One information diagnostic (and one message per document) instead of findings. */
const notifiedLimits = new Set<string>();
function limitDiagnostic(uri: string, version: number, message: string): void {
  findingsCache.delete(uri);
  connection.sendDiagnostics({ uri, version, diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: 'cpslint', message }] });
  stats.published++;
  if (!notifiedLimits.has(uri)) {
    notifiedLimits.add(uri);
    connection.console.warn(`${message} (${uri})`);
    void connection.window.showInformationMessage(message);
  }
}

async function validate(uri: string, version: number): Promise<void> {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return;
  stats.validations++;
  try {
    if (!(await isActive(doc))) {
      findingsCache.delete(uri);
      connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const settings = await effectiveSettings(uri);
    await yieldToMessages();
    const current = documents.get(uri);
    if (!current || current.version !== version) return void stats.skippedStale++;
    const over = tooLarge(current);
    if (over) return limitDiagnostic(uri, version, `cpslint: this document is not checked: ${over}.`);
    const t0 = performance.now();
    const model = modelFor(current);
    stats.parsed++;
    if (model.parseError) return limitDiagnostic(uri, version, `cpslint: this document is not checked: ${model.parseError}.`);
    const t1 = performance.now();
    await yieldToMessages();
    if (!isLatest(uri, version)) return void stats.skippedStale++;
    const t2 = performance.now();
    const set = setForDocument(setHost, uri, model);
    const checkOptions = { asOf: settings.asOf ?? todayIso(), programs: settings.programs, severity: settings.rules, rules: rulesFor(uri), patternBudgetMs: limits.patternBudgetMs };
    let findings = set ? checkPolicySet(set, { ...checkOptions, only: model }).documents.find((d) => d.model === model)?.findings ?? checkDocument(model, checkOptions) : checkDocument(model, checkOptions);
    if (findings.length > limits.maxFindings) {
      connection.console.warn(`cpslint: ${uri}: ${findings.length} findings; the first ${limits.maxFindings} are shown (${raiseHint('maxFindings')})`);
      findings = findings.slice(0, limits.maxFindings);
    }
    stats.checked++;
    const t3 = performance.now();
    stats.lastParseMs = t1 - t0;
    stats.lastCheckMs = t3 - t2;
    stats.lastCostMs = t1 - t0 + (t3 - t2);
    await yieldToMessages();
    // Computed for a version that was superseded meanwhile: count the waste, publish nothing.
    if (!isLatest(uri, version)) return void stats.staleComputed++;
    findingsCache.set(uri, { version, findings });
    lastDocsBase = docsBaseOf(settings);
    const diagnostics = findings.map((f) => toDiagnostic(f, uri, lastDocsBase));
    connection.sendDiagnostics({ uri, version, diagnostics });
    stats.published++;
    if (set) recheckPartners(uri, version, model);
  } catch (e) {
    connection.console.error(`cpslint: checking ${uri} failed: ${(e as Error).stack ?? e}`);
  }
}

function pathOfUri(uri: string): string | null {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? resolve(u.fsPath) : null;
  } catch {
    return null;
  }
}

const setHost: SetHost = {
  openModel: (path) => {
    const d = documents.all().find((x) => pathOfUri(x.uri) === resolve(path));
    return d && !tooLarge(d) ? modelFor(d) : null;
  },
  openPaths: () => documents.all().map((d) => pathOfUri(d.uri)).filter((p): p is string => !!p && /\.(md|markdown)$/i.test(p)),
  configFor: (uri) => configFor(uri),
};

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document));

/** The version of each document its set partners were last re-checked for: a CPS's diagnostics follow edits to its CP. */
const partnersNotified = new Map<string, number>();
function recheckPartners(uri: string, version: number, model: DocumentModel): void {
  if (partnersNotified.get(uri) === version) return;
  partnersNotified.set(uri, version);
  for (const p of setPartners(setHost, uri, model)) {
    const other = documents.all().find((d) => pathOfUri(d.uri) === p);
    if (other) schedule(other);
  }
}

documents.onDidClose((e) => {
  models.delete(e.document.uri);
  overLimit.delete(e.document.uri);
  notifiedLimits.delete(e.document.uri);
  findingsCache.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  partnersNotified.delete(e.document.uri);
  // Caches keyed by unit text hold on to the closed document's text; the open ones refill them.
  dropTextCaches();
  again.delete(e.document.uri);
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// --------------------------------------------------------------------------------------------
// Requests. Each runs against the current version; errors are logged, never thrown at the client.

/** A request whose parameters are not what LSP says: answered with InvalidParams and a clear message. */
function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `cpslint: ${message}`);
}

function isPosition(p: unknown): boolean {
  const q = p as { line?: unknown; character?: unknown } | null;
  return !!q && typeof q === 'object' && Number.isInteger(q.line) && Number.isInteger(q.character) && (q.line as number) >= 0 && (q.character as number) >= 0;
}

/** Why request parameters are malformed, or null. `needs` names what the request also reads. */
function paramsProblem(params: unknown, needs: ('position' | 'range' | 'context')[] = []): string | null {
  const p = params as { textDocument?: { uri?: unknown }; position?: unknown; range?: { start?: unknown; end?: unknown }; context?: { diagnostics?: unknown } } | null;
  if (!p || typeof p !== 'object') return 'the request has no parameters';
  if (!p.textDocument || typeof p.textDocument !== 'object' || typeof p.textDocument.uri !== 'string' || !p.textDocument.uri) return 'textDocument.uri must be a string';
  if (needs.includes('position') && !isPosition(p.position)) return 'position must be {line, character} with whole numbers from 0';
  if (needs.includes('range') && (!p.range || !isPosition(p.range.start) || !isPosition(p.range.end))) return 'range must be {start, end} positions';
  if (needs.includes('context') && (!p.context || !Array.isArray(p.context.diagnostics))) return 'context.diagnostics must be a list';
  return null;
}

function guard<P extends { textDocument: { uri: string } }, R>(
  empty: R,
  fn: (doc: TextDocument, model: DocumentModel, params: P, token: CancellationToken) => R | Promise<R>,
  needs: ('position' | 'range' | 'context')[] = [],
) {
  return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
    const problem = paramsProblem(params, needs);
    if (problem) return invalidParams(problem);
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return empty;
    try {
      if (!(await isActive(doc))) return empty;
      if (token.isCancellationRequested) return empty;
      if (tooLarge(doc)) return empty;
      return await fn(doc, modelFor(doc), params, token);
    } catch (e) {
      connection.console.error(`cpslint: request failed for ${doc.uri}: ${(e as Error).stack ?? e}`);
      return empty;
    }
  };
}

connection.onDocumentSymbol(guard([], (_d, model) => documentSymbols(model)));
connection.onFoldingRanges(guard([], (_d, model) => foldingRanges(model)));
connection.onDefinition(guard([], (doc, model, p) => definition(model, doc.uri, p.position), ['position']));
connection.onHover(guard(null, (_d, model, p) => hover(model, p.position), ['position']));
connection.onDocumentLinks(guard([], (doc, model) => documentLinks(model, doc.uri)));

/**
 * The editor's "fix all" (`editor.codeActionsOnSave: { "source.fixAll.cpslint": "explicit" }` or
 * Source Action…): only unattended fixes (Fix.unattended: "No stipulation." for a blank section
 * RFC 3647 leaves to the CA), never commitment text, placeholders or suppressions.
 */
const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.cpslint';

/** Whether a request's `only` list asks for `kind` (a listed kind covers its sub-kinds); no list asks for everything. */
function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

connection.onCodeAction(
  guard([] as CodeAction[], async (doc, _model, p) => {
    const only = Array.isArray(p.context.only) ? p.context.only.filter((k): k is string => typeof k === 'string') : undefined;
    // Fix-all is a source action: offered only when asked for (on save or from Source Action…).
    const fixAll = !!only && wants(only, FIX_ALL_KIND);
    let cached = findingsCache.get(doc.uri);
    // On save the scheduled check may not have run on the latest text yet: check it now.
    if (fixAll && (!cached || cached.version !== doc.version)) {
      await validate(doc.uri, doc.version);
      cached = findingsCache.get(doc.uri);
    }
    // Fixes were computed for one version of the text; never offer them for another.
    if (!cached || cached.version !== doc.version) return [];
    const actions: CodeAction[] = [];
    const versioned = (edits: { range: Diagnostic['range']; newText: string }[], snippet: boolean) => ({
      documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: edits.map((e) => ({ range: e.range, newText: snippet ? stripSnippet(e.newText) : e.newText })) }],
    });
    if (fixAll) {
      const all = unattendedFixEdits(cached.findings);
      if (all.count) actions.push({ title: `Fix all cpslint findings that need no review (${all.count})`, kind: FIX_ALL_KIND, edit: versioned(all.edits, false) });
    }
    if (!wants(only, CodeActionKind.QuickFix)) return actions;
    const fixAllOffered = new Set<string>();
    for (const f of cached.findings) {
      if (!f.fixes?.length) continue;
      if (!overlaps(f.range, p.range)) continue;
      if (!fixAllOffered.has(f.code)) {
        fixAllOffered.add(f.code);
        const all = fixAllEdits(cached.findings, f.code);
        if (all.count > 1) actions.push({ title: `Fix all ${all.count} ${f.code} findings in this file`, kind: CodeActionKind.QuickFix, edit: versioned(all.edits, all.snippet) });
      }
      const diag = p.context.diagnostics.find((d) => d.code === f.code && sameRange(d.range, f.range));
      for (const fix of f.fixes) {
        actions.push({
          title: fix.title,
          kind: fix.kind === 'suppress' ? CodeActionKind.QuickFix + '.suppress' : CodeActionKind.QuickFix,
          diagnostics: diag ? [diag] : undefined,
          isPreferred: fix.kind !== 'suppress' && fix === f.fixes[0],
          edit: versioned(fix.edits, !!fix.snippet),
        });
      }
    }
    return actions;
  }, ['range', 'context']),
);

function overlaps(a: { start: { line: number }; end: { line: number } }, b: { start: { line: number }; end: { line: number } }): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}
function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}


connection.onWorkspaceSymbol(async (params, token) => {
  if (!params || typeof params !== 'object' || typeof (params as { query?: unknown }).query !== 'string') return invalidParams('query must be a string');
  try {
    const open = new Map<string, DocumentModel>();
    for (const d of documents.all()) if (await isActive(d)) open.set(d.uri, modelFor(d));
    const settings = await settingsFor(workspaceFolders[0] ? URI.file(workspaceFolders[0]).toString() : '');
    const onDisk = await index.models(workspaceFolders, settings, token);
    const all: { uri: string; model: DocumentModel }[] = [...open].map(([uri, model]) => ({ uri, model }));
    // An open document's text wins over its file on disk, even when that text is no longer a CP/CPS;
    // compare normalised URIs, since clients encode file URIs differently ("@" vs "%40").
    const openUris = new Set(documents.all().map((d) => URI.parse(d.uri).toString()));
    for (const e of onDisk) {
      if (openUris.has(URI.parse(e.uri).toString())) continue;
      // The project's `.cpslint.yaml` ignore globs apply to files on disk as to open ones (see isActive).
      const c = configFor(e.uri);
      if (c?.file && matchesConfigGlobs(c, URI.parse(e.uri).fsPath, c.config.ignore)) continue;
      all.push(e);
    }
    return workspaceSymbols(all, params.query);
  } catch (e) {
    connection.console.error(`cpslint: workspace symbols failed: ${(e as Error).stack ?? e}`);
    return [];
  }
});


// The compliance review and "Check Workspace" (review-requests.ts).
registerReviewRequests({
  connection,
  get docsBase() {
    return lastDocsBase;
  },
  openModel: (uri) => {
    const doc = documents.get(uri);
    return doc ? modelFor(doc) : null;
  },
  isActive: (uri, text) => {
    const doc = documents.get(uri);
    return isActive(doc && doc.getText() === text ? doc : TextDocument.create(uri, 'markdown', 0, text));
  },
  options: async (uri) => {
    const s = await effectiveSettings(uri);
    return { asOf: s.asOf, programs: s.programs, rules: s.rules, packs: rulesFor(uri), patternBudgetMs: limits.patternBudgetMs };
  },
  publish: (uri, findings) => connection.sendDiagnostics({ uri, diagnostics: findings.slice(0, limits.maxFindings).map((f) => toDiagnostic(f, uri, lastDocsBase)) }),
  setFor: (uri, model) => setForDocument(setHost, uri, model),
  // Files on disk are read only inside the workspace folders (with none open: not at all).
  mayRead: (path) => workspaceFolders.some((f) => isInside(realFolder(path), realFolder(f))),
  limits,
  invalidParams,
});

// For the benchmark: a full garbage collection, so that heap figures after closing documents are not noise.
connection.onRequest('cpslint/debug/gc', async () => {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
  // V8 unmaps the pages a GC freed on a background thread: read the RSS once that is done (read at
  // once, it still counted ~100 MB of pages about to be returned, against /proc/self/status).
  await new Promise((r) => setTimeout(r, 250));
  const m = process.memoryUsage();
  // Committed bytes per V8 heap space: what of the RSS is V8's (the rest is code, malloc and stacks).
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  let maps: Record<string, number> = {};
  try {
    // Resident bytes per mapping (Linux): V8's pages are anonymous, malloc's main arena is [heap].
    const txt = readFileSync('/proc/self/smaps', 'utf8');
    let name = '';
    for (const line of txt.split('\n')) {
      const h = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (h) { name = h[1] || '[anon]'; continue; }
      const r = /^Rss:\s+(\d+) kB/.exec(line);
      if (r) maps[name] = (maps[name] ?? 0) + Number(r[1]) * 1024;
    }
    maps = Object.fromEntries(Object.entries(maps).filter(([, v]) => v > 4e6));
  } catch {
    // Not Linux: no mappings.
  }
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external, spaces, maps };
});
connection.onRequest('cpslint/debug/stats', () => ({ ...stats, openDocuments: documents.all().length, rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed }));

process.on('uncaughtException', (e) => connection.console.error(`cpslint: uncaught ${(e as Error).stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`cpslint: unhandled rejection ${(e as Error)?.stack ?? e}`));

documents.listen(connection);
connection.listen();
