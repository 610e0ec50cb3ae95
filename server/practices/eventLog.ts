// The append-only step log of a practice record (problem_events, proxy_events; hall migration 770,
// whose triggers refuse UPDATE and DELETE): one row per step with its actor and time. Every step
// also goes to the hall's own event log (engine.adminEvent) so it is audited with the rest.
import type Database from 'better-sqlite3';

export interface StepEvent {
  seq: number;
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}

export class StepLog {
  private readonly sql;
  constructor(
    db: Database.Database,
    private readonly table: 'problem_events' | 'proxy_events',
    key: 'problem_id' | 'service_id',
  ) {
    this.sql = {
      next: db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM ${table} WHERE ${key} = ?`),
      insert: db.prepare(`INSERT INTO ${table} (${key}, seq, type, actor, at, data) VALUES (?, ?, ?, ?, ?, ?)`),
      list: db.prepare(`SELECT seq, type, actor, at, data FROM ${table} WHERE ${key} = ? ORDER BY seq`),
    };
  }

  append(id: string, type: string, actor: string, at: string, data: Record<string, unknown>): number {
    const seq = (this.sql.next.get(id) as { n: number }).n;
    this.sql.insert.run(id, seq, type, actor, at, JSON.stringify(data));
    return seq;
  }

  list(id: string): StepEvent[] {
    return (this.sql.list.all(id) as { seq: number; type: string; actor: string; at: string; data: string }[]).map((r) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(r.data) as Record<string, unknown>;
      } catch {
        data = { unreadable: true };
      }
      return { seq: r.seq, type: r.type, actor: r.actor, at: r.at, data };
    });
  }
}
