// Was clerk W at window N at time T? The server's answer, from what it knows: a staff session
// signed in at that window covering T (sessions keep window_no, created_at, revoked_at), or the
// roster — W's home window is N, or W is the AB角 (backup) of N's home clerk. The roster rule is
// what lets a counter's offline sign-ins (no server session) stand; the counter's credential
// cache only signs in staff who signed in there before. A manager may act at any window.
import type { HallStore } from '../db/connection';
import { CLOCK_SKEW_LIMIT_MS } from '../../domain/sync/wire';

export type PresenceVerdict = { ok: true } | { ok: false; reason: 'unknownStaff' | 'notAtWindow' };

export class ClerkPresence {
  private readonly memo = new Map<string, PresenceVerdict | 'roster-no'>();
  private readonly sql;

  constructor(store: HallStore) {
    const raw = store.raw;
    this.sql = {
      staff: raw.prepare('SELECT role, home_window FROM staff WHERE work_no = ?'),
      backupOf: raw.prepare('SELECT 1 AS x FROM staff WHERE home_window = ? AND backup_work_no = ? LIMIT 1'),
      session: raw.prepare(`SELECT 1 AS x FROM sessions WHERE kind = 'staff' AND subject = ? AND window_no = ? AND created_at <= ?
        AND (revoked_at IS NULL OR revoked_at >= ?) AND (expires_at IS NULL OR expires_at >= ?) LIMIT 1`),
    };
  }

  /** `atMs` on the server's clock; a session counts within the clock-skew allowance either side. */
  check(workNo: string, windowNo: number, atMs: number): PresenceVerdict {
    const key = `${workNo}\u0000${windowNo}`;
    const known = this.memo.get(key);
    if (known && known !== 'roster-no') return known;
    if (!known) {
      const s = this.sql.staff.get(workNo) as { role: string; home_window: number | null } | undefined;
      let v: PresenceVerdict | 'roster-no';
      if (!s) v = { ok: false, reason: 'unknownStaff' };
      else if (s.role === 'manager' || s.home_window === windowNo || this.sql.backupOf.get(windowNo, workNo)) v = { ok: true };
      else v = 'roster-no';
      this.memo.set(key, v);
      if (v !== 'roster-no') return v;
    }
    if (!Number.isFinite(atMs)) return { ok: false, reason: 'notAtWindow' };
    const hit = this.sql.session.get(workNo, windowNo, atMs + CLOCK_SKEW_LIMIT_MS, atMs - CLOCK_SKEW_LIMIT_MS, atMs - CLOCK_SKEW_LIMIT_MS);
    return hit ? { ok: true } : { ok: false, reason: 'notAtWindow' };
  }
}
