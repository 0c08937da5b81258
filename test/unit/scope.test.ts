/**
 * Stage 2, scope (rules/pipeline/scope.ts): the certificate types and subject a unit is about.
 * Documents are cpslint's own words.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/model';
import { sectionUnits } from '../../server/src/service/rules/extract';
import { inScope, ruleScope, scopeOfText, sentenceScope, unitScope, unitsInScope } from '../../server/src/service/rules/pipeline/scope';
import { buildDoc, ruleById } from '../rules/helpers';

function unitsOf(sections: Record<string, string>, titles: Record<string, string> = {}, n = Object.keys(sections)[0]) {
  const m = parseDocument(buildDoc({ sections, titles }));
  return sectionUnits(m, m.all.find((s) => s.number === n)!, true);
}

describe('scope of text', () => {
  test('types and subjects named', () => {
    assert.deepEqual([...scopeOfText('Code Signing Certificates').types], ['code-signing']);
    assert.deepEqual([...scopeOfText('S/MIME and TLS certificates').types].sort(), ['smime', 'tls']);
    assert.equal(scopeOfText('Reasons for Revoking a Subordinate CA Certificate').subject, 'ca');
    assert.equal(scopeOfText('Subscriber - DV TLS Server').subject, 'subscriber');
    assert.equal(scopeOfText('Root CA certificates and Subscriber certificates').subject, null);
    assert.equal(scopeOfText('Certificate revocation').subject, null);
    assert.equal(scopeOfText('Certificate revocation').types.size, 0);
  });
});

describe('scope of units', () => {
  test('from the heading chain, the row label and the lead-in; the nearest wins', () => {
    const [p] = unitsOf({ '4.9.1.2': 'The CA revokes within 7 days.' }, { '4.9.1.2': 'Reasons for Revoking a Subordinate CA Certificate' });
    assert.equal(unitScope(p).subject, 'ca');
    const rows = unitsOf({ '6.3.2': '| Type | Validity |\n|---|---|\n| Subordinate CAs | 15 years |\n| Subscriber - TLS Server | 90 days |' });
    assert.deepEqual(rows.filter((u) => u.rowLabel && u.header).map((u) => unitScope(u).subject), ['ca', 'subscriber']);
    const items = unitsOf({ '4.9.7': 'For CA certificates, the CA publishes CRLs:\n\n- every 12 months' });
    assert.equal(unitScope(items.find((u) => u.kind === 'item')!).subject, 'ca');
  });

  test('a TLS Subscriber rule reads unscoped units and TLS units, not other types or CA units', () => {
    const rule = ruleScope(ruleById('br-6.3.2-validity-schedule'));
    assert.ok(rule.types.has('tls') && rule.subject === 'subscriber');
    assert.ok(inScope(rule, { types: new Set(), subject: null }));
    assert.ok(inScope(rule, { types: new Set(['tls', 'smime']), subject: null }));
    assert.ok(!inScope(rule, { types: new Set(['code-signing']), subject: null }));
    assert.ok(!inScope(rule, { types: new Set(), subject: 'ca' }));
    const us = unitsOf({ '6.3.2': 'Unscoped.', '6.3.2.1': 'Code signing text.', '6.3.2.2': 'Root text.' }, { '6.3.2.1': 'Code Signing Certificates', '6.3.2.2': 'Root CA Certificates' }, '6.3.2');
    assert.deepEqual(unitsInScope(rule, us).map((u) => u.text), ['Unscoped.']);
  });

  test('a sentence opened by a scope', () => {
    const [u] = unitsOf({ '4.9.7': 'For Subordinate CA certificates, a CRL is issued every 12 months. CRLs are issued every 4 days.' });
    assert.equal(sentenceScope(u, u.sentences[0])?.subject, 'ca');
    assert.equal(sentenceScope(u, u.sentences[1]), null);
  });

  test('a sentence whose subject is certificates of another type', () => {
    const types = (text: string) => {
      const [u] = unitsOf({ '6.3.2': text });
      const sc = sentenceScope(u, u.sentences[0]);
      return sc ? [...sc.types] : null;
    };
    assert.deepEqual(types('S/MIME Certificates, which are issued under the S/MIME CPS, may have a Validity Period of up to 825 days.'), ['smime']);
    assert.deepEqual(types('Code signing certificates are valid for up to 39 months.'), ['code-signing']);
    assert.deepEqual(types('All e-mail certificates expire after 825 days.'), ['smime']);
    // The subject is not those certificates, or names TLS too: no scope from the subject.
    assert.equal(types('The CA issues S/MIME certificates for up to 825 days and TLS certificates for up to 398 days.'), null);
    assert.equal(types('Subscriber Certificates have a Validity Period of up to 398 days.'), null);
    assert.equal(types('Client authentication is also possible with certificates valid for 398 days.'), null);
    assert.equal(types('S/MIME certificates and TLS certificates are valid for up to 398 days.'), null);
  });
});
