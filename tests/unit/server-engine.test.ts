// The queue engine in-process with a controlled clock: day boundary, numbering options,
// recall cooldown, idempotent replay, every action written as an event row.
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type HallStore } from '../../server/db/connection';
import { demoSpec, seedHall } from '../../server/seed/demo';
import { HallEngine } from '../../server/queue/engine';
import type { Actor } from '../../server/auth';
import { CodedError } from '../../domain/api/errors';

let clock = Date.parse('2026-11-24T15:58:00Z'); // 23:58 in Beijing
let store: HallStore;
let engine: HallEngine;
const kiosk: Actor = { kind: 'device', subject: 'kiosk-1', role: 'kiosk', windowNo: null };
const clerk1: Actor = { kind: 'staff', subject: 'C001', role: 'clerk', windowNo: 1 };

beforeEach(() => {
  clock = Date.parse('2026-11-24T15:58:00Z');
  store = openStore(':memory:');
  const spec = demoSpec();
  seedHall(store, { ...spec, staff: spec.staff.slice(0, 2) }, 'demo');
  engine = new HallEngine(store, { timeZone: 'Asia/Shanghai', now: () => clock });
  engine.mutate(() => engine.seatClerk(1, 'C001', clerk1, 'login'));
});

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof CodedError ? e.code : String(e);
  }
  return 'no error';
};

describe('HallEngine', () => {
  it('resets numbers at the hall midnight and ends the previous day’s open tickets', () => {
    const a1 = engine.issueTicket({ category: 'A' }, kiosk);
    expect(engine.issueTicket({ category: 'A' }, kiosk).number).toBe('A002');
    clock += 3 * 60_000; // 00:01 next day
    const next = engine.issueTicket({ category: 'A' }, kiosk);
    expect(next.number).toBe('A001');
    expect(engine.ticketRow(a1.id)).toMatchObject({ status: 'removed', outcome: 'endedByDayReset' });
    expect(engine.snapshot().snap.categories.find((c) => c.code === 'A')!.waiting).toBe(1);
  });

  it('keeps numbers overnight when the category opts out, and wraps inside the range', () => {
    store.run(store.q.updateTable('categories').set({ daily_reset: 0, range_end: 2 }).where('code', '=', 'B'));
    const fresh = new HallEngine(store, { timeZone: 'Asia/Shanghai', now: () => clock });
    expect(fresh.issueTicket({ category: 'B' }, kiosk).number).toBe('B001');
    clock += 3 * 60_000;
    expect(fresh.issueTicket({ category: 'B' }, kiosk).number).toBe('B002');
    expect(fresh.issueTicket({ category: 'B' }, kiosk).number).toBe('B001');
  });

  it('refuses a recall within the cooldown, then allows it', () => {
    engine.issueTicket({ category: 'A' }, kiosk);
    engine.mutate(() => engine.callNext(1, clerk1, {}));
    expect(code(() => engine.mutate(() => engine.recall(1, clerk1)))).toBe('recall_too_soon');
    clock += 21_000;
    expect(engine.mutate(() => engine.recall(1, clerk1)).ticket!.recallCount).toBe(1);
  });

  it('replays the stored answer for a repeated requestId without acting again', () => {
    engine.issueTicket({ category: 'A' }, kiosk);
    engine.issueTicket({ category: 'A' }, kiosk);
    const first = engine.idempotent('C001:call-next', 'r1', () => engine.callNext(1, clerk1, {}));
    const again = engine.idempotent('C001:call-next', 'r1', () => engine.callNext(1, clerk1, {}));
    expect(again).toEqual(first);
    expect(engine.snapshot().snap.categories.find((c) => c.code === 'A')!.waiting).toBe(1);
  });

  it('writes every action as an event row with a timestamp, and the version follows', () => {
    const v0 = engine.version;
    engine.issueTicket({ category: 'A' }, kiosk);
    engine.mutate(() => engine.callNext(1, clerk1, {}));
    engine.mutate(() => engine.start(1, clerk1));
    engine.mutate(() => engine.finish(1, clerk1, {}));
    engine.mutate(() => engine.pause(1, clerk1, '午休'));
    engine.mutate(() => engine.resume(1, clerk1));
    const events = engine.eventsSince(v0);
    expect(events.map((e) => e.type)).toEqual(['issue', 'call', 'start', 'finish', 'pause', 'resume']);
    expect(engine.version).toBe(events.at(-1)!.version);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at!)))).toBe(true);
  });

  it('stores the ID number only as a salted hash and a masked form', () => {
    const t = engine.issueTicket({ category: 'A', idNumber: '11010519491231002X' }, kiosk);
    const row = engine.ticketRow(t.id)!;
    expect(row.id_masked).toBe('110105********002X');
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(store.raw.prepare('SELECT * FROM tickets').all()) + JSON.stringify(store.raw.prepare('SELECT * FROM events').all());
    expect(dump).not.toContain('11010519491231002X');
  });

  it('changing ordering rules makes a new version', () => {
    const before = engine.rules().version;
    engine.setRules(
      { ...engine.rules().rules, priorityRatio: { priority: 1, normal: 1 } },
      { kind: 'staff', subject: 'M001', role: 'manager', windowNo: null },
    );
    expect(engine.rules()).toMatchObject({ version: before + 1, rules: { priorityRatio: { priority: 1, normal: 1 } } });
  });

  it('keeps its in-memory waiting counts equal to the database through every kind of change', () => {
    const sqlCounts = () =>
      Object.fromEntries(
        (
          store.raw.prepare("SELECT category, COUNT(*) AS n FROM tickets WHERE status = 'waiting' GROUP BY category").all() as { category: string; n: number }[]
        ).map((r) => [r.category, r.n]),
      );
    const memCounts = () =>
      Object.fromEntries(
        engine
          .snapshot()
          .snap.categories.filter((c) => c.waiting > 0)
          .map((c) => [c.code, c.waiting]),
      );
    for (let i = 0; i < 5; i++) engine.issueTicket({ category: i % 2 ? 'A' : 'B' }, kiosk);
    engine.mutate(() => engine.callNext(1, clerk1, {}));
    engine.mutate(() => engine.transfer(1, clerk1, { category: 'A', position: 'head' }));
    engine.mutate(() => engine.walkIn(1, clerk1, { category: 'B' }));
    expect(() => engine.mutate(() => engine.callNext(1, clerk1, { category: 'C' }))).toThrow(); // rejected: nothing staged survives
    engine.idempotent('C001:call-next', 'x1', () => engine.callNext(1, clerk1, {}));
    engine.idempotent('C001:call-next', 'x2', () => engine.callNext(1, clerk1, { category: 'Z' }));
    expect(memCounts()).toEqual(sqlCounts());
    clock += 24 * 3600_000; // next day: everything still waiting ends
    engine.issueTicket({ category: 'A' }, kiosk);
    expect(memCounts()).toEqual(sqlCounts());
    expect(sqlCounts()).toEqual({ A: 1 });
  });

  it('group commit: requests of one turn share a transaction; a rejection undoes only itself', async () => {
    const signals: number[] = [];
    engine.onSignal((sig) => signals.push(sig.version));
    const a = engine.submit(() => engine.issueTicket({ category: 'A' }, kiosk));
    const bad = engine.submit(() => engine.issueTicket({ category: 'Z' }, kiosk));
    const c = engine.submit(() => engine.issueTicket({ category: 'A' }, kiosk));
    const [ra, rbad, rc] = await Promise.allSettled([a, bad, c]);
    expect(ra.status).toBe('fulfilled');
    expect(rc.status).toBe('fulfilled');
    expect(rbad.status === 'rejected' && (rbad.reason as CodedError).code).toBe('unknown_category');
    expect([(ra as PromiseFulfilledResult<{ number: string }>).value.number, (rc as PromiseFulfilledResult<{ number: string }>).value.number]).toEqual([
      'A001',
      'A002',
    ]);
    expect(signals).toHaveLength(1); // one commit, one signal carrying the newest version
    expect(engine.snapshot().snap.categories.find((x) => x.code === 'A')!.waiting).toBe(2);
  });
});
