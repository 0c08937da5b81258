/**
 * Structural diagnostics of the RFC 3647 outline: missing, blank, "No stipulation" misuse,
 * duplicate and out-of-order numbers, title and level mismatches, broken cross-references.
 */
import structureYaml from '../../../rules/structure.yaml?data';
import type { Nodes, RootContent } from 'mdast';
import { DocumentModel, Section, inlineText, findSection, sectionLabel, originOf } from './model';
import { referenceOutline, titleMatches, compareNumbers, OutlineEntry } from './outline';
import type { Finding, Severity, Citation } from './findings';
import { findXRefs, numberedParagraphs } from './xrefs';
import { looksLikeCps } from './detect';
import { createSection, headingLine, insertIntoSection, eolOf } from './edits';
import { documentKinds } from './rules/locate';
import { htmlTableRows } from './html-table';

export interface StructureCheck {
  id: string;
  title: string;
  severity: Severity;
  source: Citation;
  rationale: string;
  /** What to do about a finding, for the review's recommendations. */
  advice: string;
}

let checks: Map<string, StructureCheck> | undefined;
export function structureChecks(): Map<string, StructureCheck> {
  if (!checks) {
    const data = structureYaml as { checks: StructureCheck[] };
    checks = new Map(data.checks.map((c) => [c.id, c]));
  }
  return checks;
}

function finding(id: string, model: DocumentModel, start: number, end: number, message: string, extra: Partial<Finding> = {}): Finding {
  const c = structureChecks().get(id)!;
  return { code: id, severity: c.severity, message, range: model.lines.range(start, end), source: { ...c.source }, ...extra };
}

/**
 * The words of an HTML block: comments and tags dropped, so an anchor (`<a id="x"></a>`) or a
 * comment is nothing, and a table or paragraph written in HTML is its text.
 */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text a section owns before its first child (markup stripped, HTML comments dropped). */
const ownTexts = new WeakMap<Section, string>();

/** The text of a section's own body (remembered per section: subtreeHasText asks it of every descendant of every section). */
export function ownText(s: Section): string {
  let t = ownTexts.get(s);
  if (t === undefined) ownTexts.set(s, (t = carriedOwnText(s) ?? computeOwnText(s)));
  return t;
}

/**
 * Own texts across document versions, keyed by the section's first block as first parsed (blocks
 * the incremental parse reused keep their origin, model.ts originOf): valid when every block is
 * the same reused block and the section reads its first block the same way.
 */
const acrossVersions = new WeakMap<RootContent, { origins: RootContent[]; boldHead: boolean; text: string }>();

function boldHead(s: Section): boolean {
  return s.kind === 'bold' && s.blocks[0]?.position?.start.offset === s.headingStart;
}

function carriedOwnText(s: Section): string | null {
  if (!s.blocks.length) return null;
  const first = originOf(s.blocks[0]);
  const hit = acrossVersions.get(first.node);
  let text: string | null = null;
  if (hit && hit.origins.length === s.blocks.length && hit.boldHead === boldHead(s)) {
    text = hit.text;
    for (let i = 0; i < s.blocks.length; i++) {
      const o = originOf(s.blocks[i]);
      if (o.node !== hit.origins[i] || o.delta !== first.delta) {
        text = null;
        break;
      }
    }
  }
  if (text !== null) return text;
  text = computeOwnText(s);
  acrossVersions.set(first.node, { origins: s.blocks.map((b) => originOf(b).node), boldHead: boldHead(s), text });
  return text;
}

function computeOwnText(s: Section): string {
  const parts: string[] = [];
  for (const b of s.blocks) {
    if (b.type === 'html') {
      parts.push(htmlText(b.value));
      continue;
    }
    if (b.type === 'paragraph' && s.kind === 'bold' && b.position?.start.offset === s.headingStart) {
      const rest = b.children.slice(1);
      parts.push(inlineText(rest));
      continue;
    }
    parts.push(blockText(b as Nodes));
  }
  return parts.join('\n').replace(/\s+/g, ' ').trim();
}

function blockText(n: Nodes): string {
  if (n.type === 'html' || n.type === 'yaml' || (n.type as string) === 'toml') return '';
  if ('value' in n && typeof n.value === 'string') return n.value;
  if ('children' in n) return (n.children as Nodes[]).map(blockText).join(' ');
  return '';
}

const NO_STIP = /^(?:\*|_)*no\s+stipulation(?:s)?(?:\*|_)*\s*[.;:]?/i;
/** "No stipulation beyond / other than / except / save that …", up to the end of that sentence. */
const NO_STIP_QUALIFIED = /^(?:\*|_)*no\s+(?:further\s+|additional\s+)?stipulations?,?\s+(?:beyond|other\s+than|except|apart\s+from|in\s+addition\s+to|besides|further\s+to|more\s+than|save\s+(?:that|as|for|where))\b(?:[^.]|\.(?!\s|$))*(?:\.(?=\s|$)|$)/i;

function subtreeHasText(s: Section): boolean {
  return s.children.some((c) => {
    const t = ownText(c);
    return (t && !NO_STIP.test(t) ? true : false) || subtreeHasText(c);
  });
}

/** A BR domain or IP validation method (3.2.2.4.N, 3.2.2.5.N) in a document without sections of that depth under it. */
function isBrMethodNumber(model: DocumentModel, number: string): boolean {
  const m = /^(3\.2\.2\.[45])\.\d{1,2}$/.exec(number);
  if (!m) return false;
  const prefix = `${m[1]}.`;
  if (model.all.some((s) => s.number?.startsWith(prefix))) return false;
  for (const n of numberedParagraphs(model)) if (n.startsWith(prefix)) return false;
  return true;
}

export function checkStructure(model: DocumentModel): Finding[] {
  const out: Finding[] = [];
  if (!model.rfc3647) {
    if (model.all.length && looksLikeCps(model.text)) {
      const first = model.all[0];
      out.push(
        finding(
          'cps-not-rfc3647',
          model,
          first.headingStart,
          first.headingEnd,
          'This document does not follow the RFC 3647 outline (its section numbers and titles do not match), so cpslint shows its own outline and makes no RFC 3647 findings.',
        ),
      );
    }
    return out;
  }
  const outline = referenceOutline();
  const main = model.all.filter((s) => s.number && !s.scoped && !s.appendix);
  const byNumber = new Map<string, Section>();
  for (const s of main) if (!byNumber.has(s.number!)) byNumber.set(s.number!, s);

  // Sections given as table rows: present and answered, but not headings (an info per table).
  const rows = sectionsInTables(model);
  const inTable = (n: string) => rows.has(n) || outlinePathOf(n).some((a) => rows.has(a) && !byNumber.has(a));
  const byTable = new Map<number, { start: number; end: number; numbers: string[] }>();
  for (const e of outline.entries) {
    const r = rows.get(e.number);
    if (!r || byNumber.has(e.number)) continue;
    const t = byTable.get(r.tableStart) ?? { start: r.start, end: r.end, numbers: [] };
    t.numbers.push(e.number);
    byTable.set(r.tableStart, t);
  }
  for (const t of byTable.values()) {
    const list = t.numbers.length <= 6 ? t.numbers.join(', ') : `${t.numbers.slice(0, 5).join(', ')} and ${t.numbers.length - 5} more`;
    out.push(
      finding(
        'cps-section-not-heading',
        model,
        t.start,
        lineEndOf(model, t.start),
        `${t.numbers.length > 1 ? `Sections ${list} are` : `Section ${list} is`} given as table rows, not as headings; cpslint counts ${t.numbers.length > 1 ? 'them' : 'it'} as present, but a heading can be found and linked to.`,
      ),
    );
  }

  // Missing sections: one finding per missing subtree, consecutive missing siblings grouped.
  const reported = new Set<string>();
  const groups: { entries: OutlineEntry[]; anchor: Section | null; after: string | null }[] = [];
  for (const e of outline.entries) {
    if (!e.required || byNumber.has(e.number) || inTable(e.number)) continue;
    reported.add(e.number);
    // A missing parent's finding already covers its subtree.
    if (e.parent && reported.has(e.parent)) continue;
    // Previous present sibling (in outline order) decides where it would be inserted.
    const siblings = e.parent ? outline.byNumber.get(e.parent)!.children : outline.entries.filter((x) => !x.parent).map((x) => x.number);
    const idx = siblings.indexOf(e.number);
    let prev: Section | null = null;
    let prevNum: string | null = null;
    for (let k = idx - 1; k >= 0; k--) {
      const p = byNumber.get(siblings[k]);
      if (p) {
        prev = p;
        prevNum = siblings[k];
        break;
      }
    }
    const anchor = prev ?? (e.parent ? byNumber.get(e.parent)! : null);
    const last = groups[groups.length - 1];
    const lastEntry = last?.entries[last.entries.length - 1];
    if (last && last.anchor === anchor && lastEntry && lastEntry.parent === e.parent && siblings.indexOf(lastEntry.number) === idx - 1) {
      last.entries.push(e);
    } else groups.push({ entries: [e], anchor, after: prevNum });
  }
  for (const g of groups) {
    const a = g.anchor ?? main[0] ?? model.all[0];
    if (!a) break;
    const names = g.entries.map((e) => `${e.number} (${e.title})`);
    const sub = (e: OutlineEntry) => countRequiredDescendants(e);
    const subs = g.entries.reduce((n, e) => n + sub(e), 0);
    const where = g.after ? `after ${g.after}` : g.entries[0].parent ? `at the start of ${g.entries[0].parent}` : 'at the start of the document';
    const what =
      g.entries.length === 1
        ? `Section ${names[0]} is missing`
        : g.entries.length <= 4
          ? `Sections ${names.join(', ')} are missing`
          : `Sections ${g.entries[0].number}–${g.entries[g.entries.length - 1].number} (${g.entries.length} sections) are missing`;
    const tail = subs ? `, with ${subs} subsection${subs > 1 ? 's' : ''}` : '';
    // The finding sits where the fix inserts the section (the end of the text before that place),
    // not on the neighbouring heading, which is not what is wrong.
    const edit = missingSectionsEdit(model, g.entries);
    const at = insertionPoint(model, model.lines.offsetAt(edit.range.start));
    const f = finding('cps-missing-section', model, at, at, `${what}${tail}; ${g.entries.length > 1 ? 'they belong' : 'it belongs'} here, ${where}. Add ${g.entries.length > 1 ? 'them' : 'it'}, with "No stipulation." if nothing applies.`, {
      related: g.anchor ? [{ range: model.lines.range(g.anchor.numberStart, lineEndOf(model, g.anchor.headingStart)), message: g.after ? `${g.after}: the missing section goes after this one` : `${g.anchor.number}: the missing section goes at its start` }] : undefined,
    });
    f.fixes = [{ title: `Insert ${g.entries.length > 1 ? `sections ${g.entries.map((e) => e.number).join(', ')}` : `section ${g.entries[0].number}`}`, edits: [edit], snippet: true }];
    out.push(f);
  }

  // Per-section checks.
  const modes = levelModes(main);
  // The TLS Baseline Requirements' "content required" headings only bind a document that covers TLS
  // certificates (an S/MIME or code-signing CP/CPS answers to other requirements).
  const tls = documentKinds(model).has('TLS');
  for (const s of model.all) {
    if (!s.number || s.scoped || s.appendix) continue;
    const e = outline.byNumber.get(s.number);
    const text = ownText(s);
    const hStart = s.numberStart;
    const hEnd = lineEndOf(model, s.headingStart);
    if (!text && s.children.length === 0 && !(s.kind === 'bold' && s.bodyStart < s.bodyEnd)) {
      out.push(
        finding('cps-blank-section', model, hStart, hEnd, `Section ${sectionLabel(s)} is entirely blank. State the CA's practice, or write "No stipulation." if nothing applies.`, {
          // "No stipulation." in a section RFC 3647 leaves to the CA states no practice: the one fix
          // "fix all" on save may apply (see Fix.unattended).
          fixes: [
            e?.normative
              ? { title: 'Insert a placeholder for the practice', edits: [insertIntoSection(model, s, placeholderBody(e))], snippet: true }
              : { title: 'Insert "No stipulation."', edits: [insertIntoSection(model, s, placeholderBody(e))], unattended: true },
          ],
        }),
      );
    }
    if (text && NO_STIP.test(text)) {
      // "No stipulation beyond what the BR provides." is one statement that defers to another text:
      // the words of that sentence are not practice stated after a "No stipulation".
      const qualified = NO_STIP_QUALIFIED.exec(text);
      const rest = qualified ? text.slice(qualified[0].length).trim() : text.replace(NO_STIP, '').trim();
      const words = rest.split(/\s+/).filter(Boolean).length;
      if (e?.normative && tls && words === 0 && !qualified && !subtreeHasText(s)) {
        out.push(
          finding(
            'cps-no-stipulation-normative',
            model,
            hStart,
            hEnd,
            `Section ${s.number} (${e.title}) says "No stipulation", but the TLS Baseline Requirements require the CA to act here (BR §${s.number}); describe the CA's practice.`,
          ),
        );
      } else if (words >= 8) {
        out.push(finding('cps-no-stipulation-with-text', model, hStart, hEnd, `Section ${s.number} says "No stipulation" and then states ${words} more words of practice; remove "No stipulation" or the text after it.`));
      }
    }
    if (e && (e.required || e.number.split('.').length <= 3) && s.title && model.englishTitles && !titleMatches(s.title, e)) {
      out.push(
        finding('cps-title-mismatch', model, hStart, hEnd, `The title "${s.title}" does not match RFC 3647 ${e.number} "${e.title}"${e.brTitle ? ` (BR: "${e.brTitle}")` : ''}. Check the number or the title.`),
      );
    }
    if (s.kind === 'heading') {
      const chapter = s.number.split('.')[0];
      const mode = modes.get(chapter) ?? modes.get('*');
      const offset = s.headingDepth - s.number.split('.').length;
      if (mode !== undefined && offset !== mode) {
        const expected = Math.min(6, Math.max(1, s.number.split('.').length + mode));
        if (expected !== s.headingDepth)
          out.push(finding('cps-heading-level', model, s.headingStart, hEnd, `Section ${s.number} is a level-${s.headingDepth} heading (${'#'.repeat(s.headingDepth)}) but its number puts it at level ${expected} (${'#'.repeat(expected)}), like the other sections of chapter ${chapter}.`));
      }
    }
  }

  // Duplicates and order.
  const seen = new Map<string, Section>();
  for (const s of main) {
    const first = seen.get(s.number!);
    if (first) {
      out.push(
        finding('cps-duplicate-number', model, s.numberStart, lineEndOf(model, s.headingStart), `Section number ${s.number} is used twice; the first is on line ${model.lines.positionAt(first.headingStart).line + 1}.`, {
          related: [{ range: model.lines.range(first.numberStart, lineEndOf(model, first.headingStart)), message: `first ${s.number}` }],
        }),
      );
    } else seen.set(s.number!, s);
  }
  const siblingsOf = (list: Section[]) => list.filter((c) => c.number && !c.scoped && !c.appendix);
  const orderCheck = (list: Section[]) => {
    const sib = siblingsOf(list);
    for (let i = 1; i < sib.length; i++) {
      const prev = sib[i - 1];
      const cur = sib[i];
      if (compareNumbers(cur.number!, prev.number!) < 0 && seen.get(cur.number!) === cur) {
        out.push(finding('cps-out-of-order', model, cur.numberStart, lineEndOf(model, cur.headingStart), `Section ${cur.number} comes after ${prev.number}; RFC 3647 order puts it before.`));
      }
    }
  };
  orderCheck(model.sections);
  for (const s of model.all) orderCheck(s.children);

  // Cross-references to sections that do not exist.
  for (const r of findXRefs(model)) {
    if (r.external) continue;
    if (findSection(model, r.number)) continue;
    // A numbered paragraph, list item or table row is a target too.
    if (numberedParagraphs(model).has(r.number)) continue;
    // "Sections 3.2.2.5.4 and 3.2.2.5.2 are not used": a BR validation method's number, in a document
    // that does not number its methods itself, cites the BR, not a section of this document.
    if (isBrMethodNumber(model, r.number)) continue;
    // Chapter-only references ("Section 7") resolve to chapters; unknown deep numbers are reported.
    out.push(finding('cps-broken-xref', model, r.start, r.end, `Section ${r.number} is referenced here but does not exist in this document.`));
  }
  return out;
}

/** Body for a new or blank section: "No stipulation." unless the BR require content there. */
function placeholderBody(e: OutlineEntry | undefined): string {
  return e?.normative ? '${1:Describe the CA practice for this section.}' : 'No stipulation.';
}

/** One edit creating consecutive missing siblings, in RFC 3647 order and the document's heading style. */
function missingSectionsEdit(model: DocumentModel, entries: OutlineEntry[]) {
  const nl = eolOf(model.text);
  const rest = entries
    .slice(1)
    .map((e) => `${nl}${nl}${headingLine(model, e.number, null)}${nl}${nl}${placeholderBody(e)}`)
    .join('');
  return createSection(model, entries[0].number, placeholderBody(entries[0]) + rest);
}

function countRequiredDescendants(e: OutlineEntry): number {
  const o = referenceOutline();
  let n = 0;
  for (const c of e.children) {
    const ce = o.byNumber.get(c)!;
    if (!ce.required) continue;
    n += 1 + countRequiredDescendants(ce);
  }
  return n;
}

/** Where a finding about text to insert at `pos` is shown: after the last non-blank character before it (blank lines and the next heading are not the place). */
function insertionPoint(model: DocumentModel, pos: number): number {
  let i = pos;
  while (i > 0 && /\s/.test(model.text[i - 1])) i--;
  return i > 0 ? i : pos;
}

function lineEndOf(model: DocumentModel, offset: number): number {
  return model.lines.lineEnd(model.lines.positionAt(offset).line);
}

/** Most common (heading depth − number parts) per chapter, and overall under '*'. */
function levelModes(main: Section[]): Map<string, number> {
  const counts = new Map<string, Map<number, number>>();
  const add = (k: string, o: number) => {
    const m = counts.get(k) ?? new Map<number, number>();
    m.set(o, (m.get(o) ?? 0) + 1);
    counts.set(k, m);
  };
  for (const s of main) {
    if (s.kind !== 'heading') continue;
    const o = s.headingDepth - s.number!.split('.').length;
    add(s.number!.split('.')[0], o);
    add('*', o);
  }
  const modes = new Map<string, number>();
  for (const [k, m] of counts) {
    let best = 0;
    let bestN = -1;
    for (const [o, n] of m) if (n > bestN || (n === bestN && o < best)) (best = o), (bestN = n);
    modes.set(k, best);
  }
  return modes;
}

// -----------------------------------------------------------------------------------------------
// Sections given as table rows

function outlinePathOf(n: string): string[] {
  const parts = n.split('.');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('.'));
  return out;
}

/** "**4.7.3**", "4.7.3.", "4.7.3 Who may request …" as a first table cell. */
const ROW_NUMBER = /^[*_\s]*(\d{1,2}(?:\.\d{1,3}){1,5})\.?[*_]*(?:[\s\t]+(.*))?$/;

/**
 * RFC 3647 sections written as table rows (pipe or HTML): a first cell holding the number, the
 * title in that cell or the next, and the answer in the rest. Only rows whose title matches the
 * RFC 3647 title for that number count, so that change logs listing section numbers do not.
 */
export function sectionsInTables(model: DocumentModel): Map<string, { start: number; end: number; tableStart: number }> {
  const out = new Map<string, { start: number; end: number; tableStart: number }>();
  for (const b of model.blocks) {
    for (const [n, start, end, tableStart] of tableRowsOf(model, b.node)) if (!out.has(n)) out.set(n, { start, end, tableStart });
  }
  return out;
}

/** Rows of tables in a top-level block that name an RFC 3647 section (number, row start and end, table start), in order. */
type TableRow = [string, number, number, number];
const rowsByBlock = new WeakMap<RootContent, { length: number; rows: TableRow[] }>();
const NO_ROWS: TableRow[] = [];

/**
 * tableRows, remembered by the block as first parsed: a moved copy (model.ts originOf) has its
 * origin's text, the incremental parse copies only blocks outside the changed span (the length is
 * compared as a check of that; comparing the text itself read the whole document every keystroke).
 */
function tableRowsOf(model: DocumentModel, node: RootContent): TableRow[] {
  const p = node.position;
  if (!p || p.start.offset === undefined || p.end.offset === undefined) return tableRows(node);
  const o = originOf(node);
  const length = p.end.offset - p.start.offset;
  const hit = rowsByBlock.get(o.node);
  if (hit && hit.length === length) return o.delta && hit.rows.length ? hit.rows.map(([n, a, b, t]) => [n, a + o.delta, b + o.delta, t + o.delta]) : hit.rows;
  const found = tableRows(node);
  const rows = found.length ? found : NO_ROWS;
  rowsByBlock.set(o.node, { length, rows: o.delta && rows.length ? rows.map(([n, a, b, t]) => [n, a - o.delta, b - o.delta, t - o.delta]) : rows });
  return rows;
}

function tableRows(block: RootContent): TableRow[] {
  const out: TableRow[] = [];
  const outline = referenceOutline();
  const consider = (cells: string[], start: number, end: number, tableStart: number) => {
    const first = cells.findIndex((c) => c.trim() !== '');
    if (first < 0) return;
    const m = ROW_NUMBER.exec(cells[first].trim());
    if (!m) return;
    const e = outline.byNumber.get(m[1]);
    if (!e) return;
    const title = (m[2] ?? cells[first + 1] ?? '').replace(/[*_]/g, '').trim();
    if (!title || !titleMatches(title, e)) return;
    out.push([m[1], start, end, tableStart]);
  };
  const visit = (n: Nodes) => {
    if (n.type === 'table') {
      const t0 = n.position?.start.offset ?? 0;
      for (const row of n.children) {
        const cells = row.children.map((c) => blockText(c as Nodes));
        consider(cells, row.position?.start.offset ?? t0, row.position?.end.offset ?? t0, t0);
      }
      return;
    }
    if (n.type === 'html') {
      const t0 = n.position?.start.offset ?? 0;
      for (const r of htmlTableRows(n.value, t0)) consider(r.cells, r.start, r.end, t0);
      return;
    }
    if ('children' in n && n.type !== 'heading') for (const c of n.children as Nodes[]) visit(c);
  };
  visit(block as Nodes);
  return out;
}
