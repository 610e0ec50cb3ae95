// The central's push shares the event loop in slices (central/uplink/slices.ts) and at most N
// pushes work at once (central/uplink/gate.ts): a request arriving during a long push is served
// between two slices, order inside a push is kept, and the gate is FIFO and never leaks a place.
import { describe, expect, it } from 'vitest';
import { slicer } from '../../central/uplink/slices';
import { Gate } from '../../central/uplink/gate';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* CPU work */
  }
};

/** A push-like loop: `n` steps of 1 ms of CPU each, in slices. Returns the order of its steps. */
async function work(n: number, log: string[], tag: string): Promise<void> {
  const s = slicer(3);
  for (let i = 0; i < n; i++) {
    if (s.due()) await s.pause();
    busy(1);
    log.push(`${tag}${i}`);
  }
}

describe('central push slices', () => {
  it('a timer due during a 60 ms push runs long before the push ends; the push keeps its order', async () => {
    const log: string[] = [];
    const started = performance.now();
    let firedAfter = -1;
    setTimeout(() => (firedAfter = performance.now() - started), 5);
    await work(60, log, 'a');
    const total = performance.now() - started;
    expect(firedAfter).toBeGreaterThanOrEqual(0);
    // Without slices the timer would wait for the whole push (≥ 60 ms).
    expect(firedAfter).toBeLessThan(total - 20);
    expect(log).toEqual(Array.from({ length: 60 }, (_, i) => `a${i}`));
  });

  it('two pushes take turns (one slice each per turn), each in its own order', async () => {
    const log: string[] = [];
    await Promise.all([work(30, log, 'a'), work(30, log, 'b')]);
    const a = log.filter((x) => x.startsWith('a'));
    const b = log.filter((x) => x.startsWith('b'));
    expect(a).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`));
    expect(b).toEqual(Array.from({ length: 30 }, (_, i) => `b${i}`));
    // Interleaved: b does not wait until a is done.
    expect(log.indexOf('b0')).toBeLessThan(log.indexOf('a29'));
  });

  it('the gate lets N in at once, in arrival order, and frees a place whatever happens', async () => {
    const gate = new Gate(2);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const job = async (i: number, fail: boolean) => {
      const leave = await gate.enter();
      try {
        order.push(i);
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('boom');
      } finally {
        inside--;
        leave();
        leave(); // a second call is harmless
      }
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => job(i, i % 2 === 0)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // Both places are free again.
    const l1 = await gate.enter();
    const l2 = await gate.enter();
    l1();
    l2();
  });
});
