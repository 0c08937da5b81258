/** CLI input and output: reading a Markdown file with clear messages, and the error classes that end in exit code 2. */
import { readFileSync } from 'node:fs';
import { isIsoDate, PROGRAMS, yearRangeNote } from '../settings';
import type { DocumentModel } from '../service/model';
import { documentDate } from '../service/rules/versioning';
import { decodeText, readTextSafe, SafeReadError } from '../safe-read';
import { limits } from '../limits-env';
import { documentOverLimit, excerpt } from '../service/limits';

export class UsageError extends Error {}
export class InputError extends Error {}

/** `read()`, with a SafeReadError (its message names the file and the reason) turned into an InputError (exit code 2). */
export function asInputError<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof SafeReadError) throw new InputError(e.message);
    throw e;
  }
}

/**
 * Read a Markdown document as UTF-8 text, with a clear message for what cannot be read: only
 * regular files, at most maxDocumentBytes, and within the character, line and line-length limits.
 */
export function readText(file: string, within?: string[]): string {
  const l = limits();
  const text = asInputError(() => readTextSafe(file, { maxBytes: l.maxDocumentBytes, what: 'Markdown file', limitName: 'maxDocumentBytes', within }));
  const over = documentOverLimit(text, l);
  if (over) throw new InputError(`${file}: not checked: ${over}`);
  return text;
}

/** Standard input as UTF-8 text (`cpslint check -`), named `name` in messages. */
export function readStdin(name: string): string {
  const l = limits();
  let buf: Buffer;
  try {
    buf = readFileSync(0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // EAGAIN: stdin is a terminal or a non-blocking pipe with nothing written; EOF reads as empty.
    if (code === 'EAGAIN') throw new InputError(`${name}: standard input is not ready (pipe the document into cpslint, e.g. cat cps.md | cpslint check -)`);
    throw new InputError(`${name}: cannot read standard input (${code ?? (e as Error).message})`);
  }
  if (buf.length > l.maxDocumentBytes) throw new InputError(`${name}: too large (${buf.length} bytes; the limit maxDocumentBytes is ${l.maxDocumentBytes})`);
  const text = asInputError(() => decodeText(name, buf));
  const over = documentOverLimit(text, l);
  if (over) throw new InputError(`${name}: not checked: ${over}`);
  return text;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}


/** `--as-of`: a real YYYY-MM-DD date, "document", or absent. */
export function checkAsOf(value: string | undefined): void {
  if (value !== undefined && value !== 'document' && !isIsoDate(value)) throw new UsageError(`--as-of ${JSON.stringify(value.slice(0, 40))} is not a valid YYYY-MM-DD date (or "document")${yearRangeNote(value)}`);
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
  if (!list.length) throw new UsageError(`--program names no root program; give one or more of ${PROGRAMS.join(', ')} (or leave the option out for all)`);
  const bad = list.filter((p) => !PROGRAMS.includes(p));
  if (bad.length) throw new UsageError(`unknown program(s) ${bad.map((b) => (/^[\x20-\x7e]{1,40}$/.test(b) ? b : excerpt(b, 40))).join(', ')}; known: ${PROGRAMS.join(', ')}`);
  return list;
}
