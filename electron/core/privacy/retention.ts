// Retention at the counter, run daily: applicant data of cases closed more than `retentionDays`
// ago is crypto-shredded (the case's data key deleted: its sealed fields in every event become
// unreadable; the search hashes of the case row are cleared so it is no longer found by ID or
// name; masked forms stay for the clerk's history), and print jobs — whose rendered bytes
// carry names and ID numbers, sealed under one key per day — are deleted after 7 days and
// their days' keys shredded (copies in the WAL or a backup become unreadable too).
import type { Db } from '../db';
import { sealerOf } from './atRest';
import { printScope } from '../../../native/printer/queue';

const DAY = 86_400_000;
export const PRINT_JOB_DAYS = 7;

export interface CounterRetentionResult {
  shredded: number;
  printJobs: number;
}

export function runCounterRetention(db: Db, now: Date, retentionDays: number, printJobDays = PRINT_JOB_DAYS): CounterRetentionResult {
  const sealer = sealerOf(db);
  const cutoff = new Date(now.getTime() - retentionDays * DAY).toISOString();
  let shredded = 0;
  let printJobs = 0;
  db.transaction(() => {
    if (sealer) {
      const closed = db
        .prepare(
          `SELECT c.case_id FROM cases c JOIN data_keys k ON k.scope = c.case_id
          WHERE c.open = 0 AND k.wrapped IS NOT NULL
            AND (SELECT MAX(at) FROM events e WHERE e.stream = 'case' AND e.stream_id = c.case_id) < ?`,
        )
        .all(cutoff) as { case_id: string }[];
      const clear = db.prepare(`UPDATE cases SET id_hash = '', name_hash = '', id_tail = '' WHERE case_id = ?`);
      for (const c of closed) {
        if (sealer.shred(c.case_id)) shredded++;
        clear.run(c.case_id);
      }
    }
    const printCutoff = new Date(now.getTime() - printJobDays * DAY).toISOString();
    const hasJobs = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'print_jobs'`).get();
    if (hasJobs) {
      db.prepare('DELETE FROM case_receipts WHERE job_id IN (SELECT id FROM print_jobs WHERE created_at < ?)').run(printCutoff);
      printJobs = db.prepare('DELETE FROM print_jobs WHERE created_at < ?').run(printCutoff).changes;
    }
    if (sealer) {
      // Whole days before the cutoff's day (a job of the cutoff day itself may still be kept).
      const days = db.prepare(`SELECT scope FROM data_keys WHERE scope LIKE 'print:%' AND scope < ? AND wrapped IS NOT NULL`).all(printScope(printCutoff)) as {
        scope: string;
      }[];
      for (const d of days) sealer.shred(d.scope);
    }
  })();
  return { shredded, printJobs };
}
