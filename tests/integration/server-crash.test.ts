// SIGKILL under load, then restart on the same data: no issued ticket lost, none duplicated,
// no gap in the numbers, and calls that were answered are still calls.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnHall, client, login, enroll, tempDataDir, type HallProcess } from './server-harness';

let hall: HallProcess | undefined;
afterAll(async () => {
  await hall?.stop();
});

describe('crash safety', () => {
  it('SIGKILL while 8 kiosks issue and 3 windows call: restart loses and duplicates nothing', { timeout: 180_000 }, async () => {
    const dataDir = tempDataDir();
    hall = await spawnHall({ dataDir });
    const url = hall.url;
    const kiosk = client(url, await enroll(url, 'kiosk'));
    const windows = await Promise.all([1, 2, 5].map(async (no) => ({ no, c: client(url, await login(url, `C00${no}`)) })));

    const acked = new Map<string, { id: string; number: string }>(); // requestId → ticket
    const sent: string[] = [];
    const calledAcked = new Set<string>();
    let stop = false;
    const kioskLoop = async (k: number) => {
      for (let i = 0; !stop; i++) {
        const requestId = `k${k}-${i}`;
        sent.push(requestId);
        try {
          const r = await kiosk.post<{ id: string; number: string }>('/api/tickets', { category: ['A', 'B'][i % 2], requestId });
          if (r.status === 201) acked.set(requestId, { id: r.body.id, number: r.body.number });
        } catch {
          return; // connection died with the server
        }
      }
    };
    const windowLoop = async ({ no, c }: { no: number; c: ReturnType<typeof client> }) => {
      while (!stop) {
        try {
          const r = await c.post<{ ticket: { id: string } }>(`/api/windows/${no}/call-next`, {});
          if (r.status === 200) calledAcked.add(r.body.ticket.id);
          else await new Promise((res) => setTimeout(res, 10));
        } catch {
          return;
        }
      }
    };
    const loops = [...Array.from({ length: 8 }, (_, k) => kioskLoop(k)), ...windows.map(windowLoop)];
    await new Promise((r) => setTimeout(r, 1500));
    await hall.kill9();
    stop = true;
    await Promise.all(loops);
    expect(acked.size).toBeGreaterThan(20);

    hall = await spawnHall({ dataDir });
    const k2 = client(hall.url, await enroll(hall.url, 'kiosk'));
    // Every answered ticket survived.
    const m = client(hall.url, await login(hall.url, 'M001'));
    for (const t of acked.values()) {
      const r = await m.get<{ id: string; number: string; status: string }>(`/api/tickets/${t.id}`);
      expect(r.status).toBe(200);
      expect(r.body.number).toBe(t.number);
      if (calledAcked.has(t.id)) expect(r.body.status).not.toBe('waiting');
    }
    // Retrying every request id (as a kiosk would) returns the same ticket, never a second one.
    const all: { id: string; number: string }[] = [];
    for (const requestId of sent) {
      const r = await k2.post<{ id: string; number: string }>('/api/tickets', { category: ['A', 'B'][Number(requestId.split('-')[1]) % 2], requestId });
      expect(r.status).toBe(201);
      const before = acked.get(requestId);
      if (before) expect({ id: r.body.id, number: r.body.number }).toEqual({ id: before.id, number: before.number });
      all.push(r.body);
    }
    expect(new Set(all.map((t) => t.id)).size).toBe(sent.length);
    const numbers = all.map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    // No gaps: serials of each category run 1..n.
    for (const p of ['A', 'B']) {
      const serials = numbers
        .filter((n) => n.startsWith(p))
        .map((n) => Number(n.slice(1)))
        .sort((a, b) => a - b);
      expect(serials).toEqual(serials.map((_, i) => i + 1));
    }
  });
});
