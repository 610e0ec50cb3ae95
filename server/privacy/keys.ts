// Where the hall's keys live: a keyring outside the database — the HALL_KEYRING environment
// variable (the key file's JSON, e.g. from a secrets manager) or a 0600 key file
// (`--key-file`, default hall.keys.json in the data directory). The ID-hash salt, which used to
// sit in `meta` beside the hashes it protects, is moved into the keyring on first start.
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
 * The salt moves from the database into the keyring (once; the keyring's copy wins afterwards)
 * and the database row is deleted (secure_delete overwrites it). Returns the salt to use.
 */
export function moveIdSaltToKeyring(store: HallStore, ring: Keyring, warn?: (msg: string) => void): string {
  const q = store.q;
  const inDb = store.get(q.selectFrom('meta').select('value').where('key', '=', 'id_salt'))?.value ?? null;
  let salt = ring.secret(ID_SALT_SECRET);
  if (!salt) {
    salt = inDb ?? ring.ensureSecret(ID_SALT_SECRET);
    if (inDb) ring.setSecret(ID_SALT_SECRET, inDb);
    if (!ring.onChange) {
      // An environment keyring cannot be written back: keep the DB copy rather than lose it.
      warn?.('HALL_KEYRING has no idSalt: add the salt to it; the database copy is kept meanwhile');
      return salt;
    }
  }
  if (inDb !== null) store.run(q.deleteFrom('meta').where('key', '=', 'id_salt'));
  return salt;
}
