/**
 * Negation and cessation across adjacent sentences and against the as-of date.
 *
 * - A practice stated in one sentence and stopped in the next ("The CA validates by method X.
 *   Effective 15 March 2026, the CA will not use this method.") is no longer the practice once
 *   that date has passed (or when the stop is undated).
 * - A practice stopped only from a later date ("Effective 15 March 2026, the CA no longer uses X"
 *   read as of January 2026) is still the practice: the denial is not yet in force.
 * - "The CA used X until 1 June 2025" does not state the practice after that date.
 */
import { sentencesOf } from '../extract';
import { parseDate, type Match } from '../patterns';
import { backRefers } from './window';

/** Words that stop a practice (not a plain "not": "it is not tested" denies, it does not stop;
 *  nor a present-tense "does not accept …", which denies another thing: "It rejects Ed25519 and
 *  does not accept RSA keys of 1024 bits" does not stop accepting RSA 2048). */
const CEASE =
  /\b(?:will|shall)\s+(?:no\s+longer|not|never)\s+(?:be\s+)?(?:us|offer|perform|rel[yi]|appl[yi]|employ|support|accept|conduct|permit|allow|operat|provid|issu)\w*|\bno\s+longer\b|\bceas(?:e|es|ed|ing)\b|\bdiscontinu\w+|\bstop(?:s|ped|ping)?\s+(?:using|offering|performing|supporting|accepting|relying)|\b(?:is|are|was|were|has\s+been|have\s+been|will\s+be|shall\s+be)\s+(?:retired|withdrawn|deprecated|discontinued|phased\s+out|decommissioned|removed|disabled)\b|\bphas(?:e|es|ed|ing)\s+out\b/i;
/** "Effective 15 March 2026", "from 2026-03-15", "as of …", "starting …", "with effect from …". */
const WHEN = /\b(?:effective(?:\s+(?:from|on|as\s+of))?|from|as\s+of|starting(?:\s+(?:on|from))?|beginning(?:\s+(?:on|from))?|after|on\s+or\s+after|with\s+effect\s+from|since|by)\s+((?:[^,;]|,\s*\d)(?:[^,;]|,\s*\d){3,40})/i;
/** "The CA used X until 1 June 2025" (not "certificates issued until …": that names a set of
 *  certificates in a dated schedule, not a practice that ended). */
const UNTIL = /(?<!\b(?:issued|signed|created|generated|dated|valid|effective)\s+)\b(?:until|till|up\s+to\s+and\s+including)\s+((?:[^,;]|,\s*\d){4,40})/i;

/** Any word UNTIL starts with (a cheap test before the sentence-level one). */
const UNTIL_WORD = /\b(?:until|till|up\s+to\s+and\s+including)\b/i;

export interface Cessation {
  /** The date the stop takes effect, when stated. */
  date: string | null;
}

/** The cessation a sentence states, or null. */
export function cessationIn(sentence: string): Cessation | null {
  if (!CEASE.test(sentence)) return null;
  const w = WHEN.exec(sentence);
  return { date: w ? parseDate(w[1]) : null };
}

/** Whether a cessation is in force on `asOf` (an undated one is). */
export function inForce(c: Cessation, asOf: string): boolean {
  return !c.date || c.date <= asOf;
}

function sentenceOf(text: string, at: number): { list: Match[]; i: number } {
  const list = sentencesOf(text, false);
  const i = list.findIndex((s) => s.start <= at && at < s.end);
  return { list, i };
}

/**
 * Whether the sentence after the one holding `m` refers back to it and stops it, in force on
 * `asOf`. `following` is the next paragraph of the same section, read when `m` is in the last
 * sentence.
 */
export function ceasedAfter(text: string, m: Match, asOf: string, following?: string): boolean {
  const { list, i } = sentenceOf(text, m.start);
  if (i < 0) return false;
  let next: string | null = null;
  if (i + 1 < list.length) next = text.slice(list[i + 1].start, list[i + 1].end);
  else if (following) {
    const f = sentencesOf(following, false)[0];
    next = f ? following.slice(f.start, f.end) : null;
  }
  if (!next || !backRefers(next)) return false;
  const c = cessationIn(next);
  return !!c && inForce(c, asOf);
}

/** Whether the denial in `m`'s own sentence is a stop that only takes effect after `asOf`. */
export function pendingCessation(text: string, m: Match, asOf: string): boolean {
  const { list, i } = sentenceOf(text, m.start);
  if (i < 0) return false;
  const c = cessationIn(text.slice(list[i].start, list[i].end));
  return !!c && !!c.date && c.date > asOf;
}

/** Whether `m`'s sentence limits the practice to a period that ended by `asOf` ("until 1 June 2025"). */
export function endedBefore(text: string, m: Match, asOf: string): boolean {
  const { list, i } = sentenceOf(text, m.start);
  if (i < 0) return false;
  const u = UNTIL.exec(text.slice(list[i].start, list[i].end));
  const d = u ? parseDate(u[1]) : null;
  return !!d && d <= asOf;
}

/**
 * The polarity of a statement on `asOf`: `negated` (what the clause itself says) corrected for
 * a stop that is not yet in force, a stop in the next sentence, or a period that has ended.
 */
export function deniedOn(text: string, m: Match, negated: boolean, asOf: string, following?: string): boolean {
  // Most statements name no stop and no end date: then nothing needs splitting into sentences (this
  // runs for every positive match of every evidence search). Each test is a superset of the
  // sentence-level one below it.
  if (!CEASE.test(text) && !(following && CEASE.test(following)) && !UNTIL_WORD.test(text)) return negated;
  if (negated) return !pendingCessation(text, m, asOf);
  return ceasedAfter(text, m, asOf, following) || endedBefore(text, m, asOf);
}
