/**
 * Protocol tests of the bundled language server (dist/server.js, built by `npm run build`):
 * a real child process speaking JSON-RPC over stdio, driven like an editor would drive it.
 *
 * The workspace is a temp folder with two RFC 3647 documents (cps.md, opened; cp.md, on disk
 * only), a draft CPS under drafts/ (for files.exclude) and a README.md that is not a CP/CPS.
 * Everything is awaited by polling with generous timeouts; nothing asserts on timing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, Publication, fileUri, until, sleep, serverPath } from './lsp-client';
import { mainCps, diskCp, draftCps, README, find, headingLine, titleOf, ANCHOR_LINK, RETITLED, SEE_INTERNAL, SEE_EXTERNAL, BLANK, MISSING, positionOf } from './fixtures';
import { RULES_DOC_BASE_URL } from '../../server/src/meta';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}
interface SymbolInformation {
  name: string;
  kind: number;
  location: { uri: string; range: Range };
  containerName?: string;
}
interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: string;
}
interface Location {
  uri: string;
  range: Range;
}
interface Hover {
  contents: { kind: string; value: string } | string | unknown[];
  range?: Range;
}

const SERVER = serverPath();
const T = { timeout: 120_000 };

function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : (x as { value: string }).value)).join('\n');
  return c.value;
}

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string | number }[];
  edit?: { documentChanges?: { textDocument: { uri: string; version: number | null }; edits: { range: Range; newText: string }[] }[] };
}

/** Apply LSP text edits (non-overlapping, given in any order) to a text with "\n" line ends. */
function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const offset = (p: Range['start']) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
    return Math.min(o + p.character, text.length);
  };
  const spans = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of spans) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function codes(p: Publication): string[] {
  return p.diagnostics.map((d) => String(d.code));
}

function findSymbol(symbols: DocumentSymbol[], name: string): DocumentSymbol | undefined {
  for (const s of symbols) {
    if (s.name === name) return s;
    const hit = findSymbol(s.children ?? [], name);
    if (hit) return hit;
  }
  return undefined;
}

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function makeWorkspace(): { dir: string; cps: string; cp: string; draft: string; readme: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cpslint-protocol-'));
  mkdirSync(join(dir, 'drafts'));
  const files = { cps: join(dir, 'cps.md'), cp: join(dir, 'cp.md'), draft: join(dir, 'drafts', 'draft-cps.md'), readme: join(dir, 'README.md') };
  writeFileSync(files.cps, mainCps());
  writeFileSync(files.cp, diskCp());
  writeFileSync(files.draft, draftCps());
  writeFileSync(files.readme, README);
  return { dir, ...files };
}

describe('language server over stdio (workspace/configuration settings)', () => {
  let client: LspClient;
  let ws: ReturnType<typeof makeWorkspace>;
  let cpsUri: string;
  let cpUri: string;
  let draftUri: string;
  let readmeUri: string;
  let cpsText: string;
  let initResult: Awaited<ReturnType<LspClient['initialize']>>;

  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    ws = makeWorkspace();
    cpsUri = fileUri(ws.cps);
    cpUri = fileUri(ws.cp);
    draftUri = fileUri(ws.draft);
    readmeUri = fileUri(ws.readme);
    cpsText = mainCps();
    client = new LspClient();
    client.settings = { asOf: '2026-11-25' };
    initResult = await client.initialize({ folder: ws.dir });
  });

  after(async () => {
    await client?.kill();
    if (ws) rmSync(ws.dir, { recursive: true, force: true });
  });

  it('initialize advertises the features and incremental sync', T, async () => {
    const caps = initResult.capabilities as Record<string, unknown>;
    assert.equal(caps.textDocumentSync, 2);
    for (const k of ['documentSymbolProvider', 'foldingRangeProvider', 'definitionProvider', 'hoverProvider', 'documentLinkProvider', 'workspaceSymbolProvider', 'codeActionProvider'])
      assert.ok(caps[k], `capability ${k}`);
    assert.equal(initResult.serverInfo?.name, 'cpslint');
    // After `initialized`, the server registers for configuration changes.
    await until(() => client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'), 30_000, 'registerCapability', () => client.describe());
  });

  it('didOpen of a CPS publishes cpslint diagnostics with the structural codes', T, async () => {
    await client.open(cpsUri, cpsText);
    const p = await client.waitForDiagnostics(cpsUri, (x) => x.diagnostics.length > 0);
    assert.equal(p.version, 1);
    for (const d of p.diagnostics) {
      assert.equal(d.source, 'cpslint', `source of ${d.code}`);
      assert.ok(typeof d.code === 'string' && d.code.length > 0);
      assert.equal(d.codeDescription?.href, `${RULES_DOC_BASE_URL}#${String(d.code).toLowerCase()}`);
    }
    assert.ok(codes(p).includes('cps-blank-section'), `codes: ${codes(p).join(', ')}`);
    assert.ok(codes(p).includes('cps-missing-section'), `codes: ${codes(p).join(', ')}`);

    const blank = p.diagnostics.filter((d) => d.code === 'cps-blank-section');
    assert.equal(blank.length, 1, JSON.stringify(blank));
    assert.equal(blank[0].range.start.line, headingLine(cpsText, BLANK));
    assert.match(blank[0].message, new RegExp(BLANK.replace(/\./g, '\\.')));

    const missing = p.diagnostics.filter((d) => d.code === 'cps-missing-section');
    assert.equal(missing.length, 1, JSON.stringify(missing));
    assert.match(missing[0].message, new RegExp(`${MISSING.replace(/\./g, '\\.')}`));
    // No broken-reference finding for the internal reference, nor for the external one.
    assert.ok(!codes(p).includes('cps-broken-xref'), `codes: ${codes(p).join(', ')}`);
    // The server asked the client for the "cpslint" section for this document.
    assert.ok(client.configurationRequests.some((r) => r.section === 'cpslint' && r.scopeUri === cpsUri));
  });

  it('a README that is not a CP/CPS gets an empty diagnostics list and no features', T, async () => {
    await client.open(readmeUri, README);
    const p = await client.waitForDiagnostics(readmeUri);
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: readmeUri } }), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument: { uri: readmeUri } }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: readmeUri }, position: { line: 0, character: 3 } }), null);
    await sleep(500);
    for (const q of client.publicationsFor(readmeUri)) assert.deepEqual(q.diagnostics, []);
  });

  it('documentSymbol returns the hierarchical outline', T, async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: cpsUri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0);
    const ch4 = symbols.find((s) => s.name.startsWith('4 ') || s.name.startsWith('4. '));
    assert.ok(ch4, `chapter 4 at the top level: ${symbols.map((s) => s.name).join(' | ')}`);
    const s49 = ch4.children?.find((s) => s.name === `4.9 ${titleOf('4.9')}`);
    assert.ok(s49, `4.9 under chapter 4: ${(ch4.children ?? []).map((s) => s.name).join(' | ')}`);
    const s491 = s49.children?.find((s) => s.name === '4.9.1 Circumstances for revocation');
    assert.ok(s491, `4.9.1 under 4.9: ${(s49.children ?? []).map((s) => s.name).join(' | ')}`);
    const s4912 = s49.children?.find((s) => s.name === `4.9.12 ${titleOf('4.9.12')}`);
    assert.ok(s4912);
    assert.equal(s491.selectionRange.start.line, headingLine(cpsText, '4.9.1'));
    assert.equal(s491.range.start.line, headingLine(cpsText, '4.9.1'));
    assert.ok(s491.range.end.line < headingLine(cpsText, '4.9.2'));
    assert.ok(contains(s491.range, s491.selectionRange));
    assert.ok(contains(ch4.range, s49.range) && contains(s49.range, s491.range) && contains(s49.range, s4912.range));
    // A section written with another title keeps it, and names RFC 3647's in the detail.
    const re = findSymbol(symbols, `${RETITLED} CRL issuance frequency`);
    assert.ok(re?.detail?.includes(titleOf(RETITLED)), JSON.stringify(re?.detail));
    // The missing section is not invented; the blank one is present.
    assert.equal(findSymbol(symbols, `${MISSING} ${titleOf(MISSING)}`), undefined);
    assert.ok(findSymbol(symbols, `${BLANK} ${titleOf(BLANK)}`));
  });

  it('foldingRange covers the sections', T, async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: cpsUri } });
    assert.ok(Array.isArray(ranges) && ranges.length > 0);
    const at = (n: string) => ranges.find((r) => r.startLine === headingLine(cpsText, n));
    const r4 = at('4');
    assert.ok(r4, 'chapter 4 folds');
    assert.ok(r4.endLine >= headingLine(cpsText, '4.9.12') && r4.endLine < headingLine(cpsText, '5'), JSON.stringify(r4));
    const r49 = at('4.9');
    assert.ok(r49 && r49.endLine > headingLine(cpsText, '4.9.12') && r49.endLine < headingLine(cpsText, '4.10'), JSON.stringify(r49));
    const r491 = at('4.9.1');
    assert.ok(r491 && r491.endLine > r491.startLine && r491.endLine < headingLine(cpsText, '4.9.2'), JSON.stringify(r491));
    for (const r of ranges) assert.ok(r.endLine > r.startLine, JSON.stringify(r));
  });

  it('definition on an internal cross-reference jumps to the heading; an external one goes nowhere', T, async () => {
    const target = headingLine(cpsText, '4.9.1');
    const ref = find(cpsText, SEE_INTERNAL, 'see Section '.length);
    for (const delta of [0, 2, 5]) {
      const locs = await client.request<Location[] | Location | null>('textDocument/definition', {
        textDocument: { uri: cpsUri },
        position: { line: ref.line, character: ref.character + delta },
      });
      const list = Array.isArray(locs) ? locs : locs ? [locs] : [];
      assert.equal(list.length, 1, `definition at +${delta}: ${JSON.stringify(locs)}`);
      assert.equal(list[0].uri, cpsUri);
      assert.equal(list[0].range.start.line, target);
    }
    const ext = find(cpsText, SEE_EXTERNAL, 'Section '.length + 2);
    const none = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: cpsUri }, position: ext });
    assert.ok(none === null || (Array.isArray(none) && none.length === 0), JSON.stringify(none));
  });

  it('documentLink and definition resolve a link to a heading anchor', T, async () => {
    const links = await client.request<{ range: Range; target?: string }[]>('textDocument/documentLink', { textDocument: { uri: cpsUri } });
    const at = find(cpsText, ANCHOR_LINK);
    const link = links.find((l) => l.range.start.line === at.line);
    assert.ok(link, JSON.stringify(links));
    assert.equal(link.range.start.character, at.character);
    assert.equal(link.target, `${cpsUri}#L${headingLine(cpsText, '4.9.1') + 1}`);
    const locs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: cpsUri }, position: { line: at.line, character: at.character + 3 } });
    assert.equal(locs[0]?.range.start.line, headingLine(cpsText, '4.9.1'));
  });

  it('CRLF line ends give the same lines and positions', T, async () => {
    const orig = mainCps();
    const crlf = orig.replace(/\n/g, '\r\n');
    const uri = fileUri(join(ws.dir, 'crlf.md'));
    await client.open(uri, crlf);
    const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.length > 0);
    const blank = p.diagnostics.find((d) => d.code === 'cps-blank-section');
    assert.equal(blank?.range.start.line, headingLine(orig, BLANK));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const s491 = findSymbol(symbols, '4.9.1 Circumstances for revocation');
    assert.equal(s491?.range.start.line, headingLine(orig, '4.9.1'));
    assert.ok(s491 && s491.range.end.line < headingLine(orig, '4.9.2'));
    const ref = find(orig, SEE_INTERNAL, 'see Section '.length);
    const locs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: ref });
    assert.equal(locs[0]?.range.start.line, headingLine(orig, '4.9.1'));
    assert.equal(locs[0]?.range.end.line, headingLine(orig, '4.9.1'), 'the heading range stays on its line');
    await client.close(uri);
  });

  it('hover on a heading number names the canonical RFC 3647 section', T, async () => {
    const line = headingLine(cpsText, '4.9.12');
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cpsUri }, position: { line, character: 5 } });
    const text = hoverText(h);
    assert.match(text, /RFC 3647/);
    assert.ok(text.includes(`4.9.12 ${titleOf('4.9.12')}`), text);
    assert.equal(h?.range?.start.line, line);

    // A heading written with another title: the hover gives RFC 3647's.
    const retitled = headingLine(cpsText, RETITLED);
    const h2 = hoverText(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cpsUri }, position: { line: retitled, character: 4 } }));
    assert.ok(h2.includes(`${RETITLED} ${titleOf(RETITLED)}`), h2);
    assert.ok(!cpsText.includes(titleOf(RETITLED)), 'the fixture does not spell the canonical title');

    const ref = find(cpsText, SEE_INTERNAL, 'see Section '.length + 1);
    assert.ok(hoverText(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cpsUri }, position: ref })).includes('Circumstances for revocation'));
    const ext = find(cpsText, SEE_EXTERNAL, 'Section '.length + 1);
    assert.match(hoverText(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cpsUri }, position: ext })), /another document/);
  });

  it('workspace/symbol "4.9.12" finds the section in the open file and in the file on disk', T, async () => {
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    const name = `4.9.12 ${titleOf('4.9.12')}`;
    const open = syms.find((s) => s.location.uri === cpsUri);
    const disk = syms.find((s) => s.location.uri === cpUri);
    assert.ok(open, `open file: ${JSON.stringify(syms.map((s) => s.location.uri))}`);
    assert.ok(disk, `file on disk: ${JSON.stringify(syms.map((s) => s.location.uri))}`);
    assert.equal(open.name, name);
    assert.equal(disk.name, name);
    assert.equal(open.location.range.start.line, headingLine(cpsText, '4.9.12'));
    assert.equal(disk.location.range.start.line, headingLine(diskCp(), '4.9.12'));
    assert.ok(!syms.some((s) => s.location.uri === readmeUri));
    // The exact match comes before anything else, and each file is listed once.
    for (const s of syms) assert.equal(s.name, name);
    assert.equal(new Set(syms.map((s) => s.location.uri)).size, syms.length);
  });

  it('workspace/symbol prefers the text of an open document over its file on disk', T, async () => {
    // cp.md is opened with text that is no longer a CP/CPS: its disk copy must not be listed.
    await client.open(cpUri, README);
    let syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.ok(!syms.some((s) => s.location.uri === cpUri), JSON.stringify(syms.map((s) => s.location.uri)));
    assert.ok(syms.some((s) => s.location.uri === cpsUri));
    // Open with its own text but edited: the open text's positions are used, not the disk's.
    await client.close(cpUri);
    const shifted = '\n\n\n' + diskCp();
    await client.open(cpUri, shifted);
    syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    const cp = syms.filter((s) => s.location.uri === cpUri);
    assert.equal(cp.length, 1, JSON.stringify(cp));
    assert.equal(cp[0].location.range.start.line, headingLine(shifted, '4.9.12'));
    await client.close(cpUri);
    syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.equal(syms.find((s) => s.location.uri === cpUri)?.location.range.start.line, headingLine(diskCp(), '4.9.12'));
  });

  it('incremental didChange updates the diagnostics, publishing only the latest version', T, async () => {
    const blankLine = headingLine(cpsText, BLANK);
    const fill = { range: { start: { line: blankLine + 1, character: 0 }, end: { line: blankLine + 1, character: 0 } }, text: 'The CA operates from two secured sites.\n' };
    const unfill = { range: { start: { line: blankLine + 1, character: 0 }, end: { line: blankLine + 2, character: 0 } }, text: '' };

    let seq = client.lastSeq();
    const v2 = await client.change(cpsUri, [fill]);
    const p2 = await client.waitForDiagnostics(cpsUri, (p) => p.version === v2, seq);
    assert.ok(!codes(p2).includes('cps-blank-section'), `codes: ${codes(p2).join(', ')}`);
    assert.ok(codes(p2).includes('cps-missing-section'));
    // Nothing stale was published in between.
    for (const p of client.publicationsFor(cpsUri, seq)) assert.equal(p.version, v2);

    // A burst of edits: blank, filled, blank again. Whatever gets published must describe the
    // text of the version it claims, versions never go backwards, and the last one wins.
    seq = client.lastSeq();
    const blankAt = new Map<number, boolean>();
    blankAt.set(await client.change(cpsUri, [unfill]), true);
    blankAt.set(await client.change(cpsUri, [fill]), false);
    const last = await client.change(cpsUri, [unfill]);
    blankAt.set(last, true);
    await client.waitForDiagnostics(cpsUri, (p) => p.version === last, seq);
    await sleep(1000); // anything late would show up now
    const burst = client.publicationsFor(cpsUri, seq);
    assert.equal(burst[burst.length - 1].version, last, JSON.stringify(burst.map((p) => p.version)));
    let prev = 0;
    for (const p of burst) {
      assert.ok(p.version !== undefined && blankAt.has(p.version), `published version ${p.version}`);
      assert.ok(p.version >= prev, `versions went backwards: ${burst.map((x) => x.version).join(', ')}`);
      prev = p.version;
      assert.equal(codes(p).includes('cps-blank-section'), blankAt.get(p.version), `version ${p.version}: ${codes(p).join(', ')}`);
    }

    // Back to filled; the document model follows the edits too.
    seq = client.lastSeq();
    const vf = await client.change(cpsUri, [fill]);
    const pf = await client.waitForDiagnostics(cpsUri, (p) => p.version === vf, seq);
    assert.ok(!codes(pf).includes('cps-blank-section'));
    const lines = cpsText.split('\n');
    lines.splice(blankLine + 1, 0, fill.text.replace(/\n$/, ''));
    cpsText = lines.join('\n');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: cpsUri } });
    assert.equal(findSymbol(symbols, `4.9.12 ${titleOf('4.9.12')}`)?.range.start.line, headingLine(cpsText, '4.9.12'));
  });

  it('codeAction offers the quick fix for a missing section, and applying it clears the diagnostic', T, async () => {
    const current = client.publicationsFor(cpsUri).at(-1)!;
    const missing = current.diagnostics.find((d) => d.code === 'cps-missing-section');
    assert.ok(missing, `codes: ${codes(current).join(', ')}`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: cpsUri },
      range: missing.range,
      context: { diagnostics: [missing], only: ['quickfix'] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title.includes(MISSING));
    assert.ok(fix, JSON.stringify(actions.map((a) => [a.kind, a.title])));
    assert.ok(fix.isPreferred);
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['cps-missing-section']);
    const change = fix.edit?.documentChanges?.[0];
    assert.ok(change && change.textDocument.uri === cpsUri && change.textDocument.version === current.version, JSON.stringify(change?.textDocument));
    for (const e of change.edits) assert.doesNotMatch(e.newText, /\$\{\d+:|\$\d/, 'no snippet syntax in a workspace edit');

    // Apply it as an editor would: one incremental change per edit, last edit first.
    const edits = [...change.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const seq = client.lastSeq();
    const v = await client.change(cpsUri, edits.map((e) => ({ range: e.range, text: e.newText })));
    cpsText = applyEdits(cpsText, edits);
    const after = await client.waitForDiagnostics(cpsUri, (p) => p.version === v, seq);
    assert.ok(!codes(after).includes('cps-missing-section'), `codes: ${codes(after).join(', ')}`);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: cpsUri } });
    const added = findSymbol(symbols, `${MISSING} ${titleOf(MISSING)}`);
    assert.ok(added, 'the inserted section is in the outline');
    assert.equal(added.range.start.line, headingLine(cpsText, MISSING));
  });

  it('source.fixAll.cpslint (codeActionsOnSave) fills the blank section with "No stipulation." and nothing else', T, async () => {
    // The earlier tests filled the blank section: empty it again, and ask at once, before the
    // diagnostics of the new version arrive (as a save right after typing would).
    const blankLine = headingLine(cpsText, BLANK);
    const filled = cpsText.split('\n')[blankLine + 1];
    assert.ok(filled.trim(), 'the section has the text the incremental test put in');
    const version = await client.change(cpsUri, [{ range: { start: { line: blankLine + 1, character: 0 }, end: { line: blankLine + 2, character: 0 } }, text: '' }]);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    // As VS Code asks on save: only the fix-all kind, with no diagnostics and an empty range.
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cpsUri }, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.cpslint'], JSON.stringify(actions.map((a) => [a.kind, a.title])));
    const change = actions[0].edit?.documentChanges?.[0];
    assert.ok(change && change.textDocument.uri === cpsUri && change.textDocument.version === version, JSON.stringify(change?.textDocument));
    assert.equal(change.edits.length, 1, JSON.stringify(change.edits));
    assert.match(change.edits[0].newText, /^\s*No stipulation\.\s*$/);
    assert.ok(change.edits[0].range.start.line >= blankLine && change.edits[0].range.start.line <= blankLine + 1, 'inserted under the blank heading');
    // The editor's light bulb (quick fixes) does not list the source action.
    const quick = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cpsUri }, range: whole, context: { diagnostics: [], only: ['quickfix'] } });
    assert.ok(!quick.some((a) => a.kind?.startsWith('source')), JSON.stringify(quick.map((a) => a.kind)));
    const caps = initResult.capabilities as { codeActionProvider?: { codeActionKinds?: string[] } };
    assert.ok(caps.codeActionProvider?.codeActionKinds?.includes('source.fixAll.cpslint'));
    // Put the text back for the tests that follow.
    const seq = client.lastSeq();
    const back = await client.change(cpsUri, [{ range: { start: { line: blankLine + 1, character: 0 }, end: { line: blankLine + 1, character: 0 } }, text: filled + '\n' }]);
    const p = await client.waitForDiagnostics(cpsUri, (x) => x.version === back, seq);
    assert.ok(!codes(p).includes('cps-blank-section'));
  });

  it('files.exclude turns a document off: no diagnostics, no features, no workspace symbols', T, async () => {
    let seq = client.lastSeq();
    await client.open(draftUri, draftCps());
    const on = await client.waitForDiagnostics(draftUri, (p) => p.diagnostics.length > 0, seq);
    assert.ok(codes(on).includes('cps-blank-section'));
    let syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.ok(syms.some((s) => s.location.uri === draftUri), 'draft listed before it is excluded');

    // A folder-relative glob for the open draft, a basename glob for the file that is only on disk.
    client.settings = { asOf: '2026-11-25', files: { exclude: ['drafts/**', 'cp.md'] } };
    seq = client.lastSeq();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const off = await client.waitForDiagnostics(draftUri, () => true, seq);
    assert.deepEqual(off.diagnostics, []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: draftUri } }), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument: { uri: draftUri } }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: draftUri }, position: { line: headingLine(draftCps(), '4.9.12'), character: 5 } }), null);
    syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.deepEqual(
      syms.map((s) => s.location.uri),
      [cpsUri],
      'only the document that is not excluded',
    );
    // The CPS itself is still checked.
    // The CPS itself is still on (its findings were all fixed above, so its list may be empty).
    const still = await client.waitForDiagnostics(cpsUri, () => true, seq);
    assert.ok(still.diagnostics.every((d) => d.source === 'cpslint'), JSON.stringify(codes(still)));
    const cpsSymbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: cpsUri } });
    assert.ok(findSymbol(cpsSymbols, '4.9.1 Circumstances for revocation'));

    // Removing the exclusion brings everything back.
    client.settings = { asOf: '2026-11-25' };
    seq = client.lastSeq();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const back = await client.waitForDiagnostics(draftUri, (p) => p.diagnostics.length > 0, seq);
    assert.ok(codes(back).includes('cps-blank-section'));
    syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.deepEqual(new Set(syms.map((s) => s.location.uri)), new Set([cpsUri, cpUri, draftUri]));
  });

  it('invalid settings are reported and replaced by defaults', T, async () => {
    const logsBefore = client.logs.length;
    client.settings = { asOf: 'tomorrow', programs: 'all', rules: { 'cps-blank-section': 'loud' }, files: { exclude: 'drafts/**', include: [1, 2] }, enable: 'yes' };
    let seq = client.lastSeq();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const p = await client.waitForDiagnostics(draftUri, () => true, seq);
    assert.ok(codes(p).includes('cps-blank-section'), 'bad values fall back to the defaults');
    await until(() => client.logs.slice(logsBefore).some((l) => /asOf/.test(l.message)), 30_000, 'a warning about cpslint.asOf', () => client.describe());
    // Not even an object.
    (client as { settings: unknown }).settings = 42;
    seq = client.lastSeq();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.ok(codes(await client.waitForDiagnostics(draftUri, () => true, seq)).includes('cps-blank-section'));
    client.settings = { asOf: '2026-11-25' };
    seq = client.lastSeq();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(draftUri, () => true, seq);
  });

  it('garbage input does not crash the server', T, async () => {
    // Binary-ish text: NULs, control characters, lone surrogates, CR-only line ends, invalid UTF-16.
    let bin = '';
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const c = x % 0x10000;
      bin += String.fromCharCode(c);
      if (i % 97 === 0) bin += '\r';
      if (i % 131 === 0) bin += '\n# ';
    }
    bin += '\u0000\ud800\udfff\ud800# 4.9.1 \u0000\n**1.1** \ufffe\n---\n';
    const binUri = fileUri(join(ws.dir, 'binary.md'));
    await client.open(binUri, bin);
    const symBin = await client.request<unknown>('textDocument/documentSymbol', { textDocument: { uri: binUri } });
    assert.ok(Array.isArray(symBin));
    await client.request('textDocument/hover', { textDocument: { uri: binUri }, position: { line: 3, character: 2 } });
    await client.request('textDocument/definition', { textDocument: { uri: binUri }, position: { line: 1e6, character: 1e6 } });

    // Invalid front matter, and front matter that is never closed.
    const fmUri = fileUri(join(ws.dir, 'frontmatter.md'));
    const fm = '---\ntitle: [unclosed\nversion: : : :\n\t- tab: indented\n  &anchor *alias\neffective date: {\n---\n' + diskCp();
    await client.open(fmUri, fm);
    const fmDiags = await client.waitForDiagnostics(fmUri);
    for (const d of fmDiags.diagnostics) assert.equal(d.source, 'cpslint');
    const fmSyms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: fmUri } });
    assert.ok(findSymbol(fmSyms, `4.9.12 ${titleOf('4.9.12')}`), 'sections after invalid front matter are still found');
    await client.request('textDocument/foldingRange', { textDocument: { uri: fmUri } });
    const fm2Uri = fileUri(join(ws.dir, 'frontmatter2.md'));
    await client.open(fm2Uri, '---\ntitle: never closed\n' + diskCp());
    assert.ok(Array.isArray(await client.request('textDocument/documentSymbol', { textDocument: { uri: fm2Uri } })));

    // A 2 MB CP/CPS: the fixture followed by long paragraphs, a table, nested lists and references.
    const filler: string[] = [];
    let size = 0;
    for (let i = 0; size < 2 * 1024 * 1024; i++) {
      const chunk =
        i % 4 === 0
          ? `| a | b | c |\n|---|---|---|\n| ${i} | see Section 4.9.${i % 20} | x |\n`
          : i % 4 === 1
            ? `- level ${i}\n  - nested see Section 9.${i % 20}\n    - deeper **bold** _em_ \`code\`\n`
            : `Paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(40)}see Section 4.9.1 of the Baseline Requirements and Section 4.9.1.\n`;
      filler.push(chunk, '');
      size += chunk.length + 1;
    }
    const big = diskCp().replace(`## 9.17 ${titleOf('9.17')}`, `${filler.join('\n')}\n## 9.17 ${titleOf('9.17')}`);
    assert.ok(big.length > 2 * 1024 * 1024);
    const bigUri = fileUri(join(ws.dir, 'big.md'));
    await client.open(bigUri, big);
    const bigSyms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: bigUri } });
    assert.ok(findSymbol(bigSyms, `9.17 ${titleOf('9.17')}`), 'the big document is outlined');
    await client.waitForDiagnostics(bigUri, () => true, -1, 120_000);

    // Incremental changes with out-of-range positions.
    await client.change(cpsUri, [{ range: { start: { line: 1e6, character: 5 }, end: { line: 1e6 + 1, character: 0 } }, text: '\nappended\n' }]);
    await client.change(cpsUri, [{ range: { start: { line: 3, character: 1e6 }, end: { line: 2, character: 0 } }, text: '' }]);
    // Binary files and a 2 MB CP/CPS on disk, for the workspace index.
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 3)) & 0xff;
    writeFileSync(join(ws.dir, 'blob.md'), bytes);
    writeFileSync(join(ws.dir, 'big-on-disk.md'), big);
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.ok(syms.some((s) => s.location.uri === cpsUri) && syms.some((s) => s.location.uri === fileUri(join(ws.dir, 'big-on-disk.md'))), JSON.stringify(syms.map((s) => s.location.uri)));
    assert.ok(Array.isArray(await client.request('workspace/symbol', { query: '\u0000\ud800 .*[(' })));

    // Requests for documents that were never opened.
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: fileUri(join(ws.dir, 'nope.md')) } }), []);

    // Still alive and answering.
    assert.ok(client.alive(), client.describe());
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: cpsUri } });
    assert.ok(findSymbol(symbols, '4.9.1 Circumstances for revocation'));
    assert.ok(!client.logs.some((l) => /uncaught|failed/i.test(l.message)), client.logs.map((l) => l.message).join('\n'));
    for (const uri of [binUri, fmUri, fm2Uri, bigUri]) await client.close(uri);
  });

  it('didClose clears the diagnostics of the document', T, async () => {
    const seq = client.lastSeq();
    await client.close(draftUri);
    const p = await client.waitForDiagnostics(draftUri, () => true, seq);
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: draftUri } }), []);
  });

  it('shutdown and exit end the process cleanly', T, async () => {
    assert.equal(await client.request('shutdown', null), null);
    await client.notify('exit', null);
    const { code, signal } = await Promise.race([client.exit, sleep(30_000).then(() => ({ code: -1, signal: null }))]);
    assert.equal(signal, null);
    assert.equal(code, 0, client.describe());
  });
});

describe('language server over stdio (settings from initializationOptions)', () => {
  let client: LspClient;
  let ws: ReturnType<typeof makeWorkspace>;

  before(async () => {
    ws = makeWorkspace();
    client = new LspClient();
    await client.initialize({ folder: ws.dir, configuration: false, initializationOptions: { settings: { asOf: '2026-11-25', files: { exclude: ['**/drafts/**'] } } } });
  });

  after(async () => {
    await client?.kill();
    if (ws) rmSync(ws.dir, { recursive: true, force: true });
  });

  it('without workspace/configuration, an excluded file is off and the others are checked', T, async () => {
    const cpsUri = fileUri(ws.cps);
    const draftUri = fileUri(ws.draft);
    await client.open(draftUri, draftCps());
    await client.open(cpsUri, mainCps());
    const cps = await client.waitForDiagnostics(cpsUri, (p) => p.diagnostics.length > 0);
    assert.ok(codes(cps).includes('cps-blank-section') && codes(cps).includes('cps-missing-section'));
    const draft = await client.waitForDiagnostics(draftUri);
    assert.deepEqual(draft.diagnostics, []);
    assert.equal(client.configurationRequests.length, 0, 'the server never asks for configuration the client cannot give');
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    assert.deepEqual(new Set(syms.map((s) => s.location.uri)), new Set([cpsUri, fileUri(ws.cp)]));

    // Push-model settings change: the draft comes back.
    const seq = client.lastSeq();
    await client.notify('workspace/didChangeConfiguration', { settings: { cpslint: { asOf: '2026-11-25' } } });
    const back = await client.waitForDiagnostics(draftUri, (p) => p.diagnostics.length > 0, seq);
    assert.ok(codes(back).includes('cps-blank-section'));
    const pos = positionOf(mainCps(), mainCps().indexOf(SEE_INTERNAL) + 'see Section '.length);
    const locs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: cpsUri }, position: pos });
    assert.equal(locs[0]?.range.start.line, headingLine(mainCps(), '4.9.1'));
  });

  it('an open file whose URI the client encodes differently is listed once by workspace/symbol', T, async () => {
    // pathToFileURL keeps "@" and "+" as they are; vscode-uri (the server's URI.file) escapes them.
    const path = join(ws.dir, 'cp v2@example+draft.md');
    writeFileSync(path, diskCp());
    const uri = fileUri(path);
    assert.ok(uri.includes('@'), uri);
    await client.open(uri, diskCp());
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    const hits = syms.filter((s) => decodeURIComponent(s.location.uri).endsWith('cp v2@example+draft.md'));
    assert.equal(hits.length, 1, JSON.stringify(syms.map((s) => s.location.uri)));
    assert.equal(hits[0].location.uri, uri, 'the open document is listed under the URI the client used');
  });
});

describe('language server over stdio (project .cpslint.yaml)', () => {
  let client: LspClient;
  let ws: ReturnType<typeof makeWorkspace>;
  let configFile: string;

  before(async () => {
    ws = makeWorkspace();
    configFile = join(ws.dir, '.cpslint.yaml');
    writeFileSync(configFile, 'asOf: "2026-11-25"\nignore:\n  - "drafts/**"\n  - "cp.md"\nrules:\n  cps-blank-section: "off"\n');
    client = new LspClient();
    await client.initialize({ folder: ws.dir });
  });

  after(async () => {
    await client?.kill();
    if (ws) rmSync(ws.dir, { recursive: true, force: true });
  });

  it('ignore and rules from .cpslint.yaml apply to diagnostics, features and workspace symbols', T, async () => {
    const cpsUri = fileUri(ws.cps);
    const draftUri = fileUri(ws.draft);
    await client.open(cpsUri, mainCps());
    await client.open(draftUri, draftCps());
    const cps = await client.waitForDiagnostics(cpsUri, (p) => p.diagnostics.length > 0);
    assert.ok(codes(cps).includes('cps-missing-section'), codes(cps).join(', '));
    assert.ok(!codes(cps).includes('cps-blank-section'), 'turned off by the project configuration');
    assert.deepEqual((await client.waitForDiagnostics(draftUri)).diagnostics, []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: draftUri } }), []);
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: '4.9.12' });
    // Ignored: the draft (open) and cp.md (only on disk).
    assert.deepEqual(syms.map((s) => s.location.uri), [cpsUri], 'ignored files are listed neither open nor from disk');
  });

  it('an invalid .cpslint.yaml is reported and does not stop the server', T, async () => {
    const cpsUri = fileUri(ws.cps);
    const draftUri = fileUri(ws.draft);
    writeFileSync(configFile, 'rules: [oops\nignore: {\n');
    // The server re-reads the file after a short while; nudge it with edits until it does.
    const text = draftCps();
    const deadline = Date.now() + 60_000;
    let n = 0;
    while (!client.logs.some((l) => l.message.includes('.cpslint.yaml')) && Date.now() < deadline) {
      await client.change(draftUri, [{ text: text + '\n'.repeat(++n % 2) }]);
      await sleep(500);
    }
    // It keeps serving; without a usable configuration the draft is a CP/CPS again.
    assert.ok(client.alive(), client.describe());
    const back = await client.waitForDiagnostics(draftUri, (p) => p.diagnostics.length > 0);
    assert.ok(codes(back).includes('cps-blank-section'));
    assert.ok(client.logs.some((l) => l.message.includes('.cpslint.yaml')), client.describe());
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: cpsUri } });
    assert.ok(findSymbol(symbols, '4.9.1 Circumstances for revocation'));
  });
});
