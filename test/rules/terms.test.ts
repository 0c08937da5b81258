/**
 * Prefix terms ("revoc*") in the built-in packs must not reach unrelated words: "exam*" once took "for
 * example" and "examine" as an examination of validation staff, "root CA*" took "root cause", "log*"
 * took "logical", "SHA*" took "shall". Single-word prefixes need a stem of four letters or more
 * (acronyms listed below excepted), and no prefix term may match the trap phrases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileTerm } from '../../server/src/service/rules/patterns';
import { projectRoot } from './helpers';

/** Acronyms whose continuations are only their plurals and derived forms ("CRLs", "CPSs"). */
const SHORT_OK = new Set(['CRL*', 'CPS*']);
/** Real phrases in which a word shares a prefix with a rule term but means something else. */
const TRAPS = [
  'for example', 'these examples', 'physical and logical security', 'the logo', 'the email address', 'the CA shall',
  'a root cause analysis', 'the intermediate cause', 'rather than', 'the RA capacity', 'to cancel', 'in particular',
  'endorsed by', 'a category',
];
/** The words of the traps that no prefix term may reach. */
const TRAP_WORDS = new Set(['example', 'examples', 'logical', 'logo', 'address', 'shall', 'cause', 'rather', 'capacity', 'cancel', 'particular', 'endorsed', 'category']);

function prefixTerms(): { term: string; pack: string }[] {
  const dir = join(projectRoot(), 'rules', 'packs');
  const out: { term: string; pack: string }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      else if (typeof v === 'string' && !v.startsWith('/') && v.length < 60 && /^[\w' .&/-]+\*$/.test(v)) out.push({ term: v, pack: f });
    };
    walk(parse(readFileSync(join(dir, f), 'utf8')));
  }
  return out;
}

test('the packs have prefix terms to check (the walk finds them)', () => {
  assert.ok(prefixTerms().length > 100);
});

test('single-word prefix terms have a stem of at least four letters', () => {
  const short = prefixTerms().filter(({ term }) => !term.includes(' ') && term.length - 1 < 4 && !SHORT_OK.has(term));
  assert.deepEqual(short, []);
});

test('no prefix term matches an unrelated common word', () => {
  const hits: string[] = [];
  for (const { term, pack } of prefixTerms()) {
    const re = compileTerm(term);
    for (const t of TRAPS) {
      re.lastIndex = 0;
      const m = re.exec(t);
      const last = m?.[0].split(/\s+/).pop();
      if (last && TRAP_WORDS.has(last)) hits.push(`${pack}: ${term} ~ "${t}"`);
    }
  }
  assert.deepEqual(hits, []);
});
