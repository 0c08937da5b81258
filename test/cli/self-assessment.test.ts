/**
 * `cpslint self-assessment`: the CCADB self-assessment drafted as CSV, XLSX (read back with
 * read-excel-file), Markdown and JSON, and `--verify` of a filled-in sheet with deliberate mistakes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { ROOT } from '../unit/model-skeleton';
import { parseCsv, toCsv, citedSections, detectColumns } from '../../server/src/service/self-assessment';
import { readXlsxTables, xlsxBuffer } from '../../server/src/cli/xlsx';

const EX = join(ROOT, 'test/fixtures/sets/example');
let tmp = '';
before(() => (tmp = mkdtempSync(join(tmpdir(), 'cpslint-sa-'))));
after(() => rmSync(tmp, { recursive: true, force: true }));

function cpslint(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpslint.js'), ...args], { cwd: EX, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

test('CSV round trip: quotes, commas and line breaks survive', () => {
  const t = [['a', 'b,c'], ['say "x"', 'two\nlines'], ['', '']];
  assert.deepEqual(parseCsv(toCsv(t)), t);
  assert.deepEqual(parseCsv('x;y\r\n1;2\r\n'), [['x', 'y'], ['1', '2']]);
});

test('cited sections: CP or CPS named before the number; versions are not sections', () => {
  assert.deepEqual(citedSections('CPS §4.9.3; CP 1.2'), [{ number: '4.9.3', doc: 'cps' }, { number: '1.2', doc: 'cp' }]);
  assert.deepEqual(citedSections('Section 5.7.1.2 of version 2.1'), [{ number: '5.7.1.2', doc: null }]);
  assert.deepEqual(citedSections('CPS §3'), [{ number: '3', doc: 'cps' }]);
  assert.equal(detectColumns([['title'], ['BR Section Number', 'Title', 'CP/CPS Section(s)']])?.refs, 2);
});

test('self-assessment of a policy set as CSV: one row per BR section, with status, place and evidence', () => {
  const r = cpslint('self-assessment', '--set', 'quillmark', '--format', 'csv');
  assert.equal(r.status, 0, r.stderr);
  const rows = parseCsv(r.stdout);
  assert.deepEqual(rows[0].slice(0, 4), ['Source', 'Section', 'Requirement', 'Status (cpslint)']);
  const row = (sec: string) => rows.find((x) => x[0].startsWith('BR') && x[1] === sec)!;
  assert.equal(row('4.9.13')[3], 'met');
  assert.match(row('4.9.13')[7], /does not suspend/);
  assert.equal(row('5.7.1.2')[3], 'missing');
  assert.match(row('5.7.1.2')[8], /The CP states it in §5\.7\.1\.2/);
  assert.equal(row('3.1')[3], 'not checked automatically');
  assert.ok(rows.some((x) => x[0].startsWith('CRP') && x[1] === '1.1.3'));
});

test('XLSX opens and reads back with the same rows as the CSV', async () => {
  const out = join(tmp, 'sa.xlsx');
  const r = cpslint('self-assessment', 'cps.md', '--format', 'xlsx', '-o', out, '--as-of', '2026-11-25');
  assert.equal(r.status, 0, r.stderr);
  const sheets = (await readXlsxFile(readFileSync(out))) as unknown as { sheet: string; data: unknown[][] }[];
  assert.equal(sheets[0].sheet, 'Self-assessment');
  const csv = parseCsv(cpslint('self-assessment', 'cps.md', '--format', 'csv', '--as-of', '2026-11-25').stdout);
  const back = sheets[0].data.map((row) => row.map((v) => (v === null ? '' : String(v))));
  assert.equal(back.length, csv.length);
  assert.deepEqual(back[0], csv[0]);
  assert.deepEqual(back.find((x) => x[1] === '4.9.13'), csv.find((x) => x[1] === '4.9.13'));
  assert.equal(cpslint('self-assessment', 'cps.md', '--format', 'xlsx').status, 2, 'xlsx needs -o');
});

const WRONG = [
  { row: 6, problem: /cps\.md has no section 1\.5\.2/ },
  { row: 5, problem: /cps\.md §3 says "No stipulation\./ },
  { row: 9, problem: /no CP\/CPS section is given/ },
  { row: 8, problem: /cpslint finds the commitment missing/ },
  { row: 10, problem: /cpslint finds it in .*§8\.2, not in the cited §4\.9\.13/ },
];

function checkVerify(stdout: string) {
  for (const w of WRONG) assert.ok(stdout.split('\n').some((l) => l.startsWith(`- Row ${w.row},`) && w.problem.test(l)), `row ${w.row}: ${w.problem}\n${stdout}`);
  // The right claims are not flagged.
  assert.ok(!/- Row 4,/.test(stdout), stdout);
  assert.ok(!/- Row 7,/.test(stdout), stdout);
}

test('--verify flags the wrong claims of a filled-in CSV self-assessment', () => {
  const r = cpslint('self-assessment', '--verify', 'self-assessment-wrong.csv', '--as-set', 'cp.md', 'cps.md');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /7 row\(s\) with a BR section read; 5 problem/);
  checkVerify(r.stdout);
});

test('--verify reads the same self-assessment as XLSX; a sheet it cannot read is a clear error', async () => {
  const table = parseCsv(readFileSync(join(EX, 'self-assessment-wrong.csv'), 'utf8'));
  const file = join(tmp, 'wrong.xlsx');
  writeFileSync(file, await xlsxBuffer(table, 'Assessment', table[0].map(() => 20)));
  const r = cpslint('self-assessment', '--verify', file, '--as-set', 'cp.md', 'cps.md');
  assert.equal(r.status, 1, r.stderr);
  checkVerify(r.stdout);
  const bad = join(tmp, 'bad.xlsx');
  writeFileSync(bad, 'not a workbook');
  const b = cpslint('self-assessment', '--verify', bad, 'cps.md');
  assert.equal(b.status, 2);
  assert.match(b.stderr, /cannot be read as an XLSX workbook/);
  const noHeader = join(tmp, 'nohead.csv');
  writeFileSync(noHeader, 'a,b\n1.5.2,\n');
  const n = cpslint('self-assessment', '--verify', noHeader, 'cps.md');
  assert.equal(n.status, 2);
  assert.match(n.stderr, /--section-column and --ref-column/);
  const cols = cpslint('self-assessment', '--verify', noHeader, 'cps.md', '--section-column', 'A', '--ref-column', '2');
  assert.equal(cols.status, 1);
  assert.match(cols.stdout, /1 row\(s\) with a BR section read/);
});

test('--verify reads number cells of an XLSX as the sheet shows them: 4.10 formatted "0.00" stays 4.10, not 4.1', async () => {
  const writeXlsxFile = (await import('write-excel-file/node')).default;
  const rows = [
    [{ value: 'BR section' }, { value: 'CP/CPS section' }, { value: 'General' }],
    [{ value: 4.1, format: '0.00' }, { value: 4.1, format: '#,##0.00' }, { value: 4.1 }],
    [{ value: 7.1, format: '0.0' }, { value: '4.10' }, { value: 3 }],
  ];
  const file = join(tmp, 'numbers.xlsx');
  writeFileSync(file, await writeXlsxFile(rows as never, {}).toBuffer());
  const [sheet] = await readXlsxTables(file);
  assert.deepEqual(sheet.rows, [
    ['BR section', 'CP/CPS section', 'General'],
    ['4.10', '4.10', '4.1'],
    ['7.1', '4.10', '3'],
  ]);
});
