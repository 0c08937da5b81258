/**
 * The "legal" paraphrase probe: test/fixtures/paraphrase/legal-cps.md, a compliant TLS CP/CPS of a
 * fictional large commercial CA (Meridian) in a long-sentence legal house style: defined Capitalised
 * Terms, "(a) …; (b) …" obligation lists, "In accordance with Section X of the Baseline Requirements …",
 * HTML tables (CAs in scope, revision history, data-reuse periods, revocation reasons, key sizes,
 * certificate profile), and S/MIME and code signing named in scope but governed by other CPSs.
 * See paraphrase.test.ts for how KNOWN_FALSE is checked.
 *
 * False positives it found and that were fixed in the rule data (keep them off this list):
 * - br-9.9-asp-indemnification (§9.9): the BR's own carve-out "… that Application Software Supplier's
 *   software displaying as not trustworthy a Certificate that is still valid" read as a refusal.
 * - br-4.10.2-availability-10s (§4.10.2): "at all hours of every day of the year" as 24x7.
 * - br-9.6.3-subscriber-obligations (§9.6.3): "within the time the Company specifies".
 * - br-8.1-annual-period-of-time-audit (§8.1): "each covering a period of no more than twelve months".
 * - br-4.9.9-ocsp-15-minutes (§4.9.9): list items under "The Company shall operate its responders as
 *   follows:" that say "an authoritative response" without repeating "OCSP".
 * - br-7.1.3-no-sha1 (§7.1.3): "SHA-1 is not used for signatures" (an error: the denial sat inside
 *   the SHA-1 … signature match).
 * - br-4.9.1.1-subscriber-revocation-24h-5d (§4.9.1.1): a reasons table whose five-day row is the BR's
 *   "proven method that exposes the Private Key / flawed generation" with CRLReason keyCompromise.
 * - br-5.2.2-dual-control-ca-key: "no fewer than two (2) persons", "three of five key custodians".
 *
 * Fixed in code (patterns.ts CLAUSE_BREAK: until / other than / before / prior to / without first / save that
 * end a negation's clause):
 * - br-5.3-personnel-training (§5.3.3): "No person shall act as a Validation Specialist until that person has passed …".
 * - br-6.1.1.1-ca-key-generation (§6.1.1): "No CA key pair shall be generated other than in a key generation ceremony …".
 * - cps-blank-section (§6.1.5): a section that is only an HTML table (structure.ts ownText now counts HTML text).
 * - br-6.3.2-validity-schedule (§6.3.2): "S/MIME Certificates, which are issued under …, may have … 825 days" (scope.ts
 *   sentenceScope reads a sentence whose subject is another type's certificates as that type's).
 * - cps-no-stipulation-with-text (§4.4.3): "No stipulation, save that … Section 4.3.1." (NO_STIP_QUALIFIED).
 */
import { checkParaphrase, type KnownFalse } from './paraphrase.test';

export const KNOWN_FALSE: KnownFalse[] = [
];

checkParaphrase('legal', KNOWN_FALSE);
