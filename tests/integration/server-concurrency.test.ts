// The concurrency promise, against the real server process: many windows calling at once
// never hand one ticket to two windows and never skip a waiting ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { spawnHall, client, login, enroll, type HallProcess } from './server-harness';

const WINDOWS = 30;
const CATS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']; // the bench seed: window n serves CATS[n-1] and CATS[n] (mod 8)
let hall: HallProcess;

beforeAll(async () => {
  hall = await spawnHall({ args: ['--seed', 'bench', '--bench-windows', String(WINDOWS)] });
});
afterAll(async () => {
  await hall?.stop();
});

describe('concurrent call-next', () => {
  it(
    `${WINDOWS} windows calling at once while a kiosk keeps issuing: every ticket called exactly once, each window only its categories, oldest first`,
    { timeout: 180_000 },
    async () => {
      const kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
      const clerks = await Promise.all(
        Array.from({ length: WINDOWS }, (_, i) => login(hall.url, `B${String(i + 1).padStart(3, '0')}`).then((t) => client(hall.url, t))),
      );
      const assigned = (no: number) => new Set([CATS[(no - 1) % 8], CATS[no % 8]]);

      const issued: string[] = [];
      const issueMany = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const r = await kiosk.post<{ id: string }>('/api/tickets', { category: CATS[i % 8] });
          expect(r.status).toBe(201);
          issued.push(r.body.id);
        }
      };
      await Promise.all(Array.from({ length: 8 }, () => issueMany(25))); // 200 waiting before the rush

      const calledBy = new Map<string, number[]>();
      let issuing = true;
      const more = Promise.all(Array.from({ length: 4 }, () => issueMany(50))).then(() => (issuing = false)); // 200 more during it
      await Promise.all(
        clerks.map(async (c, idx) => {
          const no = idx + 1;
          for (;;) {
            const r = await c.post<{ ticket: { id: string; category: string } }>(`/api/windows/${no}/call-next`, {});
            if (r.status === 204) {
              if (!issuing) break;
              await new Promise((res) => setTimeout(res, 20));
              continue;
            }
            expect(r.status).toBe(200);
            expect(assigned(no).has(r.body.ticket.category)).toBe(true);
            calledBy.set(r.body.ticket.id, [...(calledBy.get(r.body.ticket.id) ?? []), no]);
          }
        }),
      );
      await more;
      // Drain anything issued in the last instant.
      for (let no = 1; no <= 4; no++) {
        for (;;) {
          const r = await clerks[no - 1]!.post<{ ticket: { id: string } }>(`/api/windows/${no}/call-next`, {});
          if (r.status === 204) break;
          calledBy.set(r.body.ticket.id, [...(calledBy.get(r.body.ticket.id) ?? []), no]);
        }
      }

      expect(issued).toHaveLength(400);
      const twice = [...calledBy.entries()].filter(([, w]) => w.length > 1);
      expect(twice).toEqual([]);
      expect(new Set(calledBy.keys())).toEqual(new Set(issued));
      const snap = (await kiosk.get<{ categories: { waiting: number }[] }>('/api/queue')).body;
      expect(snap.categories.reduce((a, c) => a + c.waiting, 0)).toBe(0);

      // Oldest first within each category: first calls, in commit order, follow the serials.
      const db = new Database(path.join(hall.dataDir, 'hall.sqlite'), { readonly: true });
      const rows = db.prepare(`SELECT t.category, t.serial FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.type = 'call' ORDER BY e.seq`).all() as {
        category: string;
        serial: number;
      }[];
      db.close();
      expect(rows).toHaveLength(400);
      for (const cat of CATS) {
        const serials = rows.filter((r) => r.category === cat).map((r) => r.serial);
        expect(serials).toEqual([...serials].sort((a, b) => a - b));
      }
    },
  );
});
