// The city's 差评 reason list and holiday overrides at the hall (issue 14 downlink, in-process
// hall over real HTTP): GET /api/catalogue/reference serves what is in force; a rating's reason
// codes are checked against the list its version names (current, bundled, or one the city sent
// earlier); the phone rating page offers the same list. Refusals: no token, wrong role, wrong
// type, unknown code, unknown list version; a replay is a duplicate.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import type { HallContext } from '../../server/context';
import { applyCityCatalogue } from '../../server/uplink/downlink';
import { defaultReasonList, type RatingReasonEntry } from '../../domain/rating';
import type { CatalogueReference } from '../../domain/api/catalogueReference';
import { call } from '../support/centralClient';

const X1: RatingReasonEntry = { code: 'X1', label: '材料要求反复变化', polarity: 'bad', dimension: 'competence' };
const bundledBad = defaultReasonList.reasons.filter((r) => r.polarity === 'bad');
const OFF = [{ date: '2026-12-08', working: false, note: '市政府临时调休' }];

let s: HallServer & { ctx: HallContext };
let counter: string;
let clerk: string;
let kiosk: string;
let pad: string;

const enroll = async (code: string, kind: string) =>
  (await call<{ token: string }>(s.url, 'POST', '/api/devices/enroll', null, { code, kind, name: `${kind} t` })).body.token;
const reference = async (token: string | null = clerk) => call<CatalogueReference>(s.url, 'GET', '/api/catalogue/reference', token);
const rating = (o: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  windowNo: 1,
  clerkWorkNo: 'C001',
  level: 'dissatisfied',
  reasonCodes: ['X1'],
  channel: 'hallTablet',
  ratedAt: new Date(Date.now() - 60_000).toISOString(),
  ...o,
});
const rate = (body: unknown) =>
  call<{ code?: string; message?: string; accepted?: boolean; duplicate?: boolean }>(s.url, 'POST', '/api/ratings', counter, body);

beforeAll(async () => {
  s = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'warn', publicBaseUrl: 'https://hall.example.cn' });
  counter = await enroll('COUNTER-DEMO-1', 'counter');
  pad = await enroll('PAD-DEMO-1', 'pad');
  kiosk = await enroll('KIOSK-DEMO', 'kiosk');
  clerk = (await call<{ token: string }>(s.url, 'POST', '/api/auth/login', null, { workNo: 'C001', password: 'demo' })).body.token;
});
afterAll(async () => {
  await s?.close();
});

describe('GET /api/catalogue/reference', () => {
  it('without a city: the bundled list and no overrides; no token 401, the kiosk 403', async () => {
    const r = await reference();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ catalogueVersion: 0, holidayOverrides: [], reasons: { version: defaultReasonList.version } });
    expect((await reference(pad)).status).toBe(200);
    expect((await reference(null)).status).toBe(401);
    const wrongRole = await reference(kiosk);
    expect(wrongRole.status).toBe(403);
    expect((wrongRole.body as unknown as { code: string }).code).toBeTruthy();
  });

  it("after the city's catalogue: its reasons (with X1) under a city version, and its overrides", async () => {
    applyCityCatalogue(s.ctx, 2, { items: [], departments: [], holidayOverrides: OFF, badReasons: [...bundledBad, X1] });
    const r = (await reference()).body;
    expect(r.catalogueVersion).toBe(2);
    expect(r.reasons.version).toMatch(/^city-/);
    expect(r.reasons.reasons.map((x) => x.code)).toContain('X1');
    expect(r.holidayOverrides).toEqual(OFF);
  });
});

describe("a rating's reason codes at the hall", () => {
  it('X1 from the city list is accepted; a replay is a duplicate', async () => {
    const version = (await reference()).body.reasons.version;
    const r = rating({ reasonListVersion: version });
    const ok = await rate(r);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.duplicate).toBe(false);
    expect((await rate(r)).body.duplicate).toBe(true);
  });

  it('a code in no list, or a list version the hall never served: refused with its code; wrong type 400', async () => {
    const version = (await reference()).body.reasons.version;
    const unknown = await rate(rating({ reasonCodes: ['ZZ9'], reasonListVersion: version }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('RATING_REASON_UNKNOWN');
    expect(unknown.body.message).toMatch(/ZZ9/);
    const forged = await rate(rating({ reasonListVersion: 'city-00000000' }));
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('RATING_REASON_LIST_UNKNOWN');
    // X1 is not in the bundled list: a rating naming the bundled list cannot carry it.
    expect((await rate(rating({ reasonListVersion: defaultReasonList.version }))).body.code).toBe('RATING_REASON_UNKNOWN');
    expect((await rate(rating({ reasonCodes: 'X1' }))).status).toBe(400);
    expect((await rate(rating({ reasonCodes: [7] }))).status).toBe(400);
    // From the future: refused before its reasons are looked at.
    const future = await rate(rating({ reasonListVersion: version, ratedAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('rating_bad_time');
    // Nothing of the refused ones was stored.
    const n = s.ctx.store.raw.prepare(`SELECT COUNT(*) AS n FROM ratings WHERE body LIKE '%ZZ9%' OR body LIKE '%city-00000000%'`).get() as { n: number };
    expect(n.n).toBe(0);
  });

  it('a rating made offline with an older list: the bundled one, or a city list since replaced', async () => {
    const older = (await reference()).body.reasons.version;
    expect((await rate(rating({ reasonCodes: ['B04'], reasonListVersion: defaultReasonList.version }))).status).toBe(200);
    // The city drops X1 in version 3: the list in force changes, the earlier one is still known.
    applyCityCatalogue(s.ctx, 3, { items: [], departments: [], holidayOverrides: [], badReasons: bundledBad.slice(0, 5) });
    const now = (await reference()).body;
    expect(now.reasons.version).not.toBe(older);
    expect(now.reasons.reasons.map((x) => x.code)).not.toContain('X1');
    expect(now.holidayOverrides).toEqual([]);
    expect((await rate(rating({ reasonListVersion: older }))).status).toBe(200);
    expect((await rate(rating({ reasonListVersion: now.reasons.version }))).body.code).toBe('RATING_REASON_UNKNOWN');
    // Back to the X1 list for the phone test below.
    applyCityCatalogue(s.ctx, 4, { items: [], departments: [], holidayOverrides: OFF, badReasons: [...bundledBad, X1] });
    expect((await reference()).body.reasons.version).toBe(older);
  });
});

describe('the phone rating page', () => {
  it('offers the list in force (X1 included) and takes a 差评 with X1', async () => {
    const t = await call<{ id: string; trackUrl: string }>(s.url, 'POST', '/api/tickets', kiosk, { category: 'A' });
    expect(t.status).toBe(201);
    const token = /#\/track\/([A-Za-z0-9_-]{22})$/.exec(t.body.trackUrl)![1]!;
    await call(s.url, 'POST', '/api/windows/1/open', clerk, {});
    for (let i = 0; i < 30; i++) {
      const c = await call<{ ticket: { id: string } | null }>(s.url, 'POST', '/api/windows/1/call-next', clerk, {});
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      await call(s.url, 'POST', '/api/windows/1/start', clerk, {});
      await call(s.url, 'POST', '/api/windows/1/finish', clerk, {});
      if (c.body.ticket?.id === t.body.id) break;
    }
    const v = await call<{ rating: { open: boolean; reasonListVersion: string; bad: { code: string }[] } }>(s.url, 'GET', `/api/track/${token}`);
    expect(v.body.rating.open).toBe(true);
    expect(v.body.rating.reasonListVersion).toMatch(/^city-/);
    expect(v.body.rating.bad.map((b) => b.code)).toContain('X1');
    const body = {
      id: crypto.randomUUID(),
      level: 'dissatisfied',
      reasonCodes: ['X1'],
      reasonListVersion: v.body.rating.reasonListVersion,
      ratedAt: new Date().toISOString(),
    };
    const ok = await call(s.url, 'POST', `/api/track/${token}/rating`, null, body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const bad = await call<{ code: string }>(s.url, 'POST', `/api/track/${token}/rating`, null, {
      ...body,
      id: crypto.randomUUID(),
      reasonListVersion: 'city-00000000',
    });
    expect(bad.body.code).toBe('RATING_REASON_LIST_UNKNOWN');
  });
});
