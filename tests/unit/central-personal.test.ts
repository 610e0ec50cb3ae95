// Personal data at the central (issue 14: "masked plus keyed hashes unless the city is configured
// to receive it"), on the embedded PostgreSQL over real HTTP: off by default (personal fields a
// hall sends anyway are not kept), the supervisor's setting (wrong type, wrong role, unknown
// hall, replay, audited), applicants encrypted in their own table, opened one at a time with a
// reason (audited), a replayed push stores nothing twice, turning it off erases and stops.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startCentral, type CentralServer } from '../../central/app';
import { tablesNotDistributable } from '../../central/db/distribution';
import { cityAuditResponseSchema, hallListResponseSchema, openApplicantResponseSchema, personalDataResponseSchema } from '../../domain/api/city';
import { uplinkPushResponseSchema, uplinkStateSchema, type UplinkRecord } from '../../domain/api/uplink';
import { HallOutbox } from '../support/uplinkStream';
import { loadPersonalKey } from '../../central/personal/key';
import { CentralPersonalData } from '../../central/personal/applicants';
import { call, enroll, supervisorToken } from '../support/centralClient';

const ID = '11010519491231002X';
const NAME = '王小明';
const PHONE = '13912345678';
const person = (name = NAME, idNumber = ID) => ({ applicant: { name, idType: 'residentId' as const, idNumber, phone: PHONE } });

let keyDir: string;
let c: CentralServer;
let sup: string;
let hall: { hallId: string; hallToken: string };
let outbox: HallOutbox;
let sent = 0;

/** A case whose `received` record carries the applicant in clear (as a hall does while configured). */
function caseWithPersonal(personal: unknown = person()): { caseId: string; record: UplinkRecord } {
  const caseId = outbox.addCase({ at: new Date().toISOString(), until: 'accepted' });
  const record = outbox.records.find((r) => r.kind === 'caseEvent' && (r.body as { event: { caseId: string; kind: string } }).event.caseId === caseId)!;
  (record as { personal?: unknown }).personal = personal;
  return { caseId, record };
}
/** Push the records not sent yet (or `records` as given: a replay). */
async function push(records = outbox.records.slice(sent)) {
  const r = await call(c.url, 'POST', '/api/uplink/push', hall.hallToken, { hallId: hall.hallId, sentAt: new Date().toISOString(), backlog: 0, records });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  sent = Math.max(sent, records.at(-1)?.seq ?? 0);
  return uplinkPushResponseSchema.parse(r.body);
}
const applicantRows = async () => (await c.store.db.selectFrom('case_applicants').selectAll().where('hall_id', '=', hall.hallId).execute()).map((r) => r);
const dump = async (table: string) =>
  (await sql<{ txt: string }>`select coalesce(string_agg(t::text, ' '), '') as txt from ${sql.table(table)} t`.execute(c.store.db)).rows[0]!.txt;
const audit = async (action: string) =>
  c.store.db.selectFrom('city_audit').selectAll().where('hall_id', '=', hall.hallId).where('action', '=', action).orderBy('at').execute();
const setReceive = (receive: unknown, token: string | null = sup, hallId = hall.hallId) =>
  call(c.url, 'PUT', `/api/city/halls/${hallId}/personal-data`, token, { receive });
const openApplicant = (caseId: string, body: unknown = { reason: '核查逾期办件' }, token: string | null = sup) =>
  call(c.url, 'POST', `/api/city/halls/${hall.hallId}/cases/${caseId}/applicant`, token, body);

beforeAll(async () => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-key-'));
  c = await startCentral({ seed: 'demo', logLevel: 'warn', keyDir });
  sup = await supervisorToken(c.url);
  hall = await enroll(c.url, 'HALL1-DEMO');
  outbox = new HallOutbox(hall.hallId);
});
afterAll(async () => {
  await c?.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

describe('personal data at the central', () => {
  it('new tables keep hall_id in their primary key; the key file is made 0600', async () => {
    expect(await tablesNotDistributable(c.store.db)).toEqual([]);
    const st = fs.statSync(path.join(keyDir, 'central.key'));
    expect(st.mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(keyDir, 'central.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('off by default: personal fields a hall sends anyway are not kept; lists and the stream stay masked', async () => {
    const halls = hallListResponseSchema.parse((await call(c.url, 'GET', '/api/city/halls', sup)).body);
    expect(halls.halls.find((h) => h.hallId === hall.hallId)!.receivePersonalData).toBe(false);
    const { caseId } = caseWithPersonal();
    const r = await push();
    expect(r.receivePersonalData).toBe(false);
    expect(r.results.every((x) => x.status === 'accepted')).toBe(true);
    expect(await applicantRows()).toHaveLength(0);
    for (const t of ['uplink_records', 'cases', 'case_applicants']) {
      const txt = await dump(t);
      expect(txt.includes(ID), `${t} holds the ID number`).toBe(false);
      expect(txt.includes(NAME), `${t} holds the name`).toBe(false);
    }
    const o = await openApplicant(caseId);
    expect(o.status).toBe(404);
    expect(o.body.code).toBe('applicant_not_held');
  });

  it('the setting: wrong role, wrong type, unknown hall refused; a replay changes and audits nothing', async () => {
    expect((await setReceive(true, null)).status).toBe(401);
    expect((await setReceive(true, hall.hallToken)).status).toBe(403);
    const bad = await setReceive('yes');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_body');
    expect((await call(c.url, 'PUT', `/api/city/halls/${hall.hallId}/personal-data`, sup, { receive: true, erase: false })).status).toBe(400);
    expect((await setReceive(true, sup, 'no-such-hall')).body.code).toBe('unknown_hall');
    const on = personalDataResponseSchema.parse((await setReceive(true)).body);
    expect(on).toEqual({ hallId: hall.hallId, receivePersonalData: true, changed: true, erased: 0 });
    const again = personalDataResponseSchema.parse((await setReceive(true)).body);
    expect(again.changed).toBe(false);
    const a = await audit('hall.personalData');
    expect(a).toHaveLength(1);
    expect(a[0]!.actor).toBe('S001');
    expect(a[0]!.detail).toMatchObject({ receive: true });
    const halls = hallListResponseSchema.parse((await call(c.url, 'GET', '/api/city/halls', sup)).body);
    expect(halls.halls.find((h) => h.hallId === hall.hallId)!.receivePersonalData).toBe(true);
    expect(uplinkStateSchema.parse((await call(c.url, 'GET', '/api/uplink/state', hall.hallToken)).body).receivePersonalData).toBe(true);
  });

  let openCase = '';
  it('configured: the applicant is stored encrypted, lists stay masked, the supervisor opens it with a reason (audited)', async () => {
    const { caseId } = caseWithPersonal();
    openCase = caseId;
    const r = await push();
    expect(r.receivePersonalData).toBe(true);
    const rows = await applicantRows();
    expect(rows.map((x) => x.case_id)).toEqual([caseId]);
    // Ciphertext at rest: neither the ID number nor the name in the table, nor in the stream.
    for (const t of ['case_applicants', 'uplink_records', 'cases']) {
      const txt = await dump(t);
      expect(txt.includes(ID), `${t} holds the ID number`).toBe(false);
      expect(txt.includes(NAME), `${t} holds the name`).toBe(false);
      expect(txt.includes(PHONE), `${t} holds the phone`).toBe(false);
    }
    // The projection (what the lists read) keeps the masked name the hall sent in the body.
    const row = await c.store.db
      .selectFrom('cases')
      .select('applicant_masked')
      .where('hall_id', '=', hall.hallId)
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.applicant_masked).toBe('测***人');
    const list = await call(c.url, 'GET', `/api/city/cases?hall=${hall.hallId}&limit=1000`, sup);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(ID);
    // Wrong role, no reason, unknown case.
    expect((await openApplicant(caseId, { reason: '核查' }, hall.hallToken)).status).toBe(403);
    expect((await openApplicant(caseId, {})).body.code).toBe('invalid_body');
    expect((await openApplicant(caseId, { reason: 7 })).status).toBe(400);
    expect((await openApplicant('no-such-case-1234')).status).toBe(404);
    const o = openApplicantResponseSchema.parse((await openApplicant(caseId)).body);
    expect(o.applicant).toMatchObject({ name: NAME, idNumber: ID, idType: 'residentId', phone: PHONE });
    const a = await audit('applicant.open');
    expect(a).toHaveLength(1);
    expect(a[0]!.detail).toEqual({ caseId, reason: '核查逾期办件' });
    expect(JSON.stringify(a)).not.toContain(ID);
  });

  it('a replayed push answers the first result and stores nothing twice (nor a changed applicant)', async () => {
    const before = await applicantRows();
    const replay = outbox.records.slice(0, sent).map((r) => (r.personal ? { ...r, personal: person('李四', '440524188001010014') } : r));
    const r = await push(replay);
    expect(r.results.every((x) => x.status === 'duplicate')).toBe(true);
    expect(await applicantRows()).toEqual(before);
    expect(openApplicantResponseSchema.parse((await openApplicant(openCase)).body).applicant.name).toBe(NAME);
  });

  it('the key: env wins (64 hex), a bad one stops the start, the file is reused; another key or altered data is refused', async () => {
    const hex = 'ab'.repeat(32);
    expect(loadPersonalKey({ dir: keyDir, env: hex })).toMatchObject({ source: 'env', key: Buffer.from(hex, 'hex') });
    expect(() => loadPersonalKey({ env: 'not-a-key' })).toThrow(/64 hex digits/);
    const a = loadPersonalKey({ dir: keyDir });
    expect(a.source).toBe('file');
    expect(loadPersonalKey({ dir: keyDir }).id).toBe(a.id);
    expect(loadPersonalKey({}).source).toBe('ephemeral');
    // A central started with another key cannot open rows sealed under this one.
    const other = new CentralPersonalData(c.store.db, loadPersonalKey({ env: hex }));
    await expect(other.open(hall.hallId, openCase, '复核', 'S001')).rejects.toMatchObject({ code: 'personal_key_changed' });
    // Altered ciphertext (same key) is refused, not returned.
    const row = await c.store.db
      .selectFrom('case_applicants')
      .select('sealed')
      .where('hall_id', '=', hall.hallId)
      .where('case_id', '=', openCase)
      .executeTakeFirstOrThrow();
    const bytes = Buffer.from(row.sealed, 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    await c.store.db
      .updateTable('case_applicants')
      .set({ sealed: bytes.toString('base64') })
      .where('case_id', '=', openCase)
      .execute();
    const bad = await openApplicant(openCase);
    expect(bad.status).toBe(409);
    expect(bad.body.code).toBe('applicant_unreadable');
    await c.store.db.updateTable('case_applicants').set({ sealed: row.sealed }).where('case_id', '=', openCase).execute();
    expect((await openApplicant(openCase)).status).toBe(200);
  });

  it('a personal field that breaks the contract is not kept; the masked record still counts', async () => {
    const { caseId } = caseWithPersonal({ applicant: { name: NAME, idType: 'residentId', idNumber: '110105194912310021' } });
    const r = await push();
    expect(r.results.every((x) => x.status === 'accepted')).toBe(true);
    expect((await applicantRows()).map((x) => x.case_id)).not.toContain(caseId);
    expect((await c.store.db.selectFrom('cases').select('case_id').where('case_id', '=', caseId).execute()).length).toBe(1);
  });

  it('turned off: what was held is erased (audited), new personal fields are not kept', async () => {
    const off = personalDataResponseSchema.parse((await setReceive(false)).body);
    expect(off).toEqual({ hallId: hall.hallId, receivePersonalData: false, changed: true, erased: 1 });
    expect(await applicantRows()).toHaveLength(0);
    expect((await openApplicant(openCase)).status).toBe(404);
    const { caseId } = caseWithPersonal();
    const r = await push();
    expect(r.receivePersonalData).toBe(false);
    expect((await applicantRows()).map((x) => x.case_id)).not.toContain(caseId);
    // The trail through the API: supervisor only, newest first, no personal data.
    expect((await call(c.url, 'GET', '/api/city/audit', hall.hallToken)).status).toBe(403);
    expect((await call(c.url, 'GET', '/api/city/audit?limit=0', sup)).body.code).toBe('invalid_query');
    const trail = cityAuditResponseSchema.parse((await call(c.url, 'GET', `/api/city/audit?hall=${hall.hallId}`, sup)).body).entries;
    expect(trail[0]).toMatchObject({ hallId: hall.hallId, actor: 'S001', action: 'hall.personalData', detail: { receive: false, erased: 1 } });
    expect(trail.filter((e) => e.action === 'applicant.open').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(trail)).not.toContain(ID);
    expect(cityAuditResponseSchema.parse((await call(c.url, 'GET', '/api/city/audit?hall=demo-hall-2', sup)).body).entries).toEqual([]);
    expect((await audit('hall.personalData')).map((x) => x.detail)).toEqual([
      { receive: true, erased: 0 },
      { receive: false, erased: 1 },
    ]);
  });

  it('retention: an applicant is erased once its case has been closed longer than the period (audited, counts only); open cases keep theirs', async () => {
    expect((await setReceive(true)).status).toBe(200);
    const closedCase = outbox.addCase({ at: new Date().toISOString(), until: 'handedOver' });
    const closedRecord = outbox.records.find((r) => r.kind === 'caseEvent' && (r.body as { event: { caseId: string } }).event.caseId === closedCase)!;
    (closedRecord as { personal?: unknown }).personal = person('赵六');
    const { caseId: stillOpen } = caseWithPersonal(person('钱七'));
    await push();
    const held = async () => (await applicantRows()).map((x) => x.case_id).sort();
    expect(await held()).toEqual([closedCase, stillOpen].sort());
    const day = 86_400_000;
    // 179 days after: nothing is due yet.
    expect(await c.expirePersonal(Date.now() + 179 * day)).toMatchObject({ erased: 0, halls: 0 });
    expect(await held()).toEqual([closedCase, stillOpen].sort());
    // 182 days after: the closed case's applicant is gone, the open one's stays; the statistics keep the case.
    const r = await c.expirePersonal(Date.now() + 182 * day);
    expect(r).toMatchObject({ erased: 1, halls: 1 });
    expect(await held()).toEqual([stillOpen]);
    expect((await openApplicant(closedCase)).status).toBe(404);
    expect((await c.store.db.selectFrom('cases').select('open').where('case_id', '=', closedCase).executeTakeFirstOrThrow()).open).toBe(false);
    const a = await audit('applicant.expired');
    expect(a.map((x) => x.detail)).toEqual([{ erased: 1, closedOnOrBefore: r.cutoff, retentionDays: 180 }]);
    expect(a[0]!.actor).toBe('system');
    expect(JSON.stringify(a)).not.toContain('赵六');
    // Run again (the daily job, or a restart): nothing more, no new audit line.
    expect((await c.expirePersonal(Date.now() + 183 * day)).erased).toBe(0);
    expect(await audit('applicant.expired')).toHaveLength(1);
    // The audit API carries the new action (its contract knows it).
    const trail = cityAuditResponseSchema.parse((await call(c.url, 'GET', `/api/city/audit?hall=${hall.hallId}`, sup)).body).entries;
    expect(trail.some((e) => e.action === 'applicant.expired')).toBe(true);
  });

  it('retention: a period outside 30–3650 days stops the start', async () => {
    await expect(startCentral({ logLevel: 'warn', keyDir, personalRetentionDays: 5 })).rejects.toThrow();
  });
});
