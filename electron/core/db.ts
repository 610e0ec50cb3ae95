// The counter's local SQLite: WAL, synchronous transactions. Its whole schema is the numbered
// migrations in ./db/migrations/ (additive only: counters run mixed versions during a rollout),
// applied by the shared runner storage/migrate.ts; a database from a newer release is refused.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDbFile } from '../../native/crypto/keyring';
import { migrate } from '../../storage/migrate';
import { counterLedger, counterMigrations } from './db/migrations/index';

export type Db = Database.Database;

export function openCounterDb(dataDir: string, file = 'counter.db'): Db {
  const path = dataDir === ':memory:' ? ':memory:' : (mkdirSync(dataDir, { recursive: true, mode: 0o700 }), join(dataDir, file));
  // Owner-only (SQLite gives -wal/-shm the same mode); deleted content overwritten (shredded keys).
  if (path !== ':memory:') ensurePrivateDbFile(path);
  const db = new Database(path);
  try {
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, counterMigrations, counterLedger, path);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
