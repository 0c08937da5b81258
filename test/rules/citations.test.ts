/**
 * Every rule cites a section that exists as a heading in the named version of the requirement
 * text (../shared/reference/<DOC>-<version>.md). Skipped when ../shared is not present.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules, projectRoot } from './helpers';

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
