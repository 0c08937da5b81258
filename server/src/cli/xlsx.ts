/**
 * XLSX for the self-assessment: written with write-excel-file, read back with read-excel-file.
 * CLI only (the extension bundle never imports this file). Both libraries are pure JavaScript on
 * fflate; see the commit that added them for their size.
 */
import { readFileSync, statSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import readXlsxFile from 'read-excel-file/node';
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
    sheets = (await readXlsxFile(readFileSync(file))) as unknown as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    throw new InputError(`${file}: cannot be read as an XLSX workbook (${(e as Error).message.split('\n')[0]}); save it as .xlsx or export it as CSV`);
  }
  return sheets.map((s) => ({ sheet: s.sheet, rows: s.data.map((r) => r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))) }));
}
