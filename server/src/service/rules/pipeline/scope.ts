/**
 * Stage 2, scope: which certificates a text unit (or one sentence of it) is about.
 *
 * A CPS that covers several certificate types (TLS, S/MIME, code signing, document signing …) or
 * states rules for CA certificates beside rules for Subscriber certificates says so in a heading
 * ("4.9.1.2 Reasons for revoking a Subordinate CA certificate"), in the lead-in of a list ("For
 * S/MIME certificates:"), in a table row's first cell ("Subordinate CAs | 15 years") or at the start
 * of the sentence ("For code signing certificates, …"). A rule about TLS Subscriber certificates
 * must not take such statements as the TLS Subscriber practice.
 *
 * The scope is read from the nearest of these that names a type or subject; a unit that names none
 * is about the document's own certificates (unscoped) and always counts.
 */
import type { Section } from '../../model';
import type { DocKind, Rule } from '../types';
import { unitOrigin, type TextUnit } from '../extract';
import type { Match } from '../patterns';
import { TextCache } from '../../text-cache';

export type CertType = 'tls' | 'smime' | 'code-signing' | 'document-signing' | 'timestamping' | 'client';
export type Subject = 'ca' | 'subscriber';

export interface UnitScope {
  /** Certificate types named; empty when none is. */
  types: Set<CertType>;
  /** Whose certificates; null when neither CA nor Subscriber certificates are named. */
  subject: Subject | null;
  /** Where the scope was read from. */
  from: 'sentence' | 'row' | 'lead' | 'heading' | 'none';
}

const TYPE_WORDS: [CertType, RegExp][] = [
  ['tls', /\b(?:(?:SSL\/)?TLS|SSL|server[\s-]+auth(?:entication)?|web\s*server|(?:DV|OV|IV|EV)\s+(?:TLS|SSL))\b/i],
  ['smime', /\b(?:S\/MIME|SMIME|secure\s+e-?mail|e-?mail\s+(?:protection|signing|encryption))\b/i],
  ['code-signing', /\bcode[\s-]+signing\b/i],
  ['document-signing', /\b(?:document[\s-]+signing|(?:PDF|AATL)\s+signing|(?:qualified\s+)?electronic\s+signatures?|e-?signatures?)\b/i],
  ['timestamping', /\b(?:time[\s-]*stamp(?:ing)?|TSA)\b/i],
  ['client', /\bclient[\s-]+auth(?:entication)?\b/i],
];

/** CA certificates: Root, Subordinate, Intermediate, Issuing, cross certificates, "CAs" in a row label. */
const CA_WORDS = /\b(?:root|subordinate|intermediate|issuing|policy)\s+CAs?\b|\b(?:root|subordinate|intermediate|issuing|policy|cross)[\s-]+(?:CA\s+)?certificates?\b|\bCA\s+certificates?\b|\bcertificates?\s+(?:of|for|issued\s+to)\s+(?:a\s+|the\s+)?(?:root\s+|subordinate\s+|intermediate\s+)?CAs?\b|\bcross[\s-]certificat\w*|\bCRLs?\s+(?:for|of)\s+(?:the\s+)?(?:root|CA)\b|\bARLs?\b|\bCARLs?\b/i;
/** Subscriber certificates: Subscriber, end-entity, leaf certificates. */
const SUBSCRIBER_WORDS = /\b(?:subscriber|end[\s-]+entity|end[\s-]+user|leaf)\s+certificates?\b|\bcertificates?\s+(?:of|for|issued\s+to)\s+(?:a\s+|the\s+)?subscribers?\b|^\s*subscriber\b|\bsubscriber\s*[-\u2013:]/i;

function typesIn(text: string): Set<CertType> {
  const out = new Set<CertType>();
  for (const [t, re] of TYPE_WORDS) if (re.test(text)) out.add(t);
  return out;
}

function subjectIn(text: string): Subject | null {
  const ca = CA_WORDS.test(text);
  const sub = SUBSCRIBER_WORDS.test(text);
  if (ca && !sub) return 'ca';
  if (sub && !ca) return 'subscriber';
  return null;
}

/**
 * The opening of a sentence that scopes it: "For S/MIME certificates, …", "In the case of Subordinate
 * CA certificates, …", "With respect to code signing, …" (up to the first comma or colon).
 */
const SCOPING_OPENING = /^\s*(?:for|in\s+the\s+case\s+of|with\s+(?:respect|regard)\s+to|regarding|as\s+(?:for|regards)|concerning|where\s+(?:the\s+)?(?:certificate\s+is\s+)?(?:an?\s+)?)\s+([^,:;]{2,80})[,:]/i;

/**
 * Scopes of the texts seen (headings, lead-ins, row labels), kept across document versions: a pure
 * function of the text, so the cache never changes a result. Bounded by the characters of its keys
 * (TextCache). Callers must not change the sets returned.
 */
export const textScopes = new TextCache<{ types: Set<CertType>; subject: Subject | null }>();

export function dropScopeCache(): void {
  textScopes.clear();
}

/** The scope named by one piece of text: the types and the subject it names. */
export function scopeOfText(text: string): { types: Set<CertType>; subject: Subject | null } {
  let hit = textScopes.get(text);
  if (!hit) {
    textScopes.set(text, (hit = { types: typesIn(text), subject: subjectIn(text) }));
  }
  return hit;
}

const headingCache = new WeakMap<Section, { types: Set<CertType>; subject: Subject | null }>();
const unitScopes = new WeakMap<TextUnit, UnitScope>();

/** The scope a section's heading chain names: the nearest heading that names a type or subject wins. */
export function sectionScope(s: Section | null): { types: Set<CertType>; subject: Subject | null } {
  let types = NO_TYPES;
  let subject: Subject | null = null;
  for (let cur = s; cur; cur = cur.parent) {
    let own = headingCache.get(cur);
    if (!own) headingCache.set(cur, (own = scopeOfText(cur.title)));
    if (!types.size && own.types.size) types = own.types;
    if (!subject && own.subject) subject = own.subject;
    if (types.size && subject) break;
  }
  return interned(types, subject);
}

/** Never modified: the types of a scope that names none. */
const NO_TYPES: Set<CertType> = new Set<CertType>();

/**
 * One object per (types set, subject): the type sets come from the text-scope cache, so a section
 * of a later version with the same headings has the same scope object, and the scopes of its units
 * (withHeadings) are found again instead of built for every unit of every version.
 */
const internedScopes = new WeakMap<Set<CertType>, Map<string, { types: Set<CertType>; subject: Subject | null }>>();
function interned(types: Set<CertType>, subject: Subject | null): { types: Set<CertType>; subject: Subject | null } {
  if (!types.size) types = NO_TYPES;
  let bySubject = internedScopes.get(types);
  if (!bySubject) internedScopes.set(types, (bySubject = new Map()));
  let v = bySubject.get(subject ?? '');
  if (!v) bySubject.set(subject ?? '', (v = { types, subject }));
  return v;
}

/** The scope of a whole unit: its row label, its list lead-in, then its section's headings. */
export function unitScope(u: TextUnit): UnitScope {
  let hit = unitScopes.get(u);
  if (!hit) unitScopes.set(u, (hit = completed(contentScope(u), sectionScopeOf(u.section))));
  return hit;
}

/** withHeadings, remembered per (content scope, heading scope): both are the same objects across versions. */
const completions = new WeakMap<UnitScope, WeakMap<object, UnitScope>>();
function completed(c: UnitScope, h: { types: Set<CertType>; subject: Subject | null }): UnitScope {
  if (c.types.size && c.subject) return c;
  let byHeading = completions.get(c);
  if (!byHeading) completions.set(c, (byHeading = new WeakMap()));
  let v = byHeading.get(h);
  if (!v) byHeading.set(h, (v = withHeadings(c, h)));
  return v;
}

/**
 * The scope named by the unit's own row label and lead-ins: remembered by the unit's origin
 * (extract.ts unitOrigin), which has the same label and lead-in texts in every version.
 */
const contentScopes = new WeakMap<TextUnit, UnitScope>();
function contentScope(u: TextUnit): UnitScope {
  const o = unitOrigin(u);
  let hit = contentScopes.get(o);
  if (hit) return hit;
  let types = new Set<CertType>();
  let subject: Subject | null = null;
  let from: UnitScope['from'] = 'none';
  const take = (x: { types: Set<CertType>; subject: Subject | null }, where: UnitScope['from']) => {
    if (!types.size && x.types.size) (types = x.types), from === 'none' && (from = where);
    if (!subject && x.subject) (subject = x.subject), from === 'none' && (from = where);
  };
  if (u.rowLabel) take(scopeOfText(u.rowLabel), 'row');
  for (let l = u.lead, i = 0; l && i < 3; l = l.lead, i++) {
    const m = SCOPING_OPENING.exec(l.text);
    take(scopeOfText(m ? m[1] : l.text.length <= 120 ? l.text : ''), 'lead');
  }
  contentScopes.set(o, (hit = { types, subject, from }));
  return hit;
}

/** A unit's own scope completed by its section's headings (what the unit itself leaves open). */
function withHeadings(c: UnitScope, h: { types: Set<CertType>; subject: Subject | null }): UnitScope {
  if (c.types.size && c.subject) return c;
  let { types, subject, from } = c;
  if (!types.size && h.types.size) (types = h.types), from === 'none' && (from = 'heading');
  if (!subject && h.subject) (subject = h.subject), from === 'none' && (from = 'heading');
  return types === c.types && subject === c.subject ? c : { types, subject, from };
}

const sectionScopes = new WeakMap<Section, { types: Set<CertType>; subject: Subject | null }>();
const NO_SECTION = { types: new Set<CertType>(), subject: null };
function sectionScopeOf(s: Section | null): { types: Set<CertType>; subject: Subject | null } {
  if (!s) return NO_SECTION;
  let hit = sectionScopes.get(s);
  if (!hit) sectionScopes.set(s, (hit = sectionScope(s)));
  return hit;
}

/**
 * A sentence whose grammatical subject is certificates of another type: "S/MIME Certificates, which
 * are issued under …, may have …", "Code signing certificates are valid for …". Only a subject that
 * opens the sentence and ends in "certificate(s)" counts ("The CA issues S/MIME certificates" is
 * about the CA; "Client authentication is performed …" names no certificates).
 */
const OTHER_TYPE_SUBJECT = /^[\s*_>-]*(?:(?:the|all|any|each|every|our|its|such|these|those)\s+)?((?:S\/MIME|SMIME|secure\s+e-?mail|e-?mail|code[\s-]+signing|document[\s-]+signing|(?:PDF|AATL)\s+signing|client[\s-]+auth(?:entication)?)(?:\s+[A-Za-z][\w-]*){0,2}?\s+certificates?)\b(?!\s+(?:of|for)\b)/i;

/**
 * The scope one sentence of a unit names at its start ("For Subordinate CA certificates, …"), or by
 * its subject being certificates of another type ("S/MIME Certificates … may have …"), or null.
 */
export function sentenceScope(u: TextUnit, sentence: Match): { types: Set<CertType>; subject: Subject | null } | null {
  const text = u.text.slice(sentence.start, sentence.end);
  const m = SCOPING_OPENING.exec(text);
  if (m) {
    const x = scopeOfText(m[1]);
    if (x.types.size || x.subject) return x;
  }
  const subj = OTHER_TYPE_SUBJECT.exec(text);
  // A sentence that also names TLS ("S/MIME and TLS certificates are …") keeps no scope of its own.
  if (subj && !TYPE_WORDS[0][1].test(text)) {
    // "e-mail certificates" are S/MIME certificates; the other words name their type themselves.
    const types = /^e-?mail\b/i.test(subj[1]) ? new Set<CertType>(['smime']) : typesIn(subj[1]);
    if (types.size) return { types, subject: null };
  }
  return null;
}

/** What a rule is about: the certificate types of its document kinds, and its subject when declared. */
export interface RuleScope {
  types: Set<CertType>;
  subject: Subject | null;
}

const KIND_TYPES: Partial<Record<DocKind, CertType>> = { TLS: 'tls', 'S/MIME': 'smime', 'code-signing': 'code-signing' };

export function ruleScope(rule: Rule): RuleScope {
  const types = new Set<CertType>();
  for (const k of rule.kinds) {
    const t = KIND_TYPES[k];
    if (t) types.add(t);
  }
  return { types, subject: rule.certificates ?? null };
}

/**
 * Whether a statement scoped `s` can be evidence for (or a value under) a rule scoped `r`:
 * a statement naming only other certificate types, or only the other subject, does not count.
 */
export function inScope(r: RuleScope, s: { types: Set<CertType>; subject: Subject | null }): boolean {
  if (r.subject && s.subject && s.subject !== r.subject) return false;
  if (!r.types.size || !s.types.size) return true;
  for (const t of s.types) if (r.types.has(t)) return true;
  return false;
}

/**
 * Per list of units (a version's documentUnits is one array, asked by every rule) and rule scope:
 * the units in scope. A function of the units and the scope, so rules with the same scope share it.
 */
const inScopeMemo = new WeakMap<TextUnit[], Map<string, TextUnit[]>>();

/** The units a rule may read: those whose scope is not another type's or subject's. */
export function unitsInScope(r: RuleScope, units: TextUnit[]): TextUnit[] {
  if (!r.types.size && !r.subject) return units;
  const key = `${[...r.types].sort().join(',')}|${r.subject ?? ''}`;
  let m = inScopeMemo.get(units);
  if (!m) inScopeMemo.set(units, (m = new Map()));
  let out = m.get(key);
  if (!out) m.set(key, (out = units.filter((u) => inScope(r, unitScope(u)))));
  return out;
}
