/** CLI input and output: reading a Markdown file with clear messages, and the error classes that end in exit code 2. */
import { readFileSync, statSync } from 'node:fs';
import { isIsoDate, PROGRAMS } from '../settings';
import type { DocumentModel } from '../service/model';
import { documentDate } from '../service/rules/versioning';

export class UsageError extends Error {}
export class InputError extends Error {}

const MAX_BYTES = 64 * 1024 * 1024;

/** Read a file as UTF-8 text, with a clear message for what cannot be read. */
export function readText(file: string): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new InputError(`${file}: is a directory, not a Markdown file`);
  if (st.size > MAX_BYTES) throw new InputError(`${file}: too large (${st.size} bytes; the limit is ${MAX_BYTES})`);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeText(buf, file);
}

/** Standard input as UTF-8 text (`cpslint check -`), named `name` in messages. */
export function readStdin(name: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // EAGAIN: stdin is a terminal or a non-blocking pipe with nothing written; EOF reads as empty.
    if (code === 'EAGAIN') throw new InputError(`${name}: standard input is not ready (pipe the document into cpslint, e.g. cat cps.md | cpslint check -)`);
    throw new InputError(`${name}: cannot read standard input (${code ?? (e as Error).message})`);
  }
  if (buf.length > MAX_BYTES) throw new InputError(`${name}: too large (${buf.length} bytes; the limit is ${MAX_BYTES})`);
  return decodeText(buf, name);
}

function decodeText(buf: Buffer, file: string): string {
  if (buf.subarray(0, 8192).includes(0)) throw new InputError(`${file}: looks like a binary file, not Markdown text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new InputError(`${file}: is not valid UTF-8; convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}


/** `--as-of`: a real YYYY-MM-DD date, "document", or absent. */
export function checkAsOf(value: string | undefined): void {
  if (value !== undefined && value !== 'document' && !isIsoDate(value)) throw new UsageError(`--as-of "${value}" is not a valid YYYY-MM-DD date (or "document")`);
}

/**
 * The date to check a document as of. `--as-of document` takes the document's own date (its
 * version's revision entry, its title-block date, or its latest revision entry); a document without
 * one is checked as of `fallback`, with a note on stderr.
 */
export function resolveAsOf(value: string | undefined, model: DocumentModel, fallback: () => string, io: Io, file: string): string {
  if (value !== 'document') return value ?? fallback();
  const d = documentDate(model);
  if (d) return d;
  const f = fallback();
  io.err(`cpslint: ${file}: --as-of document: the document states no date; checked as of ${f}`);
  return f;
}

/** `--program a,b`: known root programs, lower-cased; undefined when the option is absent. */
export function parsePrograms(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((p) => !PROGRAMS.includes(p));
  if (bad.length) throw new UsageError(`unknown program(s) ${bad.join(', ')}; known: ${PROGRAMS.join(', ')}`);
  return list;
}
