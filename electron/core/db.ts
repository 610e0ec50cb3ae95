// The counter's local SQLite: WAL, synchronous transactions, numbered additive migrations
// (counters run mixed versions during a rollout, so a migration never drops or renames).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDbFile } from '../../native/crypto/keyring';

export type Db = Database.Database;

export interface Migration {
  version: number;
  up: string;
}

const migrations: Migration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        state TEXT NOT NULL DEFAULT 'pending'
      );
      CREATE INDEX outbox_state ON outbox(state, created_at);
      CREATE TABLE cached_credentials (
        work_no TEXT PRIMARY KEY,
        verifier TEXT NOT NULL,
        salt TEXT NOT NULL,
        staff_json TEXT NOT NULL,
        window_no INTEGER,
        updated_at TEXT NOT NULL
      );
    `,
  },
];

/** Extra migrations registered by feature modules (cases, sync, print queue) before open. */
export function registerMigrations(extra: Migration[]): void {
  for (const m of extra) {
    if (migrations.some((x) => x.version === m.version)) throw new Error(`duplicate migration ${m.version}`);
    migrations.push(m);
  }
  migrations.sort((a, b) => a.version - b.version);
}

export function openCounterDb(dataDir: string, file = 'counter.db'): Db {
  const path = dataDir === ':memory:' ? ':memory:' : (mkdirSync(dataDir, { recursive: true, mode: 0o700 }), join(dataDir, file));
  // Owner-only (SQLite gives -wal/-shm the same mode); deleted content overwritten (shredded keys).
  if (path !== ':memory:') ensurePrivateDbFile(path);
  const db = new Database(path);
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const apply = db.transaction((m: Migration) => {
    db.exec(m.up);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
  });
  for (const m of migrations) if (!done.has(m.version)) apply(m);
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
