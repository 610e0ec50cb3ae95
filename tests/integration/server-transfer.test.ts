// Issue 13 item 8 at the hall: a transfer keeps the citizen's place (position keep: the place the
// ticket was numbered at) and its reason (in the transfer event, same ticket id); bad input,
// the wrong role and a replay are answered as for every window action.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHall, client, login, enroll, type HallProcess } from './server-harness';
import { issuedTicketSchema, windowActionResponseSchema } from '../../domain/api/hall';

let hall: HallProcess;
let kiosk: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
beforeAll(async () => {
  hall = await spawnHall();
  kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
  clerk = client(hall.url, await login(hall.url, 'C006'));
});
afterAll(async () => {
  await hall?.stop();
});
const issue = async (category: string) => issuedTicketSchema.parse((await kiosk.post('/api/tickets', { category })).body);

describe('transfer: keep the place, keep the reason', () => {
  it('keep puts the ticket where it was numbered, ahead of later tickets; the reason is kept', async () => {
    const t = await issue('D');
    const later1 = await issue('C');
    const later2 = await issue('C');
    await clerk.post('/api/windows/6/call-next', { ticketId: t.id });
    const r = await clerk.post('/api/windows/6/transfer', { category: 'C', position: 'keep', reason: '需到不动产窗口办理', requestId: 'tr-keep-1' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(windowActionResponseSchema.parse(r.body).ticket).toMatchObject({ id: t.id, category: 'C', status: 'waiting' });
    const c4 = client(hall.url, await login(hall.url, 'C004'));
    const order: string[] = [];
    for (;;) {
      const n = await c4.post<{ ticket: { id: string; priority: string } }>('/api/windows/4/call-next', {});
      if (n.status === 204) break;
      order.push(n.body.ticket.id);
    }
    expect(order.indexOf(t.id)).toBeLessThan(order.indexOf(later1.id));
    expect(order.indexOf(t.id)).toBeLessThan(order.indexOf(later2.id));
    await c4.post('/api/windows/4/finish', {});
    const db = new Database(path.join(hall.dataDir, 'hall.sqlite'), { readonly: true });
    try {
      const ev = db.prepare("SELECT ticket_id, data FROM events WHERE type = 'transfer' ORDER BY seq DESC LIMIT 1").get() as {
        ticket_id: string;
        data: string;
      };
      expect(ev.ticket_id).toBe(t.id);
      expect(JSON.parse(ev.data)).toMatchObject({ reason: '需到不动产窗口办理', position: 'keep', from: 'D', to: 'C' });
    } finally {
      db.close();
    }
  });

  it('refuses a wrong type, the wrong role; a replay answers the first result once', async () => {
    const t = await issue('D');
    await clerk.post('/api/windows/6/call-next', { ticketId: t.id });
    expect((await clerk.post('/api/windows/6/transfer', { category: 'C', position: 'sideways' })).status).toBe(400);
    expect((await clerk.post('/api/windows/6/transfer', { category: 'C', reason: 'x'.repeat(101) })).status).toBe(400);
    expect((await clerk.post('/api/windows/6/transfer', { category: 'C', reason: 42 })).status).toBe(400);
    const kioskTry = await kiosk.post('/api/windows/6/transfer', { category: 'C' });
    expect([401, 403]).toContain(kioskTry.status);
    const first = await clerk.post('/api/windows/6/transfer', { category: 'C', position: 'keep', reason: '转窗', requestId: 'tr-replay-1' });
    const again = await clerk.post('/api/windows/6/transfer', { category: 'C', position: 'keep', reason: '转窗', requestId: 'tr-replay-1' });
    expect(first.status).toBe(200);
    expect(again).toMatchObject({ status: 200, body: first.body });
    const db = new Database(path.join(hall.dataDir, 'hall.sqlite'), { readonly: true });
    try {
      const n = db.prepare("SELECT count(*) AS n FROM events WHERE type = 'transfer' AND ticket_id = ?").get(t.id) as { n: number };
      expect(n.n).toBe(1);
    } finally {
      db.close();
    }
  });
});
