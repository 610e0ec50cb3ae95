// The display follows the hall's announcement settings (GET /api/hall/settings, edited by the
// manager). It re-reads them at start, on reconnect, and on a signal only when a settings change
// could be behind it: a signal of type 'settings', or one whose version skipped events (the hub
// coalesces signals and group commits batch them), or one with no event type behind it (long-poll,
// resync): a call signal that is exactly the next event costs no extra request.
// `?repeat=N` in the URL overrides the repeat count (tests, a trial on one screen).
import { ANNOUNCE_REPEAT, type HallDisplaySettings } from '../../../../domain/api/settings';
import type { EventSignal } from '../../../../domain/api/hall';
import type { HallClient } from '../../../../domain/api/hallClient';

/** Signals the client or the hub makes up (catch-up, long-poll, reconnect): no event type behind them. */
const SYNTHETIC = new Set(['hello', 'resync', 'poll', 'reconnected']);

/** Whether this signal may carry a settings change the display has not read yet. */
export function settingsMayHaveChanged(signal: EventSignal, lastVersion: number | null): boolean {
  if (signal.type === 'settings' || SYNTHETIC.has(signal.type) || lastVersion === null) return true;
  // Exactly one new event, and it was not a settings change; more than one: one of them may be.
  return signal.version > lastVersion + 1;
}

/** `?repeat=N` in the display's URL wins over the hall's setting (tests, a trial on one screen). */
export function repeatOverride(hashQuery: string): number | null {
  const raw = new URLSearchParams(hashQuery).get('repeat');
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isInteger(n) ? Math.min(ANNOUNCE_REPEAT.max, Math.max(ANNOUNCE_REPEAT.min, n)) : null;
}

export async function fetchDisplaySettings(client: HallClient): Promise<HallDisplaySettings> {
  const r = await client.call('settings.get');
  return { announceRepeat: r.announceRepeat, announceGapMs: r.announceGapMs, retentionDays: r.retentionDays };
}

/** Follows the settings: `onSignal` per hall signal, `refresh` at start and on reconnect; answers arrive in order. */
export function followDisplaySettings(client: HallClient, apply: (s: HallDisplaySettings) => void): { onSignal(s: EventSignal): void; refresh(): void } {
  let lastVersion: number | null = null;
  let asked = 0;
  const refresh = () => {
    const mine = ++asked;
    void fetchDisplaySettings(client)
      .then((s) => {
        if (mine === asked) apply(s); // an older answer never overwrites a newer one
      })
      .catch(() => undefined); // keep what is in force; the next signal or reconnect asks again
  };
  return {
    onSignal(s) {
      const ask = settingsMayHaveChanged(s, lastVersion);
      if (s.version > (lastVersion ?? -1)) lastVersion = s.version;
      if (ask) refresh();
    },
    refresh,
  };
}
