// Offline sign-in: after a clerk signs in online once, the counter keeps a scrypt verifier of
// his password (never the password) so he can sign in while the hall server is unreachable.
import { newSalt, sameKey, scryptKeySync } from '../../../platform/passwords';
import type { Db } from '../db';
import type { StaffCard } from '../../../domain/api/hall';

/** The hall's role for the cached credential: a manager's verifier may unlock admin actions offline. */
export type CachedRole = 'clerk' | 'manager';

export function rememberCredential(db: Db, workNo: string, password: string, staff: StaffCard, windowNo: number | null, role: CachedRole | null = null): void {
  const salt = newSalt();
  const verifier = scryptKeySync(password, salt);
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
  const salt = Buffer.from(row.salt, 'base64');
  // Verifiers cached before the shared implementation were made from the password as typed (no
  // NFKC): accept those too, until the next online sign-in replaces them.
  const ok = sameKey(scryptKeySync(password, salt), expected) || (password.normalize('NFKC') !== password && sameKey(scryptKeySync(password, salt, { asTyped: true }), expected));
  if (!ok) return null;
  return { staff: JSON.parse(row.staff_json) as StaffCard, windowNo: row.window_no, role: row.role };
}

