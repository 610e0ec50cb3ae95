// Field-level encryption at rest with one data key per scope (a case): the applicant fields of
// an event or a cached projection are replaced by {"$sealed": base64} sealed with the case's
// data key; the data key itself is stored wrapped by the keyring's current master key (its id
// kept beside it, so a rotated keyring still opens old rows). Deleting a case's data key makes
// every copy of its applicant data unreadable at once — events, projections, WAL and backups
// alike (crypto-shredding), without rewriting the append-only log.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { cipherFor, type CipherName } from './ciphers';
import type { Keyring } from './keyring';

// The table: data_keys (scope, key_id, cipher, wrapped, created_at, shredded_at), migration 720 on both databases.

export interface Sealed {
  $sealed: string;
}

export const isSealed = (v: unknown): v is Sealed => typeof v === 'object' && v !== null && typeof (v as Sealed).$sealed === 'string';

type DataKey = { cipher: CipherName; key: Buffer } | 'shredded';

/** Marks a byte string sealed by sealBytes (legacy plain bytes never start with it: ESC/POS starts with ESC). */
const SEALED_BYTES_MAGIC = Buffer.from('HCSEAL1\0', 'latin1');

export class FieldSealer {
  private readonly cache = new Map<string, DataKey>();
  private readonly sql;

  constructor(
    private readonly db: Database.Database,
    private readonly ring: Keyring,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      get: db.prepare('SELECT key_id, cipher, wrapped FROM data_keys WHERE scope = ?'),
      insert: db.prepare('INSERT INTO data_keys (scope, key_id, cipher, wrapped, created_at) VALUES (?, ?, ?, ?, ?)'),
      shred: db.prepare('UPDATE data_keys SET key_id = NULL, wrapped = NULL, shredded_at = ? WHERE scope = ? AND wrapped IS NOT NULL'),
      shredNew: db.prepare('INSERT OR IGNORE INTO data_keys (scope, key_id, cipher, wrapped, created_at, shredded_at) VALUES (?, NULL, ?, NULL, ?, ?)'),
      all: db.prepare('SELECT scope, key_id, cipher, wrapped FROM data_keys WHERE wrapped IS NOT NULL AND key_id != ?'),
      rewrap: db.prepare('UPDATE data_keys SET key_id = ?, wrapped = ? WHERE scope = ?'),
    };
  }

  private load(scope: string): DataKey | null {
    const hit = this.cache.get(scope);
    if (hit) return hit;
    const r = this.sql.get.get(scope) as { key_id: string | null; cipher: CipherName; wrapped: Buffer | null } | undefined;
    if (!r) return null;
    let dk: DataKey = 'shredded';
    if (r.wrapped && r.key_id) {
      const master = this.ring.key(r.key_id);
      if (!master) throw new Error(`master key ${r.key_id} is not in the keyring`);
      dk = { cipher: r.cipher, key: cipherFor(master.cipher).open(master.key, r.wrapped, `dk:${scope}`) };
    }
    this.remember(scope, dk);
    return dk;
  }

  private remember(scope: string, dk: DataKey): void {
    if (this.cache.size >= 20_000) this.cache.clear();
    this.cache.set(scope, dk);
  }

  /** The scope's data key, created on first use (call inside the writer's transaction). */
  private keyFor(scope: string): DataKey {
    const got = this.load(scope);
    if (got) return got;
    const master = this.ring.key(this.ring.currentId)!;
    const key = crypto.randomBytes(32);
    const wrapped = cipherFor(master.cipher).seal(master.key, key, `dk:${scope}`);
    this.sql.insert.run(scope, this.ring.currentId, master.cipher, wrapped, this.now());
    const dk = { cipher: master.cipher, key };
    this.remember(scope, dk);
    return dk;
  }

  /**
   * Seal the named top-level fields of `obj` (absent fields stay absent). A shredded scope seals
   * nothing: the value is dropped and replaced by `tombstone`.
   */
  seal<T extends Record<string, unknown>>(scope: string, obj: T, fields: readonly string[], tombstone: unknown = null): T {
    let out: Record<string, unknown> | null = null;
    for (const f of fields) {
      const v = obj[f];
      if (v === undefined || isSealed(v)) continue;
      const dk = this.keyFor(scope);
      out ??= { ...obj };
      out[f] =
        dk === 'shredded'
          ? tombstone
          : {
              $sealed: cipherFor(dk.cipher)
                .seal(dk.key, Buffer.from(JSON.stringify(v)), `${scope}:${f}`)
                .toString('base64'),
            };
    }
    return (out ?? obj) as T;
  }

  /** Open sealed fields; a shredded (or undecryptable) value becomes `tombstone`. Plain legacy values pass through. */
  open<T extends Record<string, unknown>>(scope: string, obj: T, fields: readonly string[], tombstone: unknown = null): T {
    let out: Record<string, unknown> | null = null;
    for (const f of fields) {
      const v = obj[f];
      if (!isSealed(v)) continue;
      out ??= { ...obj };
      const dk = this.load(scope);
      if (!dk || dk === 'shredded') {
        out[f] = tombstone;
        continue;
      }
      out[f] = JSON.parse(cipherFor(dk.cipher).open(dk.key, Buffer.from(v.$sealed, 'base64'), `${scope}:${f}`).toString('utf8')) as unknown;
    }
    return (out ?? obj) as T;
  }

  /** Seal a byte string under the scope's data key (MAGIC + sealed bytes). A shredded scope gives null. */
  sealBytes(scope: string, plain: Buffer): Buffer | null {
    const dk = this.keyFor(scope);
    if (dk === 'shredded') return null;
    return Buffer.concat([SEALED_BYTES_MAGIC, cipherFor(dk.cipher).seal(dk.key, plain, `${scope}:bytes`)]);
  }

  /** Open sealBytes' output; plain legacy bytes pass through; a shredded scope gives null. */
  openBytes(scope: string, stored: Buffer): Buffer | null {
    if (!stored.subarray(0, SEALED_BYTES_MAGIC.length).equals(SEALED_BYTES_MAGIC)) return stored;
    const dk = this.load(scope);
    if (!dk || dk === 'shredded') return null;
    return cipherFor(dk.cipher).open(dk.key, stored.subarray(SEALED_BYTES_MAGIC.length), `${scope}:bytes`);
  }

  /** Crypto-shred: the scope's data key is deleted; its sealed values can never be opened again. */
  shred(scope: string): boolean {
    const now = this.now();
    const n = this.sql.shred.run(now, scope).changes;
    // A scope never sealed is marked too, so a late event for it is not sealed with a fresh key.
    if (n === 0) this.sql.shredNew.run(scope, 'aes-256-gcm', now, now);
    this.cache.set(scope, 'shredded');
    return n > 0;
  }

  isShredded(scope: string): boolean {
    return this.load(scope) === 'shredded';
  }

  /** After a key rotation: re-wrap every data key under the current master key (data untouched). */
  rewrapAll(): number {
    const cur = this.ring.currentId;
    const master = this.ring.key(cur)!;
    const rows = this.sql.all.all(cur) as { scope: string; key_id: string; cipher: CipherName; wrapped: Buffer }[];
    const tx = this.db.transaction(() => {
      for (const r of rows) {
        const old = this.ring.key(r.key_id);
        if (!old) continue;
        const key = cipherFor(old.cipher).open(old.key, r.wrapped, `dk:${r.scope}`);
        this.sql.rewrap.run(cur, cipherFor(master.cipher).seal(master.key, key, `dk:${r.scope}`), r.scope);
      }
    });
    tx();
    return rows.length;
  }
}
