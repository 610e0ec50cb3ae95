// Phone numbers are kept for the day they were left on: at the first check after the hall's day
// changes, every number (ciphertext and masked form) of an earlier day is erased. The clock is
// injected so tests can run a day forward.
import type { HallStore } from '../db/connection';
import { serviceDay } from '../../domain/queue/numbering';

export function purgePhonesBefore(store: HallStore, day: string): number {
  return store.raw
    .prepare('UPDATE ticket_tracks SET phone_enc = NULL, phone_masked = NULL WHERE day < ? AND (phone_enc IS NOT NULL OR phone_masked IS NOT NULL)')
    .run(day).changes;
}

export class PhonePurge {
  private lastDay = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: HallStore,
    private readonly timeZone: string,
    private readonly now: () => number = Date.now,
    everyMs = 60_000,
  ) {
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  /** Purges when the day changed since the last check (and on the first). Returns numbers erased. */
  check(): number {
    const today = serviceDay(new Date(this.now()), this.timeZone);
    if (today === this.lastDay) return 0;
    this.lastDay = today;
    return purgePhonesBefore(this.store, today);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
