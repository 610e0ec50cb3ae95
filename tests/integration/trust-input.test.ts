// Trust (issue 12), input: every date on the wire is a real date or an instant with an offset;
// nothing stored can stop the hall server from starting (unreadable rows are skipped, counted and
// shown at GET /api/admin/problems); new passwords follow the policy. Against the REAL hall
// server process, stopped and started again on its own data.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHall, tempDataDir, client, login, enroll, type HallProcess } from './server-harness';

let dataDir: string;
let hall: HallProcess;
let manager: string;
let clerk: string;
let counter: string;

const rating = (ratedAt: string, extra: Record<string, unknown> = {}) => ({
  id: `trust-${Math.random().toString(36).slice(2, 12)}`,
  windowNo: 1,
  clerkWorkNo: 'C001',
  level: 'veryDissatisfied',
  channel: 'hallTablet',
  ratedAt,
  ...extra,
});
const ratingsCount = () => {
  const db = new Database(`${dataDir}/hall.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dataDir = tempDataDir();
  hall = await spawnHall({ dataDir });
  manager = await login(hall.url, 'M001');
  clerk = await login(hall.url, 'C002');
  counter = await enroll(hall.url, 'counter');
}, 60_000);

afterAll(async () => {
  await hall?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('dates on the wire', () => {
  it('a rating with ratedAt 2026-13-45 (or 2026-02-30, or no offset) is a 400 from every token, and nothing is stored', async () => {
    const before = ratingsCount();
    for (const ratedAt of ['2026-13-45', '2026-02-30T10:00:00+08:00', '2026-13-45T10:00:00Z', '2026-03-01 10:00:00', '明天']) {
      const byCounter = await client(hall.url, counter).post('/api/ratings', rating(ratedAt));
      expect(byCounter.status, ratedAt).toBe(400);
      expect(byCounter.body).toMatchObject({ code: 'invalid_body' });
      expect(JSON.stringify(byCounter.body)).toMatch(/ISO 8601/);
      // Staff tokens: refused either for the date (400) or, once ratings are device-only, for the role (403).
      for (const t of [clerk, manager]) expect([400, 403]).toContain((await client(hall.url, t).post('/api/ratings', rating(ratedAt))).status);
    }
    expect(ratingsCount()).toBe(before);
  });

  it('civil dates must exist: stats, follow-up actions, appointments', async () => {
    const m = client(hall.url, manager);
    for (const q of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-01&to=2026-13-45']) {
      const r = await m.get(`/api/stats?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_query' });
      expect(JSON.stringify(r.body)).toMatch(/真实存在的日期/);
    }
    expect((await m.get('/api/stats?from=2024-02-29&to=2024-03-01')).status).toBe(200);
    expect((await m.get('/api/appointments?date=2026-02-29')).status).toBe(400);
    expect((await m.get('/api/ratings?from=2026-13-45')).status).toBe(400);
    expect((await m.post('/api/followups/nope/actions', { type: 'callback', note: '已回访', on: '2026-04-31' })).status).toBe(400);
  });

  it('a kiosk appointment check-in time must be an instant with an offset', async () => {
    const kiosk = await enroll(hall.url, 'kiosk');
    const r = await client(hall.url, kiosk).post('/api/tickets', { category: 'A', appointmentAt: '2026-02-30T09:00:00+08:00' });
    expect(r.status).toBe(400);
  });
});

describe('nothing stored stops the server', () => {
  it('restarts after the probes, and again with unreadable rows planted in its database; the rows are reported, not thrown', async () => {
    await hall.stop();
    hall = await spawnHall({ dataDir, args: [] });
    expect((await client(hall.url).get('/api/health')).status).toBe(200);
    await hall.stop();

    // Rows no current route would write (an older build, a hand edit, a disk fault).
    const db = new Database(`${dataDir}/hall.sqlite`);
    db.prepare(
      `INSERT INTO ratings (id, window_no, clerk_work_no, ticket_id, level, body, rated_at, received_at) VALUES ('bad-date-1', 1, 'C001', NULL, 'veryDissatisfied', '{}', '2026-13-45', 0)`,
    ).run();
    db.prepare(
      `INSERT INTO ratings (id, window_no, clerk_work_no, ticket_id, level, body, rated_at, received_at) VALUES ('bad-body-1', 1, 'C001', NULL, 'dissatisfied', '{not json', '2026-03-01T10:00:00+08:00', 0)`,
    ).run();
    const hasHealth = db.prepare(`SELECT name FROM sqlite_master WHERE name = 'window_device_health'`).get();
    if (hasHealth)
      db.prepare(`INSERT OR REPLACE INTO window_device_health (window_no, devices, reported_at, reported_by) VALUES (3, '[oops', 0, 'C003')`).run();
    db.prepare(
      `INSERT INTO ordering_rules (version, rules, created_at, created_by) SELECT MAX(version) + 1, '{"weights":', 0, 'M001' FROM ordering_rules`,
    ).run();
    db.close();

    hall = await spawnHall({ dataDir, args: [] });
    const m = client(hall.url, await login(hall.url, 'M001'));
    const f = await m.get<{ tasks: unknown[] }>('/api/followups');
    expect(f.status).toBe(200);
    const p = await m.get<{ total: number; counts: Record<string, number>; recent: { code: string; key?: string }[] }>('/api/admin/problems');
    expect(p.status).toBe(200);
    expect(p.body.counts.STORED_RATING_UNREADABLE).toBe(2);
    expect(p.body.recent.map((r) => r.key)).toEqual(expect.arrayContaining(['bad-date-1', 'bad-body-1']));
    if (hasHealth) expect(p.body.counts.STORED_DEVICE_HEALTH_UNREADABLE).toBe(1);
    // The manager's lists still answer; the queue still orders (on the default rules, reported).
    expect((await m.get('/api/ratings')).status).toBe(200);
    expect((await m.get('/api/queue/explain?windowNo=1')).status).toBe(200);
    expect((await m.get<{ counts: Record<string, number> }>('/api/admin/problems')).body.counts.STORED_RULES_UNREADABLE).toBe(1);
    // Reported once by the follow-ups, not again on every read (the ratings list reports its own read).
    const count = async () => (await m.get<{ counts: Record<string, number> }>('/api/admin/problems')).body.counts.STORED_RATING_UNREADABLE;
    const seen = await count();
    await m.get('/api/followups');
    expect(await count()).toBe(seen);
    // A good bad rating still opens its follow-up task.
    const ok = await client(hall.url, counter).post('/api/ratings', rating('2026-03-01T10:00:00+08:00'));
    expect(ok.status).toBe(200);
    // Staff only see problems as a manager.
    expect((await client(hall.url, await login(hall.url, 'C003')).get('/api/admin/problems')).status).toBe(403);
  });
});

describe('new passwords', () => {
  it('need 8 characters with letters and digits (weak_password, Chinese message); the demo seed still signs in', async () => {
    const m = client(hall.url, await login(hall.url, 'M001'));
    const base = { workNo: 'M301', name: '钱七', role: 'manager' };
    for (const password of ['abc123', 'abcdefgh', '12345678', '']) {
      const r = await m.post('/api/admin/staff', { ...base, password });
      expect(r.status, password).toBe(400);
      expect(r.body).toMatchObject({ code: 'weak_password', message: '密码至少 8 位，且须同时包含字母和数字' });
    }
    expect((await m.post('/api/admin/staff', { ...base, password: 'qian2026' })).status).toBe(201);
    const reset = await m.post('/api/admin/staff/M301/password', { password: 'short1' });
    expect(reset.body).toMatchObject({ code: 'weak_password' });
    expect((await m.post('/api/admin/staff/M301/password', { password: 'qian2027x' })).status).toBe(204);
    expect(await login(hall.url, 'M301', 'qian2027x')).toBeTruthy();
    expect(await login(hall.url, 'C005', 'demo')).toBeTruthy();
  });
});
