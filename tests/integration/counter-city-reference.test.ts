// The city's 差评 reason list and holiday overrides reach the counter (issue 14 downlink) with
// real processes: a central (embedded PostgreSQL) publishes a catalogue version with the reason
// X1 and a day off; the hall (`--central`) pulls it; the counter core hears admin.catalogue and
// fetches GET /api/catalogue/reference. Then: the pad offers X1, a 差评 with X1 reaches the hall
// and is accepted, an unknown code is refused with its code, a case accepted before the day off
// gets the due date the hall computes (shifted), and a counter restarted with the hall down
// still offers X1 and counts the day off from its cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startTs, type Started } from '../../scripts/processes';
import { freePort } from '../support/ports';
import { startCentralProcess, type CentralProc } from '../support/centralProcess';
import { call, supervisorToken } from '../support/centralClient';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import { addWorkingDays, chinaDateOf, defaultCalendar } from '../../domain/calendar';
import { defaultReasonList } from '../../domain/rating';
import { api } from '../e2e/managerHallApi';
import { startPrinterSink, type PrinterSink } from '../../native/printer/sink';

const ITEM = '000103002000'; // 二手房转移登记, a 承诺件
const X1 = { code: 'X1', label: '材料要求反复变化', polarity: 'bad', dimension: 'competence' };

let dir: string;
let central: CentralProc;
let hall: Started<{ url: string }>;
let core: CounterCore;
let sink: PrinterSink;
let base: string;
let manager: string;
let cityToken: string;
/** The item's due date without and with the city's day off (set when published). */
let plainDue = '';
let shiftedDue = '';

async function waitFor<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const startCore = () =>
  createCounterCore(
    coreConfigSchema.parse({
      windowNo: 1,
      hallUrl: base,
      dataDir: path.join(dir, 'counter'),
      printer: sink.url,
      hallCode: '510104',
      enrollCode: 'COUNTER-DEMO-1',
    }),
  );

/** The 受理回执 printed for the last accepted case (its due date is on paper). */
async function lastReceipt(before: number): Promise<string> {
  const got = await sink.waitForReceipts(before + 1, 15_000);
  return got
    .slice(before)
    .map((r) => r.lines.join(''))
    .join('\n')
    .replace(/\s+/g, '');
}
const paperDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

async function acceptCase(c: CounterCore) {
  const item = await c.host.call('catalogue.get', { code: ITEM });
  return c.host.call('cases.intake', {
    itemCode: item.code,
    requestId: uuidv7(),
    applicant: { manual: { name: '李四', idNumber: '11010519491231002X' } },
    materials: item.materials.map((m) => ({ name: m.name, received: true })),
    decision: { kind: 'accept' },
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-city-ref-'));
  central = await startCentralProcess({ dataDir: path.join(dir, 'central') });
  cityToken = await supervisorToken(central.url);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  hall = await startTs(
    'hall',
    'server/main.ts',
    [
      '--port',
      String(port),
      '--data',
      path.join(dir, 'hall'),
      '--seed',
      'demo',
      '--demo-password',
      'demo',
      '--central',
      central.url,
      '--central-code',
      'HALL1-DEMO',
    ],
    { readyTag: 'HALL_READY', ready: (l) => (l.startsWith('{"hall":"listening"') ? (JSON.parse(l) as { url: string }) : null) },
  );
  manager = (await api<{ token: string }>(base, 'POST', '/api/auth/login', undefined, { workNo: 'M001', password: 'demo' })).body.token;
  // The demo central's version 1 (the bundled reasons, no overrides) is applied at enrollment.
  await waitFor(
    'catalogue v1 at the hall',
    async () => (await api<{ catalogueVersion: number }>(base, 'GET', '/api/uplink/status', manager)).body.catalogueVersion >= 1,
  );
  sink = await startPrinterSink();
  core = await startCore();
  await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
  await waitFor('catalogue at the counter', async () => (await core.host.call('catalogue.status', {})).source === 'server');
}, 180_000);

afterAll(async () => {
  await core?.close();
  await sink?.close();
  await hall?.stop();
  await central?.stop();
  await new Promise((r) => setTimeout(r, 1_000)); // PGlite finishes writing its directory after close
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the city's reason list and calendar at the counter", () => {
  it('before: the bundled list on the pad', async () => {
    expect((await core.host.call('pad.get', {})).reasons.version).toBe(defaultReasonList.version);
  });

  it('a version published at the central reaches the hall, then the counter: the pad offers X1', async () => {
    const item = await core.host.call('catalogue.get', { code: ITEM });
    expect(item.promisedDays).toBeGreaterThan(0);
    const today = chinaDateOf(new Date());
    // The city declares the item's plain due date a day off: the due date moves past it.
    plainDue = addWorkingDays(today, item.promisedDays).date!;
    const off = [{ date: plainDue, working: false, note: '市政府临时调休' }];
    shiftedDue = addWorkingDays(today, item.promisedDays, { calendar: defaultCalendar.withOverrides(off) }).date!;
    expect(shiftedDue > plainDue).toBe(true);

    const cat = await call<{ version: number; catalogue: { badReasons: unknown[] } & Record<string, unknown> }>(
      central.url,
      'GET',
      '/api/city/catalogue?since=0',
      cityToken,
    );
    const pub = await call<{ version: number }>(central.url, 'POST', '/api/city/catalogue', cityToken, {
      ...cat.body.catalogue,
      baseVersion: cat.body.version,
      holidayOverrides: off,
      badReasons: [...cat.body.catalogue.badReasons, X1],
    });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    // The hall hears of a new version on its next push: a ticket makes one.
    expect((await api(base, 'POST', '/api/tickets', manager, { category: 'A', channel: 'manual' })).status).toBe(201);
    const ref = await waitFor('the new version at the hall', async () => {
      const r = await api<{ catalogueVersion: number; reasons: { version: string } }>(base, 'GET', '/api/catalogue/reference', manager);
      return r.body.catalogueVersion === pub.body.version ? r.body : null;
    });
    expect(ref.reasons.version).toMatch(/^city-/);
    // The counter refreshes on the hall's admin.catalogue signal (no sign-in, no button).
    const pad = await waitFor('X1 on the pad', async () => {
      const p = await core.host.call('pad.get', {});
      return p.reasons.bad.some((r) => r.code === 'X1') ? p : null;
    });
    expect(pad.reasons.version).toBe(ref.reasons.version);
  }, 120_000);

  it('a case accepted before the day off: the due date the hall computes, shifted', async () => {
    const before = sink.receipts.length;
    const r = await acceptCase(core);
    expect(r.dueDate).toBe(shiftedDue);
    expect(r.dueDate).not.toBe(plainDue);
    expect(await lastReceipt(before)).toContain(paperDate(shiftedDue));
    const onHall = await waitFor('the case at the hall', async () => {
      const c = await api<{ dueDate: string | null }>(base, 'GET', `/api/cases/${r.caseId}`, manager);
      return c.status === 200 ? c.body : null;
    });
    expect(onHall.dueDate).toBe(shiftedDue);
    // The counter's own list counts with the same calendar.
    const mine = await core.host.call('cases.mine', { scope: 'open', limit: 100 });
    expect(mine.find((c) => c.caseId === r.caseId)?.dueDate).toBe(shiftedDue);
  }, 60_000);

  it('a 差评 with X1 from the pad is accepted by the hall; a code in no list is refused with its code', async () => {
    const mine = await core.host.call('cases.mine', { scope: 'open', limit: 100 });
    const c = mine.find((x) => !x.rated)!;
    const { requestId } = await core.host.call('rating.request', { caseId: c.caseId });
    await expect(core.host.call('pad.rate', { requestId, level: 'dissatisfied', reasonCodes: ['ZZ9'] })).rejects.toMatchObject({
      code: 'RATING_REASON_UNKNOWN',
    });
    await core.host.call('pad.rate', { requestId, level: 'dissatisfied', reasonCodes: ['X1'] });
    const stored = await waitFor('the rating at the hall', async () => {
      const r = await api<{ items: { id: string; reasonCodes: string[] }[] }>(base, 'GET', '/api/ratings?windowNo=1&limit=100', manager);
      return r.body.items.find((x) => x.id === requestId);
    });
    expect(stored.reasonCodes).toEqual(['X1']);
    expect(await core.host.call('sync.deadLetters', { includeResolved: true })).toEqual([]);
    // Straight to the hall from window 1's pad: a code in no list, and a list the hall never served.
    const pad = (await api<{ token: string }>(base, 'POST', '/api/devices/enroll', undefined, { code: 'PAD-DEMO-1', kind: 'pad', name: 'ref pad' })).body.token;
    const version = (await core.host.call('pad.get', {})).reasons.version;
    const rating = (o: Record<string, unknown>) => ({
      id: uuidv7(),
      windowNo: 1,
      clerkWorkNo: 'C001',
      level: 'dissatisfied',
      channel: 'hallTablet',
      ratedAt: new Date(Date.now() - 1000).toISOString(),
      reasonListVersion: version,
      ...o,
    });
    const unknown = await api<{ code: string }>(base, 'POST', '/api/ratings', pad, rating({ reasonCodes: ['ZZ9'] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('RATING_REASON_UNKNOWN');
    const forged = await api<{ code: string }>(base, 'POST', '/api/ratings', pad, rating({ reasonCodes: ['X1'], reasonListVersion: 'city-00000000' }));
    expect(forged.body.code).toBe('RATING_REASON_LIST_UNKNOWN');
  }, 60_000);

  it('offline (hall stopped, counter restarted): the cached list and calendar still count', async () => {
    await core.close();
    await hall.stop();
    core = await startCore();
    const s = await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
    expect(s.online).toBe(false);
    const pad = await core.host.call('pad.get', {});
    expect(pad.reasons.bad.map((r) => r.code)).toContain('X1');
    const before = sink.receipts.length;
    const r = await acceptCase(core);
    expect(r.dueDate).toBe(shiftedDue);
    expect(await lastReceipt(before)).toContain(paperDate(shiftedDue));
  }, 60_000);
});
