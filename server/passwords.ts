// Staff passwords are kept only as scrypt hashes (node:crypto): scrypt$N$r$p$salt$hash.
import crypto from 'node:crypto';

const N = 16384, R = 8, P = 1, KEYLEN = 32;

export function hashPasswordSync(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Async so a login never blocks the queue for the ~50 ms scrypt takes. */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, 'base64');
  return new Promise((resolve) => {
    crypto.scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }, (err, got) => {
      resolve(!err && got.length === expected.length && crypto.timingSafeEqual(got, expected));
    });
  });
}
