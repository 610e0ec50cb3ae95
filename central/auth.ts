// City sign-in (POST /api/auth/login as on the hall) and hall tokens. Only SHA-256 hashes of
// tokens and codes are stored. A hall token is `<hallId>.<secret>` so it is checked by primary
// key (one shard under Citus).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { verifyPassword } from '../platform/passwords';
import { CITY, num, type CentralDB } from './db/schema';
import { CE } from './errors';

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
export const newSecret = () => crypto.randomBytes(24).toString('base64url');

export type CityActor = { kind: 'supervisor'; workNo: string; name: string } | { kind: 'hall'; hallId: string; receivePersonalData: boolean };

const SESSION_TTL_MS = 12 * 3600_000;

export class CityAuth {
  constructor(
    private readonly db: Kysely<CentralDB>,
    private readonly now: () => number = Date.now,
  ) {}

  async login(workNo: string, password: string): Promise<{ token: string; role: 'supervisor'; name: string }> {
    const u = await this.db.selectFrom('city_users').selectAll().where('hall_id', '=', CITY).where('work_no', '=', workNo).executeTakeFirst();
    if (!u || !(await verifyPassword(password, u.password_hash))) throw CE.badCredentials();
    const token = newSecret();
    await this.db
      .insertInto('city_sessions')
      .values({ hall_id: CITY, token_hash: sha256(token), work_no: u.work_no, role: u.role, expires_at: this.now() + SESSION_TTL_MS })
      .execute();
    return { token, role: 'supervisor', name: u.name };
  }

  async logout(token: string): Promise<void> {
    await this.db.deleteFrom('city_sessions').where('hall_id', '=', CITY).where('token_hash', '=', sha256(token)).execute();
  }

  async resolve(token: string): Promise<CityActor> {
    const dot = token.indexOf('.');
    if (dot > 0) {
      const hallId = token.slice(0, dot);
      const h = await this.db.selectFrom('halls').select(['token_hash', 'receive_personal_data']).where('hall_id', '=', hallId).executeTakeFirst();
      if (!h?.token_hash || !safeEq(h.token_hash, sha256(token))) throw CE.unauthorized();
      return { kind: 'hall', hallId, receivePersonalData: h.receive_personal_data };
    }
    const s = await this.db.selectFrom('city_sessions').selectAll().where('hall_id', '=', CITY).where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!s) throw CE.unauthorized();
    if (num(s.expires_at) <= this.now()) throw CE.tokenExpired();
    const u = await this.db.selectFrom('city_users').select(['name']).where('hall_id', '=', CITY).where('work_no', '=', s.work_no).executeTakeFirst();
    return { kind: 'supervisor', workNo: s.work_no, name: u?.name ?? s.work_no };
  }
}

function safeEq(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
