// The display's clip fallback: a call is split into the shipped clips (the same words as
// callText) and played strictly one after another; broken clips or a missing manifest never
// stall the queue. Audio is a fake injected through the constructor option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callText, type Speaker } from '../../renderer/src/roles/display/announcer';
import { clipSpeaker, clipTokens, textTokens, type ClipAudio } from '../../renderer/src/roles/display/clipSpeaker';

const shipped = JSON.parse(readFileSync('renderer/public/voice/manifest.json', 'utf8')) as { format: string; clips: string[] };

interface PlayEvent {
  src: string;
  start: number;
  end: number | null;
}

/** Fake HTMLAudioElement: plays for `ms`, or errors / hangs for the srcs named. */
function fakeAudio(events: PlayEvent[], ms = 5, behave: Record<string, 'error' | 'hang' | 'refuse'> = {}) {
  return class FakeAudio extends EventTarget implements ClipAudio {
    preload = '';
    currentTime = 0;
    constructor(readonly src: string) {
      super();
    }
    play(): Promise<void> {
      const how = behave[this.src];
      if (how === 'refuse') return Promise.reject(new Error('NotAllowedError'));
      const ev: PlayEvent = { src: this.src, start: performance.now(), end: null };
      events.push(ev);
      if (how !== 'hang')
        setTimeout(() => {
          ev.end = performance.now();
          this.dispatchEvent(new Event(how === 'error' ? 'error' : 'ended'));
        }, ms);
      return Promise.resolve();
    }
    pause(): void {}
  };
}

const serve = (manifest: unknown) => async (url: string) => {
  expect(url).toBe('/voice/manifest.json');
  return { ok: true, json: async () => manifest };
};

function countingFallback() {
  const calls: string[] = [];
  const speak: Speaker = async (text) => {
    calls.push(text);
    return 'timed';
  };
  return { calls, speak };
}

describe('clip tokens', () => {
  it('splits a call into the clip words of callText', () => {
    expect(clipTokens('A023', 5)).toEqual(['qing', 'A', '0', '2', '3', 'haodao', '5', 'chuangkou']);
    expect(clipTokens('b100', 12)).toEqual(['qing', 'B', '1', '0', '0', 'haodao', '1', '2', 'chuangkou']);
    expect(clipTokens('A-1', 1)).toBeNull();
  });

  it('parses callText output back, but not named windows or other prompts', () => {
    expect(textTokens(callText('A023', 5))).toEqual(clipTokens('A023', 5));
    expect(textTokens(callText('B100', 12, '12号窗口'))).toEqual(clipTokens('B100', 12));
    expect(textTokens(callText('C001', 3, '综合窗口'))).toBeNull();
    expect(textTokens('请取号')).toBeNull();
  });

  it('every token a call can produce has a shipped clip', () => {
    const need = new Set(['qing', 'haodao', 'chuangkou', ...'0123456789', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']);
    expect(new Set(shipped.clips)).toEqual(need);
    for (const id of shipped.clips) expect(readFileSync(`renderer/public/voice/${id}.${shipped.format}`).length).toBeGreaterThan(1000);
  });
});

describe('clipSpeaker', () => {
  it('plays the clips of a call one after another and resolves after the last', async () => {
    const events: PlayEvent[] = [];
    const fb = countingFallback();
    const speak = clipSpeaker('/voice/', { Audio: fakeAudio(events), fetch: serve(shipped), fallback: fb.speak });
    expect(await speak(callText('A023', 5))).toBe('clips');
    expect(events.map((e) => e.src)).toEqual(clipTokens('A023', 5)!.map((t) => `/voice/${t}.wav`));
    for (const e of events) expect(e.end).not.toBeNull(); // all finished before speak resolved
    for (let i = 1; i < events.length; i++) expect(events[i]!.start).toBeGreaterThanOrEqual(events[i - 1]!.end!);
    expect(fb.calls).toEqual([]);
  });

  it('skips a clip that errors or never ends, so the call still completes', async () => {
    const events: PlayEvent[] = [];
    const Audio = fakeAudio(events, 5, { '/voice/2.wav': 'hang', '/voice/haodao.wav': 'error' });
    const speak = clipSpeaker('/voice/', { Audio, fetch: serve(shipped), fallback: countingFallback().speak, clipCeilingMs: 50 });
    const t0 = performance.now();
    expect(await speak(callText('A023', 5))).toBe('clips');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(events.at(-1)!.src).toBe('/voice/chuangkou.wav');
    expect(events).toHaveLength(8);
  });

  it('falls back when the manifest is missing, a clip is refused, or the text cannot be composed', async () => {
    const events: PlayEvent[] = [];
    const missing = countingFallback();
    const noManifest = clipSpeaker('/voice/', {
      Audio: fakeAudio(events),
      fetch: async () => ({ ok: false, json: async () => null }),
      fallback: missing.speak,
    });
    expect(await noManifest(callText('A001', 1))).toBe('timed');
    expect(missing.calls).toEqual([callText('A001', 1)]);

    const refused = countingFallback();
    const autoplayBlocked = clipSpeaker('/voice/', {
      Audio: fakeAudio(events, 5, { '/voice/qing.wav': 'refuse' }),
      fetch: serve(shipped),
      fallback: refused.speak,
    });
    expect(await autoplayBlocked(callText('A001', 1))).toBe('timed');
    expect(refused.calls).toHaveLength(1);

    const named = countingFallback();
    const speak = clipSpeaker('/voice/', { Audio: fakeAudio(events), fetch: serve(shipped), fallback: named.speak });
    expect(await speak(callText('C001', 3, '综合窗口'))).toBe('timed');
    expect(named.calls).toEqual([callText('C001', 3, '综合窗口')]);
    expect(events).toEqual([]); // nothing was played in any of the three
  });
});
