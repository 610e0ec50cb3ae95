// Durable outbox: what must reach the hall server is written locally first (one SQLite
// transaction with the change that caused it), then pushed at least once. Network errors and
// 5xx retry with backoff and jitter, without waiting for a new local write; a 4xx is a
// permanent rejection that goes to the dead-letter state and never blocks the rows behind it.
import type { Db } from '../db';
import { CodedError } from '../../../domain/api/errors';
import type { SyncStatus } from '../../../domain/contract/core';

export type OutboxSender = (kind: string, body: unknown) => Promise<void>;

interface Row {
  id: string;
  kind: string;
  body: string;
  attempts: number;
}

export class Outbox {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing = false;
  private failures = 0;
  private lastSuccessAt: string | null = null;
  private online = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly send: OutboxSender,
    private readonly onStatus: (s: SyncStatus) => void,
  ) {}

  enqueue(id: string, kind: string, body: unknown): void {
    this.db.prepare('INSERT OR IGNORE INTO outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?)').run(id, kind, JSON.stringify(body), new Date().toISOString());
    this.emit();
    this.schedule(0);
  }

  status(): SyncStatus {
    const c = this.db.prepare(`SELECT SUM(state = 'pending') AS pending, SUM(state = 'dead') AS dead FROM outbox`).get() as { pending: number | null; dead: number | null };
    return { online: this.online, pending: c.pending ?? 0, deadLetters: c.dead ?? 0, lastSuccessAt: this.lastSuccessAt };
  }

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const rows = this.db.prepare(`SELECT id, kind, body, attempts FROM outbox WHERE state = 'pending' ORDER BY created_at, id LIMIT 100`).all() as Row[];
      for (const row of rows) {
        try {
          await this.send(row.kind, JSON.parse(row.body));
          this.db.prepare(`UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = NULL WHERE id = ?`).run(row.id);
          this.lastSuccessAt = new Date().toISOString();
          this.online = true;
          this.failures = 0;
        } catch (err) {
          const permanent = err instanceof CodedError && err.status >= 400 && err.status < 500;
          const msg = err instanceof CodedError ? `${err.code}: ${err.message}` : String(err);
          this.db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = ? WHERE id = ?`).run(msg, permanent ? 'dead' : 'pending', row.id);
          if (!permanent) {
            this.online = false;
            this.failures++;
            break;
          }
        }
      }
    } finally {
      this.flushing = false;
      this.emit();
      const more = this.status().pending > 0;
      if (more) this.schedule(this.failures === 0 ? 0 : this.backoff());
    }
  }

  private backoff(): number {
    const base = Math.min(60_000, 1000 * 2 ** Math.min(this.failures, 6));
    return base / 2 + Math.random() * (base / 2);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private emit(): void {
    this.onStatus(this.status());
  }
}
