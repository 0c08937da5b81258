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
 */
import { checkParaphrase, type KnownFalse } from './paraphrase.test';

export const KNOWN_FALSE: KnownFalse[] = [
  {
    code: 'br-5.3-personnel-training',
    section: '5.3.3',
    reason:
      '"No person shall act as a Validation Specialist until that person has passed an internal written test …" ' +
      'requires the test; isNegated (server/src/service/rules/patterns.ts) reads the clause-initial "No person" as ' +
      'denying "passed … test" because "until" is neither a clause break nor a subordinate-clause cut on the ' +
      'before side. Code-level: "No X shall … until/unless/before Y" makes Y a condition, not a denial.',
  },
  {
    code: 'br-6.1.1.1-ca-key-generation',
    section: '6.1.1',
    reason:
      '"No CA key pair shall be generated other than in a key generation ceremony that follows a written script, …, ' +
      'and is witnessed by the Qualified Auditor, who shall issue a report on it." commands the ceremony. The only ' +
      'mention of the ceremony sits in the clause opened by "No CA key pair", and "other than" is not a clause break ' +
      '(CLAUSE_BREAK in patterns.ts has except/unless but not other than/until/before/without), so both the ceremony ' +
      'part and the witnessed part (whose [ceremon*, key generation] group has no other match) are read as denied.',
  },
  {
    code: 'br-6.3.2-validity-schedule',
    section: '6.3.2',
    reason:
      '"S/MIME Certificates, which are issued under the Meridian S/MIME CPS and not under this CPS, may have a Validity ' +
      'Period of up to 825 days." is about S/MIME, yet the 825 days is checked against the TLS maximum. pipeline/scope.ts ' +
      'reads a sentence\'s scope only from an opening phrase ("For S/MIME certificates, …", SCOPING_OPENING), a list ' +
      'lead-in, a row label or a heading; a sentence whose grammatical subject names the other type is unscoped.',
  },
  {
    code: 'cps-blank-section',
    section: '6.1.5',
    reason:
      '§6.1.5 consists of an HTML table of the accepted key types and sizes (which br-6.1.5-key-sizes reads and accepts, ' +
      'through extract.ts htmlTableUnits), yet it is reported as entirely blank: ownText() in server/src/service/structure.ts ' +
      'skips every html block, tables included. Fix: count the cell text of an HTML <table> block (html-table.ts) as content.',
  },
  {
    code: 'cps-no-stipulation-with-text',
    section: '4.4.3',
    reason:
      '"No stipulation, save that Precertificates are submitted to Certificate Transparency logs as described in Section ' +
      '4.3.1." is a qualified no-stipulation, the legal equivalent of "No stipulation beyond …". NO_STIP_QUALIFIED in ' +
      'server/src/service/structure.ts accepts beyond/other than/except/apart from/in addition to/besides/further to/more ' +
      'than, but not "save that", "save as", "save for" or "save where".',
  },
];

checkParaphrase('legal', KNOWN_FALSE);
