// The one migration runner of both SQLite databases (the hall server's and the counter's).
// Each database lists its migrations in its own folder (server/db/migrations/,
// electron/core/db/migrations/); this module only applies them: every unapplied id in id order,
// each in its own transaction together with its row in schema_migrations. A database that has
// applied an id this code does not know was written by a newer release: the runner refuses to
// touch it (DB_NEWER_THAN_APP) rather than run old code against a schema it does not understand.
// Migrations are additive (counters run mixed versions during a rollout): no DROP or RENAME of
// anything a release wrote; tests/unit/storage-migrations.test.ts enforces it.
import type Database from 'better-sqlite3';

export interface Migration {
  /** Unique per database, never reused; applied in ascending order. */
  id: number;
  name: string;
  /** One or more statements. Tables that existed before migrations owned them use IF NOT EXISTS. */
  sql: string;
}

/**
 * How a database records applied ids. The two databases predate this runner with different
 * record tables; both keep theirs so existing files upgrade in place:
 * hall `schema_migrations(id, name, applied_at ms)`, counter `schema_migrations(version, applied_at ISO)`.
 */
export interface MigrationLedger {
  idColumn: 'id' | 'version';
  /** The hall's table has a name column, the counter's does not. */
  withName: boolean;
  appliedAt: 'epochMs' | 'iso';
}

export class DbNewerThanAppError extends Error {
  readonly code = 'DB_NEWER_THAN_APP';
  constructor(
    readonly file: string,
    readonly unknownIds: number[],
  ) {
    super(
      `DB_NEWER_THAN_APP: ${file} has migrations this program does not know (${unknownIds.join(', ')}); ` +
        'it was written by a newer release. Install that release (or newer) instead of opening it with this one. ' +
        '数据库由更新版本的程序写入，请升级程序后再打开。',
    );
    this.name = 'DbNewerThanAppError';
  }
}

/** Throws on duplicate ids (a mistake in an index.ts); returns the list sorted by id. */
export function checkMigrationList(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (!Number.isInteger(m.id) || m.id <= 0) throw new Error(`migration id must be a positive integer: ${m.id} (${m.name})`);
    if (seen.has(m.id)) throw new Error(`duplicate migration id ${m.id} (${m.name})`);
    seen.add(m.id);
  }
  return [...migrations].sort((a, b) => a.id - b.id);
}

/** Ids recorded as applied (empty for a new database). */
export function appliedMigrationIds(db: Database.Database, ledger: MigrationLedger): number[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return [];
  return (db.prepare(`SELECT ${ledger.idColumn} AS id FROM schema_migrations ORDER BY ${ledger.idColumn}`).all() as { id: number }[]).map((r) => r.id);
}

/**
 * Apply every migration not yet recorded, in id order. Returns the ids applied now.
 * `file` names the database in the DB_NEWER_THAN_APP message.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], ledger: MigrationLedger, file: string): number[] {
  const list = checkMigrationList(migrations);
  const known = new Set(list.map((m) => m.id));
  const done = new Set(appliedMigrationIds(db, ledger));
  const unknown = [...done].filter((id) => !known.has(id)).sort((a, b) => a - b);
  if (unknown.length) throw new DbNewerThanAppError(file, unknown);

  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (${ledger.idColumn} INTEGER PRIMARY KEY, ${ledger.withName ? 'name TEXT NOT NULL, ' : ''}applied_at ${ledger.appliedAt === 'epochMs' ? 'INTEGER' : 'TEXT'} NOT NULL)`,
  );
  const record = db.prepare(
    ledger.withName
      ? `INSERT INTO schema_migrations (${ledger.idColumn}, name, applied_at) VALUES (?, ?, ?)`
      : `INSERT INTO schema_migrations (${ledger.idColumn}, applied_at) VALUES (?, ?)`,
  );
  const apply = db.transaction((m: Migration) => {
    db.exec(m.sql);
    const at = ledger.appliedAt === 'epochMs' ? Date.now() : new Date().toISOString();
    if (ledger.withName) record.run(m.id, m.name, at);
    else record.run(m.id, at);
  });
  const applied: number[] = [];
  for (const m of list) {
    if (done.has(m.id)) continue;
    apply(m);
    applied.push(m.id);
  }
  return applied;
}
