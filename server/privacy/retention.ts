// Retention at the hall: the applicant data of a case closed (出件/不予受理/撤回) more than
// `retentionDays` ago (a hall setting, default 180) is crypto-shredded — its data key is
// deleted, so the sealed applicant fields in its events and cached projection can never be
// read again (the log itself stays append-only; statistics keep the case, masked).
import type { SyncService } from '../sync/service';
import type { HallStore } from '../db/connection';
import type { CaseRow } from '../../domain/cases';

const DAY = 86_400_000;

export interface RetentionResult {
  shredded: number;
  checked: number;
}

export function shredExpiredCases(store: HallStore, svc: SyncService, now: Date, retentionDays: number): RetentionResult {
  if (!svc.sealer) return { shredded: 0, checked: 0 };
  svc.projectDirty();
  const cutoff = now.getTime() - retentionDays * DAY;
  // Closed cases whose data key is still there.
  const rows = store.raw
    .prepare(`SELECT c.case_id, c.row FROM sync_cases c JOIN data_keys k ON k.scope = c.case_id WHERE c.open = 0 AND k.wrapped IS NOT NULL`)
    .all() as { case_id: string; row: string }[];
  let shredded = 0;
  store.tx(() => {
    for (const r of rows) {
      const row = JSON.parse(r.row) as Pick<CaseRow, 'timeline'>;
      const closedAt = Math.max(...row.timeline.map((t) => Date.parse(t.at)).filter((t) => !Number.isNaN(t)));
      if (!(closedAt < cutoff)) continue;
      if (svc.sealer!.shred(r.case_id)) shredded++;
    }
  });
  return { shredded, checked: rows.length };
}
