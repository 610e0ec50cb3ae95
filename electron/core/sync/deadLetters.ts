// Dead letters: local events the hall server rejected permanently (a 4xx with a code and a
// Chinese message). They stay in the log (never deleted, never re-sent), are left out of the
// projection, and show in the counter's and manager's lists until a person resolves them
// (e.g. after re-entering the case correctly) with a note.
import type { Db } from '../db';
import type { DeadLetter } from '../../../domain/contract/core';

interface Row {
  id: string;
  stream: string;
  stream_id: string;
  kind: string;
  seq: number;
  at: string;
  rejected_code: string;
  rejected_message: string;
  resolved_at: string | null;
  resolved_note: string | null;
}

export function listDeadLetters(db: Db, includeResolved = false): DeadLetter[] {
  const rows = db
    .prepare(
      `SELECT id, stream, stream_id, kind, seq, at, rejected_code, rejected_message, resolved_at, resolved_note FROM events
    WHERE origin = 'local' AND rejected_code IS NOT NULL ${includeResolved ? '' : 'AND resolved_at IS NULL'} ORDER BY seq`,
    )
    .all() as Row[];
  return rows.map((r) => ({
    id: r.id,
    stream: r.stream,
    streamId: r.stream_id,
    kind: r.kind,
    seq: r.seq,
    at: r.at,
    code: r.rejected_code,
    message: r.rejected_message,
    resolvedAt: r.resolved_at,
    resolvedNote: r.resolved_note,
  }));
}

export function countDeadLetters(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE origin = 'local' AND rejected_code IS NOT NULL AND resolved_at IS NULL`).get() as { n: number }).n;
}

export function resolveDeadLetter(db: Db, id: string, note: string, now: Date = new Date()): boolean {
  return (
    db
      .prepare(`UPDATE events SET resolved_at = ?, resolved_note = ? WHERE id = ? AND rejected_code IS NOT NULL AND resolved_at IS NULL`)
      .run(now.toISOString(), note, id).changes > 0
  );
}
