// The consent rule of 免提交 (domain/licences/consent.ts) and the licence identifier shape.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONSENT_MS,
  MAX_CONSENT_MS,
  checkConsent,
  consentExpiry,
  countMaterials,
  currentConsent,
  licenceIdSchema,
  makeLicenceId,
  usableOn,
  type LicenceConsent,
} from '../../domain/licences';

const t0 = new Date('2026-12-07T02:00:00Z');
const consent = (over: Partial<LicenceConsent> = {}): LicenceConsent => ({
  consentId: 'c-0001-aaaa',
  windowNo: 3,
  caseRef: 'req-0001-bbbb',
  subjectKey: 'holder-key-1',
  licenceTypes: ['idCard', 'household'],
  via: 'pad',
  grantedAt: t0.toISOString(),
  expiresAt: new Date(t0.getTime() + DEFAULT_CONSENT_MS).toISOString(),
  declined: false,
  ...over,
});
const use = (over: Partial<Parameters<typeof checkConsent>[1]> = {}) => ({
  windowNo: 3,
  caseRef: 'req-0001-bbbb',
  subjectKey: 'holder-key-1',
  licenceType: 'idCard' as const,
  now: new Date(t0.getTime() + 60_000),
  ...over,
});
const codeOf = (c: ReturnType<typeof checkConsent>) => (c.ok ? 'OK' : c.code);

describe('consent rule: no fetch without a recorded, unexpired consent covering the use', () => {
  it('a matching consent allows the fetch', () => {
    expect(codeOf(checkConsent(consent(), use()))).toBe('OK');
    expect(codeOf(checkConsent(consent(), use({ licenceType: 'household' })))).toBe('OK');
  });
  it('no consent recorded', () => {
    expect(codeOf(checkConsent(null, use()))).toBe('LICENCE_CONSENT_REQUIRED');
    expect(codeOf(checkConsent(undefined, use()))).toBe('LICENCE_CONSENT_REQUIRED');
  });
  it('declined on the pad', () => expect(codeOf(checkConsent(consent({ declined: true }), use()))).toBe('LICENCE_CONSENT_DECLINED'));
  it('given at another window', () => expect(codeOf(checkConsent(consent({ windowNo: 4 }), use()))).toBe('LICENCE_CONSENT_OTHER_WINDOW'));
  it('given for another intake or case', () => expect(codeOf(checkConsent(consent({ caseRef: 'req-0002-cccc' }), use()))).toBe('LICENCE_CONSENT_OTHER_CASE'));
  it('given by another holder', () => expect(codeOf(checkConsent(consent(), use({ subjectKey: 'holder-key-2' })))).toBe('LICENCE_CONSENT_OTHER_APPLICANT'));
  it('a licence type not consented to', () => expect(codeOf(checkConsent(consent(), use({ licenceType: 'marriage' })))).toBe('LICENCE_CONSENT_TYPE'));
  it('expired: at the expiry instant and after', () => {
    const c = consent();
    expect(codeOf(checkConsent(c, use({ now: new Date(c.expiresAt) })))).toBe('LICENCE_CONSENT_EXPIRED');
    expect(codeOf(checkConsent(c, use({ now: new Date(Date.parse(c.expiresAt) + 1) })))).toBe('LICENCE_CONSENT_EXPIRED');
    expect(codeOf(checkConsent(c, use({ now: new Date(Date.parse(c.expiresAt) - 1) })))).toBe('OK');
  });
  it('a consent dated in the future (clock wrong) is refused', () =>
    expect(codeOf(checkConsent(consent({ grantedAt: new Date(t0.getTime() + 10 * 60_000).toISOString() }), use()))).toBe('LICENCE_CONSENT_FUTURE'));
  it('the latest recorded answer decides: a later 不同意 revokes an earlier 同意', () => {
    const yes = consent();
    const no = consent({ consentId: 'c-0002', grantedAt: new Date(t0.getTime() + 1000).toISOString(), declined: true });
    expect(currentConsent([no, yes])?.consentId).toBe('c-0002');
    expect(codeOf(checkConsent(currentConsent([yes, no]), use()))).toBe('LICENCE_CONSENT_DECLINED');
    expect(currentConsent([])).toBeNull();
  });
});

describe('consent expiry', () => {
  it('defaults, follows a sooner 亮证 code expiry, never exceeds the maximum', () => {
    expect(Date.parse(consentExpiry(t0)) - t0.getTime()).toBe(DEFAULT_CONSENT_MS);
    expect(consentExpiry(t0, { notAfter: new Date(t0.getTime() + 60_000).toISOString() })).toBe(new Date(t0.getTime() + 60_000).toISOString());
    expect(Date.parse(consentExpiry(t0, { ttlMs: 10 * MAX_CONSENT_MS })) - t0.getTime()).toBe(MAX_CONSENT_MS);
  });
});

describe('licence identifier (GB/T 36903 style)', () => {
  it('built identifiers validate; a changed character fails the check', () => {
    const id = makeLicenceId('idCard', '11110101MB1234567X', 1001);
    expect(licenceIdSchema.safeParse(id).success).toBe(true);
    const tampered = id.replace('.0000001001.', '.0000001002.');
    expect(licenceIdSchema.safeParse(tampered).success).toBe(false);
    expect(licenceIdSchema.safeParse('not-an-id').success).toBe(false);
  });
  it('never contains the holder ID number', () => {
    expect(makeLicenceId('idCard', '11110101MB1234567X', 1)).not.toMatch(/\d{17}[\dX]/);
  });
  it('usable only when valid on the day', () => {
    expect(usableOn({ status: 'valid', validFrom: '2020-01-01', validTo: null }, '2026-12-07')).toBe(true);
    expect(usableOn({ status: 'valid', validFrom: '2020-01-01', validTo: '2026-12-06' }, '2026-12-07')).toBe(false);
    expect(usableOn({ status: 'revoked', validFrom: '2020-01-01', validTo: null }, '2026-12-07')).toBe(false);
  });
});

describe('免提交 KPI', () => {
  it('counts received materials, those from e-licences, the cases involved and paper fallbacks', () => {
    const licence = {
      licenceId: makeLicenceId('idCard', '11110101MB1234567X', 1),
      licenceType: 'idCard' as const,
      consentId: 'c-0001-aaaa',
      fetchedAt: t0.toISOString(),
    };
    expect(
      countMaterials([
        {
          materials: [
            { name: 'a', received: true, licence },
            { name: 'b', received: true, licence: { ...licence, licenceType: 'household' } },
            { name: 'c', received: false },
          ],
        },
        { materials: [{ name: 'a', received: true, paperFallback: 'serviceDown' }] },
        { materials: [] },
      ]),
    ).toEqual({ cases: 3, received: 3, electronic: 2, casesWithElectronic: 1, paperFallback: 1 });
  });
});
