// The display follows the hall's announcement settings: which signals make it re-read them, the
// URL override, answers applied in order, and the announcer taking a change for the next call.
import { describe, expect, it } from 'vitest';
import { followDisplaySettings, repeatOverride, settingsMayHaveChanged } from '../../renderer/src/roles/display/displaySettings';
import { Announcer, type Speaker } from '../../renderer/src/roles/display/announcer';
import type { HallClient } from '../../domain/api/hallClient';
import type { HallDisplaySettings } from '../../domain/api/settings';

describe('settingsMayHaveChanged', () => {
  it('re-reads on a settings signal, on the first signal and on signals with no event behind them', () => {
    expect(settingsMayHaveChanged({ version: 11, type: 'settings' }, 10)).toBe(true);
    expect(settingsMayHaveChanged({ version: 11, type: 'call' }, null)).toBe(true);
    for (const type of ['hello', 'resync', 'poll', 'reconnected']) expect(settingsMayHaveChanged({ version: 10, type }, 10), type).toBe(true);
  });

  it('skips a signal that is exactly the next event and not a settings change', () => {
    expect(settingsMayHaveChanged({ version: 11, type: 'call' }, 10)).toBe(false);
    expect(settingsMayHaveChanged({ version: 11, type: 'issue' }, 10)).toBe(false);
    expect(settingsMayHaveChanged({ version: 9, type: 'call' }, 10)).toBe(false); // old news
  });

  it('re-reads when events were skipped (coalesced signals may hide a settings change)', () => {
    expect(settingsMayHaveChanged({ version: 12, type: 'call' }, 10)).toBe(true);
  });
});

describe('repeatOverride', () => {
  it('takes ?repeat= within 1–3 and ignores junk', () => {
    expect(repeatOverride('enroll=X&repeat=1')).toBe(1);
    expect(repeatOverride('repeat=9')).toBe(3);
    expect(repeatOverride('repeat=0')).toBe(1);
    expect(repeatOverride('repeat=abc')).toBeNull();
    expect(repeatOverride('enroll=X')).toBeNull();
  });
});

describe('followDisplaySettings', () => {
  function fakeClient() {
    const pending: { resolve: (s: HallDisplaySettings & { updatedAt: null; updatedBy: null }) => void }[] = [];
    let calls = 0;
    const client = {
      call: () => {
        calls++;
        return new Promise((resolve) => pending.push({ resolve }));
      },
    } as unknown as HallClient;
    return { client, pending, calls: () => calls };
  }
  const answer = (announceRepeat: number) => ({ announceRepeat, announceGapMs: 600, retentionDays: 180, updatedAt: null, updatedBy: null });

  it('asks only for signals that may carry a change, and applies the newest answer only', async () => {
    const f = fakeClient();
    const applied: number[] = [];
    const follow = followDisplaySettings(f.client, (s) => applied.push(s.announceRepeat));
    follow.onSignal({ version: 5, type: 'resync' }); // first: asks
    follow.onSignal({ version: 6, type: 'call' }); // next event, a call: no request
    follow.onSignal({ version: 7, type: 'settings' }); // asks
    expect(f.calls()).toBe(2);
    f.pending[1]!.resolve(answer(3)); // the newer answer lands first
    f.pending[0]!.resolve(answer(1)); // the older one must not overwrite it
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual([3]);
  });
});

describe('Announcer follows a settings change', () => {
  it('says the next call as many times as the new setting, with the new pause', async () => {
    const speak: Speaker = async () => 'timed';
    const a = new Announcer(speak, 2, 1);
    a.enqueue('一');
    await expect.poll(() => a.log.filter((e) => e.endedAt !== null).length, { timeout: 2000 }).toBe(2);
    a.repeats = 1;
    a.gapMs = 40;
    a.enqueue('二');
    a.enqueue('三');
    await expect.poll(() => a.log.filter((e) => e.endedAt !== null).length, { timeout: 2000 }).toBe(4);
    expect(a.log.map((e) => `${e.text}${e.repeat}`)).toEqual(['一1', '一2', '二1', '三1']);
    expect(a.log[3]!.startedAt - a.log[2]!.endedAt!).toBeGreaterThanOrEqual(35); // the new pause (timer slack aside)
  });
});
