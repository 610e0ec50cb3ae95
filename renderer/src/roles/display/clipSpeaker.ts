// Pre-rendered voice clips (renderer/public/voice/, made by scripts/voice/render-clips.sh) for
// display PCs without a zh-CN Web Speech voice: a call is composed clip by clip, e.g.
// 请 · A · 零 · 二 · 三 · 号到 · 5 · 号窗口办理. Only calls to numbered windows can be composed;
// anything else (a named window, a kiosk prompt) goes to the fallback speaker.
import { timedSpeaker, type Speaker } from './announcer';

const DIGITS = '零一二三四五六七八九';

/** Clip ids for a call; the same words as callText(), window number read digit by digit. */
export function clipTokens(ticketNumber: string, windowNo: number): string[] | null {
  const ticket = [...ticketNumber.toUpperCase()];
  if (!ticket.length || ticket.some((c) => !/[A-Z0-9]/.test(c))) return null;
  if (!Number.isInteger(windowNo) || windowNo < 0) return null;
  return ['qing', ...ticket, 'haodao', ...String(windowNo), 'chuangkou'];
}

/** Parses callText() output back into clip ids; null when it is not a numbered-window call. */
export function textTokens(text: string): string[] | null {
  const m = /^请 (\S+) 号到 (\d+) 号窗口办理$/.exec(text);
  if (!m) return null;
  const ticket = m[1]!.replace(/[零一二三四五六七八九]/g, (d) => String(DIGITS.indexOf(d)));
  return clipTokens(ticket, Number(m[2]));
}

/** The part of HTMLAudioElement the speaker uses, so tests can inject a fake. */
export interface ClipAudio {
  preload: string;
  currentTime: number;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', fn: () => void): void;
  removeEventListener(type: 'ended' | 'error', fn: () => void): void;
}

export interface ClipSpeakerOptions {
  /** Used when the clips cannot be loaded or the text cannot be composed. */
  fallback?: Speaker;
  Audio?: new (src: string) => ClipAudio;
  fetch?: (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>;
  /** A clip that neither ends nor errors within this time is abandoned (longest clip ≈ 2.3 s). */
  clipCeilingMs?: number;
}

interface Manifest {
  format: string;
  clips: string[];
}

function isManifest(v: unknown): v is Manifest {
  const m = v as Manifest;
  return !!m && typeof m.format === 'string' && Array.isArray(m.clips) && m.clips.every((c) => typeof c === 'string');
}

/** Plays one clip to its end; false when it errored, was refused (autoplay) or hit the ceiling. */
function playClip(audio: ClipAudio, ceilingMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(ceiling);
      audio.removeEventListener('ended', onEnded);
      audio.removeEventListener('error', onError);
      if (!ok) audio.pause();
      resolve(ok);
    };
    const onEnded = () => done(true);
    const onError = () => done(false);
    const ceiling = setTimeout(() => done(false), ceilingMs);
    audio.addEventListener('ended', onEnded);
    audio.addEventListener('error', onError);
    audio.currentTime = 0;
    audio.play().catch(() => done(false));
  });
}

/**
 * Speaks a call from pre-rendered clips, one after another; resolves when the whole call is
 * spoken. The manifest is loaded once, lazily; if it (or every clip of a call) fails, the
 * announcement goes to `fallback` so the queue keeps its pacing.
 */
export function clipSpeaker(baseUrl = '/voice/', opts: ClipSpeakerOptions = {}): Speaker {
  const fallback = opts.fallback ?? timedSpeaker();
  const ceilingMs = opts.clipCeilingMs ?? 4000;
  let clips: Promise<Map<string, ClipAudio> | null> | null = null;

  const load = async (): Promise<Map<string, ClipAudio> | null> => {
    const AudioCtor = opts.Audio ?? (typeof Audio === 'undefined' ? undefined : Audio);
    const get = opts.fetch ?? (typeof fetch === 'undefined' ? undefined : fetch);
    if (!AudioCtor || !get) return null;
    try {
      const res = await get(`${baseUrl}manifest.json`);
      if (!res.ok) return null;
      const manifest = await res.json();
      if (!isManifest(manifest)) return null;
      // One element per clip, preloaded, reused for every call (also works while offline).
      const map = new Map<string, ClipAudio>();
      for (const id of manifest.clips) {
        const a = new AudioCtor(`${baseUrl}${encodeURIComponent(id)}.${manifest.format}`);
        a.preload = 'auto';
        map.set(id, a);
      }
      return map;
    } catch {
      return null;
    }
  };

  return async (text) => {
    const tokens = textTokens(text);
    if (!tokens) return fallback(text);
    const map = await (clips ??= load());
    if (!map || tokens.some((t) => !map.has(t))) return fallback(text);
    let played = 0;
    // A broken clip later in the call is skipped (the rest is still worth hearing); if the first
    // one fails (autoplay refused, files missing) nothing was heard: the fallback takes the call.
    for (const t of tokens) {
      if (await playClip(map.get(t)!, ceilingMs)) played++;
      else if (!played) return fallback(text);
    }
    return 'clips';
  };
}
