/** Workspace index for Go to Symbol in Workspace: CP/CPS files on disk, parsed lazily, cached by mtime. */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { CancellationToken } from 'vscode-languageserver/node';
import { parseDocument, DocumentModel } from './service';
import { Settings, isCpsDocument } from './settings';
import { readTextSafe } from './safe-read';
import { documentOverLimit, DEFAULT_LIMITS, type Limits } from './service/limits';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test', '.e2e']);
const MAX_FILES = 2000;
const MAX_BYTES = 8 * 1024 * 1024;

export class WorkspaceIndex {
  /** `key` records the settings the entry was classified under (include/exclude/enable). */
  private cache = new Map<string, { mtimeMs: number; size: number; key: string; model: DocumentModel | null }>();
  constructor(
    private readonly log: (m: string) => void,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  async models(folders: string[], settings: Settings, token?: CancellationToken): Promise<{ uri: string; model: DocumentModel }[]> {
    const files: string[] = [];
    for (const f of folders) await this.walk(f, files, token);
    const out: { uri: string; model: DocumentModel }[] = [];
    const key = JSON.stringify([settings.enable, settings.include, settings.exclude, folders]);
    for (const file of files) {
      if (token?.isCancellationRequested) break;
      try {
        const st = await fs.stat(file);
        if (!st.isFile() || st.size > Math.min(MAX_BYTES, this.limits.maxDocumentBytes)) continue;
        let hit = this.cache.get(file);
        const fresh = !!hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size;
        // Re-classify when the file or the settings changed (files.exclude/include, enable).
        if (!hit || !fresh || hit.key !== key) {
          // Only a regular file (a FIFO swapped in after the walk cannot block), at most the cap.
          const text = readTextSafe(file, { maxBytes: Math.min(MAX_BYTES, this.limits.maxDocumentBytes), what: 'file', within: folders });
          if (documentOverLimit(text, this.limits)) continue;
          const uri = URI.file(file).toString();
          const model = isCpsDocument(uri, text, settings, folders) ? (fresh && hit?.model) || parseDocument(text) : null;
          hit = { mtimeMs: st.mtimeMs, size: st.size, key, model };
          this.cache.set(file, hit);
        }
        if (hit.model) out.push({ uri: URI.file(file).toString(), model: hit.model });
      } catch (e) {
        this.log(`cpslint: skipped ${file}: ${(e as Error).message}`);
      }
    }
    return out;
  }

  private async walk(dir: string, out: string[], token?: CancellationToken): Promise<void> {
    if (out.length >= MAX_FILES || token?.isCancellationRequested) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await this.walk(p, out, token);
      } else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) out.push(p);
    }
  }
}
