/**
 * XLSX for the self-assessment: written with write-excel-file, read back with read-excel-file.
 * CLI only (the extension bundle never imports this file). Both libraries are pure JavaScript on
 * fflate; see the commit that added them for their size.
 */
import { readFileSync, statSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import readXlsxFile from 'read-excel-file/node';
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
import { InputError } from './io';

const MAX_SHEET_BYTES = 32 * 1024 * 1024;

/** An XLSX workbook of one sheet: the header row bold and frozen, columns sized for reading. */
export async function xlsxBuffer(table: string[][], sheet: string, widths: number[]): Promise<Buffer> {
  const data = table.map((row, i) => row.map((v) => (i === 0 ? { value: v, fontWeight: 'bold' as const, wrap: true } : { value: v, wrap: true })));
  return writeXlsxFile(data, { sheet, columns: widths.map((width) => ({ width })), stickyRowsCount: 1 }).toBuffer();
}

/** Every sheet of an XLSX file as rows of strings, with a clear error for what is not one. */
export async function readXlsxTables(file: string): Promise<{ sheet: string; rows: string[][] }[]> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (e as Error).message})`);
  }
  if (size > MAX_SHEET_BYTES) throw new InputError(`${file}: too large for a self-assessment (${size} bytes; the limit is ${MAX_SHEET_BYTES})`);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // Numbers are kept as the text the sheet shows (see numbersAsShown), never as floats.
    sheets = (await readXlsxFile(numbersAsShown(readFileSync(file)), { parseNumber: (v: string) => v } as never)) as unknown as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    throw new InputError(`${file}: cannot be read as an XLSX workbook (${(e as Error).message.split('\n')[0]}); save it as .xlsx or export it as CSV`);
  }
  return sheets.map((s) => ({ sheet: s.sheet, rows: s.data.map((r) => r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))) }));
}

/** Excel's built-in number formats with a fixed number of decimals (ECMA-376 §18.8.30): id → decimals. */
const BUILTIN_DECIMALS: Record<number, number> = { 2: 2, 4: 2, 10: 2, 11: 2, 39: 2, 40: 2 };

/** The decimals a number format code shows ("0.00" → 2, "#,##0.0" → 1), or 0 for General, dates, text. */
function decimalsOf(code: string): number {
  const first = code.split(';')[0].replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  if (/[dmyhs@]/i.test(first)) return 0;
  const m = /\.(0+)/.exec(first);
  return m ? m[1].length : 0;
}

/**
 * The workbook with every number cell whose style shows fixed decimals rewritten as the text it
 * shows: a BR section typed as 4.10 is stored as the number 4.1 with the format "0.00", and a
 * reader that takes the number reads section 4.1. Other cells are left as they are. Whatever
 * cannot be read this way is passed on unchanged (read-excel-file reports a broken workbook).
 */
export function numbersAsShown(buf: Buffer): Buffer {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(buf);
  } catch {
    return buf;
  }
  const styles = files['xl/styles.xml'] ? strFromU8(files['xl/styles.xml']) : '';
  const formats = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"/g)) formats.set(Number(m[1]), m[2].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const decimals: number[] = [...xfs.matchAll(/<xf\b([^>]*?)\/?>/g)].map((m) => {
    const id = Number(/numFmtId="(\d+)"/.exec(m[1])?.[1] ?? 0);
    return formats.has(id) ? decimalsOf(formats.get(id)!) : (BUILTIN_DECIMALS[id] ?? 0);
  });
  if (!decimals.some((d) => d > 0)) return buf;
  let changed = false;
  for (const name of Object.keys(files)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const xml = strFromU8(files[name]);
    const out = xml.replace(/<c\b([^>]*?)>\s*<v>([^<]*)<\/v>\s*<\/c>/g, (all, attrs: string, v: string) => {
      const t = /\bt="([^"]*)"/.exec(attrs)?.[1];
      if (t && t !== 'n') return all;
      const d = decimals[Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? -1)] ?? 0;
      const n = Number(v);
      if (!d || !Number.isFinite(n)) return all;
      changed = true;
      return `<c${attrs.replace(/\s*\bt="[^"]*"/, '')} t="inlineStr"><is><t>${n.toFixed(d)}</t></is></c>`;
    });
    files[name] = strToU8(out);
  }
  return changed ? Buffer.from(zipSync(files)) : buf;
}
