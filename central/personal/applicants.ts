// Applicants in clear at the city — only for a hall the city configured to receive them
// (halls.receive_personal_data, set by a supervisor, audited). A push record may carry
// `personal` (domain/api/uplink.ts); it is checked and encrypted with the central's key before
// the push transaction (prepare), and stored in case_applicants inside it (store) only for
// records accepted in that push — a replay stores nothing again — and only if the hall is
// configured at that moment (the push holds the hall row's lock, so a concurrent change of the
// setting is ordered with it). A hall not configured gets its personal fields dropped: the city
// does not keep what it did not ask for. Lists stay masked; one applicant is opened through
// open(), audited with the reason.
import { sql, type Kysely, type Transaction } from 'kysely';
import { applicantSchema, type Applicant } from '../../domain/cases/events';
import { uplinkPersonalSchema } from '../../domain/api/uplink';
import type { OpenApplicantResponse, PersonalDataResponse } from '../../domain/api/city';
import { num, type CentralDB } from '../db/schema';
import { CE } from '../errors';
import { cityAudit } from '../city/audit';
import { openPersonal, sealPersonal, type PersonalKey } from './key';

/** One record's applicant, encrypted, waiting for its record to be accepted. */
export interface PreparedPersonal {
  seq: number;
  caseId: string;
  sealed: string;
}

const aadOf = (hallId: string, caseId: string) => `${hallId}/${caseId}`;

export class CentralPersonalData {
  constructor(
    private readonly db: Kysely<CentralDB>,
    private readonly key: PersonalKey,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The push's personal fields, validated and encrypted (no database). A record whose `personal`
   * does not match the contract keeps its masked body only; `invalid` counts them.
   */
  prepare(hallId: string, records: readonly unknown[]): { items: PreparedPersonal[]; invalid: number } {
    const items: PreparedPersonal[] = [];
    let invalid = 0;
    for (const raw of records) {
      const r = raw as { seq?: unknown; kind?: unknown; personal?: unknown; body?: { event?: { caseId?: unknown } } } | null;
      if (!r || typeof r !== 'object' || r.personal === undefined) continue;
      const caseId = r.body?.event?.caseId;
      const p = uplinkPersonalSchema.safeParse(r.personal);
      if (r.kind !== 'caseEvent' || typeof r.seq !== 'number' || typeof caseId !== 'string' || caseId.length > 64 || !p.success) {
        invalid++;
        continue;
      }
      items.push({ seq: r.seq, caseId, sealed: sealPersonal(this.key, JSON.stringify(p.data.applicant), aadOf(hallId, caseId)) });
    }
    return { items, invalid };
  }

  /** Inside the push transaction (hall row locked): keep the accepted records' applicants if the hall is configured. */
  async store(tx: Transaction<CentralDB>, hallId: string, items: readonly PreparedPersonal[], accepted: ReadonlySet<number>, at: number): Promise<number> {
    // One row per case (one upsert cannot touch a row twice): the latest applicant event wins.
    const latest = new Map<string, PreparedPersonal>();
    for (const p of items) if (accepted.has(p.seq) && (latest.get(p.caseId)?.seq ?? 0) < p.seq) latest.set(p.caseId, p);
    if (!latest.size) return 0;
    const rows = JSON.stringify([...latest.values()].map((p) => ({ case_id: p.caseId, seq: p.seq, sealed: p.sealed })));
    const r = await sql`INSERT INTO case_applicants (hall_id, case_id, seq, key_id, sealed, received_at)
      SELECT ${hallId}::text, r.case_id, r.seq, ${this.key.id}::text, r.sealed, ${at}::bigint
      FROM jsonb_to_recordset(${rows}::jsonb) AS r(case_id text, seq bigint, sealed text)
      WHERE EXISTS (SELECT 1 FROM halls WHERE hall_id = ${hallId}::text AND receive_personal_data)
      ON CONFLICT (hall_id, case_id) DO UPDATE SET seq = excluded.seq, key_id = excluded.key_id, sealed = excluded.sealed, received_at = excluded.received_at
      WHERE case_applicants.seq < excluded.seq`.execute(tx);
    return Number(r.numAffectedRows ?? 0);
  }

  /** A supervisor turns a hall's setting on or off (audited when it changes). Off erases what is held for that hall. */
  async setReceive(hallId: string, receive: boolean, actor: string): Promise<PersonalDataResponse> {
    const at = this.now();
    return this.db.transaction().execute(async (tx) => {
      const h = (await sql<{ receive_personal_data: boolean }>`SELECT receive_personal_data FROM halls WHERE hall_id = ${hallId} FOR UPDATE`.execute(tx))
        .rows[0];
      if (!h) throw CE.unknownHall();
      if (h.receive_personal_data === receive) return { hallId, receivePersonalData: receive, changed: false, erased: 0 };
      await tx.updateTable('halls').set({ receive_personal_data: receive }).where('hall_id', '=', hallId).execute();
      let erased = 0;
      if (!receive) erased = Number((await tx.deleteFrom('case_applicants').where('hall_id', '=', hallId).executeTakeFirst()).numDeletedRows);
      await cityAudit(tx, { hallId, actor, action: 'hall.personalData', detail: { receive, erased }, at });
      return { hallId, receivePersonalData: receive, changed: true, erased };
    });
  }

  /** One case's applicant in clear, audited with who and why. */
  async open(hallId: string, caseId: string, reason: string, actor: string): Promise<OpenApplicantResponse> {
    const h = await this.db.selectFrom('halls').select('hall_id').where('hall_id', '=', hallId).executeTakeFirst();
    if (!h) throw CE.unknownHall();
    const row = await this.db.selectFrom('case_applicants').selectAll().where('hall_id', '=', hallId).where('case_id', '=', caseId).executeTakeFirst();
    if (!row) throw CE.applicantNotHeld();
    if (row.key_id !== this.key.id) throw CE.personalKeyChanged();
    let applicant: Applicant;
    try {
      applicant = applicantSchema.parse(JSON.parse(openPersonal(this.key, row.sealed, aadOf(hallId, caseId))));
    } catch {
      throw CE.applicantUnreadable();
    }
    await cityAudit(this.db, { hallId, actor, action: 'applicant.open', detail: { caseId, reason }, at: this.now() });
    return { hallId, caseId, applicant, receivedAt: new Date(num(row.received_at)).toISOString() };
  }
}
