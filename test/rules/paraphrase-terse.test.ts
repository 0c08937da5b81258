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
 * - br-4.2.2-prohibited-names (§4.2.2): "Kestrel won't issue for:" (contraction as the refusal).
 * - br-5.7.1.2-mass-revocation-assertion (§5.7.1): "its mass-revocation plan is comprehensive and
 *   actionable" (possessive instead of "maintains").
 * - br-4.10.2-availability-10s (§4.10.2): "latency" instead of "response time"; and, in code (patterns.ts
 *   quantities, the part's pattern), "p99 latency below 10 s" with the SI symbol "s" after the number.
 * - br-5.4.3-5.5.2-retention-2y (§5.4.3 → §5.5.2): a "Record | Kept for" table; in code, a sentence-scoped part
 *   reads each cell with its row's first cell and the table's lead-in (extract.ts rowLabelPairs, tableLead).
 */
import { checkParaphrase, type KnownFalse } from './paraphrase.test';

export const KNOWN_FALSE: KnownFalse[] = [
  {
    code: 'br-8.6-audit-report-publication',
    section: '8.6',
    reason:
      '"Reports are posted to the repository (Section 2.1) within three months after the period ends." ' +
      'in §8.6 (Communication of results, chapter 8 Compliance audit): both parts need an audit term in ' +
      'the same sentence, and the subject "Reports" is audit reports only by the section it stands in.',
  },
];

checkParaphrase('terse', KNOWN_FALSE);
