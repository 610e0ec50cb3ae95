// The migrations of both SQLite databases (server/db/migrations/, electron/core/db/migrations/)
// and their one runner (storage/migrate.ts):
// - additive only: applied one at a time on an empty database, no table or column that existed
//   after an earlier migration is gone (dropped or renamed) after a later one;
// - a fresh database and an old one upgraded in place end with the same tables, columns and indexes;
// - a database with a migration id the code does not know is refused with DB_NEWER_THAN_APP;
// - no CREATE/ALTER TABLE anywhere in server/, electron/, native/ outside a migrations folder.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appliedMigrationIds, checkMigrationList, DbNewerThanAppError, migrate, type Migration, type MigrationLedger } from '../../storage/migrate';
import { hallLedger, hallMigrations } from '../../server/db/migrations/index';
import { counterLedger, counterMigrations } from '../../electron/core/db/migrations/index';
import { openStore } from '../../server/db/connection';
import { openCounterDb } from '../../electron/core/db';

type Shape = { tables: Record<string, string[]>; indexes: string[] };

/** Tables → "column type" (PRAGMA table_info) and index names: what a release wrote. */
function shape(db: Database.Database): Shape {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const tables: Record<string, string[]> = {};
  for (const t of names) tables[t] = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string }[]).map((c) => `${c.name} ${c.type}`);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return { tables, indexes };
}

/** What `before` had that `after` lost: tables and columns (a rename shows as a loss). */
function lost(before: Shape, after: Shape): string[] {
  const out: string[] = [];
  for (const [t, cols] of Object.entries(before.tables)) {
    const now = after.tables[t];
    if (!now) out.push(`table ${t}`);
    else for (const c of cols) if (!now.includes(c)) out.push(`column ${t}.${c}`);
  }
  return out;
}

const dbs: { name: string; migrations: readonly Migration[]; ledger: MigrationLedger; fixture: string }[] = [
  { name: 'hall', migrations: hallMigrations, ledger: hallLedger, fixture: 'tests/fixtures/db/hall-v0.sqlite' },
  { name: 'counter', migrations: counterMigrations, ledger: counterLedger, fixture: 'tests/fixtures/db/counter-v0.sqlite' },
];

describe.each(dbs)('$name database migrations', ({ migrations, ledger, fixture }) => {
  it('has unique ids, listed in ascending order', () => {
    const ids = migrations.map((m) => m.id);
    expect(checkMigrationList(migrations).map((m) => m.id)).toEqual(ids);
  });

  it('is additive only: no table or column is dropped or renamed by a later migration', () => {
    const db = new Database(':memory:');
    const list = checkMigrationList(migrations);
    let prev = shape(db);
    for (let i = 0; i < list.length; i++) {
      expect(migrate(db, list.slice(0, i + 1), ledger, ':memory:')).toEqual([list[i]!.id]);
      const next = shape(db);
      expect(lost(prev, next), `after migration ${list[i]!.id} (${list[i]!.name})`).toEqual([]);
      prev = next;
    }
    expect(appliedMigrationIds(db, ledger)).toEqual(list.map((m) => m.id));
    expect(migrate(db, list, ledger, ':memory:')).toEqual([]); // idempotent
    db.close();
  });

  it('the lost() check itself catches a drop and a rename', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a TEXT, b INTEGER); CREATE TABLE u (x TEXT)');
    const before = shape(db);
    db.exec('ALTER TABLE t RENAME COLUMN b TO c; DROP TABLE u');
    expect(lost(before, shape(db))).toEqual(['column t.b INTEGER', 'table u']);
    db.close();
  });

  it('an old database upgraded in place ends with the same tables, columns and indexes as a new one', () => {
    const fresh = new Database(':memory:');
    migrate(fresh, migrations, ledger, ':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'migr-shape-'));
    copyFileSync(fixture, join(dir, 'old.sqlite'));
    const old = new Database(join(dir, 'old.sqlite'));
    const v0 = shape(old);
    migrate(old, migrations, ledger, join(dir, 'old.sqlite'));
    const upgraded = shape(old);
    expect(lost(v0, upgraded)).toEqual([]);
    expect(upgraded).toEqual(shape(fresh));
    old.close();
    fresh.close();
  });

  it('refuses a database that has applied a migration this code does not know, and changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migr-newer-'));
    const file = join(dir, 'db.sqlite');
    copyFileSync(fixture, file);
    const db = new Database(file);
    const at = ledger.appliedAt === 'epochMs' ? Date.now() : new Date().toISOString();
    if (ledger.withName) db.prepare(`INSERT INTO schema_migrations (${ledger.idColumn}, name, applied_at) VALUES (?, 'from the future', ?)`).run(9999, at);
    else db.prepare(`INSERT INTO schema_migrations (${ledger.idColumn}, applied_at) VALUES (?, ?)`).run(9999, at);
    const before = appliedMigrationIds(db, ledger);
    let err: unknown;
    try {
      migrate(db, migrations, ledger, file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DbNewerThanAppError);
    expect(err).toMatchObject({ code: 'DB_NEWER_THAN_APP', unknownIds: [9999], file });
    expect((err as Error).message).toContain('9999');
    expect((err as Error).message).toContain(file);
    expect(appliedMigrationIds(db, ledger)).toEqual(before);
    db.close();
  });
});

describe('the databases refuse a newer file when opened by the app', () => {
  it('hall: openStore throws DB_NEWER_THAN_APP naming the unknown ids and hall.sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migr-hall-newer-'));
    copyFileSync('tests/fixtures/db/hall-v0.sqlite', join(dir, 'hall.sqlite'));
    const db = new Database(join(dir, 'hall.sqlite'));
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (9700, 'x', 0), (9701, 'y', 0)").run();
    db.close();
    expect(() => openStore(dir)).toThrow(/DB_NEWER_THAN_APP: .*hall\.sqlite .*9700, 9701/);
  });

  it('counter: openCounterDb throws DB_NEWER_THAN_APP naming the unknown id and counter.db', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migr-counter-newer-'));
    copyFileSync('tests/fixtures/db/counter-v0.sqlite', join(dir, 'counter.db'));
    const db = new Database(join(dir, 'counter.db'));
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (63, '2030-01-01T00:00:00.000Z')").run();
    db.close();
    expect(() => openCounterDb(dir)).toThrow(/DB_NEWER_THAN_APP: .*counter\.db .*\(63\)/);
  });
});

describe('schema ownership', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : files(p);
      return /\.(ts|tsx|js|mjs|cjs)$/.test(n) ? [p] : [];
    });

  it('no table is created or altered outside a db/migrations folder (server/, electron/, native/)', () => {
    const offenders: string[] = [];
    for (const f of ['server', 'electron', 'native'].flatMap(files)) {
      if (/[\\/]db[\\/]migrations[\\/]/.test(f)) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\b(CREATE\s+(TEMP(ORARY)?\s+|VIRTUAL\s+)?TABLE|ALTER\s+TABLE)\b/i.test(line))
            offenders.push(`${relative('.', f)}:${i + 1}: ${line.trim().slice(0, 100)}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('every migration file of each folder is listed in its index.ts', () => {
    for (const [dir, list] of [
      ['server/db/migrations', hallMigrations],
      ['electron/core/db/migrations', counterMigrations],
    ] as const) {
      const onDisk = readdirSync(dir)
        .filter((n) => /^\d{3}-.+\.ts$/.test(n))
        .map((n) => Number(n.slice(0, 3)))
        .sort((a, b) => a - b);
      expect(onDisk, dir).toEqual(list.map((m) => m.id));
    }
  });
});
