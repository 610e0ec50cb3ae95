// Offline sign-in: after a clerk signs in online once, the counter keeps a scrypt verifier of
// his password (never the password) so he can sign in while the hall server is unreachable.
// The cache is a convenience, never a second source of truth about who may sign in:
// - it expires 7 days after the last online confirmation;
// - it is dropped when the hall answers 401 for that person (wrong password, deactivated,
//   password reset, session revoked) and its role follows what the hall last said;
// - 5 wrong offline passwords in a row lock it until the next online sign-in;
// - passwords are NFKC-normalised before hashing, as the hall server does, so a full-width
//   digit typed offline is the same password it was online (platform/passwords.ts, shared).
import { newSalt, sameKey, scryptKeySync } from '../../../platform/passwords';
import type { Db } from '../db';
import type { StaffCard } from '../../../domain/api/hall';

/** The hall's role for the cached credential: a manager's verifier may unlock admin actions offline. */
export type CachedRole = 'clerk' | 'manager';

export const CREDENTIAL_CACHE_TTL_MS = 7 * 24 * 3600_000;
export const OFFLINE_MAX_FAILURES = 5;

export function rememberCredential(
  db: Db,
  workNo: string,
  password: string,
  staff: StaffCard,
  windowNo: number | null,
  role: CachedRole | null = null,
  now = Date.now(),
): void {
  const salt = newSalt();
  const verifier = scryptKeySync(password, salt);
  db.prepare(
    `INSERT INTO cached_credentials (work_no, verifier, salt, staff_json, window_no, updated_at, role, failures) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
     ON CONFLICT(work_no) DO UPDATE SET verifier = excluded.verifier, salt = excluded.salt, staff_json = excluded.staff_json,
       window_no = excluded.window_no, updated_at = excluded.updated_at, role = excluded.role, failures = 0`,
  ).run(workNo, verifier.toString('base64'), salt.toString('base64'), JSON.stringify(staff), windowNo, new Date(now).toISOString(), role);
}

/** The hall answered 401 for this person: his cached verifier no longer proves anything. */
export function forgetCredential(db: Db, workNo: string): boolean {
  return db.prepare('DELETE FROM cached_credentials WHERE work_no = ?').run(workNo).changes > 0;
}

/** The hall told us the person's current role (e.g. a verify answered 'clerk' for a cached manager). */
export function setCachedRole(db: Db, workNo: string, role: CachedRole): void {
  db.prepare('UPDATE cached_credentials SET role = ? WHERE work_no = ?').run(role, workNo);
}

export type CachedCheck =
  | { ok: true; staff: StaffCard; windowNo: number | null; role: CachedRole | null }
  | { ok: false; reason: 'none' | 'expired' | 'locked' | 'wrong'; failures: number };

export function checkCachedCredential(db: Db, workNo: string, password: string, now = Date.now()): CachedCheck {
  const row = db.prepare('SELECT verifier, salt, staff_json, window_no, role, updated_at, failures FROM cached_credentials WHERE work_no = ?').get(workNo) as
    { verifier: string; salt: string; staff_json: string; window_no: number | null; role: CachedRole | null; updated_at: string; failures: number } | undefined;
  if (!row) return { ok: false, reason: 'none', failures: 0 };
  const confirmed = Date.parse(row.updated_at);
  // Expired (or an unreadable date, or one from the future beyond a day of clock drift): gone.
  if (Number.isNaN(confirmed) || now - confirmed > CREDENTIAL_CACHE_TTL_MS || confirmed - now > 24 * 3600_000) {
    forgetCredential(db, workNo);
    return { ok: false, reason: 'expired', failures: row.failures };
  }
  if (row.failures >= OFFLINE_MAX_FAILURES) return { ok: false, reason: 'locked', failures: row.failures };
  const expected = Buffer.from(row.verifier, 'base64');
  const actual = scryptKeySync(password, Buffer.from(row.salt, 'base64'));
  if (!sameKey(actual, expected)) {
    db.prepare('UPDATE cached_credentials SET failures = failures + 1 WHERE work_no = ?').run(workNo);
    const failures = row.failures + 1;
    return { ok: false, reason: failures >= OFFLINE_MAX_FAILURES ? 'locked' : 'wrong', failures };
  }
  if (row.failures) db.prepare('UPDATE cached_credentials SET failures = 0 WHERE work_no = ?').run(workNo);
  return { ok: true, staff: JSON.parse(row.staff_json) as StaffCard, windowNo: row.window_no, role: row.role };
}

/** A manager's cached verifier, for unlocks while the hall is unreachable (admin actions, the rota). */
export function checkCachedManager(
  db: Db,
  workNo: string,
  password: string,
  now = Date.now(),
): { ok: true; staff: StaffCard } | { ok: false; reason: 'wrong' | 'not_manager' } {
  const r = checkCachedCredential(db, workNo, password, now);
  if (!r.ok) return { ok: false, reason: 'wrong' };
  return r.role === 'manager' ? { ok: true, staff: r.staff } : { ok: false, reason: 'not_manager' };
}

/** The verifier's answer, or null for any refusal (callers that need the reason use checkCachedCredential). */
export function verifyCachedCredential(
  db: Db,
  workNo: string,
  password: string,
  now = Date.now(),
): { staff: StaffCard; windowNo: number | null; role: CachedRole | null } | null {
  const r = checkCachedCredential(db, workNo, password, now);
  return r.ok ? { staff: r.staff, windowNo: r.windowNo, role: r.role } : null;
}

/** Chinese message for an offline refusal (shown at the counter's sign-in). */
export function offlineRefusalMessage(r: Extract<CachedCheck, { ok: false }>): { code: string; message: string } {
  switch (r.reason) {
    case 'expired':
      return { code: 'OFFLINE_SIGNIN_EXPIRED', message: '本机保存的登录记录已超过 7 天，须在大厅服务器可连接时重新登录' };
    case 'locked':
      return { code: 'OFFLINE_SIGNIN_LOCKED', message: `离线登录连续 ${OFFLINE_MAX_FAILURES} 次密码错误，已锁定，须在大厅服务器可连接时重新登录` };
    case 'wrong':
      return { code: 'OFFLINE_SIGNIN_UNAVAILABLE', message: `大厅服务器无法连接，密码不正确（再错 ${OFFLINE_MAX_FAILURES - r.failures} 次将锁定离线登录）` };
    default:
      return { code: 'OFFLINE_SIGNIN_UNAVAILABLE', message: '大厅服务器无法连接，且本机没有该工号的登录记录或密码不正确，无法离线登录' };
  }
}
