// Trust (issue 12): a listener that throws after a commit never turns the committed request into
// a 500. A real hall server over HTTP with a failing listener added to the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import type { HallContext } from '../../server/context';
import { client, enroll, login } from './server-harness';

let hall: HallServer & { ctx: HallContext };

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
}, 60_000);
afterAll(async () => hall?.close());

describe('listeners are isolated', () => {
  it('a throwing engine listener: the ticket is issued (201), later listeners still run, the failure is reported', async () => {
    const heard: number[] = [];
    hall.ctx.engine.onSignal(() => {
      throw new RangeError('listener broke');
    });
    hall.ctx.engine.onSignal((s) => heard.push(s.version));
    const kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
    const r = await kiosk.post<{ number: string }>('/api/tickets', { category: 'A' });
    expect(r.status).toBe(201);
    expect(r.body.number).toMatch(/^A\d+/);
    expect(heard.length).toBeGreaterThan(0);
    // The ticket is really there.
    const q = await client(hall.url, await login(hall.url, 'M001')).get<{ categories: { code: string; waiting: number }[] }>('/api/queue');
    expect(q.body.categories.find((c) => c.code === 'A')!.waiting).toBeGreaterThan(0);
    const p = await client(hall.url, await login(hall.url, 'M001')).get<{ counts: Record<string, number>; recent: { where: string }[] }>('/api/admin/problems');
    expect(p.body.counts.LISTENER_FAILED).toBeGreaterThan(0);
    expect(p.body.recent.some((x) => x.where === 'engine.onSignal')).toBe(true);
  });
});
