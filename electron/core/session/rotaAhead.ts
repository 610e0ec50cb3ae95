// The counter's cached window on the duty rota (counter migration 820): written from every online
// sign-in's answer, read by a sign-in while the hall is unreachable. A row that no longer parses
// (hand-edited, an older build) counts as no row: nothing stored can stop a sign-in.
import { windowRotaAheadSchema } from '../../../domain/api/rota';
import type { WindowRotaAhead } from '../../../domain/rota/ahead';
import type { Db } from '../db';

export function rememberRotaAhead(db: Db, ahead: WindowRotaAhead, now: number): void {
  db.prepare(
    `INSERT INTO rota_ahead (id, window_no, body, fetched_at) VALUES (1, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET window_no = excluded.window_no, body = excluded.body, fetched_at = excluded.fetched_at`,
  ).run(ahead.windowNo, JSON.stringify(ahead), new Date(now).toISOString());
}

export function cachedRotaAhead(db: Db): WindowRotaAhead | null {
  const row = db.prepare('SELECT body FROM rota_ahead WHERE id = 1').get() as { body: string } | undefined;
  if (!row) return null;
  try {
    const r = windowRotaAheadSchema.safeParse(JSON.parse(row.body));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
