// The one device-set starter (native/simulators.ts), as the demo and the embedded hall use it:
// one reader, printer, key box and LED bar per window on real ptys/TCP, and the control endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startDeviceSet, type DeviceSet } from '../../native/simulators';

let set: DeviceSet;
beforeAll(async () => {
  set = await startDeviceSet(2);
});
afterAll(async () => {
  await set?.close();
});

describe('startDeviceSet', () => {
  it('gives each window its own devices and a control URL', async () => {
    expect(set.perWindow).toHaveLength(2);
    const [w1, w2] = set.perWindow;
    expect(w1!.idCardPort).not.toBe(w2!.idCardPort);
    expect(fs.existsSync(w1!.idCardPort!)).toBe(true);
    expect(w1!.printer).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(w1!.simControl).toMatch(/\/w\/1$/);
  });

  it('the control endpoint puts a card on a reader and reports the printer; bad requests get a coded error', async () => {
    const w1 = set.perWindow[0]!.simControl!;
    expect((await fetch(`${w1}/card`, { method: 'POST', body: JSON.stringify({ fixture: 'resident' }) })).status).toBe(200);
    const bad = await fetch(`${w1}/card`, { method: 'POST', body: JSON.stringify({ fixture: 'nobody' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('UNKNOWN_FIXTURE');
    expect(await (await fetch(`${w1}/printer`)).json()).toEqual({ receipts: [] });
    expect((await fetch(w1.replace(/\/w\/1$/, '/w/9/printer'))).status).toBe(404);
  });
});
