/**
 * cpslint language service: pure functions of (model, rules, settings) returning plain LSP
 * types. The language server, the CLI and the tests all call this module.
 */
export { parseDocument, sectionLabel, findSection, sectionAt } from './model';
export type { DocumentModel, Section, Metadata } from './model';
export { checkStructure, structureChecks } from './structure';
export { documentSymbols, foldingRanges, definition, hover, documentLinks, workspaceSymbols, xrefs } from './features';
export { looksLikeCps } from './detect';
export { referenceOutline } from './outline';
export type { Finding, Severity, Citation, Fix } from './findings';
export { outlineJson } from './outline-json';
export { checkDocument, fixAllEdits, unattendedFixEdits, todayIso } from './check';
export type { CheckOptions } from './check';
