/**
 * Every rule cites a section that exists as a heading in the named version of the requirement
 * text (../shared/reference/<DOC>-<version>.md). Skipped when ../shared is not present.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules, projectRoot } from './helpers';
import { structureChecks } from '../../server/src/service/structure';
import { referenceOutline } from '../../server/src/service/outline';

const refDir = join(projectRoot(), '..', 'shared', 'reference');

function headings(file: string): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^#{1,6}\s+(?:\*\*)?(?:Section\s+)?(\d+(?:\.\d+)*)\.?(?:\s|\*|$)/.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}

describe('rule citations', () => {
  const rules = builtinRules();
  const cache = new Map<string, Set<string>>();
  for (const r of rules) {
    test(`${r.id} cites ${r.source.document} ${r.source.version} §${r.source.section}`, (t) => {
      if (!existsSync(refDir)) {
        t.skip('../shared/reference is not available');
        return;
      }
      const file = join(refDir, `${r.source.document}-${r.source.version}.md`);
      assert.ok(existsSync(file), `no reference text ${file} for ${r.source.document} ${r.source.version}`);
      let hs = cache.get(file);
      if (!hs) {
        hs = headings(file);
        cache.set(file, hs);
      }
      assert.ok(hs.has(r.source.section), `§${r.source.section} is not a heading in ${r.source.document}-${r.source.version}.md`);
      // Where other versions put the requirement: each must be a heading of that version's text (when
      // the reference texts hold that version).
      for (const [version, section] of Object.entries(r.source.sectionIn ?? {})) {
        const other = join(refDir, `${r.source.document}-${version}.md`);
        if (!existsSync(other)) continue;
        let ho = cache.get(other);
        if (!ho) {
          ho = headings(other);
          cache.set(other, ho);
        }
        assert.ok(ho.has(section), `§${section} is not a heading in ${r.source.document}-${version}.md`);
      }
    });
  }

  // The structural checks cite sources too (rules/structure.yaml), and cps-no-stipulation-normative
  // names "BR §N" for every outline entry marked normative: each must be a BR 2.2.6 heading.
  const cited: { what: string; document: string; version: string; section: string }[] = [
    ...[...structureChecks().values()].map((c) => ({ what: c.id, ...c.source })),
    ...referenceOutline()
      .entries.filter((e) => e.normative)
      .map((e) => ({ what: `normative ${e.number}`, document: 'BR', version: '2.2.6', section: e.number })),
  ];
  for (const c of cited) {
    test(`${c.what} cites ${c.document} ${c.version} §${c.section}`, (t) => {
      if (c.document === 'RFC3647') {
        // cpslint's own style checks cite the outline itself: RFC 3647 (2003) §6, not a requirement text.
        assert.equal(c.version, '2003');
        assert.equal(c.section, '6');
        return;
      }
      if (!existsSync(refDir)) {
        t.skip('../shared/reference is not available');
        return;
      }
      const file = join(refDir, `${c.document}-${c.version}.md`);
      assert.ok(existsSync(file), `no reference text ${file}`);
      assert.ok(headings(file).has(c.section), `§${c.section} is not a heading in ${c.document}-${c.version}.md`);
    });
  }

  test('every rule id names its source document', () => {
    for (const r of rules) {
      const prefix = r.id.split('-')[0];
      const expected = { br: 'BR', mrsp: 'MRSP', ccadb: 'CCADB', crp: 'CRP', evg: 'EVG' }[prefix];
      assert.equal(r.source.document, expected, `${r.id} cites ${r.source.document}`);
    }
  });
});
