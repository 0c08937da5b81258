/**
 * SARIF 2.1.0 output (Static Analysis Results Interchange Format, OASIS), for GitHub code
 * scanning and other SARIF viewers. Pure: the caller reads the files and passes their findings.
 *
 *   const log = toSarif(
 *     [{ file: 'policy/cps.md', model, findings }],   // paths relative to the source root
 *     { rules, version: '0.1.0', srcRoot: 'file:///repo/', docsBase: 'https://…/rules.md' },
 *   );
 *   JSON.stringify(log)
 *
 * One run with one result per finding. Rule metadata (title, rationale, source document, version
 * and section, effective dates, programs) comes from the loaded commitment rules and the
 * structural checks of rules/structure.yaml. Each result carries a partial fingerprint made of
 * the code, the document section and the message with dates and day counts blanked out, so code
 * scanning keeps tracking a finding when lines move above it; quick fixes (not suppressions)
 * become SARIF fixes with plain-text replacements.
 */
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result, Fix as SarifFix, Region, ArtifactLocation } from 'sarif';
import type { Finding, Severity, Citation } from './findings';
import { docUrl, SOURCE_TITLES } from './findings';
import type { DocumentModel } from './model';
import { parseDocument, sectionAt } from './model';
import type { Range } from './text';
import type { Rule } from './rules/types';
import { structureChecks, type StructureCheck } from './structure';
import { stripSnippet } from './rules/fixes';

export type SarifLog = Log;

export interface SarifFile {
  /** Path of the document relative to the source root (forward or back slashes), or an absolute path or URI. */
  file: string;
  findings: Finding[];
  /** The parsed document the findings were computed from; used to name the section of each finding. */
  model?: DocumentModel;
  /** The document's text, parsed when `model` is not given. Without either, fingerprints use no section. */
  text?: string;
}

export interface SarifOptions {
  /** Commitment rules to describe in tool.driver.rules (the structural checks are always added). */
  rules?: Rule[];
  /** Version of cpslint. */
  version?: string;
  /**
   * Absolute URI of the directory the relative paths start from (ends with "/"); becomes %SRCROOT%.
   * '' marks relative paths with %SRCROOT% without saying where it is on this machine (the consumer,
   * such as GitHub code scanning, resolves it against the checkout).
   */
  srcRoot?: string;
  /** Absolute URI of docs/rules.md (the published https page); each rule's helpUri is `docsBase#code`. Without it there is no helpUri. */
  docsBase?: string;
  /** Project home page (an absolute URI) for tool.driver.informationUri. */
  informationUri?: string;
  /** Recorded in the run's properties. */
  asOf?: string;
  programs?: string[];
}

/** GitHub code scanning shows at most about this many characters of a message. */
export const MAX_MESSAGE = 1000;
export const FINGERPRINT_KEY = 'cpslintFinding/v1';
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

const DOC_TITLES: Record<string, string> = SOURCE_TITLES;

function clip(s: string, max = MAX_MESSAGE): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : t.slice(0, max - 1).trimEnd() + '…';
}

function citeText(c: Citation): string {
  return `${DOC_TITLES[c.document] ?? c.document} ${c.version} §${c.section}`;
}

const isAbsoluteUri = (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);

/** `policy/my cps.md` → `policy/my%20cps.md`; absolute paths become file URIs. */
export function artifactLocation(file: string, srcRoot?: string): ArtifactLocation {
  if (isAbsoluteUri(file)) return { uri: file };
  const slashed = file.replace(/\\/g, '/');
  const encoded = slashed.split('/').map((p) => encodeURIComponent(p)).join('/');
  if (slashed.startsWith('/')) return { uri: `file://${encoded}` };
  if (/^[a-z]:\//i.test(slashed)) return { uri: `file:///${slashed.slice(0, 2)}${slashed.slice(2).split('/').map((p) => encodeURIComponent(p)).join('/')}` };
  const rel = encoded.replace(/^(\.\/)+/, '');
  return srcRoot !== undefined ? { uri: rel, uriBaseId: '%SRCROOT%' } : { uri: rel };
}

/** 1-based SARIF region of a 0-based LSP range (end exclusive, UTF-16 columns in both). */
export function sarifRegion(r: Range): Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function ruleDescriptor(id: string, title: string, severity: Severity, source: Citation, rationale: string, docsBase: string | undefined, props: Record<string, unknown>): ReportingDescriptor {
  const d: ReportingDescriptor = {
    id,
    shortDescription: { text: clip(title) },
    fullDescription: { text: clip(rationale || title) },
    defaultConfiguration: { level: LEVEL[severity] },
    help: {
      text: `${rationale.replace(/\s+/g, ' ').trim()}\n\nSource: ${citeText(source)}${source.url ? ` (${source.url})` : ''}.`,
      markdown: `**${title}**\n\n${rationale.replace(/\s+/g, ' ').trim()}\n\nSource: ${source.url ? `[${citeText(source)}](${source.url})` : citeText(source)}.`,
    },
    properties: { ...props },
  };
  if (docsBase && isAbsoluteUri(docsBase)) d.helpUri = docUrl(id, docsBase);
  return d;
}

function sourceProps(s: Citation & { item?: string }): Record<string, string> {
  const out: Record<string, string> = { document: s.document, version: s.version, section: s.section };
  if (s.item) out.item = s.item;
  if (s.url) out.url = s.url;
  return out;
}

/** tool.driver.rules: the structural checks, then the commitment rules, in the order given. */
export function sarifRules(rules: Rule[], docsBase?: string): ReportingDescriptor[] {
  const out: ReportingDescriptor[] = [];
  for (const c of structureChecks().values() as Iterable<StructureCheck>) {
    out.push(ruleDescriptor(c.id, c.title, c.severity, c.source, c.rationale, docsBase, { tags: ['cp-cps', 'rfc3647', 'structure'], source: sourceProps(c.source) }));
  }
  for (const r of rules) {
    const props: Record<string, unknown> = {
      tags: ['cp-cps', r.source.document, r.check.type],
      source: sourceProps(r.source),
      effective: r.effective,
      programs: r.programs,
      documentKinds: r.kinds,
      expectedIn: r.sections,
    };
    if (r.ineffective) props.ineffective = r.ineffective;
    if (r.escalate.length) props.escalate = r.escalate.map((e) => ({ from: e.from, level: LEVEL[e.severity] }));
    out.push(ruleDescriptor(r.id, r.title, r.severity, r.source, r.rationale, docsBase, props));
  }
  return out;
}

/** The message as it is fingerprinted: case, spacing, dates and day counts do not matter. */
export function normalizeMessage(message: string): string {
  return message
    .toLowerCase()
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<date>')
    .replace(/\b\d+(\s+)(days?|months?|years?)\b/g, '<n>$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function fingerprint(code: string, section: string, message: string): string {
  return createHash('sha256').update(`${code}\u0000${section}\u0000${normalizeMessage(message)}`).digest('hex').slice(0, 32);
}

function sarifFixes(f: Finding, location: ArtifactLocation): SarifFix[] {
  const out: SarifFix[] = [];
  for (const fix of f.fixes ?? []) {
    if (fix.kind === 'suppress' || !fix.edits.length) continue;
    out.push({
      description: { text: clip(fix.title) },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: fix.edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: fix.snippet ? stripSnippet(e.newText) : e.newText } })),
        },
      ],
    });
  }
  return out;
}

/**
 * Findings of one or more documents as one SARIF 2.1.0 log with one run. `files[].file` should
 * be relative to `options.srcRoot` (the repository root for GitHub code scanning).
 */
export function toSarif(files: SarifFile[], options: SarifOptions = {}): SarifLog {
  const descriptors = sarifRules(options.rules ?? [], options.docsBase);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = [];
  const artifacts: { location: ArtifactLocation }[] = [];
  for (const entry of files) {
    const base = artifactLocation(entry.file, options.srcRoot);
    const artifactIndex = artifacts.push({ location: base }) - 1;
    const location: ArtifactLocation = { ...base, index: artifactIndex };
    let model = entry.model;
    if (!model && entry.text !== undefined && entry.findings.length) model = parseDocument(entry.text);
    const seen = new Map<string, number>();
    for (const f of entry.findings) {
      let ruleIndex = index.get(f.code);
      if (ruleIndex === undefined) {
        // A code with no loaded rule (a pack the caller did not pass): describe it from the finding.
        ruleIndex = descriptors.push(ruleDescriptor(f.code, f.code, f.severity, f.source, '', options.docsBase, { tags: ['cp-cps'], source: sourceProps(f.source) })) - 1;
        index.set(f.code, ruleIndex);
      }
      const section = model ? (sectionAt(model, model.lines.offsetAt(f.range.start))?.number ?? '') : '';
      let fp = fingerprint(f.code, section, f.message);
      const n = (seen.get(fp) ?? 0) + 1;
      seen.set(fp, n);
      if (n > 1) fp += `:${n}`;
      const result: Result = {
        ruleId: f.code,
        ruleIndex,
        level: LEVEL[f.severity],
        message: { text: clip(f.message) },
        locations: [{ physicalLocation: { artifactLocation: location, region: sarifRegion(f.range) } }],
        partialFingerprints: { [FINGERPRINT_KEY]: fp },
        properties: { source: sourceProps(f.source), ...(section ? { section } : {}) },
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((r, i) => ({ id: i + 1, message: { text: clip(r.message) }, physicalLocation: { artifactLocation: location, region: sarifRegion(r.range) } }));
      }
      const fixes = sarifFixes(f, location);
      if (fixes.length) result.fixes = fixes;
      results.push(result);
    }
  }
  const properties: Record<string, unknown> = {};
  if (options.asOf) properties.asOf = options.asOf;
  if (options.programs) properties.programs = options.programs;
  const driver: Log['runs'][number]['tool']['driver'] = { name: 'cpslint', rules: descriptors };
  if (options.version) {
    driver.version = options.version;
    driver.semanticVersion = options.version;
  }
  if (options.informationUri) driver.informationUri = options.informationUri;
  const run: Log['runs'][number] = {
    tool: { driver },
    artifacts,
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (options.srcRoot) run.originalUriBaseIds = { '%SRCROOT%': { uri: options.srcRoot } };
  if (Object.keys(properties).length) run.properties = properties;
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}
