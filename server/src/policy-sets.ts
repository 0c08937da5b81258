/**
 * Policy sets in the language server (glue: I/O). A document's set comes from the `sets:` of its
 * `.cpslint.yaml`, or is detected: a CPS that names a CP (by title or policy OID) among the open
 * documents and the Markdown files of its own folder, or a CP named by such a CPS. The members
 * are read from the editor when open (their current text), else from disk (cached by mtime).
 */
import { closeSync, openSync, readSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { parseDocument, type DocumentModel } from './service/model';
import { detectedRole, findIncorporation, type PolicySet, type SetDocument } from './service/policy-set';
import { setContaining, type LoadedConfig } from './config-files';

const MAX_BYTES = 8 * 1024 * 1024;
const MAX_SIBLINGS = 200;
/** Siblings larger than this are not read for detection (they still join a set declared in .cpslint.yaml, or when open). */
const MAX_SIBLING_BYTES = 1024 * 1024;

export interface SetHost {
  /** The model of an open document (by file path), or null when it is not open. */
  openModel(path: string): DocumentModel | null;
  /** Paths of the open Markdown documents. */
  openPaths(): string[];
  configFor(uri: string): LoadedConfig | null;
}

const disk = new Map<string, { mtimeMs: number; size: number; model: DocumentModel | null }>();

function diskModel(path: string): DocumentModel | null {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_BYTES) return null;
    const hit = disk.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.model;
    const model = parseDocument(readFileSync(path, 'utf8'));
    disk.set(path, { mtimeMs: st.mtimeMs, size: st.size, model: model.parseError ? null : model });
    return model.parseError ? null : model;
  } catch {
    return null;
  }
}

function modelOf(host: SetHost, path: string): DocumentModel | null {
  return host.openModel(path) ?? diskModel(path);
}

function pathOf(uri: string): string | null {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : null;
  } catch {
    return null;
  }
}

/** A sibling worth parsing: small enough, and its first 4 KB name a Certificate Policy or a Practice Statement. */
function looksLikePolicy(path: string): boolean {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_SIBLING_BYTES) return false;
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, 4096, 0);
      return /certificate\s+polic(?:y|ies)|practices?\s+statement|\bCPS?\b/i.test(buf.subarray(0, n).toString('utf8'));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function candidates(host: SetHost, path: string): string[] {
  const out = new Set<string>(host.openPaths().map((p) => resolve(p)));
  try {
    const dir = dirname(path);
    for (const n of readdirSync(dir).filter((x) => /\.(md|markdown)$/i.test(x)).slice(0, MAX_SIBLINGS)) {
      const p = join(dir, n);
      if (out.has(resolve(p)) || disk.has(p) || looksLikePolicy(p)) out.add(resolve(p));
    }
  } catch {
    /* unreadable folder */
  }
  out.delete(resolve(path));
  return [...out];
}

function doc(host: SetHost, path: string, role: SetDocument['role']): SetDocument | null {
  const model = modelOf(host, path);
  return model ? { file: path, model, role } : null;
}

/** The set `uri` belongs to, and its members as the editor sees them now; null for a lone document. */
export function setForDocument(host: SetHost, uri: string, model: DocumentModel): PolicySet | null {
  const path = pathOf(uri);
  if (!path) return null;
  const cfg = host.configFor(uri);
  const configured = cfg ? setContaining(cfg, path) : null;
  if (configured) {
    const cp = resolve(configured.cp) === resolve(path) ? { file: path, model, role: 'cp' as const } : doc(host, configured.cp, 'cp');
    if (!cp) return null;
    const cps = configured.cps.map((c) => (resolve(c) === resolve(path) ? { file: path, model, role: 'cps' as const } : doc(host, c, 'cps'))).filter((x): x is SetDocument => !!x);
    return cps.length ? { name: configured.name, cp, cps } : null;
  }
  // Detection reads the folder and compares titles: not for very large documents (a set declared in
  // .cpslint.yaml still applies to them).
  if (model.text.length > MAX_SIBLING_BYTES) return null;
  const role = detectedRole(model);
  if (role === 'cps') {
    for (const p of candidates(host, path)) {
      const m = modelOf(host, p);
      if (m && m.text.length <= MAX_SIBLING_BYTES && detectedRole(m) === 'cp' && findIncorporation(model, m)) return { name: p, cp: { file: p, model: m, role: 'cp' }, cps: [{ file: path, model, role: 'cps' }] };
    }
    return null;
  }
  if (role === 'cp') {
    const cps: SetDocument[] = [];
    for (const p of candidates(host, path)) {
      const m = modelOf(host, p);
      if (m && m.text.length <= MAX_SIBLING_BYTES && detectedRole(m) === 'cps' && findIncorporation(m, model)) cps.push({ file: p, model: m, role: 'cps' });
    }
    return cps.length ? { name: path, cp: { file: path, model, role: 'cp' }, cps } : null;
  }
  return null;
}

/** The open documents that share a set with `uri` (to re-check when it changes). */
export function setPartners(host: SetHost, uri: string, model: DocumentModel): string[] {
  const set = setForDocument(host, uri, model);
  if (!set) return [];
  const self = resolve(pathOf(uri) ?? '');
  const open = new Set(host.openPaths().map((p) => resolve(p)));
  return [set.cp, ...set.cps].map((d) => resolve(d.file)).filter((p) => p !== self && open.has(p));
}
