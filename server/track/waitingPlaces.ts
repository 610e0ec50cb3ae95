// Each followed category's waiting places (sorted queue_pos), kept up to date from the event log
// instead of re-read whole at every evaluation: at ~10,000 waiting per category that read cost
// ~3 ms of the event loop four times a second, on the same thread that answers call-next. A
// category is read whole once, when first asked for; after that only tickets the log names are
// read again (absolute state, so reading one twice or late is harmless).
import { countBelow } from '../../domain/queue/trackLine';

export interface PlaceRow {
  id: string;
  category: string;
  status: string;
  queue_pos: number;
}

export interface PlaceReads {
  /** A category's waiting tickets. */
  line(category: string): { id: string; queue_pos: number }[];
  /** These tickets as they are now (missing ones are gone). */
  tickets(ids: string[]): PlaceRow[];
}

const READ_SLICE = 500;

export class WaitingPlaces {
  private readonly sorted = new Map<string, number[]>();
  /** Ticket id → the cached line it sits in, and its place there. */
  private readonly held = new Map<string, { category: string; pos: number }>();

  /** Whole lines read, and single tickets read again (for the tests and the bench). */
  readonly stats = { lines: 0, tickets: 0 };

  constructor(private readonly reads: PlaceReads) {}

  /** The category's waiting places, ascending. The array is live: copy it to keep a snapshot. */
  of(category: string): readonly number[] {
    let s = this.sorted.get(category);
    if (!s) {
      const rows = this.reads.line(category);
      this.stats.lines++;
      s = rows.map((r) => r.queue_pos).sort((a, b) => a - b);
      for (const r of rows) this.held.set(r.id, { category, pos: r.queue_pos });
      this.sorted.set(category, s);
    }
    return s;
  }

  get categories(): number {
    return this.sorted.size;
  }

  /** Forget everything (the log was too long to follow, or the day was reset): lines are read whole again when asked for. */
  clear(): void {
    this.sorted.clear();
    this.held.clear();
  }

  /** Changes from the event log: tickets in, or moving between, cached lines are read again. Returns how many were read. */
  apply(changes: readonly { ticket_id: string | null; category: string | null }[]): number {
    if (!this.sorted.size) return 0;
    const ids = new Set<string>();
    for (const c of changes) {
      if (!c.ticket_id) continue;
      if (this.held.has(c.ticket_id) || (c.category !== null && this.sorted.has(c.category))) ids.add(c.ticket_id);
    }
    if (!ids.size) return 0;
    const list = [...ids];
    this.stats.tickets += list.length;
    const found = new Set<string>();
    for (let i = 0; i < list.length; i += READ_SLICE) {
      for (const row of this.reads.tickets(list.slice(i, i + READ_SLICE))) {
        found.add(row.id);
        this.place(row.id, row.status === 'waiting' ? row.category : null, row.queue_pos);
      }
    }
    for (const id of list) if (!found.has(id)) this.place(id, null, 0);
    return list.length;
  }

  /** Moves one ticket to `category` at `pos` (null: out of every line). */
  private place(id: string, category: string | null, pos: number): void {
    const was = this.held.get(id);
    if (was && was.category === category && was.pos === pos) return;
    if (was) {
      const s = this.sorted.get(was.category);
      if (s) {
        const i = countBelow(s, was.pos);
        if (s[i] === was.pos) s.splice(i, 1);
      }
      this.held.delete(id);
    }
    const s = category === null ? undefined : this.sorted.get(category);
    if (!s) return;
    const i = countBelow(s, pos);
    if (s[i] !== pos) s.splice(i, 0, pos);
    this.held.set(id, { category: category!, pos });
  }
}
