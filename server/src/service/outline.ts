/**
 * The RFC 3647 §6 reference outline (rules/rfc3647-outline.yaml), with the subsections the
 * TLS Baseline Requirements add, and title comparison helpers.
 */
import { detached } from './text';
import outlineYaml from '../../../rules/rfc3647-outline.yaml?data';

export interface OutlineEntry {
  number: string;
  title: string;
  brTitle?: string;
  /** Expected in every CP/CPS (MRSP 3.1 §3.3 item 5). BR-added refinements are not required. */
  required: boolean;
  /** The BR requires content here, so "No stipulation" is not acceptable. */
  normative: boolean;
  parent?: string;
  children: string[];
}

export interface ReferenceOutline {
  entries: OutlineEntry[];
  byNumber: Map<string, OutlineEntry>;
}

let cached: ReferenceOutline | undefined;

export function referenceOutline(): ReferenceOutline {
  if (cached) return cached;
  const data = outlineYaml as { sections: Array<Partial<OutlineEntry> & { number: string; title: string }> };
  const entries: OutlineEntry[] = data.sections.map((s) => ({
    number: String(s.number),
    title: s.title,
    brTitle: s.brTitle,
    required: s.required !== false,
    normative: s.normative === true,
    children: [],
  }));
  const byNumber = new Map(entries.map((e) => [e.number, e]));
  for (const e of entries) {
    const parts = e.number.split('.');
    if (parts.length > 1) {
      const p = parts.slice(0, -1).join('.');
      e.parent = p;
      byNumber.get(p)?.children.push(e.number);
    }
  }
  cached = { entries, byNumber };
  return cached;
}

/** Compare section numbers part by part ("4.9.10" > "4.9.9"; letters after digits). */
export function compareNumbers(a: string, b: string): number {
  if (a === b) return 0;
  const pa = numberParts(a);
  const pb = numberParts(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = typeof x === 'number';
    const ny = typeof y === 'number';
    if (nx && ny) return (x as number) - (y as number);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * A number's parts, digits as numbers ("4.9.10" -> [4, 9, 10]; "A.1" -> ["A", 1]), remembered:
 * the structural checks compare the same few hundred section numbers many times per version.
 */
const partsMemo = new Map<string, readonly (number | string)[]>();
function numberParts(s: string): readonly (number | string)[] {
  let p = partsMemo.get(s);
  if (!p) {
    if (partsMemo.size >= 20_000) partsMemo.clear();
    p = s.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    partsMemo.set(s, p);
  }
  return p;
}

const STOP = new Set([
  'of', 'the', 'and', 'or', 'for', 'to', 'by', 'a', 'an', 'on', 'in', 're', 'as', 'per', 'if', 'applicable',
  'with', 'digital', 'its', 'their', 'from', 'under', 'which', 'be', 'is', 'are', 'any', 'other', 'etc', 'vs', 'x', '509', 'v3',
]);
const SYNONYMS: Record<string, string> = {
  shall: 'must', individuals: 'person', individual: 'person', persons: 'person', people: 'person',
  authorities: 'authority', certification: 'certificate', certificates: 'certificate', lifecycle: 'life',
  relating: 'related', coverage: 'cover', representation: 'representations', warranty: 'warranties', regarding: 'related', organisation: 'organization', authorisation: 'authorization',
};

export function titleTokens(title: string): string[] {
  return title
    .toLowerCase()
    .replace(/life[-\s]?cycle/g, 'life cycle')
    .replace(/on-?line/g, 'online')
    .replace(/certificat(?:e|ion) revocation lists?/g, 'crl')
    .replace(/certificat(?:e|ion) authorit(?:y|ies)/g, 'ca')
    .replace(/re-?key(?:ed|ing)?/g, 'rekey')
    .replace(/renew(?:ed|al)/g, 'renewal')
    .split(/[^a-z0-9]+/)
    .filter((t) => t && !STOP.has(t))
    .map((t) => SYNONYMS[t] ?? t)
    .map((t) => (t.length > 4 && t.endsWith('ies') ? t.slice(0, -3) + 'y' : t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t));
}

const NEGATIONS = new Set(['not', 'non', 'no']);

/** Similarity of two titles in [0, 1] (Dice coefficient over normalised tokens). */
export function titleSimilarity(a: string, b: string): number {
  // A pure function of two short strings, asked again for every section on every version: remembered (bounded).
  const key = `${a}\u0000${b}`;
  let v = similarities.get(key);
  if (v === undefined) {
    if (similarities.size >= 50_000) similarities = new Map();
    similarities.set(detached(key), (v = similarity(a, b)));
  }
  return v;
}
let similarities = new Map<string, number>();

/** Forget the remembered similarities (keyed by the titles of the documents checked: dropped when one is closed). */
export function dropTitleSimilarities(): void {
  similarities = new Map();
}

function similarity(a: string, b: string): number {
  const ta = new Set(titleTokens(a));
  const tb = new Set(titleTokens(b));
  if (ta.size === 0 || tb.size === 0) return 0;
  const negA = [...ta].some((t) => NEGATIONS.has(t));
  const negB = [...tb].some((t) => NEGATIONS.has(t));
  if (negA !== negB) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  if (common === tb.size || common === ta.size) return Math.max(0.75, (2 * common) / (ta.size + tb.size));
  return (2 * common) / (ta.size + tb.size);
}

export const TITLE_MATCH_THRESHOLD = 0.6;

export function titleMatches(written: string, entry: OutlineEntry): boolean {
  if (!written.trim()) return true;
  const s = Math.max(titleSimilarity(written, entry.title), entry.brTitle ? titleSimilarity(written, entry.brTitle) : 0);
  return s >= TITLE_MATCH_THRESHOLD;
}
