// Trust (issue 12), sign-in throttling (等保 登录失败处理) on /api/auth/login and /api/auth/verify:
// per work number and per client address, 5 failures in a row → 429 with a growing Retry-After,
// 10 → a 15-minute lock (423) that refuses even the right password and survives a restart;
// failures and locks are audited. A real hall server over HTTP whose sign-in clock the test moves.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import { tempDataDir } from './server-harness';

let dataDir: string;
let hall: HallServer | null = null;
let now = Date.parse('2026-03-02T09:00:00+08:00');
const clock = () => now;

async function start(): Promise<string> {
  hall = await startHallServer({ port: 0, dataDir, seed: 'demo', logLevel: 'silent', signInNow: clock });
  return hall.url;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { code: string; message: string } };
}

const audit = (type: string, workNo: string) => {
  const db = new Database(`${dataDir}/hall.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT data FROM events WHERE type = ? AND actor = ? ORDER BY seq')
      .all(type, workNo)
      .map((r) => JSON.parse((r as { data: string }).data) as Record<string, unknown>);
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dataDir = tempDataDir();
}, 60_000);

afterAll(async () => {
  await hall?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('sign-in throttling', () => {
  it('30 wrong passwords for M001, then the right one: refused (429 with Retry-After), not accepted', async () => {
    const url = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post(url, '/api/auth/login', { workNo: 'M001', password: `wrong${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const right = await post(url, '/api/auth/login', { workNo: 'M001', password: 'demo' });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('too_many_requests');
    expect(right.body.message).toMatch(/登录失败次数过多/);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    // The verify route counts against the same work number.
    expect((await post(url, '/api/auth/verify', { workNo: 'M001', password: 'demo' })).status).toBe(429);
    expect(audit('auth.failed', 'M001')).toHaveLength(5);
  });

  it('the wait grows, and the 10th failure locks for 15 minutes: the right password is refused (423), also after a restart', async () => {
    const url = hall!.url;
    const waits: number[] = [];
    for (let i = 5; i < 10; i++) {
      const r = await post(url, '/api/auth/verify', { workNo: 'M001', password: 'demo' });
      expect(r.status).toBe(429);
      waits.push(Number(r.retryAfter));
      now += Number(r.retryAfter) * 1000;
      expect((await post(url, '/api/auth/verify', { workNo: 'M001', password: `still-wrong${i}` })).status).toBe(401);
    }
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits[waits.length - 1]).toBeGreaterThan(waits[0]!);
    const locked = await post(url, '/api/auth/login', { workNo: 'M001', password: 'demo' });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('account_locked');
    expect(locked.body.message).toMatch(/已锁定/);
    expect(Number(locked.retryAfter)).toBe(15 * 60);
    expect(audit('auth.locked', 'M001')).toHaveLength(1);
    expect(JSON.stringify(audit('auth.failed', 'M001'))).not.toMatch(/wrong|demo/);

    await hall!.close();
    now += 5 * 60_000;
    const again = await start();
    expect((await post(again, '/api/auth/login', { workNo: 'M001', password: 'demo' })).status).toBe(423);
    now += 10 * 60_000 + 1000;
    expect((await post(again, '/api/auth/login', { workNo: 'M001', password: 'demo' })).status).toBe(200);
  });

  it('a success clears the count; other work numbers are not affected by M001', async () => {
    const url = hall!.url;
    for (let i = 0; i < 4; i++) expect((await post(url, '/api/auth/login', { workNo: 'C004', password: 'x' })).status).toBe(401);
    expect((await post(url, '/api/auth/login', { workNo: 'C004', password: 'demo' })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await post(url, '/api/auth/login', { workNo: 'C004', password: 'x' })).status).toBe(401);
    expect((await post(url, '/api/auth/login', { workNo: 'C004', password: 'demo' })).status).toBe(200);
  });

  it('per address: failures spread over many work numbers from one address are throttled too', async () => {
    const url = hall!.url;
    for (let i = 0; i < 5; i++) expect((await post(url, '/api/auth/login', { workNo: `X${i}`, password: 'x' })).status).toBe(401);
    const r = await post(url, '/api/auth/login', { workNo: 'C006', password: 'demo' });
    expect(r.status).toBe(429);
    now += Number(r.retryAfter) * 1000;
    expect((await post(url, '/api/auth/login', { workNo: 'C006', password: 'demo' })).status).toBe(200);
  });

  it("a manager's password reset lifts the lock on that work number", async () => {
    const url = hall!.url;
    // Lock C005 (spread over time so the address count is cleared by successes in between).
    for (let i = 0; i < 10; i++) {
      const r = await post(url, '/api/auth/verify', { workNo: 'C005', password: 'x' });
      if (r.status === 429) {
        now += Number(r.retryAfter) * 1000;
        i--;
        continue;
      }
      expect(r.status).toBe(401);
      await post(url, '/api/auth/verify', { workNo: 'C001', password: 'demo' });
    }
    expect((await post(url, '/api/auth/verify', { workNo: 'C005', password: 'demo' })).status).toBe(423);
    const m = await post(url, '/api/auth/login', { workNo: 'M001', password: 'demo' });
    const token = (m.body as unknown as { token: string }).token;
    expect(
      (
        await fetch(`${url}/api/admin/staff/C005/password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ password: 'reset2026' }),
        })
      ).status,
    ).toBe(204);
    expect((await post(url, '/api/auth/verify', { workNo: 'C005', password: 'reset2026' })).status).toBe(200);
  });
});
