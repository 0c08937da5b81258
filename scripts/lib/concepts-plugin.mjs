// esbuild plugin for the virtual module `cpslint:concepts`: rules/concepts.yaml (the concept
// lexicon rule packs reference as @name), its text and its parsed data. Used by scripts/build.mjs
// and scripts/gen-rule-docs.mjs (both bundle server/src/service/rules/load.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument as parseYaml } from 'yaml';

export function conceptsPlugin(root) {
  return {
    name: 'concepts',
    setup(build) {
      build.onResolve({ filter: /^cpslint:concepts$/ }, () => ({ path: 'concepts', namespace: 'cpslint-concepts' }));
      build.onLoad({ filter: /.*/, namespace: 'cpslint-concepts' }, () => {
        const p = join(root, 'rules', 'concepts.yaml');
        const text = readFileSync(p, 'utf8');
        let data;
        try {
          const doc = parseYaml(text, { prettyErrors: false, uniqueKeys: true });
          // A broken lexicon is reported by the loader, with its line, from the text.
          if (!doc.errors.length) data = doc.toJS({ maxAliasCount: 100 });
        } catch {
          data = undefined;
        }
        const file = { file: 'rules/concepts.yaml', text, ...(data !== undefined ? { data } : {}) };
        return { contents: `export default ${JSON.stringify(file)};`, loader: 'js', watchFiles: [p] };
      });
    },
  };
}
