/**
 * The one-sentence back-reference window: a sentence that refers back ("The procedure is
 * witnessed by an independent auditor", "This plan is exercised every year", "It is reviewed …")
 * is read together with the sentence before it, so the topic named there can supply what the
 * referring sentence leaves out. Only one sentence back, and only inside one section.
 */
import { unitOffset, unitPushOffsets, type TextUnit } from '../extract';
import { OffsetBuilder } from '../offsets';
import type { Match } from '../patterns';

/** Nouns a CPS uses to point back at a plan, procedure, report or method named just before. */
const NOUNS =
  'plans?|procedures?|process(?:es)?|playbooks?|runbooks?|programmes?|programs?|exercises?|tests?|drills?|ceremon(?:y|ies)|reports?|statements?|letters?|attestations?|methods?|practices?|arrangements?|documents?|approach|policy|requirements?|obligations?|events?|activit(?:y|ies)';

/** A sentence opening with a pronoun ("It is …", "These are …"), or with a determiner + one of
 *  NOUNS among its first words ("Once a year the plan is …"; not "… and the attestation function").
 *  The noun follows the determiner directly: "the incident response plan" names another plan. */
const BACKREF = new RegExp(
  `^\\W*(?:it|they|this|these|those|such|both)\\b|^\\W*(?:[\\w'-]+,?\\s+){0,14}?(?:this|that|these|those|such|said|the|each|every|its|their|both)\\s+(?:(?:same|above|aforementioned|said|whole|entire|overall|current|latest)\\s+)?(?:${NOUNS})\\b`,
  'i',
);

/** Whether `sentence` refers back to something named before it. */
export function backRefers(sentence: string): boolean {
  return BACKREF.test(sentence);
}

export interface Window {
  /** The unit the window reads (a joined unit when it spans two paragraphs). */
  unit: TextUnit;
  /** The window, in the unit's text: the previous sentence and the referring one (or, for a
   *  paragraph, the previous paragraph's last sentence and the whole paragraph). */
  from: number;
  to: number;
  /** Where the referring sentence (or paragraph) starts: it must supply part of the match. */
  refFrom: number;
}

const joined = new WeakMap<TextUnit, { prev: TextUnit; c: TextUnit }>();

/** `u` with the last sentence of `prev` in front of it, mapped back to the document. */
function joinPrevious(prev: TextUnit, u: TextUnit): TextUnit {
  const hit = joined.get(u);
  if (hit && hit.prev === prev) return hit.c;
  const last = prev.sentences[prev.sentences.length - 1] ?? { start: 0, end: prev.text.length };
  const head = prev.text.slice(last.start, last.end);
  const shift = head.length + 1;
  // Document offsets (a unit reused from an earlier version keeps its map with a shift).
  const map = new OffsetBuilder();
  unitPushOffsets(map, prev, last.start, last.end);
  const joint = last.end - 1 >= 0 && last.end - 1 < prev.text.length ? unitOffset(prev, last.end - 1) : prev.start;
  map.push(joint);
  unitPushOffsets(map, u);
  const c: TextUnit = {
    text: `${head} ${u.text}`,
    map: map.build(),
    section: u.section,
    kind: u.kind,
    sentences: [{ start: 0, end: head.length }, ...u.sentences.map((x: Match) => ({ start: x.start + shift, end: x.end + shift }))],
    start: prev.start,
    end: u.end,
  };
  joined.set(u, { prev, c });
  return c;
}

/**
 * Whether sentence `i` of `u` refers back, remembered per unit: every rule's search over the whole
 * document asks it again of every sentence (units are not changed once built).
 */
const refers = new WeakMap<TextUnit, Uint8Array>();
function sentenceRefers(u: TextUnit, i: number): boolean {
  let r = refers.get(u);
  if (!r || r.length !== u.sentences.length) refers.set(u, (r = new Uint8Array(u.sentences.length)));
  if (!r[i]) {
    const s = u.sentences[i];
    r[i] = backRefers(u.text.slice(s.start, s.end)) ? 2 : 1;
  }
  return r[i] === 2;
}

/** Every back-reference window among `units` (in order; units of one section follow each other). */
export function windows(units: TextUnit[], scope: 'sentence' | 'paragraph'): Window[] {
  const out: Window[] = [];
  units.forEach((u, k) => {
    const prev = k > 0 && units[k - 1].section === u.section && units[k - 1].end <= u.start ? units[k - 1] : null;
    const first = u.sentences[0];
    if (scope === 'paragraph') {
      if (prev && first && sentenceRefers(u, 0)) {
        const j = joinPrevious(prev, u);
        const shift = j.text.length - u.text.length;
        out.push({ unit: j, from: 0, to: j.text.length, refFrom: shift });
      }
      return;
    }
    u.sentences.forEach((s, i) => {
      if (!sentenceRefers(u, i)) return;
      if (i > 0) out.push({ unit: u, from: u.sentences[i - 1].start, to: s.end, refFrom: s.start });
      else if (prev) {
        const j = joinPrevious(prev, u);
        const shift = j.text.length - u.text.length;
        out.push({ unit: j, from: 0, to: shift + s.end, refFrom: shift });
      }
    });
  });
  return out;
}
