// The counter's licence adapter against the licence-library simulator over real HTTP: no query
// or fetch without a recorded, unexpired consent (the adapter refuses before calling; the library
// refuses too), the fetched file is sealed at rest and shredded when its case closes, the audit
// names the licence identifier, case and consent and never the ID number, service down → a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCounterDb, type Db } from '../../electron/core/db';
import { attachAtRest, openCounterKeyring } from '../../electron/core/privacy/atRest';
import { AuditLog } from '../../electron/core/audit/auditLog';
import { LicenceClient } from '../../electron/core/licences/licenceClient';
import { LicenceService, shredLicenceDocuments } from '../../electron/core/licences/licenceService';
import { searchKey } from '../../electron/core/cases/caseStore';
import { startLicenceSimulator, type LicenceSimulator } from '../../native/licences/simulator';
import { demoResident } from '../../native/idcard/fixtures';
import { CodedError } from '../../domain/api/errors';

const holder = { holderId: demoResident.idNumber, kind: 'person' as const };
let sim: LicenceSimulator;
let db: Db;
let svc: LicenceService;
let clock = Date.now();

const codeOf = async (p: Promise<unknown>) => p.then(() => 'OK').catch((e: CodedError) => e.code);
const dump = (sql: string) => JSON.stringify(db.prepare(sql).all());

beforeAll(async () => {
  sim = await startLicenceSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'licence-adapter-'));
  db = openCounterDb(dir);
  attachAtRest(db, openCounterKeyring({ dataDir: dir }));
  svc = new LicenceService({
    db,
    windowNo: 2,
    client: new LicenceClient(sim.url, 'test-counter'),
    audit: new AuditLog(db, 'W2-test'),
    key: searchKey(db),
    consentMs: 15 * 60_000,
    now: () => new Date(clock),
  });
});
afterAll(async () => {
  db.close();
  await sim.close();
});

describe('licence adapter', () => {
  it('refuses to query without a consent, and never asks the library', async () => {
    const before = sim.requests.length;
    expect(await codeOf(svc.fetch({ caseRef: 'req-00000001', material: '居民身份证', licenceType: 'idCard', holder }, 'C002'))).toBe(
      'LICENCE_CONSENT_REQUIRED',
    );
    expect(sim.requests.length).toBe(before);
  });

  it('the library itself refuses a query without authorisation', async () => {
    const r = await fetch(`${sim.url}/api/v1/licences/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-id': 'x' },
      body: JSON.stringify({ holderId: holder.holderId, licenceTypes: ['idCard'] }),
    });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { code: string }).code).toBe('LICENCE_NO_CONSENT');
  });

  it('fetches under a pad consent; sealed at rest; audit with identifier, case and consent, no ID number', async () => {
    const c = svc.recordConsent({ caseRef: 'req-00000002', holder, licenceTypes: ['idCard', 'household'], via: 'pad', declined: false }, 'C002');
    const got = await svc.fetch({ caseRef: 'req-00000002', material: '户口簿', licenceType: 'household', holder }, 'C002');
    expect(got.licenceType).toBe('household');
    expect(got.consentId).toBe(c.consentId);
    expect(got.bytes).toBeGreaterThan(200);
    const asked = sim.requests.filter((r) => r.consentId === c.consentId);
    expect(asked.map((r) => r.path)).toEqual(['/api/v1/licences/query', '/api/v1/licences/fetch']);
    // A type not consented to: refused by the adapter.
    expect(await codeOf(svc.fetch({ caseRef: 'req-00000002', material: '结婚证', licenceType: 'marriage', holder }, 'C002'))).toBe('LICENCE_CONSENT_TYPE');
    // Another intake: refused.
    expect(await codeOf(svc.fetch({ caseRef: 'req-00000003', material: '户口簿', licenceType: 'household', holder }, 'C002'))).toBe('LICENCE_CONSENT_REQUIRED');
    const idCard = await svc.fetch({ caseRef: 'req-00000002', material: '居民身份证', licenceType: 'idCard', holder }, 'C002');
    expect(idCard.numberMasked).not.toContain(demoResident.idNumber);

    const audit = dump(`SELECT action, target, after_json FROM audit_log WHERE action LIKE 'licence.%'`);
    expect(audit).toContain(got.licenceId);
    expect(audit).toContain(c.consentId);
    expect(audit).toContain('req-00000002');
    for (const table of ['audit_log', 'events', 'licence_fetches', 'licence_consents'])
      expect(dump(`SELECT * FROM ${table}`)).not.toContain(demoResident.idNumber);
    const sealed = db.prepare('SELECT sealed FROM licence_fetches WHERE fetch_id = ?').get(idCard.fetchId) as { sealed: string };
    expect(sealed.sealed).toContain('$sealed');
    expect(sealed.sealed).not.toContain('%PDF');

    // The intake may name only fetches made for it and for that material.
    expect(svc.materialsForIntake('req-00000002', [{ name: '户口簿', licenceFetchId: got.fetchId }]).get('户口簿')?.licence?.licenceId).toBe(got.licenceId);
    expect(() => svc.materialsForIntake('req-00000009', [{ name: '户口簿', licenceFetchId: got.fetchId }])).toThrow(/调取记录无效/);
    expect(() => svc.materialsForIntake('req-00000002', [{ name: '居民身份证', licenceFetchId: got.fetchId }])).toThrow(/调取记录无效/);
  });

  it('an expired consent is refused', async () => {
    svc.recordConsent({ caseRef: 'req-00000004', holder, licenceTypes: ['idCard'], via: 'pad', declined: false }, 'C002');
    clock += 16 * 60_000;
    expect(await codeOf(svc.fetch({ caseRef: 'req-00000004', material: '居民身份证', licenceType: 'idCard', holder }, 'C002'))).toBe('LICENCE_CONSENT_EXPIRED');
  });

  it('a 亮证 code: redeemed once, must be the applicant’s own', async () => {
    const mint = async () =>
      (await (
        await fetch(`${sim.url}/api/v1/show-codes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-app-id': 'phone' },
          body: JSON.stringify({ holderId: holder.holderId, licenceTypes: ['propertyCert'] }),
        })
      ).json()) as { code: string };
    const { code } = await mint();
    clock = Date.now();
    const c = await svc.redeemShowCode({ caseRef: 'req-00000005', code, holder }, 'C002');
    expect(c.via).toBe('showCode');
    expect(await codeOf(svc.redeemShowCode({ caseRef: 'req-00000005', code, holder }, 'C002'))).toBe('SHOW_CODE_USED');
    const other = await mint();
    expect(
      await codeOf(svc.redeemShowCode({ caseRef: 'req-00000006', code: other.code, holder: { holderId: '110105197006072012', kind: 'person' } }, 'C002')),
    ).toBe('LICENCE_CONSENT_OTHER_APPLICANT');
    expect((await svc.fetch({ caseRef: 'req-00000005', material: '不动产权证书', licenceType: 'propertyCert', holder }, 'C002')).licenceType).toBe(
      'propertyCert',
    );
  });

  it('service down → LICENCE_SERVICE_DOWN (the paper fallback), and it is logged', async () => {
    svc.recordConsent({ caseRef: 'req-00000007', holder, licenceTypes: ['idCard'], via: 'pad', declined: false }, 'C002');
    sim.setDown(true);
    try {
      expect(await codeOf(svc.fetch({ caseRef: 'req-00000007', material: '居民身份证', licenceType: 'idCard', holder }, 'C002'))).toBe('LICENCE_SERVICE_DOWN');
    } finally {
      sim.setDown(false);
    }
    expect(dump(`SELECT after_json FROM audit_log WHERE action = 'licence.fetchFailed'`)).toContain('LICENCE_SERVICE_DOWN');
  });

  it('files of abandoned intakes are shredded after a day', () => {
    const n = shredLicenceDocuments(db, new Date(Date.now() + 2 * 86_400_000));
    expect(n).toBeGreaterThan(0);
    expect(dump('SELECT sealed FROM licence_fetches WHERE sealed IS NOT NULL')).toBe('[]');
  });
});
