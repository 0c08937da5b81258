/**
 * The section model on real published CP/CPS documents and requirement documents, read from
 * ../shared (next to the project root; never copied into the project). Skips cleanly when
 * ../shared is absent.
 *
 *   corpus/*.md (except README.md), reference/{BR-2.2.6,BR-2.1.7,EVG-2.0.2}.md  -> RFC 3647
 *   reference/{MRSP-3.1,CCADB-2.1,CRP-1.8,NCSSR-2.0.5}.md                      -> own outline
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseDocument } from '../../server/src/service/model';
import type { DocumentModel, Section } from '../../server/src/service/model';
import { checkStructure } from '../../server/src/service/structure';
import { outlineJson } from '../../server/src/service/outline-json';
import { documentSymbols, foldingRanges } from '../../server/src/service/features';
import { mainSections } from '../unit/model-skeleton';
import { corpusDir, referenceDir } from '../support/shared';

const CORPUS = corpusDir();
const REFERENCE = referenceDir();
const RFC3647_REFERENCES = ['BR-2.2.6.md', 'BR-2.1.7.md', 'EVG-2.0.2.md'];
const OWN_OUTLINE_REFERENCES = ['MRSP-3.1.md', 'CCADB-2.1.md', 'CRP-1.8.md', 'NCSSR-2.0.5.md'];

/** Versions stated in the documents themselves (see ../shared/corpus/README.md). */
const VERSIONS: Record<string, string | null> = {
  'Actalis-CA__CP-CPS__TLS_CP_CPS_v6.0.md': '6.0',
  'Actalis-CA__CP-CPS__SMIME_CP_CPS_v1.0.md': '1.0',
  'emsign__CP-CPS-Policy-Documentations__emSign-SSL-TLS-CP-CPS.md': '1.07',
  'sectigo__policy-documentation__SMIME-CP-CPS.md': '1.0.8',
  'BR-2.2.6.md': '2.2.6',
  'BR-2.1.7.md': '2.1.7',
  'EVG-2.0.2.md': '2.0.2',
};

function rfc3647Files(): string[] {
  const corpus = existsSync(CORPUS)
    ? readdirSync(CORPUS)
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .sort()
        .map((f) => join(CORPUS, f))
    : [];
  return [...corpus, ...RFC3647_REFERENCES.map((f) => join(REFERENCE, f)).filter(existsSync)];
}

const cache = new Map<string, DocumentModel>();
function model(file: string): DocumentModel {
  let m = cache.get(file);
  if (!m) {
    m = parseDocument(readFileSync(file, 'utf8'));
    cache.set(file, m);
  }
  return m;
}

if (!existsSync(CORPUS) && !existsSync(REFERENCE)) {
  test('real-document corpus', (t) => {
    t.skip(`${CORPUS} and ${REFERENCE} are absent: the real-document corpus tests are skipped`);
  });
} else {
  describe('RFC 3647 documents', () => {
    const files = rfc3647Files();
    test('the corpus is there', (t) => {
      if (!files.length) t.skip(`no documents under ${CORPUS} or ${REFERENCE}`);
      else assert.ok(files.length >= 3);
    });
    for (const file of files) {
      const name = basename(file);
      describe(name, () => {
        test('is detected as RFC 3647', () => {
          assert.equal(model(file).rfc3647, true);
        });

        test('chapters 1-9 in order, at level 1, at the top of the tree', () => {
          const m = model(file);
          const top = m.sections.filter((s) => s.number && /^\d+$/.test(s.number) && !s.scoped);
          // Appendices numbered on after chapter 9 ("# 10. Appendix A: …" in emSign) may follow.
          const chapters = top.filter((s) => Number(s.number) <= 9);
          assert.deepEqual(
            chapters.map((s) => s.number),
            ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
          );
          assert.deepEqual(top.slice(0, 9), chapters, 'nothing numbered above 9 comes before chapter 9');
          for (const c of chapters) {
            assert.equal(c.level, 1);
            assert.equal(c.parent, null);
            assert.ok(c.children.length > 0, `chapter ${c.number} has subsections`);
          }
          const starts = chapters.map((c) => c.headingStart);
          assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
        });

        test('every RFC 3647 number once, level = parts, parent = prefix', () => {
          const m = model(file);
          const main = mainSections(m).filter((s) => /^\d/.test(s.number!));
          const seen = new Map<string, Section[]>();
          for (const s of main) seen.set(s.number!, [...(seen.get(s.number!) ?? []), s]);
          const dups = [...seen].filter(([, v]) => v.length > 1).map(([k, v]) => `${k} on lines ${v.map((s) => m.lines.positionAt(s.headingStart).line + 1).join(', ')}`);
          assert.deepEqual(dups, []);
          const problems: string[] = [];
          for (const s of main) {
            const parts = s.number!.split('.');
            const line = m.lines.positionAt(s.headingStart).line + 1;
            if (s.level !== parts.length) problems.push(`${s.number} (line ${line}) level ${s.level}`);
            const prefix = parts.slice(0, -1).join('.');
            if (!prefix) continue;
            const expected = seen.has(prefix) ? prefix : null;
            if (expected && s.parent?.number !== expected) problems.push(`${s.number} (line ${line}) under ${s.parent?.number ?? s.parent?.title ?? 'nothing'}`);
            if (!expected && !(s.parent?.number && s.number!.startsWith(s.parent.number + '.'))) problems.push(`${s.number} (line ${line}) has no numbered ancestor`);
          }
          assert.deepEqual(problems, []);
        });

        test('titles carry no markup and every section is in document order', () => {
          const m = model(file);
          let prev = -1;
          for (const s of m.all) {
            assert.ok(s.headingStart > prev);
            prev = s.headingStart;
            assert.ok(!/\*\*|__|<\/?[a-z]+[^>]*>|\{#|\s#+$|^\s|\s$/i.test(s.title), `title ${JSON.stringify(s.title)}`);
            assert.ok(s.headingEnd <= s.bodyStart && s.bodyStart <= s.bodyEnd && s.end <= m.text.length);
          }
        });

        test('nothing from a table of contents becomes a section', () => {
          const m = model(file);
          const first = m.sections.find((s) => s.number === '1')!;
          for (const s of mainSections(m)) assert.ok(s.headingStart >= first.headingStart, `${s.number} before chapter 1`);
          for (const h of m.ignoredHeadings) {
            const text = m.text.slice(h.start, h.end);
            assert.ok(!m.all.some((s) => s.headingStart === h.start), text);
          }
          // Headings written as links are never sections.
          for (const s of m.all) assert.ok(!/^\s{0,3}#{1,6}\s*\[[^\]]*\]\(#/.test(m.text.slice(s.headingStart, s.headingEnd)), m.text.slice(s.headingStart, s.headingEnd));
        });

        test('metadata', () => {
          const m = model(file);
          if (name in VERSIONS) assert.equal(m.metadata.version, VERSIONS[name]);
          if (m.metadata.title) assert.ok(!/[<>]/.test(m.metadata.title), m.metadata.title);
        });

        test('checks and features run', () => {
          const m = model(file);
          const findings = checkStructure(m);
          assert.equal(findings.filter((f) => f.code === 'cps-not-rfc3647').length, 0);
          for (const f of findings) assert.ok(f.range.start.line < m.lines.lineCount);
          assert.equal(documentSymbols(m).length, m.sections.length);
          assert.ok(foldingRanges(m).length > 0);
          const j = outlineJson(name, m);
          assert.equal(j.rfc3647, true);
        });
      });
    }
  });

  describe('requirement documents with their own outline', () => {
    for (const name of OWN_OUTLINE_REFERENCES) {
      test(`${name} is not RFC 3647`, (t) => {
        const file = join(REFERENCE, name);
        if (!existsSync(file)) return t.skip(`${file} is absent`);
        const m = model(file);
        assert.equal(m.rfc3647, false);
        assert.ok(m.all.length > 0);
        for (const s of m.all) assert.equal(s.canonicalTitle, null);
        const findings = checkStructure(m);
        assert.deepEqual(findings.filter((f) => f.code !== 'cps-not-rfc3647'), []);
      });
    }
  });
}
