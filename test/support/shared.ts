/**
 * Where the material beside the project lives (see ../shared/README.md): the real CP/CPS corpus and
 * the requirement texts. `CPSLINT_CORPUS` and `CPSLINT_REFERENCE` point the tests at other folders
 * (a private corpus, a newer reference set); without them, ../shared/corpus and ../shared/reference.
 * Tests that need them skip cleanly when the folder is absent.
 */
import { resolve } from 'node:path';
import { projectRoot } from './root';

/** The folder of real CP/CPS documents: $CPSLINT_CORPUS, else ../shared/corpus. */
export function corpusDir(): string {
  return process.env.CPSLINT_CORPUS ? resolve(process.env.CPSLINT_CORPUS) : resolve(projectRoot(), '..', 'shared', 'corpus');
}

/** The folder of requirement texts (BR-2.2.6.md, MRSP-3.1.md, …): $CPSLINT_REFERENCE, else ../shared/reference. */
export function referenceDir(): string {
  return process.env.CPSLINT_REFERENCE ? resolve(process.env.CPSLINT_REFERENCE) : resolve(projectRoot(), '..', 'shared', 'reference');
}

/** The property tests' depth: quick by default, deep with CPSLINT_SLOW=1 (`npm run test:slow`); FC_RUNS overrides both. */
export function propertyRuns(quick: number, slow: number): number {
  if (process.env.FC_RUNS) return Number(process.env.FC_RUNS);
  const s = process.env.CPSLINT_SLOW;
  return s && s !== '0' && s.toLowerCase() !== 'false' ? slow : quick;
}
