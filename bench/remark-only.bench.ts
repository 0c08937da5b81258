/**
 * The floor for `cpslint check`: a process that reads one Markdown file and parses it with
 * cpslint's own remark pipeline (server/src/service/markdown.ts: the same packages, versions and
 * extensions) and does nothing else. Used by perf.bench.ts.
 */
import { readFileSync } from 'node:fs';
import { markdownParser } from '../server/src/service/markdown';

const file = process.argv[2];
if (file) markdownParser().parse(readFileSync(file, 'utf8'));
