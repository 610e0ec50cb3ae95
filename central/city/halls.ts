// The halls registry: a supervisor registers a hall and gets a one-time enrollment code; the hall
// trades it for a hall token (the code is then spent, unless it is a demo code). The list shows
// each hall's uplink progress.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EnrollResponse } from '../../domain/api/uplink';
import type { HallStatus } from '../../domain/api/city';
import { num, numOrNull, type CentralDB } from '../db/schema';
import { CE } from '../errors';
import { newSecret, sha256 } from '../auth';

export class HallRegistry {
  constructor(
    private readonly db: Kysely<CentralDB>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(
    code: string,
    name: string,
    opts: { hallId?: string; enrollmentCode?: string; reusable?: boolean } = {},
  ): Promise<{ hallId: string; code: string; name: string; enrollmentCode: string }> {
    const hallId = opts.hallId ?? `h${crypto.randomBytes(6).toString('hex')}`;
    // Readable, typed once by a person at the hall: 4×4 base32-ish groups.
    const enrollmentCode =
      opts.enrollmentCode ??
      newSecret()
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 16)
        .toUpperCase()
        .match(/.{1,4}/g)!
        .join('-');
    try {
      await this.db
        .insertInto('halls')
        .values({
          hall_id: hallId,
          code,
          name,
          enrollment_code_hash: sha256(enrollmentCode),
          enrollment_reusable: opts.reusable ?? false,
          created_at: this.now(),
        })
        .execute();
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw CE.hallCodeExists(code);
      throw e;
    }
    return { hallId, code, name, enrollmentCode };
  }

  async enroll(enrollmentCode: string): Promise<EnrollResponse> {
    const h = await this.db.selectFrom('halls').selectAll().where('enrollment_code_hash', '=', sha256(enrollmentCode)).executeTakeFirst();
    if (!h) throw CE.badEnrollmentCode();
    const hallToken = `${h.hall_id}.${newSecret()}`;
    // Spend the code in the same statement that checks it is still unspent: two halls racing with
    // one code get one token between them.
    const r = await this.db
      .updateTable('halls')
      .set({ token_hash: sha256(hallToken), enrolled_at: this.now(), enrollment_code_hash: h.enrollment_reusable ? h.enrollment_code_hash : null })
      .where('hall_id', '=', h.hall_id)
      .where('enrollment_code_hash', '=', sha256(enrollmentCode))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw CE.badEnrollmentCode();
    return { hallId: h.hall_id, code: h.code, name: h.name, hallToken, lastSeq: num(h.last_seq), serverTime: new Date(this.now()).toISOString() };
  }

  async get(hallId: string) {
    const h = await this.db.selectFrom('halls').selectAll().where('hall_id', '=', hallId).executeTakeFirst();
    if (!h) throw CE.unknownHall();
    return h;
  }

  async list(): Promise<HallStatus[]> {
    const rows = await this.db.selectFrom('halls').selectAll().orderBy('code').execute();
    return rows.map((h) => ({
      hallId: h.hall_id,
      code: h.code,
      name: h.name,
      enrolled: h.token_hash !== null,
      lastSeq: num(h.last_seq),
      lastUplinkAt: h.last_uplink_at === null ? null : new Date(num(h.last_uplink_at)).toISOString(),
      backlog: num(h.backlog),
      clockSkewMs: numOrNull(h.clock_skew_ms),
      accepted: num(h.accepted),
      rejected: num(h.rejected),
      catalogueVersion: numOrNull(h.catalogue_version),
      receivePersonalData: h.receive_personal_data,
    }));
  }

  async rejections(hallId: string, limit = 200) {
    await this.get(hallId);
    const rows = await this.db
      .selectFrom('uplink_records')
      .select(['seq', 'id', 'kind', 'code', 'message', 'received_at'])
      .where('hall_id', '=', hallId)
      .where('status', '=', 'rejected')
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: num(r.seq),
      id: r.id,
      kind: r.kind,
      code: r.code ?? '',
      message: r.message ?? '',
      receivedAt: new Date(num(r.received_at)).toISOString(),
    }));
  }

  async noteCatalogueVersion(hallId: string, version: number): Promise<void> {
    await this.db.updateTable('halls').set({ catalogue_version: version }).where('hall_id', '=', hallId).execute();
  }
}
