// One Kysely handle over either a real PostgreSQL (pg Pool) or an embedded PGlite in a data
// directory (demo and fast tests). Same migrations, same queries.
import { Kysely, PostgresDialect, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { KyselyPGlite } from 'kysely-pglite';
import type { CentralDB } from './schema';

export interface CentralStore {
  db: Kysely<CentralDB>;
  kind: 'pg' | 'pglite';
  close(): Promise<void>;
}

export async function openStore(opts: { pg?: string; dataDir?: string; poolSize?: number }): Promise<CentralStore> {
  if (opts.pg) {
    const pool = new pg.Pool({ connectionString: opts.pg, max: opts.poolSize ?? 10 });
    // A server restart kills every connection: an idle client reports on the pool, a checked-out
    // one on itself (unheard, that 'error' would crash the process). The query in flight fails
    // (the push is answered 500 and resent), the next query gets a fresh connection.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<CentralDB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'pg', close: () => db.destroy() };
  }
  const client = new PGlite(opts.dataDir ?? 'memory://');
  await client.waitReady;
  const db = new Kysely<CentralDB>({ dialect: serialized(new KyselyPGlite(client).dialect) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}

/**
 * PGlite is one session: kysely-pglite hands every caller the same connection, so two
 * concurrent transactions would interleave their statements. One connection at a time here
 * (acquire waits for the previous release), i.e. a pool of size one.
 */
function serialized(inner: Dialect): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: (): Driver => {
      const d = inner.createDriver();
      let tail: Promise<void> = Promise.resolve();
      const releases = new WeakMap<DatabaseConnection, () => void>();
      return {
        init: () => d.init(),
        destroy: () => d.destroy(),
        beginTransaction: (c, s) => d.beginTransaction(c, s),
        commitTransaction: (c) => d.commitTransaction(c),
        rollbackTransaction: (c) => d.rollbackTransaction(c),
        async acquireConnection() {
          let release!: () => void;
          const mine = new Promise<void>((r) => (release = r));
          const prev = tail;
          tail = prev.then(() => mine);
          await prev;
          const conn = await d.acquireConnection();
          // A fresh wrapper object per acquisition, so the WeakMap key is unique.
          const wrapped: DatabaseConnection = {
            // kysely-pglite passes PGlite's result through; Kysely reads numAffectedRows (bigint).
            async executeQuery(q) {
              const r = (await conn.executeQuery(q)) as { rows: unknown[]; affectedRows?: number; numAffectedRows?: bigint };
              return r.numAffectedRows === undefined && r.affectedRows !== undefined
                ? ({ rows: r.rows, numAffectedRows: BigInt(r.affectedRows) } as never)
                : (r as never);
            },
            streamQuery: (q, n) => conn.streamQuery(q, n),
          };
          releases.set(wrapped, release);
          return wrapped;
        },
        async releaseConnection(c) {
          releases.get(c)?.();
        },
      };
    },
  };
}
