import { hallFmt } from '../../hooks/hallZone';

// Small helpers for the counter screen: durations and times as shown, request ids (the ticking clock is hooks/useNow).

export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "2026-11-24T08:01:55Z" → "11-24 16:01" in the hall's zone (hooks/hallZone). */
export function shortTime(iso: string): string {
  return hallFmt.short(iso);
}

export function newRequestId(): string {
  return crypto.randomUUID();
}
