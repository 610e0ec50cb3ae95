// Retention at the city: an applicant the central holds is erased once its case has been closed
// longer than the retention period (the hall's default, domain/api/settings.ts RETENTION_DAYS),
// as the hall shreds its own copy (server/privacy/retention.ts). The statistics keep the case,
// masked. Each hall's erasure is audited (how many, the cut-off), never who was erased.
import { sql, type Kysely } from 'kysely';
import { chinaDateOf } from '../../domain/calendar';
import type { CentralDB } from '../db/schema';
import { cityAudit } from '../city/audit';

const DAY = 86_400_000;

export interface ExpiryResult {
  /** Closed on or before this day (China): erased. */
  cutoff: string;
  erased: number;
  halls: number;
}

export async function expireApplicants(db: Kysely<CentralDB>, at: number, retentionDays: number): Promise<ExpiryResult> {
  const cutoff = chinaDateOf(at - retentionDays * DAY);
  return db.transaction().execute(async (tx) => {
    // A case closed without a completion day (not accepted, withdrawn) counts from its last update.
    const gone = await sql<{ hall_id: string; n: string }>`
      WITH d AS (
        DELETE FROM case_applicants a USING cases c
        WHERE c.hall_id = a.hall_id AND c.case_id = a.case_id AND NOT c.open
          AND COALESCE(c.completed_on, to_char(to_timestamp(c.updated_at / 1000.0) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) <= ${cutoff}
        RETURNING a.hall_id)
      SELECT hall_id, COUNT(*)::text AS n FROM d GROUP BY hall_id ORDER BY hall_id`.execute(tx);
    let erased = 0;
    for (const r of gone.rows) {
      erased += Number(r.n);
      await cityAudit(tx, {
        hallId: r.hall_id,
        actor: 'system',
        action: 'applicant.expired',
        detail: { erased: Number(r.n), closedOnOrBefore: cutoff, retentionDays },
        at,
      });
    }
    return { cutoff, erased, halls: gone.rows.length };
  });
}
