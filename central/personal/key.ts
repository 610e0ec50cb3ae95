// The central's key for applicants at rest (AES-256-GCM, 32 bytes). Where it comes from, first
// found wins: CENTRAL_PERSONAL_KEY (64 hex digits, e.g. from the host's secret store), the key
// file <dir>/central.key (hex, mode 0600, created on first start), else — a central with no
// directory, i.e. a throwaway in-memory one — a random key for this process only. Never logged;
// only its id (first 8 hex of its SHA-256) is stored beside each row, so a changed key is told
// apart from tampered data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cipherFor } from '../../native/crypto/ciphers';

export interface PersonalKey {
  id: string;
  key: Buffer;
  source: 'env' | 'file' | 'ephemeral';
}

export const PERSONAL_KEY_FILE = 'central.key';

const fromHex = (hex: string, where: string): Buffer => {
  const t = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(t)) throw new Error(`${where}: the personal-data key must be 64 hex digits (32 bytes)`);
  return Buffer.from(t, 'hex');
};

const keyId = (key: Buffer) => crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);

export function loadPersonalKey(opts: { dir?: string; env?: string | undefined }): PersonalKey {
  if (opts.env) {
    const key = fromHex(opts.env, 'CENTRAL_PERSONAL_KEY');
    return { id: keyId(key), key, source: 'env' };
  }
  if (opts.dir) {
    const file = path.join(opts.dir, PERSONAL_KEY_FILE);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(opts.dir, { recursive: true });
      // 'wx': two centrals starting on one directory do not overwrite each other's key.
      try {
        fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
      }
    }
    const key = fromHex(fs.readFileSync(file, 'utf8'), file);
    return { id: keyId(key), key, source: 'file' };
  }
  const key = crypto.randomBytes(32);
  return { id: keyId(key), key, source: 'ephemeral' };
}

/** The hall's at-rest cipher (native/crypto/ciphers.ts: iv ‖ tag ‖ body), base64; `aad` binds it to its hall and case. */
export function sealPersonal(k: PersonalKey, plain: string, aad: string): string {
  return cipherFor('aes-256-gcm').seal(k.key, Buffer.from(plain, 'utf8'), aad).toString('base64');
}

/** Throws when the key is wrong or the data or its aad were altered. */
export function openPersonal(k: PersonalKey, sealed: string, aad: string): string {
  return cipherFor('aes-256-gcm').open(k.key, Buffer.from(sealed, 'base64'), aad).toString('utf8');
}
