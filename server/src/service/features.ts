/**
 * Navigation features as functions of the section model, returning plain LSP types.
 */
import {
  DocumentSymbol,
  SymbolKind,
  FoldingRange,
  FoldingRangeKind,
  Location,
  Hover,
  MarkupKind,
  DocumentLink,
  SymbolInformation,
  Position,
} from 'vscode-languageserver-types';
import { DocumentModel, Section, sectionLabel, findSection, visitAsParsed, sectionRange, outlinePath } from './model';
import { referenceOutline } from './outline';
import { findXRefs, xrefAt, XRef } from './xrefs';


export function documentSymbols(model: DocumentModel): DocumentSymbol[] {
  const toSymbol = (s: Section): DocumentSymbol => {
    const range = sectionRange(model, s);
    const selectionRange = model.lines.range(s.headingStart, Math.max(s.headingEnd, s.headingStart));
    // The detail shows the canonical RFC 3647 title only where the written title differs.
    const detail = s.canonicalTitle && s.title && s.canonicalTitle.toLowerCase() !== s.title.toLowerCase() ? `RFC 3647: ${s.canonicalTitle}` : '';
    return {
      name: sectionLabel(s),
      detail,
      kind: s.number ? (s.level === 1 ? SymbolKind.Module : SymbolKind.Namespace) : SymbolKind.String,
      range,
      selectionRange,
      children: s.children.map(toSymbol),
    };
  };
  return model.sections.map(toSymbol);
}

export function foldingRanges(model: DocumentModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const s of model.all) {
    const startLine = model.lines.positionAt(s.headingStart).line;
    const endLine = model.lines.positionAt(Math.max(s.end, s.headingEnd)).line;
    if (endLine > startLine) out.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  }
  if (model.frontMatter) {
    const a = model.lines.positionAt(model.frontMatter.start).line;
    const b = model.lines.positionAt(model.frontMatter.end).line;
    if (b > a) out.push({ startLine: a, endLine: b, kind: FoldingRangeKind.Comment });
  }
  return out;
}

function headingLocation(uri: string, model: DocumentModel, s: Section): Location {
  return { uri, range: model.lines.range(s.headingStart, s.headingEnd) };
}

/** Cache of cross-references per model (models are immutable). */
const xrefCache = new WeakMap<DocumentModel, XRef[]>();
export function xrefs(model: DocumentModel): XRef[] {
  let r = xrefCache.get(model);
  if (!r) {
    r = findXRefs(model);
    xrefCache.set(model, r);
  }
  return r;
}

export function definition(model: DocumentModel, uri: string, pos: Position): Location[] {
  const offset = model.lines.offsetAt(pos);
  const ref = xrefAt(xrefs(model), offset);
  if (ref) {
    if (ref.external) return [];
    const s = findSection(model, ref.number);
    return s ? [headingLocation(uri, model, s)] : [];
  }
  // A link to an in-document anchor.
  const link = linkAt(model, offset);
  if (link) {
    const s = model.bySlug.get(link.toLowerCase());
    return s ? [headingLocation(uri, model, s)] : [];
  }
  return [];
}

function linkAt(model: DocumentModel, offset: number): string | undefined {
  for (const l of anchorLinks(model)) if (l.start <= offset && offset <= l.end) return l.anchor;
  return undefined;
}

interface AnchorLink {
  start: number;
  end: number;
  anchor: string;
}

const linkCache = new WeakMap<DocumentModel, AnchorLink[]>();
function anchorLinks(model: DocumentModel): AnchorLink[] {
  let out = linkCache.get(model);
  if (out) return out;
  out = [];
  visitAsParsed(model.root, (n, delta) => {
    if (n.type === 'link' && n.url.startsWith('#') && n.position) {
      out!.push({ start: n.position.start.offset! + delta, end: n.position.end.offset! + delta, anchor: decodeURIComponent(n.url.slice(1)) });
    }
  });
  linkCache.set(model, out);
  return out;
}

/** Links to in-document anchors ("#491-circumstances-for-revocation"), resolved to their heading line. */
export function documentLinks(model: DocumentModel, uri: string): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const l of anchorLinks(model)) {
    const s = model.bySlug.get(l.anchor.toLowerCase());
    if (!s) continue;
    const line = model.lines.positionAt(s.headingStart).line + 1;
    out.push({ range: model.lines.range(l.start, l.end), target: `${uri.split('#')[0]}#L${line}`, tooltip: `Go to ${sectionLabel(s)}` });
  }
  return out;
}

function describeNumber(model: DocumentModel, number: string): string {
  const o = referenceOutline();
  const e = o.byNumber.get(number);
  const lines: string[] = [];
  if (e) {
    lines.push(`**${number} ${e.title}** — RFC 3647${e.required ? '' : ' (subsection added by the TLS Baseline Requirements)'}`);
    if (e.brTitle) lines.push(`BR title: *${e.brTitle}*`);
    const path = outlinePath(number)
      .map((p) => o.byNumber.get(p))
      .filter((x): x is NonNullable<typeof x> => !!x)
      .map((x) => `${x.number} ${x.title}`);
    if (path.length) lines.push(`In: ${path.join(' › ')}`);
    if (e.children.length) lines.push(`Subsections: ${e.children.slice(0, 20).join(', ')}${e.children.length > 20 ? ', …' : ''}`);
    if (e.normative) lines.push('The Baseline Requirements require content here: "No stipulation" is not enough.');
  } else lines.push(`**${number}** is not an RFC 3647 section number.`);
  const s = findSection(model, number);
  if (!s) lines.push('_Not present in this document._');
  return lines.join('\n\n');
}

export function hover(model: DocumentModel, pos: Position): Hover | null {
  const offset = model.lines.offsetAt(pos);
  const ref = xrefAt(xrefs(model), offset);
  if (ref) {
    if (ref.external) return { contents: { kind: MarkupKind.Markdown, value: `Section ${ref.number} of another document (not this one).` }, range: model.lines.range(ref.start, ref.end) };
    if (!model.rfc3647) {
      const s = findSection(model, ref.number);
      return { contents: { kind: MarkupKind.Markdown, value: s ? `**${sectionLabel(s)}**` : `Section ${ref.number} is not in this document.` }, range: model.lines.range(ref.start, ref.end) };
    }
    return { contents: { kind: MarkupKind.Markdown, value: describeNumber(model, ref.number) }, range: model.lines.range(ref.start, ref.end) };
  }
  const s = model.all.find((x) => x.headingStart <= offset && offset <= x.headingEnd);
  if (s && s.number && !s.scoped) {
    const value = model.rfc3647 ? describeNumber(model, s.number) : `**${sectionLabel(s)}** (this document does not follow the RFC 3647 outline)`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: model.lines.range(s.headingStart, s.headingEnd) };
  }
  return null;
}

/** Workspace symbol search over parsed documents: "4.9.12" finds that section in every file. */
export function workspaceSymbols(docs: Iterable<{ uri: string; model: DocumentModel }>, query: string, limit = 500): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const out: { score: number; sym: SymbolInformation }[] = [];
  for (const { uri, model } of docs) {
    for (const s of model.all) {
      const label = sectionLabel(s);
      const score = matchScore(s, label, q);
      if (score <= 0) continue;
      out.push({
        score,
        sym: {
          name: label,
          kind: s.number ? SymbolKind.Namespace : SymbolKind.String,
          location: headingLocation(uri, model, s),
          containerName: s.parent ? sectionLabel(s.parent) : (model.metadata.title ?? undefined),
        },
      });
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, limit).map((x) => x.sym);
}

function matchScore(s: Section, label: string, q: string): number {
  if (!q) return 1;
  if (s.number && /^[\d.]+$/.test(q.replace(/\.$/, ''))) {
    const n = q.replace(/\.$/, '');
    if (s.number === n) return 100;
    if (s.number.startsWith(n + '.')) return 50 - s.number.length;
    return 0;
  }
  const l = label.toLowerCase();
  if (l.includes(q)) return 40;
  // Subsequence match, as editors do.
  let i = 0;
  for (const ch of l) if (ch === q[i]) i++;
  return i === q.length ? 10 : 0;
}
