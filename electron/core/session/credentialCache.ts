// Offline sign-in: after a clerk signs in online once, the counter keeps a scrypt verifier of
// his password (never the password) so he can sign in while the hall server is unreachable.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import type { StaffCard } from '../../../domain/api/hall';

/** The hall's role for the cached credential: a manager's verifier may unlock admin actions offline. */
export type CachedRole = 'clerk' | 'manager';

const KEYLEN = 32;
const COST = { N: 16384, r: 8, p: 1 };

export function rememberCredential(db: Db, workNo: string, password: string, staff: StaffCard, windowNo: number | null, role: CachedRole | null = null): void {
  const salt = randomBytes(16);
  const verifier = scryptSync(password, salt, KEYLEN, COST);
  db.prepare(
    `INSERT INTO cached_credentials (work_no, verifier, salt, staff_json, window_no, updated_at, role) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(work_no) DO UPDATE SET verifier = excluded.verifier, salt = excluded.salt, staff_json = excluded.staff_json,
       window_no = excluded.window_no, updated_at = excluded.updated_at, role = excluded.role`,
  ).run(workNo, verifier.toString('base64'), salt.toString('base64'), JSON.stringify(staff), windowNo, new Date().toISOString(), role);
}

export function verifyCachedCredential(db: Db, workNo: string, password: string): { staff: StaffCard; windowNo: number | null; role: CachedRole | null } | null {
  const row = db.prepare('SELECT verifier, salt, staff_json, window_no, role FROM cached_credentials WHERE work_no = ?').get(workNo) as
    | { verifier: string; salt: string; staff_json: string; window_no: number | null; role: CachedRole | null }
    | undefined;
  if (!row) return null;
  const expected = Buffer.from(row.verifier, 'base64');
  const actual = scryptSync(password, Buffer.from(row.salt, 'base64'), KEYLEN, COST);
  if (!timingSafeEqual(expected, actual)) return null;
  return { staff: JSON.parse(row.staff_json) as StaffCard, windowNo: row.window_no, role: row.role };
}
