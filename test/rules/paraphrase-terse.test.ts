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
 * - br-4.10.2-availability-10s (§4.10.2): "latency" instead of "response time".
 */
import { checkParaphrase, type KnownFalse } from './paraphrase.test';

export const KNOWN_FALSE: KnownFalse[] = [
  {
    code: 'br-4.10.2-availability-10s',
    section: '4.10.2',
    reason:
      '"p99 latency below 10 s in normal operation" states the 10-second bound with the SI symbol "s": ' +
      'the part\'s pattern and the quantity parser (patterns.ts, units seconds?|secs?) have no bare "s", ' +
      'so neither the commitment nor the limit reads it.',
  },
  {
    code: 'br-5.4.3-5.5.2-retention-2y',
    section: '5.4.3',
    reason:
      '§5.4.3 says "See Section 5.5.2." and §5.5.2 has a table "Record | Kept for" (e.g. "Security, access ' +
      'and firewall events | 2 years after the event"). Both parts are sentence-scoped and a row read with ' +
      'its headers makes every cell its own sentence, so the records (first cell) and the period (second ' +
      'cell) never meet. Paragraph scope would fix it but lets §6.2.5 key archival count elsewhere (emSign).',
  },
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
