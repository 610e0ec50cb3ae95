// Applies central migrations in order, each in its own transaction with the migrations row, under
// a transaction-level advisory lock so two central processes starting at once do not race.
// Works the same on PostgreSQL (pg) and PGlite.
import { sql, type Kysely } from 'kysely';
import { centralMigrations } from './migrations';

export interface CentralMigration {
  id: number;
  name: string;
  sql: string;
}

const LOCK_KEY = 7_140_014;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateCentral(db: Kysely<any>, migrations: readonly CentralMigration[] = centralMigrations): Promise<number[]> {
  // The bookkeeping table follows the schema rule too (hall_id '' = the city itself).
  // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can both miss and collide.
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS central_migrations (hall_id text NOT NULL DEFAULT '', id integer NOT NULL, name text NOT NULL, applied_at bigint NOT NULL, PRIMARY KEY (hall_id, id))`.execute(
      tx,
    );
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
      const have = await sql<{ id: number }>`SELECT id FROM central_migrations WHERE hall_id = '' AND id = ${m.id}`.execute(tx);
      if (have.rows.length) return false;
      // One statement at a time: PGlite's extended protocol takes a single statement per query.
      for (const stmt of splitStatements(m.sql)) await sql.raw(stmt).execute(tx);
      await sql`INSERT INTO central_migrations (hall_id, id, name, applied_at) VALUES ('', ${m.id}, ${m.name}, ${Date.now()})`.execute(tx);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}

/** Statements end with ';' at the end of a line (the migrations are written that way); `--` comments dropped. */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter(Boolean);
}
