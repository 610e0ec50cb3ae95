// The engine's in-memory line counts (it skips probing lines it knows are empty), held tickets,
// and number ranges that wrap. A random walk of every queue operation checks, step by step,
// that the live engine decides exactly as a fresh engine that recounts from the database.
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type HallStore } from '../../server/db/connection';
import { demoSpec, seedHall } from '../../server/seed/demo';
import { HallEngine } from '../../server/queue/engine';
import type { Actor } from '../../server/auth';
import { CodedError } from '../../domain/api/errors';
import type { PriorityClass } from '../../domain/api/hall';

let clock = Date.parse('2026-11-25T02:00:00Z'); // 10:00 in Beijing
let store: HallStore;
let engine: HallEngine;
const kiosk: Actor = { kind: 'device', subject: 'kiosk-1', role: 'kiosk', windowNo: null };
const c1: Actor = { kind: 'staff', subject: 'C001', role: 'clerk', windowNo: 1 };
const c2: Actor = { kind: 'staff', subject: 'C002', role: 'clerk', windowNo: 2 };
const manager: Actor = { kind: 'staff', subject: 'M001', role: 'manager', windowNo: null };

beforeEach(() => {
  clock = Date.parse('2026-11-25T02:00:00Z');
  store = openStore(':memory:');
  const spec = demoSpec();
  seedHall(store, { ...spec, staff: spec.staff.slice(0, 3) }, 'demo');
  engine = new HallEngine(store, { timeZone: 'Asia/Shanghai', now: () => clock });
  engine.mutate(() => engine.seatClerk(1, 'C001', c1, 'login'));
  engine.mutate(() => engine.seatClerk(2, 'C002', c2, 'login'));
});

/** A deterministic PRNG (mulberry32): the walk is the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const waitingIds = () => (store.raw.prepare("SELECT id FROM tickets WHERE status = 'waiting' ORDER BY queue_pos").all() as { id: string }[]).map((r) => r.id);

/** What each window would call next, and the waiting counts, as the live engine and a freshly counted one see them. */
function compareWithFresh(): void {
  const fresh = new HallEngine(store, { timeZone: 'Asia/Shanghai', now: () => clock });
  for (const no of [1, 2, 3]) expect(engine.explain(no).next?.id ?? null, `window ${no}`).toBe(fresh.explain(no).next?.id ?? null);
  for (const cat of ['A', 'B', 'C', 'D']) expect(engine.waitingIn(cat), `category ${cat}`).toBe(fresh.waitingIn(cat));
  // The live snapshot rebuilds only windows touched since its last build; a fresh one builds all.
  const { version: _v, ...live } = engine.snapshot().snap;
  const { version: _f, ...full } = fresh.snapshot().snap;
  expect(live).toEqual(full);
}

describe('in-memory line counts', () => {
  it('a random walk through every operation never lets the counts hide a waiting ticket', async () => {
    const r = rng(20261201);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const priorities: PriorityClass[] = ['normal', 'normal', 'normal', 'vip', 'disabled', 'pregnant'];
    const ops: (() => unknown)[] = [
      () => engine.issueTicket({ category: pick(['A', 'B', 'C']), priority: pick(priorities) }, kiosk),
      () => engine.issueTicket({ category: pick(['A', 'B']), priority: pick(priorities) }, kiosk),
      () => engine.callNext(1, c1, {}),
      () => engine.callNext(2, c2, {}),
      () => engine.callNext(pick([1, 2]), pick([c1, c2]), { category: pick(['A', 'B']) }),
      () => engine.start(pick([1, 2]), pick([c1, c2])),
      () => engine.finish(pick([1, 2]), pick([c1, c2]), {}),
      () => engine.noShow(pick([1, 2]), pick([c1, c2])),
      () => {
        const [no, who] = pick([
          [1, c1],
          [2, c2],
        ] as const);
        const target = pick([{ category: pick(['A', 'B', 'C']) }, { windowNo: pick([1, 2, 3]) }, { clerkWorkNo: pick(['C001', 'C002']) }]);
        return engine.transfer(no, who, { ...target, position: pick(['head', 'tail'] as const) });
      },
      () => engine.suspend(pick([1, 2]), pick([c1, c2])),
      () => {
        const [no, who] = pick([
          [1, c1],
          [2, c2],
        ] as const);
        const s = engine.suspended(no)[0];
        return s ? engine.callBack(no, who, s.id) : null;
      },
      () => engine.walkIn(pick([1, 2]), pick([c1, c2]), { category: 'B' }),
      () => engine.pause(pick([1, 2]), pick([c1, c2]), '临时离开'),
      () => engine.resume(pick([1, 2]), pick([c1, c2])),
      () =>
        engine.setAssignment(
          pick([1, 2]),
          manager,
          pick([
            [
              { category: 'A', weight: 2 },
              { category: 'B', weight: 1 },
            ],
            [{ category: 'B', weight: 1 }],
            [
              { category: 'A', weight: 1 },
              { category: 'C', weight: 3 },
            ],
          ]),
        ),
      () => {
        const ids = waitingIds();
        return ids.length ? engine.holdTicket(pick(ids), kiosk, 'kioskHold') : null;
      },
      () => {
        const held = engine.heldTickets();
        return held.length ? engine.releaseTicket(pick(held).id, kiosk, 'kioskPrinted') : null;
      },
      () => {
        const ids = waitingIds();
        return ids.length ? engine.voidTicket(pick(ids), kiosk, 'printFailed', 'kioskPrintFailed') : null;
      },
    ];
    let applied = 0;
    let rejected = 0;
    for (let step = 0; step < 600; step++) {
      clock += Math.floor(r() * 40_000);
      // Now and then a whole group in one turn (group commit), as concurrent requests arrive.
      const group = r() < 0.2 ? 4 : 1;
      const results = await Promise.allSettled(Array.from({ length: group }, () => engine.submit(() => engine.mutate(pick(ops)))));
      for (const x of results) {
        if (x.status === 'fulfilled') applied++;
        else if (x.reason instanceof CodedError) rejected++;
        else throw x.reason;
      }
      compareWithFresh();
    }
    expect(applied).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(10); // rejections happened, and the checks held after them too
  });
});

describe('held tickets', () => {
  it('a held ticket keeps its number but no window can call it until released; a voided one is gone', () => {
    const a = engine.issueTicket({ category: 'A' }, kiosk);
    const b = engine.issueTicket({ category: 'A' }, kiosk);
    engine.mutate(() => engine.holdTicket(a.id, kiosk, 'kioskHold'));
    expect(engine.explain(1).next?.id).toBe(b.id);
    engine.mutate(() => engine.holdTicket(b.id, kiosk, 'kioskHold'));
    expect(engine.explain(1).next).toBeNull();
    expect(engine.waitingIn('A')).toBe(2); // still in line: a held ticket is printing, not gone
    expect(engine.mutate(() => engine.releaseTicket(a.id, kiosk, 'kioskPrinted'))).toBe(true);
    expect(engine.explain(1).next?.id).toBe(a.id);
    expect(engine.mutate(() => engine.voidTicket(b.id, kiosk, 'printFailed', 'kioskPrintFailed'))).toBe(true);
    expect(engine.ticketRow(b.id)).toMatchObject({ status: 'removed', outcome: 'printFailed', target_window: null });
    expect(engine.waitingIn('A')).toBe(1);
    expect(engine.mutate(() => engine.releaseTicket(b.id, kiosk, 'kioskPrinted'))).toBe(false);
    expect(engine.heldTickets()).toEqual([]);
  });
});

describe('number ranges', () => {
  it('a wrapped range skips numbers still held and refuses when all are in use', () => {
    store.run(store.q.updateTable('categories').set({ range_start: 1, range_end: 3 }).where('code', '=', 'A'));
    engine.reloadReference();
    const nums = [1, 2, 3].map(() => engine.issueTicket({ category: 'A' }, kiosk).number);
    expect(nums).toEqual(['A001', 'A002', 'A003']);
    let err: unknown;
    try {
      engine.issueTicket({ category: 'A' }, kiosk);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('number_range_exhausted');
    expect((err as CodedError).status).toBe(409);
    expect((err as CodedError).message).toMatch(/号码已全部在用/);
    // A002 is called and finished: only its number comes free; A001 and A003 are still held.
    const a002 = (engine.snapshot().snap.waiting ?? []).find((t) => t.number === 'A002');
    expect(a002).toBeDefined();
    engine.mutate(() => engine.callNext(1, c1, { ticketId: a002!.id }));
    engine.mutate(() => engine.finish(1, c1, {}));
    expect(engine.issueTicket({ category: 'A' }, kiosk).number).toBe('A002');
    expect(engine.waitingIn('A')).toBe(3);
  });
});

describe('idempotent actions inside a group commit', () => {
  it('a rejection after a partial write undoes the write, is stored for retries, and leaves the others of its group alone', async () => {
    const a = engine.issueTicket({ category: 'A' }, kiosk);
    const failing = () => {
      engine.issueTicket({ category: 'B' }, kiosk); // written, then the action is refused
      throw new CodedError('test_refused', '测试：拒绝', 409);
    };
    const [good, bad] = await Promise.all([
      engine.submit(() => engine.idempotent('C001:call-next', 'req-good', () => engine.callNext(1, c1, {}))),
      engine.submit(() => engine.idempotent('C001:test', 'req-bad', failing)),
    ]);
    expect(good.status).toBe(200);
    expect(JSON.parse(good.json!).ticket.id).toBe(a.id);
    expect(bad).toMatchObject({ status: 409, body: { code: 'test_refused' } });
    expect(engine.waitingIn('B')).toBe(0); // the B ticket written before the refusal is gone
    expect(store.raw.prepare("SELECT COUNT(*) AS n FROM tickets WHERE category = 'B'").get()).toEqual({ n: 0 });
    // Retries replay both answers without acting again.
    const [again, badAgain] = await Promise.all([
      engine.submit(() => engine.idempotent('C001:call-next', 'req-good', () => engine.callNext(1, c1, {}))),
      engine.submit(() => engine.idempotent('C001:test', 'req-bad', () => engine.issueTicket({ category: 'B' }, kiosk))),
    ]);
    expect(again.json).toBe(good.json);
    expect(badAgain).toMatchObject({ status: 409, body: { code: 'test_refused' } });
    expect(engine.waitingIn('B')).toBe(0);
  });
});
