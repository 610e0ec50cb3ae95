// The data layer. Kysely builds and compiles every query (so a PostgreSQL dialect can join
// later); better-sqlite3 executes them synchronously with cached prepared statements, so a
// queue transaction (read candidates → pick → update → event row) runs start to finish
// without yielding to the event loop: no other request can interleave, which is what makes
// concurrent "call next" safe. A PostgreSQL backend would run the same compiled queries
// inside an async transaction holding a hall-level advisory lock.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, DummyDriver, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable, type CompiledQuery } from 'kysely';
import type { HallDB } from './schema';
import { migrate as runMigrations } from '../../storage/migrate';
import { hallLedger, hallMigrations } from './migrations/index';
import { Checkpointer } from './checkpointer';
import { ensurePrivateDbFile } from '../../native/crypto/keyring';

export class HallStore {
  /** Query builder only: never executes (compile-only dialect). */
  readonly q: Kysely<HallDB>;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(
    readonly raw: Database.Database,
    private readonly checkpointer: Checkpointer | null = null,
  ) {
    this.q = new Kysely<HallDB>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
  }

  private stmt(c: CompiledQuery): Database.Statement {
    let s = this.stmts.get(c.sql);
    if (!s) {
      s = this.raw.prepare(c.sql);
      this.stmts.set(c.sql, s);
    }
    return s;
  }

  all<R>(query: Compilable<R>): R[] {
    const c = query.compile();
    return this.stmt(c).all(...(c.parameters as unknown[])) as R[];
  }

  get<R>(query: Compilable<R>): R | undefined {
    const c = query.compile();
    return this.stmt(c).get(...(c.parameters as unknown[])) as R | undefined;
  }

  run(query: Compilable<unknown>): Database.RunResult {
    const c = query.compile();
    return this.stmt(c).run(...(c.parameters as unknown[]));
  }

  /**
   * Compile once, bind many times: for the hot queue queries. The builder is built with
   * placeholder values; callers pass the real parameters in the same order.
   */
  prepare(query: Compilable<unknown>, params: number): Database.Statement {
    const c = query.compile();
    if (c.parameters.length !== params) throw new Error(`prepared query expects ${params} parameters, compiled ${c.parameters.length}: ${c.sql}`);
    return this.stmt(c);
  }

  /**
   * Synchronous transaction (BEGIN IMMEDIATE): nested calls become savepoints. Hand-rolled with
   * prepared statements because better-sqlite3's transaction() builds a new wrapper per call,
   * which cost more than the queue work itself at thousands of calls a second.
   */
  tx<T>(fn: () => T): T {
    const t = (this.txStmts ??= {
      begin: this.raw.prepare('BEGIN IMMEDIATE'),
      commit: this.raw.prepare('COMMIT'),
      rollback: this.raw.prepare('ROLLBACK'),
      save: this.raw.prepare('SAVEPOINT hall_tx'),
      release: this.raw.prepare('RELEASE hall_tx'),
      undo: this.raw.prepare('ROLLBACK TO hall_tx'),
    });
    const nested = this.raw.inTransaction;
    (nested ? t.save : t.begin).run();
    try {
      const result = fn();
      (nested ? t.release : t.commit).run();
      return result;
    } catch (e) {
      // SQLite may already have rolled back on its own (e.g. SQLITE_FULL): only undo what is open.
      if (this.raw.inTransaction) {
        if (nested) {
          t.undo.run();
          t.release.run();
        } else t.rollback.run();
      }
      throw e;
    }
  }

  private txStmts: Record<'begin' | 'commit' | 'rollback' | 'save' | 'release' | 'undo', Database.Statement> | undefined;

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.raw.open) {
      // Fold the WAL back into the database file on a clean shutdown.
      if (this.checkpointer) this.raw.pragma('wal_checkpoint(TRUNCATE)');
      this.raw.close();
    }
  }
}

export function openStore(dataDir: string, opts: { synchronous?: 'NORMAL' | 'FULL' } = {}): HallStore {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    file = path.join(dataDir, 'hall.sqlite');
    // Owner-only: SQLite gives the -wal and -shm files the database file's mode.
    ensurePrivateDbFile(file);
  }
  const raw = new Database(file);
  // Deleted content (a shredded data key, a moved salt) is overwritten, not left in free pages.
  raw.pragma('secure_delete = ON');
  raw.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (SIGKILL); FULL also survives power loss.
  raw.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // A day's tickets, events and their indexes fit in memory: the default 2 MB page cache makes
  // every ticket lookup a read() once the day has a few thousand tickets.
  raw.pragma('cache_size = -65536');
  raw.pragma('temp_store = MEMORY');
  try {
    migrate(raw, file);
  } catch (e) {
    raw.close();
    throw e;
  }
  if (file === ':memory:') return new HallStore(raw);
  raw.pragma('wal_autocheckpoint = 20000');
  return new HallStore(raw, new Checkpointer(file));
}

/** Bring the hall database up to this code's schema (server/db/migrations/); refuses a newer one. */
export function migrate(raw: Database.Database, file = ':memory:'): number[] {
  return runMigrations(raw, hallMigrations, hallLedger, file);
}
