// esbuild plugin for the virtual module `cpslint:concepts`: rules/concepts.yaml (the concept
// lexicon rule packs reference as @name), its text and its parsed data. Used by scripts/build.mjs
// and scripts/gen-rule-docs.mjs (both bundle server/src/service/rules/load.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument as parseYaml } from 'yaml';
import Ajv from 'ajv';

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
        // Validated here against the lexicon schema, as concepts.ts would at every start: a lexicon
        // marked schemaValid is not validated again at run time (Ajv is then not even loaded).
        let schemaValid = false;
        if (data !== undefined) {
          const schema = JSON.parse(readFileSync(join(root, 'rules', 'schema', 'concepts.schema.json'), 'utf8'));
          schemaValid = new Ajv({ allErrors: true, strict: false }).compile(schema)(data) === true;
        }
        const file = { file: 'rules/concepts.yaml', text, ...(data !== undefined ? { data, schemaValid } : {}) };
        return { contents: `export default ${JSON.stringify(file)};`, loader: 'js', watchFiles: [p] };
      });
    },
  };
}
