// Key box evaluator and LED bar against their simulators over socat ptys.
import { afterEach, describe, expect, it } from 'vitest';
import { KeyBoxEvaluator } from '../../native/evaluator/keybox';
import { startKeyBoxSimulator } from '../../native/evaluator/simulator';
import { AckStatus } from '../../native/serial/smallFrame';
import { LedBar } from '../../native/led/ledBar';
import { startLedSimulator } from '../../native/led/simulator';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const clerk = { name: '王晓梅', workNo: 'DC0517', stars: 4.6, photo: null };
const reasons = [
  { code: 'R01', label: '服务态度差' },
  { code: 'R02', label: '办事效率低' },
];

async function keyBox() {
  const sim = await startKeyBoxSimulator({});
  const ev = new KeyBoxEvaluator({ path: sim.path, ackTimeoutMs: 300, reconnectIntervalMs: 100 });
  cleanups.push(
    () => sim.close(),
    () => ev.close(),
  );
  await ev.open();
  return { sim, ev };
}

describe('key box evaluator', () => {
  it('shows the clerk, collects exactly one rating, ignores a second press', async () => {
    const { sim, ev } = await keyBox();
    await ev.showClerk(clerk);
    expect(sim.display.clerk).toEqual({ name: '王晓梅', workNo: 'DC0517', stars: 5 });
    const outcome = ev.requestRating({ requestId: 'q1', clerk, case: { ticketNumber: 'A023', serviceName: '社保' }, timeoutMs: 5000, badReasons: reasons });
    await new Promise((r) => setTimeout(r, 150));
    expect(sim.display.caseLine).toBe('A023 社保');
    expect(sim.display.reasons).toEqual(['服务态度差', '办事效率低']);
    expect(sim.display.ratingUntil).toBeGreaterThan(Date.now());
    expect((await sim.press('satisfied')).status).toBe(AckStatus.ok);
    const o = await outcome;
    expect(o).toMatchObject({ kind: 'rated', requestId: 'q1', rating: { level: 'satisfied', reasonCodes: [] } });
    expect((await sim.press('veryDissatisfied', [1])).status).toBe(AckStatus.busy);
  });

  it('a bad rating without a reason is refused by the host; with reasons it is taken', async () => {
    const { sim, ev } = await keyBox();
    const outcome = ev.requestRating({ requestId: 'q2', clerk, case: {}, timeoutMs: 5000, badReasons: reasons });
    await new Promise((r) => setTimeout(r, 150));
    expect((await sim.press(5)).status).toBe(AckStatus.reasonRequired);
    expect((await sim.press(5, [2, 1])).status).toBe(AckStatus.ok);
    expect(await outcome).toMatchObject({ rating: { level: 'veryDissatisfied', reasonCodes: ['R02', 'R01'] } });
  });

  it('times out, cancels, refuses a second open request', async () => {
    const { sim, ev } = await keyBox();
    expect(await ev.requestRating({ requestId: 't', clerk, case: {}, timeoutMs: 300 })).toEqual({ kind: 'timeout', requestId: 't' });
    const pending = ev.requestRating({ requestId: 'c', clerk, case: {}, timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    await expect(ev.requestRating({ requestId: 'd', clerk, case: {}, timeoutMs: 5000 })).rejects.toMatchObject({ code: 'EVALUATOR_BUSY' });
    await ev.cancel();
    expect(await pending).toEqual({ kind: 'cancelled', requestId: 'c' });
    await new Promise((r) => setTimeout(r, 150));
    expect(sim.display.ratingUntil).toBe(0);
  });

  it('recovers from a corrupted frame by resending, and reconnects after unplug', async () => {
    const { sim, ev } = await keyBox();
    sim.corruptNext(1); // the ACK of the next command is damaged → host resends the same SEQ
    await ev.showClerk(clerk);
    expect(sim.display.clerk?.name).toBe('王晓梅');
    await sim.unplug();
    await expect(ev.clear()).rejects.toMatchObject({ code: 'EVALUATOR_NOT_CONNECTED' });
    for (let i = 0; i < 40 && ev.status().state !== 'offline'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(ev.status()).toMatchObject({ state: 'offline', code: 'EVALUATOR_DISCONNECTED' });
    await sim.replug();
    for (let i = 0; i < 50 && ev.status().state !== 'ok'; i++) await new Promise((r) => setTimeout(r, 50));
    await ev.clear();
    expect(sim.display.clerk).toBeNull();
  });

  it('says clearly when nothing answers', async () => {
    const ev = new KeyBoxEvaluator({ path: '/dev/no-such-keybox' });
    await expect(ev.open()).rejects.toMatchObject({ code: 'EVALUATOR_PORT_NOT_FOUND', message: expect.stringContaining('找不到串口') });
  });
});

describe('LED bar', () => {
  it('shows text, scrolls, sets brightness, clears; unplug and replug', async () => {
    const sim = await startLedSimulator({});
    const led = new LedBar({ path: sim.path, ackTimeoutMs: 300, reconnectIntervalMs: 100 });
    cleanups.push(
      () => sim.close(),
      () => led.close(),
    );
    await led.open();
    await led.show('请 A023 号到 5 号窗口办理', { scroll: 'left', speed: 7 });
    expect(sim.display).toEqual({ text: '请 A023 号到 5 号窗口办理', scroll: 'left', speed: 7, brightness: 8 });
    await led.setBrightness(15);
    expect(sim.display.brightness).toBe(15);
    await expect(led.setBrightness(16)).rejects.toMatchObject({ code: 'LED_BAD_BRIGHTNESS' });
    await expect(led.show('窗'.repeat(200))).rejects.toMatchObject({ code: 'LED_TEXT_TOO_LONG' });
    await sim.unplug();
    await expect(led.clear()).rejects.toMatchObject({ code: 'LED_NOT_CONNECTED' });
    await sim.replug();
    for (let i = 0; i < 50 && led.state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 50));
    await led.clear();
    expect(sim.display.text).toBe('');
  });
});
