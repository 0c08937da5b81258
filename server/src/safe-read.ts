/**
 * Reading a file that a repository or a user named, safely (issue 13). Glue: I/O.
 *
 * - Only regular files: the file is opened without blocking (O_NONBLOCK, so a FIFO cannot hang the
 *   open) and checked with fstat on the open descriptor, so FIFOs, devices, sockets and folders
 *   are refused and nothing can be swapped in between the check and the read.
 * - Symbolic links are resolved; when `within` is given, the real path must be inside one of those
 *   folders (a link cannot lead out of the workspace).
 * - At most `maxBytes` are read, whatever `stat` says (a device reports size 0).
 * - Text: UTF-8, with or without a BOM. UTF-16 and binary files get a message that says so.
 * Every failure is a SafeReadError with a message that names the file and never its content.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export class SafeReadError extends Error {
  /** The message without the file name in front ("no such file"). */
  readonly reason: string;
  constructor(
    file: string,
    reason: string,
    readonly code?: string,
  ) {
    super(`${file}: ${reason}`);
    this.reason = reason;
  }
}

export interface SafeReadOptions {
  /** The most bytes to read. */
  maxBytes: number;
  /** What the file is, for messages ("rule pack", "configuration"). */
  what: string;
  /** The limit's name, for the "raise it with" hint. */
  limitName?: string;
  /** When given, the file's real path must be inside one of these folders. */
  within?: string[];
  /** How to allow a file outside `within` (e.g. "pass --allow-outside"). */
  outsideHint?: string;
}

/** Whether `path` is `root` or inside it (both resolved, real paths). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!!rel && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of a folder, or the folder itself when it cannot be resolved. */
export function realFolder(dir: string): string {
  try {
    return realpathSync(resolve(dir));
  } catch {
    return resolve(dir);
  }
}

/** Why a file system call failed, in words: "permission denied (EACCES)", "no such file". */
export function errnoReason(e: unknown): string {
  return errnoMessage(e).text;
}

function errnoMessage(e: unknown): { text: string; code?: string } {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { text: 'no such file', code };
  if (code === 'EACCES' || code === 'EPERM') return { text: `permission denied (${code})`, code };
  if (code === 'EISDIR') return { text: 'is a directory, not a file', code };
  if (code === 'ELOOP') return { text: 'too many levels of symbolic links', code };
  return { text: `cannot read (${code ?? (e as Error).message})`, code };
}

function kind(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Read at most `maxBytes` (+1 to detect more) of a regular file as bytes. */
export function readBytes(file: string, o: SafeReadOptions): Buffer {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    const m = errnoMessage(e);
    throw new SafeReadError(file, `${m.text}`, m.code);
  }
  if (o.within) {
    const roots = o.within.map(realFolder);
    if (!roots.some((r) => isInside(real, r))) {
      const shown = real === resolve(file) ? '' : ` (it leads to ${real})`;
      throw new SafeReadError(file, `the ${o.what} is outside ${roots.length === 1 ? roots[0] : 'the workspace folders'}${shown}; it is not read${o.outsideHint ? ` (${o.outsideHint})` : ''}`, 'EOUTSIDE');
    }
  }
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const m = errnoMessage(e);
    throw new SafeReadError(file, `${m.text}`, m.code);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new SafeReadError(file, `is a directory, not a ${o.what}`, 'EISDIR');
    if (!st.isFile()) throw new SafeReadError(file, `is ${kind(st)}, not a regular file; only regular files are read`, 'ENOTREG');
    const cap = o.maxBytes;
    const hint = o.limitName ? `; raise it with CPSLINT_LIMITS="${o.limitName}=N"` : '';
    if (st.size > cap) throw new SafeReadError(file, `the ${o.what} has ${st.size} bytes, more than the ${cap}-byte limit${o.limitName ? ` ${o.limitName}` : ''}${hint}`, 'ETOOBIG');
    // The file may grow after fstat: read no more than the cap (+1 to know it was over).
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(Math.min(cap + 1, 1024 * 1024));
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, Math.min(buf.length, cap + 1 - total), null);
      } catch (e) {
        const m = errnoMessage(e);
        throw new SafeReadError(file, `${m.text}`, m.code);
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > cap) throw new SafeReadError(file, `the ${o.what} is larger than the ${cap}-byte limit${o.limitName ? ` ${o.limitName}` : ''}${hint}`, 'ETOOBIG');
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Decode a file's bytes as UTF-8 text (BOM removed), with a clear message for anything else. */
export function decodeText(file: string, buf: Buffer): string {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new SafeReadError(file, `is UTF-16 (${buf[0] === 0xff ? 'little' : 'big'}-endian, with a byte order mark); convert it to UTF-8 first (e.g. iconv -f UTF-16 -t UTF-8)`, 'EUTF16');
  }
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) {
    // UTF-16 without a BOM: text whose every other byte is 0.
    let even = 0;
    let odd = 0;
    for (let i = 0; i + 1 < head.length; i += 2) {
      if (head[i] === 0) even++;
      if (head[i + 1] === 0) odd++;
    }
    const pairs = Math.floor(head.length / 2);
    if (pairs && (even > pairs * 0.4 || odd > pairs * 0.4)) throw new SafeReadError(file, `looks like UTF-16 text (without a byte order mark); convert it to UTF-8 first (e.g. iconv -f UTF-16LE -t UTF-8)`, 'EUTF16');
    throw new SafeReadError(file, `looks like a binary file, not text`, 'EBINARY');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new SafeReadError(file, `is not valid UTF-8; convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)`, 'EENCODING');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Read a regular file as UTF-8 text, safely (see the top of this file). */
export function readTextSafe(file: string, o: SafeReadOptions): string {
  return decodeText(file, readBytes(file, o));
}
