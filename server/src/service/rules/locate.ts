/**
 * Finding where things are: the section a rule targets (by number when the title agrees, else
 * by title), the CA's name, the kind of document and its language.
 */
import type { DocumentModel, Section } from '../model';
import { referenceOutline, titleMatches, titleSimilarity } from '../outline';
import type { DocKind } from './types';
import { documentUnits, ownUnits, unitOrigin, type TextUnit } from './extract';

function mainSections(model: DocumentModel): Section[] {
  return model.all.filter((s) => s.number && !s.scoped && !s.appendix);
}

const locCache = new WeakMap<DocumentModel, Map<string, Section | null>>();

/**
 * The document's section for an RFC 3647 number. The CA's own numbering is trusted when the
 * title there matches the RFC 3647 (or BR) title; otherwise a section elsewhere whose title
 * matches is preferred; failing that, the number decides.
 */
export function locateSection(model: DocumentModel, number: string): Section | null {
  let c = locCache.get(model);
  if (!c) {
    c = new Map();
    locCache.set(model, c);
  }
  if (c.has(number)) return c.get(number)!;
  // The answer depends on the outline only (numbers, titles, levels, appendix scopes, English
  // titles): versions with the same outline (every keystroke that does not touch a heading) share it.
  const key = outlineKey(model);
  let byOutline = located.get(key);
  if (!byOutline) {
    if (located.size >= LOCATED_OUTLINES) located.clear();
    located.set(key, (byOutline = new Map()));
  }
  let index = byOutline.get(number);
  if (index === undefined) byOutline.set(number, (index = locate(model, number)?.index ?? -1));
  const result = index < 0 ? null : model.all[index];
  c.set(number, result);
  return result;
}

/** Answers of `locate` by outline (see outlineKey): a few outlines at a time (the documents being edited). */
const located = new Map<string, Map<string, number>>();
const LOCATED_OUTLINES = 8;
const outlineKeys = new WeakMap<DocumentModel, string>();

/** Everything `locate` reads of a model, as one string. */
function outlineKey(model: DocumentModel): string {
  let k = outlineKeys.get(model);
  if (k === undefined) {
    const parts: string[] = [model.englishTitles ? 'en' : '--'];
    for (const s of model.all) parts.push(`${s.number ?? ''}\u0001${s.title}\u0001${s.level}\u0001${s.scoped ? 1 : 0}${s.appendix ? 1 : 0}`);
    outlineKeys.set(model, (k = parts.join('\u0002')));
  }
  return k;
}

/** Forget the located sections (the server drops them with the other text caches when a document is closed). */
export function dropLocated(): void {
  located.clear();
}

function locate(model: DocumentModel, number: string): Section | null {
  const main = mainSections(model);
  const byNumber = main.filter((s) => s.number === number);
  const outline = referenceOutline();
  const entry = outline.byNumber.get(number);
  if (!entry) return byNumber[0] ?? null;
  const agreeing = byNumber.find((s) => !s.title || titleMatches(s.title, entry));
  if (agreeing) return agreeing;
  if (model.englishTitles) {
    const chapter = number.split('.')[0];
    const candidates = main.filter((s) => {
      if (!s.title || s.number === number || !titleMatches(s.title, entry)) return false;
      // A section that already matches its own number's title is not a renumbered one.
      const own = outline.byNumber.get(s.number!);
      if (own && titleMatches(s.title, own) && titleSimilarity(s.title, own.title) >= titleSimilarity(s.title, entry.title)) return false;
      return true;
    });
    const sameChapter = candidates.filter((s) => s.number!.split('.')[0] === chapter && s.level === entry.number.split('.').length);
    const best = sameChapter[0] ?? candidates.find((s) => s.number!.split('.')[0] === chapter) ?? null;
    if (best) return best;
  }
  return byNumber[0] ?? null;
}

/** Whether `s` is `ancestor` or inside it. */
export function within(s: Section | null, ancestor: Section): boolean {
  for (let x = s; x; x = x.parent) if (x === ancestor) return true;
  return false;
}

export function sectionName(s: Section | null): string {
  if (!s) return 'the title block';
  if (s.number) return `§${s.number}`;
  return `"${s.title}"`;
}

// -----------------------------------------------------------------------------------------------
// The CA's name

const NOT_A_NAME = new Set(
  [
    'cp', 'cps', 'cp/cps', 'pki', 'br', 'brs', 'ca', 'cas', 'ra', 'ras', 'policy', 'document', 'subscriber', 'subscribers',
    'baseline requirements', 'requirements', 'ev guidelines', 'evg', 'certificate policy', 'certification practice statement',
    'agreement', 'subscriber agreement', 'terms of use', 'tou', 'repository', 'pma', 'policy authority', 'relying party',
    'company', 'issuer', 'tsp', 'we', 'us', 'our', 'rfc', 'ccadb', 'mrsp', 'nss', 'ncssr',
  ].map((s) => s.toLowerCase()),
);
const SELF_TERMS = /^(?:the\s+)?(?:ca|company|issuer|tsp|trust service provider|certification authority|operator)$/i;

function cleanName(s: string): string | null {
  const t = s
    .replace(/^[\s,;:]+|[\s,;:]+$/g, '')
    .replace(/^(?:the|this|by|of|from|and)\s+/i, '')
    .trim();
  if (!t || t.length > 80 || /[|<>{}$\\]/.test(t)) return null;
  if (NOT_A_NAME.has(t.toLowerCase())) return null;
  if (!/^[A-Z0-9]/.test(t)) return null;
  return t;
}

const FM_KEYS = ['ca', 'ca name', 'ca_name', 'issuer', 'organization', 'organisation', 'company', 'operator', 'ca operator', 'owner'];

const caNames = new WeakMap<DocumentModel, string | null>();
const english = new WeakMap<DocumentModel, boolean>();

/** The CA's name from front matter, §1.1 ("Example Trust Ltd. ("ETL")"), or the title (once per model). */
export function caName(model: DocumentModel): string | null {
  let n = caNames.get(model);
  if (n === undefined) caNames.set(model, (n = findCaName(model)));
  return n;
}

function findCaName(model: DocumentModel): string | null {
  const fm = model.frontMatter?.data;
  if (fm) {
    for (const [k, v] of Object.entries(fm)) {
      if (FM_KEYS.includes(k.toLowerCase().trim()) && typeof v === 'string') {
        const n = cleanName(v);
        if (n) return n;
      }
    }
  }
  for (const num of ['1.1', '1.2', '1.3.1']) {
    const s = locateSection(model, num);
    if (!s) continue;
    for (const u of ownUnits(model, s)) {
      const re = /((?:[A-Z][\w&.'-]*\s+){0,6}[A-Z][\w&.'-]*)\s*,?\s*\(\s*(?:the\s+|hereinafter\s+)?"([^"]{2,40})"\s*\)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(u.text))) {
        const defined = m[2].trim();
        if (SELF_TERMS.test(defined)) {
          const n = cleanName(m[1].replace(/^(?:Certificate|Certification)\b.*$/, ''));
          if (n) return n;
          continue;
        }
        const n = cleanName(defined);
        if (n && !/\b(?:policy|statement|certificate|requirements?|agreement|authority|infrastructure)\b/i.test(n)) return n;
      }
    }
  }
  const title = model.metadata.title;
  if (title) {
    const t = title
      .replace(/\b(?:combined\s+)?(?:certificate\s+polic(?:y|ies)|certification\s+practices?\s+statements?|cp\s*\/\s*cps|cps|cp|and|for|tls|ssl|s\/mime|server|publicly[-\s]trusted|certificates?|version.*|v\d.*|policy|practice|statement|document)\b/gi, ' ')
      .replace(/[()\-–—:,/]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (t && t.split(' ').length <= 6) return cleanName(t);
  }
  return null;
}

// -----------------------------------------------------------------------------------------------
// Document kind and language

export function documentKinds(model: DocumentModel): Set<DocKind> {
  return documentKindsWithReason(model).kinds;
}

/** The document kinds read from the title, and what they were read from (for "not applied" findings). */
export function documentKindsWithReason(model: DocumentModel): { kinds: Set<DocKind>; from: string } {
  const fmTitle = model.frontMatter?.data ? Object.entries(model.frontMatter.data).find(([k]) => /^(title|subtitle)$/i.test(k))?.[1] : null;
  const parts = [model.metadata.title ?? '', typeof fmTitle === 'string' ? fmTitle : ''].map((t) => t.replace(/\s+/g, ' ').trim());
  const title = parts.join(' ');
  const kinds = kindsFromTitle(title);
  const named = parts.filter(Boolean).map((t) => `"${t.length > 90 ? `${t.slice(0, 87)}…` : t}"`);
  const from = !named.length
    ? 'no title (assumed: a combined CP/CPS for TLS)'
    : `${parts[0] && parts[1] ? 'the title and front-matter title' : parts[0] ? 'the title' : 'the front-matter title'} ${named.join(' and ')}`;
  return { kinds, from };
}

function kindsFromTitle(title: string): Set<DocKind> {
  const kinds = new Set<DocKind>();
  const cp = /certificate\s+polic(?:y|ies)/i.test(title);
  const cps = /practices?\s+statement/i.test(title) || /\bCPS\b/.test(title);
  if (/\bCP\s*\/\s*CPS\b/i.test(title) || (cp && cps) || (!cp && !cps)) kinds.add('CP/CPS');
  else if (cps) kinds.add('CPS');
  else kinds.add('CP');
  if (/s\s*\/\s*mime|secure\s+e-?mail|email\s+protection/i.test(title)) kinds.add('S/MIME');
  if (/code[\s-]?signing/i.test(title)) kinds.add('code-signing');
  if (/\b(?:tls|ssl|server|web\s*site|website)\b/i.test(title) || (!kinds.has('S/MIME') && !kinds.has('code-signing'))) kinds.add('TLS');
  return kinds;
}

const EN_WORDS = new Set(['the', 'and', 'of', 'to', 'a', 'in', 'is', 'for', 'that', 'by', 'be', 'or', 'with', 'as', 'are', 'on', 'this', 'shall', 'will', 'any', 'its']);

/** Whether the body of the document is in English (share of very common English words; once per model). */
export function isEnglish(model: DocumentModel): boolean {
  let e = english.get(model);
  if (e === undefined) english.set(model, (e = readsEnglish(model)));
  return e;
}

/** Words of a unit, and how many are common English ones: remembered by the unit's origin (the same text in every version). */
const counts = new WeakMap<TextUnit, [number, number]>();
function wordCounts(u: TextUnit): [number, number] {
  const o = unitOrigin(u);
  let c = counts.get(o);
  if (c) return c;
  c = [0, 0];
  for (const w of u.text.toLowerCase().split(/[^a-z\u00c0-\uffff]+/)) {
    if (!w) continue;
    c[0]++;
    if (EN_WORDS.has(w)) c[1]++;
  }
  counts.set(o, c);
  return c;
}

function readsEnglish(model: DocumentModel): boolean {
  let total = 0;
  let hits = 0;
  for (const u of documentUnits(model)) {
    const c = wordCounts(u);
    total += c[0];
    hits += c[1];
    if (total > 20000) break;
  }
  return total < 50 ? model.englishTitles : hits / total >= 0.12;
}

// Suppression comments: ../suppress (structural checks use them too).
export { suppressions, isSuppressed, type Suppressions } from '../suppress';
