/**
 * The Markdown parser of cpslint: remark with the GitHub extensions a CP/CPS uses (tables,
 * footnotes, strikethrough, task lists) and front matter, as one definition shared by the model,
 * the revision-history reader, the tests and the benchmarks.
 *
 * Left out: GFM's autolink literals (bare `www.…`, `https://…` and e-mail addresses turned into
 * links). Nothing cpslint reads depends on them (a bare address stays text, with the same
 * characters, in the units the rules match; `<https://…>` autolinks and `[text](url)` links are
 * CommonMark and stay links), and the extension was about a quarter of the parse: it tries an
 * e-mail address at every run of letters and rewrites every text node afterwards (remark's parse of
 * BR 2.1.7: 905-960 → 700-740 ms the first time, 550-770 → 450-510 ms after; 2 MB: ~1.2 s → ~0.8 s).
 */
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';

/** remark-gfm's extensions in remark-gfm's order, less autolink literals (see above). */
export function remarkCpsGfm(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown());
}

export interface MarkdownParser {
  parse(text: string): Root;
}

/** The parser of a whole document (front matter at offset 0), or of a part of one (`frontMatter` false). */
export function markdownParser(frontMatter = true): MarkdownParser {
  const p = frontMatter ? unified().use(remarkParse).use(remarkCpsGfm).use(remarkFrontmatter, ['yaml', 'toml']) : unified().use(remarkParse).use(remarkCpsGfm);
  return { parse: (text: string) => p.parse(text) as Root };
}
