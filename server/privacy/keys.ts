// Where the hall's keys live: a keyring outside the database — the HALL_KEYRING environment
// variable (the key file's JSON, e.g. from a secrets manager) or a 0600 key file
// (`--key-file`, default hall.keys.json in the data directory). The ID-hash salt, which used to
// sit in `meta` beside the hashes it protects, is moved into the keyring on first start; so is
// the key of the phone numbers left for SMS.
import path from 'node:path';
import type { HallStore } from '../db/connection';
import { Keyring, loadKeyFile } from '../../native/crypto/keyring';
import type { CipherName } from '../../native/crypto/ciphers';

export const ID_SALT_SECRET = 'idSalt';

export interface HallKeyOptions {
  dataDir: string;
  keyFile?: string;
  /** The keyring JSON itself (HALL_KEYRING); wins over the key file. */
  keyringJson?: string;
  /** Cipher of a newly created keyring. */
  cipher?: CipherName;
  warn?: (msg: string) => void;
}

export function openHallKeyring(o: HallKeyOptions): Keyring {
  if (o.keyringJson) return Keyring.parse(o.keyringJson);
  // An in-memory hall (tests) gets an in-memory keyring.
  if (o.dataDir === ':memory:' && !o.keyFile) {
    const ring = Keyring.generate(o.cipher);
    ring.onChange = () => undefined;
    return ring;
  }
  return loadKeyFile(o.keyFile ?? path.join(o.dataDir, 'hall.keys.json'), { cipher: o.cipher, warn: o.warn });
}

/**
 * A secret that used to sit in `meta` beside what it protects moves into the keyring (once; the
 * keyring's copy wins afterwards) and the database row is deleted (secure_delete overwrites it).
 * Returns the secret to use (created when neither place has one).
 */
export function moveSecretToKeyring(store: HallStore, ring: Keyring, metaKey: string, secretName: string, warn?: (msg: string) => void): string {
  const q = store.q;
  const inDb = store.get(q.selectFrom('meta').select('value').where('key', '=', metaKey))?.value ?? null;
  let value = ring.secret(secretName);
  if (!value) {
    value = inDb ?? ring.ensureSecret(secretName);
    if (inDb) ring.setSecret(secretName, inDb);
    if (!ring.onChange) {
      // An environment keyring cannot be written back: keep the DB copy rather than lose it.
      warn?.(`HALL_KEYRING has no ${secretName}: add it; the database copy is kept meanwhile`);
      return value;
    }
  }
  if (inDb !== null) store.run(q.deleteFrom('meta').where('key', '=', metaKey));
  return value;
}

/** The ID-hash salt (it used to sit in `meta` beside the hashes it protects). */
export function moveIdSaltToKeyring(store: HallStore, ring: Keyring, warn?: (msg: string) => void): string {
  return moveSecretToKeyring(store, ring, 'id_salt', ID_SALT_SECRET, warn);
}

export const PHONE_KEY_SECRET = 'phoneKey';

/** The key of the SMS phone numbers (it used to be made in `meta`, beside the ciphertexts). */
export function movePhoneKeyToKeyring(store: HallStore, ring: Keyring, warn?: (msg: string) => void): Buffer {
  return Buffer.from(moveSecretToKeyring(store, ring, 'phone_key_v1', PHONE_KEY_SECRET, warn), 'base64');
}
