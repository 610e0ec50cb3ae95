// The central's audit trail (migration 010, city_audit): who changed what for which hall — a
// hall's personal-data setting, an applicant opened (with the reason), applicants erased at the end of retention. Never the personal data
// itself. hall_id is the hall concerned (CITY for city-wide actions), as in every table.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CityAuditEntry } from '../../domain/api/city';
import { num, type CentralDB } from '../db/schema';

export type CityAuditAction = 'hall.personalData' | 'applicant.open' | 'applicant.expired';

export async function cityAudit(
  db: Kysely<CentralDB> | Transaction<CentralDB>,
  e: { hallId: string; actor: string; action: CityAuditAction; detail: Record<string, unknown>; at: number },
): Promise<void> {
  await db
    .insertInto('city_audit')
    .values({ hall_id: e.hallId, audit_id: crypto.randomUUID(), at: e.at, actor: e.actor, action: e.action, detail: JSON.stringify(e.detail) })
    .execute();
}

/** Newest first; one hall's or every hall's. */
export async function listCityAudit(db: Kysely<CentralDB>, q: { hall?: string; limit: number }): Promise<CityAuditEntry[]> {
  let sel = db.selectFrom('city_audit').selectAll();
  if (q.hall !== undefined) sel = sel.where('hall_id', '=', q.hall);
  const rows = await sel.orderBy('at', 'desc').orderBy('audit_id').limit(q.limit).execute();
  return rows.map((r) => ({
    hallId: r.hall_id,
    at: new Date(num(r.at)).toISOString(),
    actor: r.actor,
    action: r.action as CityAuditAction,
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
  }));
}
