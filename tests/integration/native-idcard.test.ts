// The reader driver against the simulator over real socat ptys.
import { afterEach, describe, expect, it } from 'vitest';
import { IdCardReader, discoverIdCardPort, type CardRead } from '../../native/idcard/reader';
import { startIdCardSimulator, type IdCardSimulator } from '../../native/idcard/simulator';
import { CodedError } from '../../domain/api/errors';
import { cardFixtures } from '../../native/idcard/fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(card: Parameters<typeof startIdCardSimulator>[0] = {}) {
  const sim = await startIdCardSimulator(card);
  const reader = new IdCardReader({ path: sim.path, pollIntervalMs: 50, reconnectIntervalMs: 100, today: () => '2026-11-24' });
  cleanups.push(
    () => sim.close(),
    () => reader.close(),
  );
  return { sim, reader };
}

function next<T>(reader: IdCardReader, event: 'card' | 'removed' | 'error' | 'status', pred: (v: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const on = (v: T) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      reader.off(event, on as never);
      resolve(v);
    };
    reader.on(event, on as never);
  });
}

describe('ID card reader over a pty', () => {
  it('reads all four card kinds end to end', async () => {
    const { sim, reader } = await setup({ card: 'resident' });
    await reader.open();
    expect(await reader.samId()).toBe('05.01-20201231-0001234567-2105181234');
    const kinds: Record<string, string> = {};
    for (const f of ['resident', 'hmtPermit', 'foreignOld', 'foreignNew'] as const) {
      sim.insertCard(f);
      const r = await reader.readOnce(3000);
      kinds[r.card.kind] = r.card.name;
      expect(r.photoWlt?.length).toBe(1024);
      expect(r.photo).toMatchObject({ status: 'unavailable', message: '照片不可用' });
    }
    expect(kinds).toEqual({ resident: '张三丰', hmtPermit: '陈大文', foreignPermanentOld: '史密斯', foreignPermanent: '玛丽' });
  });

  it('30 10 with fingerprint, appended address, and a broken photo library still reads the card', async () => {
    const sim = await startIdCardSimulator({ card: { ...cardFixtures.resident, appendedAddress: '迁往上海市浦东新区', fingerprint: Buffer.alloc(512, 3) } });
    const reader = new IdCardReader({ path: sim.path, withFingerprint: true, photo: { libraryPath: '/nonexistent/libwlt2bmp.so' } });
    cleanups.push(
      () => sim.close(),
      () => reader.close(),
    );
    await reader.open();
    const r = await reader.readOnce(3000);
    expect(r.fingerprint?.length).toBe(512);
    expect(r.card.appendedAddress).toBe('迁往上海市浦东新区');
    expect(r.photo).toMatchObject({ status: 'error', code: 'PHOTO_LIBRARY_LOAD_FAILED' });
    expect(sim.log).toContain('3010');
  });

  it('presence loop: one read per arrival, removal reported, the next card read', async () => {
    const { sim, reader } = await setup({ card: null });
    const cards: CardRead[] = [];
    let removed = 0;
    reader.on('card', (c) => cards.push(c));
    reader.on('removed', () => removed++);
    reader.start();
    await next(reader, 'status', (s: { code: string }) => s.code === 'IDCARD_CONNECTED');
    sim.insertCard('resident');
    await next(reader, 'card');
    await new Promise((r) => setTimeout(r, 400)); // many polls while the card stays
    expect(cards).toHaveLength(1);
    sim.removeCard();
    await next(reader, 'removed');
    sim.insertCard('rareName');
    const c = await next<CardRead>(reader, 'card');
    expect(c.card.name).toBe('𠮷丽娜');
    expect(removed).toBe(1);
  });

  it('recovers from bad checksums and noise; a failed read is retried', async () => {
    const { sim, reader } = await setup({ card: 'resident' });
    await reader.open();
    sim.setFaults({ badChecksum: 1 });
    await expect(reader.status()).rejects.toMatchObject({ code: 'IDCARD_FRAME_CHECKSUM' });
    await reader.status(); // the line is fine again
    sim.setFaults({ noise: true });
    expect((await reader.readOnce(3000)).card.name).toBe('张三丰');
    sim.setFaults({ readStatus: 0x41 });
    sim.insertCard('foreignNew');
    const errs: CodedError[] = [];
    reader.on('error', (e) => errs.push(e));
    reader.start();
    const c = await next<CardRead>(reader, 'card');
    expect(c.card.kind).toBe('foreignPermanent');
    expect(errs.map((e) => e.code)).toContain('SAM_READ_FAILED');
    expect(errs[0]!.message).toContain('读证失败');
  });

  it('times out a slow or silent reader with a Chinese message, then carries on', async () => {
    const { sim, reader } = await setup({ card: 'resident' });
    await reader.open();
    sim.setFaults({ delayMs: 400 });
    await expect(reader.find()).rejects.toMatchObject({ code: 'IDCARD_TIMEOUT' });
    sim.setFaults({});
    await new Promise((r) => setTimeout(r, 500)); // the late reply arrives and is dropped
    expect(await reader.find()).toBe(true);
    sim.setFaults({ silent: true });
    const err = await reader.status().catch((e: CodedError) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).message).toMatch(/没有应答/);
  });

  it('reports unplug, reconnects after replug and reads the card again', async () => {
    const { sim, reader } = await setup({ card: 'resident' });
    reader.start();
    await next(reader, 'card');
    const removed = next(reader, 'removed');
    const down = next(reader, 'status', (s: { code: string }) => s.code === 'IDCARD_DISCONNECTED');
    await sim.unplug();
    await down;
    await removed;
    expect(reader.state).not.toBe('connected');
    await new Promise((r) => setTimeout(r, 300));
    // listen first: the reader may reconnect before replug() returns
    const up = next(reader, 'status', (s: { code: string }) => s.code === 'IDCARD_CONNECTED', 10_000);
    const again = next<CardRead>(reader, 'card', () => true, 10_000);
    await sim.replug();
    await up;
    expect((await again).card.name).toBe('张三丰');
  });

  it('keeps retrying while the reader stays unplugged and reports it once per loss', async () => {
    const { sim, reader } = await setup({ card: null });
    const statuses: string[] = [];
    reader.on('status', (s) => statuses.push(s.code));
    reader.start();
    await next(reader, 'status', (s: { code: string }) => s.code === 'IDCARD_CONNECTED');
    await sim.unplug();
    await new Promise((r) => setTimeout(r, 600));
    expect(statuses.filter((c) => c === 'IDCARD_DISCONNECTED')).toHaveLength(1);
    // retries every 100 ms, but the clerk sees one message, not a flapping status
    const after = statuses.slice(statuses.indexOf('IDCARD_DISCONNECTED'));
    expect(after).toEqual(['IDCARD_DISCONNECTED', 'IDCARD_PORT_NOT_FOUND']);
    expect(reader.state).toBe('disconnected');
  });

  it('discovers the reader among candidate ports by probing with 11 FF', async () => {
    const sims: IdCardSimulator[] = [];
    const sim = await startIdCardSimulator({});
    sims.push(sim);
    cleanups.push(() => sim.close());
    // a silent device: a pty nobody answers on
    const mute = await startIdCardSimulator({});
    cleanups.push(() => mute.close());
    mute.setFaults({ silent: true });
    const found = await discoverIdCardPort(['/dev/does-not-exist', mute.path, sim.path], 115200, 300);
    expect(found).toBe(sim.path);
  });
});
