// Encryption at rest on the counter: the counter's keyring (from Electron safeStorage via the
// main process, or a 0600 key file in the data directory in browser mode) and the per-case
// field sealer, attached to the counter DB so the event log seals applicant fields on write and
// opens them on read. The search key (HMAC of ID numbers/names) moves from `meta` into the keyring.
import path from 'node:path';
import { getMeta, type Db } from '../db';
import { FieldSealer } from '../../../native/crypto/fieldSealer';
import { Keyring, loadKeyFile } from '../../../native/crypto/keyring';

export const COUNTER_KEY_FILE = 'counter.keys.json';
const SEARCH_KEY_SECRET = 'searchKey';

interface AtRest {
  ring: Keyring;
  sealer: FieldSealer;
}
const attached = new WeakMap<Db, AtRest>();

/**
 * The counter's keyring: `keyringJson` as handed over by the Electron main process (kept there
 * encrypted with safeStorage; changes go back through `persist`), else the key file.
 */
export function openCounterKeyring(o: { dataDir: string; keyringJson?: string; persist?: (json: string) => void }): Keyring {
  if (o.keyringJson) {
    const ring = Keyring.parse(o.keyringJson);
    ring.onChange = (d) => o.persist?.(JSON.stringify(d));
    return ring;
  }
  if (o.dataDir === ':memory:') {
    const ring = Keyring.generate();
    ring.onChange = () => undefined;
    return ring;
  }
  return loadKeyFile(path.join(o.dataDir, COUNTER_KEY_FILE));
}

/** Seal applicant fields in this DB from now on (legacy plain rows still read). */
export function attachAtRest(db: Db, ring: Keyring, now: () => number = Date.now): FieldSealer {
  const sealer = new FieldSealer(db, ring, now);
  attached.set(db, { ring, sealer });
  const legacy = getMeta(db, SEARCH_KEY_SECRET);
  if (legacy) {
    if (!ring.secret(SEARCH_KEY_SECRET)) ring.setSecret(SEARCH_KEY_SECRET, legacy);
    db.prepare('DELETE FROM meta WHERE key = ?').run(SEARCH_KEY_SECRET);
  }
  return sealer;
}

export function sealerOf(db: Db): FieldSealer | null {
  return attached.get(db)?.sealer ?? null;
}

/** The search-hash key: from the keyring when attached, else (tests of single modules) from meta. */
export function keyringSecret(db: Db, name: string): string | null {
  const a = attached.get(db);
  return a ? a.ring.ensureSecret(name) : null;
}
