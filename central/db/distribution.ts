// The distribution rule: every table has hall_id in its primary key, so each can become a Citus
// distributed table (`SELECT create_distributed_table(t, 'hall_id')`) colocated by hall. The
// check reads information_schema, the same on PostgreSQL and PGlite.
import { sql, type Kysely } from 'kysely';

export interface TableKeyReport {
  table: string;
  hasHallId: boolean;
  hallIdInPrimaryKey: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function tableKeyReport(db: Kysely<any>, schema = 'public'): Promise<TableKeyReport[]> {
  const r = await sql<{ table_name: string; has_col: boolean; in_pk: boolean }>`
    SELECT t.table_name,
      EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'hall_id') AS has_col,
      EXISTS (SELECT 1 FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
        WHERE tc.table_schema = t.table_schema AND tc.table_name = t.table_name AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = 'hall_id') AS in_pk
    FROM information_schema.tables t WHERE t.table_schema = ${schema} AND t.table_type = 'BASE TABLE' ORDER BY t.table_name`.execute(db);
  return r.rows.map((x) => ({ table: x.table_name, hasHallId: !!x.has_col, hallIdInPrimaryKey: !!x.in_pk }));
}

/** Tables breaking the rule (empty = the schema can be distributed by hall). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function tablesNotDistributable(db: Kysely<any>, schema = 'public'): Promise<string[]> {
  return (await tableKeyReport(db, schema)).filter((t) => !t.hallIdInPrimaryKey).map((t) => t.table);
}
