// The hall's signal hub coalesces signals (one per window, the newest version). A change made
// through adminEvent (catalogue, settings) must keep its type when a queue event follows it in
// the same window: counters refresh their catalogue and reference data on 'admin.catalogue' and
// displays re-read settings on 'settings' — a coalesced 'call' would hide it.
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../server/events/hub';

const hubs: EventHub[] = [];
afterEach(() => hubs.splice(0).forEach((h) => h.close?.()));

describe('EventHub coalescing', () => {
  it('an admin change followed by queue events in one window is sent with the admin type and the newest version', async () => {
    const hub = new EventHub(0, 30);
    hubs.push(hub);
    const next = hub.next(2_000);
    hub.signal({ version: 1, type: 'admin.catalogue' });
    hub.signal({ version: 2, type: 'issue' });
    hub.signal({ version: 3, type: 'call' });
    expect(await next).toEqual({ version: 3, type: 'admin.catalogue' });
  });

  it('queue events alone: the newest one; settings after a queue event: settings', async () => {
    const hub = new EventHub(0, 30);
    hubs.push(hub);
    let next = hub.next(2_000);
    hub.signal({ version: 1, type: 'issue' });
    hub.signal({ version: 2, type: 'call' });
    expect(await next).toEqual({ version: 2, type: 'call' });
    next = hub.next(2_000);
    hub.signal({ version: 3, type: 'call' });
    hub.signal({ version: 4, type: 'settings' });
    hub.signal({ version: 5, type: 'finish' });
    expect(await next).toEqual({ version: 5, type: 'settings' });
  });
});
