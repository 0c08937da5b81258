/**
 * The floor for `cpslint check`: a process that reads one Markdown file and parses it with the
 * same remark pipeline (GFM, front matter) and does nothing else. Used by perf.bench.ts.
 */
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';

const file = process.argv[2];
if (file) unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).parse(readFileSync(file, 'utf8'));
