// The one scrypt password implementation, shared by the hall server (staff password hashes) and
// the counter core (its offline sign-in verifiers). Node-only (node:crypto), so not in domain/.
// Passwords are NFKC-normalised first: a full-width "Ａ" typed on a Chinese IME is the same "A".
import crypto from 'node:crypto';

const N = 16384,
  R = 8,
  P = 1,
  KEYLEN = 32;
const COST = { N, r: R, p: P } as const;

const norm = (password: string) => password.normalize('NFKC');

/** The raw scrypt key of a password with a given salt (counter verifiers: salt and key stored apart). */
export function scryptKeySync(password: string, salt: Buffer): Buffer {
  return crypto.scryptSync(norm(password), salt, KEYLEN, COST);
}

export function newSalt(): Buffer {
  return crypto.randomBytes(16);
}

/** Constant-time comparison of a key against the stored one. */
export function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** A self-describing hash: scrypt$N$r$p$salt$hash (the hall's staff table). */
export function hashPasswordSync(password: string): string {
  const salt = newSalt();
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${scryptKeySync(password, salt).toString('base64')}`;
}

/** Async so a login never blocks the hall's queue for the ~50 ms scrypt takes. */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, 'base64');
  return new Promise((resolve) => {
    crypto.scrypt(norm(password), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }, (err, got) => {
      resolve(!err && sameKey(got, expected));
    });
  });
}
