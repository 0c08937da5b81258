/**
 * The "terse" paraphrase probe: test/fixtures/paraphrase/terse-cps.md, a compliant CP/CPS in the
 * style of a modern automated ACME CA (short declarative sentences, heavy cross-referencing, facts
 * in tables, bold run-in subsections, "No stipulation." where allowed). See paraphrase.test.ts.
 *
 * False positives it found and that were fixed in the rule data (keep them off this list):
 * - br-4.9.1.1-subscriber-revocation-24h-5d (§4.9.1.1): "**Within 24 hours**, with the reasonCode
 *   shown:" above a table of reasons; the verb "revoke" was only in the heading.
 * - br-4.2.1-data-reuse-periods (§4.2.1): a table column "Maximum age at issuance: 30 days".
 * - br-9.6.3-subscriber-obligations (§9.6.3): "answer Kestrel's instructions ... within the time
 *   Kestrel sets" (the BR's "within a specified time period", no number).
 * - ccadb-4-english-authoritative (§9.17): "The English text is authoritative; any translation is
 *   for convenience only." was read as the English text being for convenience only.
 */
import { checkParaphrase, type KnownFalse } from './paraphrase.test';

export const KNOWN_FALSE: KnownFalse[] = [];

checkParaphrase('terse', KNOWN_FALSE);
