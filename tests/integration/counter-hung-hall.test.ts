// Issue 13 item 4: a hung hall (a real hall process frozen with SIGSTOP, not killed: its socket
// stays open) is detected by the counter's heartbeat, F9 serves the citizen offline at once, and
// after SIGCONT no ghost ticket is called or announced: the online walk-in that was in flight when
// the hall froze carries a deadline (notAfter, hall clock) and the same request id as the offline
// ticket, so the hall refuses it late and keeps ONE ticket for the citizen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { startTs, type Started } from '../../scripts/processes';
import { freePort } from '../support/ports';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import type { WalkInTicket } from '../../domain/contract/core';
import { waitFor } from '../support/waitFor';

let hall: Started<{ url: string }>;
let core: CounterCore;
let dir: string;
let frozen = false;
/** Set by a test: freeze the hall just before the core's next walk-in POST leaves. */
let freezeOnWalkIn = false;
const realFetch = globalThis.fetch;

const freeze = () => {
  hall.proc.kill('SIGSTOP');
  frozen = true;
};
const thaw = () => {
  hall.proc.kill('SIGCONT');
  frozen = false;
};
const hallDb = () => new Database(join(dir, 'hall', 'hall.sqlite'), { readonly: true, fileMustExist: true });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-hung-'));
  const port = await freePort();
  hall = await startTs('hall', 'server/main.ts', ['--port', String(port), '--data', join(dir, 'hall'), '--seed', 'demo', '--demo-password', 'demo'], {
    readyTag: 'HALL_READY',
    ready: (l) => (l.startsWith('{"hall":"listening"') ? (JSON.parse(l) as { url: string }) : null),
  });
  // The core's hall client takes globalThis.fetch when it is built: this wrapper only decides WHEN
  // the real hall is frozen; the request itself goes to the real (frozen) process.
  globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    if (freezeOnWalkIn && init?.method === 'POST' && String(url).endsWith('/api/windows/1/walk-in')) {
      freezeOnWalkIn = false;
      freeze();
    }
    return realFetch(url, init);
  }) as typeof fetch;
  core = await createCounterCore(
    coreConfigSchema.parse({
      windowNo: 1,
      hallUrl: `http://127.0.0.1:${port}`,
      dataDir: join(dir, 'counter'),
      hallCode: '510104',
      enrollCode: 'COUNTER-DEMO',
      heartbeatMs: 300,
      hallDeadAfterMs: 1500,
      hallRequestTimeoutMs: 1500,
    }),
  );
  await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
  await waitFor(async () => (await core.host.call('session.get', {})).online, 30_000);
}, 60_000);

afterAll(async () => {
  if (frozen) thaw();
  globalThis.fetch = realFetch;
  await core?.close();
  await hall?.stop();
});

describe('a hung hall (SIGSTOP)', () => {
  it('shows offline within the heartbeat timeout, F9 makes an offline ticket at once, and it syncs as one done ticket after SIGCONT', async () => {
    const t0 = Date.now();
    freeze();
    await waitFor(async () => !(await core.host.call('session.get', {})).online, 20_000);
    const detectMs = Date.now() - t0;
    console.log(`hung hall detected offline after ${detectMs} ms (heartbeat 300 ms, dead after 1500 ms)`);
    const q = await core.host.call('queue.get', {});
    expect(q.online).toBe(false);

    const requestId = uuidv7();
    const t1 = Date.now();
    const local = (await core.host.call('queue.walkIn', { requestId })) as WalkInTicket;
    console.log(`F9 while the hall is hung answered in ${Date.now() - t1} ms`);
    expect(local.number).toMatch(/^L\d{3}$/);
    expect(local.synced).toBe(false);

    thaw();
    await waitFor(async () => (await core.host.call('session.get', {})).online, 30_000);
    await waitFor(async () => (await core.host.call('queue.localTickets', {})).find((t) => t.id === local.id)?.synced, 30_000);
    const db = hallDb();
    try {
      const rows = db.prepare('SELECT number, status, channel, window_no FROM tickets WHERE request_id = ?').all(requestId);
      expect(rows).toEqual([{ number: local.number, status: 'done', channel: 'walkIn', window_no: 1 }]);
    } finally {
      db.close();
    }
  });

  it('a walk-in in flight when the hall froze is refused when it arrives late: no ghost ticket is called or announced', async () => {
    const view = await core.host.call('queue.get', {});
    expect(view.online).toBe(true);
    expect(view.current).toBeNull();
    const callsBefore = (() => {
      const db = hallDb();
      try {
        return (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type IN ('call', 'recall', 'callBack')`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    })();

    const requestId = uuidv7();
    freezeOnWalkIn = true; // the hall freezes as the POST leaves: the counter times out on it
    const local = (await core.host.call('queue.walkIn', { requestId })) as WalkInTicket;
    expect(frozen).toBe(true);
    expect(local.number).toMatch(/^L\d{3}$/);
    await new Promise((r) => setTimeout(r, 500)); // past the request's deadline for sure
    thaw();
    await waitFor(async () => (await core.host.call('queue.localTickets', {})).find((t) => t.id === local.id)?.synced, 30_000);

    const db = hallDb();
    try {
      // The late POST was processed and refused (its answer is stored under its request id) …
      const idem = db.prepare(`SELECT status, body FROM idempotency WHERE key LIKE ?`).all(`%:walk-in:${requestId}`) as { status: number; body: string }[];
      expect(idem).toHaveLength(1);
      expect(idem[0]!.status).toBe(409);
      expect(idem[0]!.body).toContain('request_expired');
      // … so the citizen has one ticket, the offline one, done and never called.
      const rows = db.prepare('SELECT id, number, status FROM tickets WHERE request_id = ?').all(requestId) as { id: string; number: string; status: string }[];
      expect(rows).toEqual([expect.objectContaining({ number: local.number, status: 'done' })]);
      const calls = (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type IN ('call', 'recall', 'callBack')`).get() as { n: number }).n;
      expect(calls).toBe(callsBefore);
      expect((db.prepare('SELECT current_ticket_id AS c FROM windows WHERE no = 1').get() as { c: string | null }).c).toBeNull();
    } finally {
      db.close();
    }
    expect((await core.host.call('queue.get', {})).current).toBeNull();
  });
});
