// Line counts and heads: how many tickets wait per category, per `category|priority` line and
// aimed at a window or clerk ('@targeted'), and the head of each line, kept in memory so issuing
// and snapshots need no O(waiting) count and call-next skips the index probes of empty lines.
// Changes are staged during a transaction and applied only after it commits; a rolled-back
// transaction (or a day reset) makes the engine recount from the database.
import { sql as ksql } from 'kysely';
import type { HallStore } from '../db/connection';
import { priorityClassSchema, type PriorityClass } from '../../domain/api/hall';
import type { Candidate } from '../../domain/queue/select';
import { WAITING, type HeadRow, type Statements } from './statements';

const PRIORITIES = priorityClassSchema.options;
const TARGETED = '@targeted';

/** What a count change needs to know of a ticket. */
export interface LineTicket {
  category: string;
  priority: string;
  target_window: number | null;
  target_clerk: string | null;
}

export class Lines {
  private waitingCounts = new Map<string, number>();
  /** Journal of staged changes (to undo a rejected request's share) and their sums by key. */
  private staged: [string, number][] = [];
  private readonly stagedSum = new Map<string, number>();
  private recount = true;
  /**
   * `category|priority` → the head of that line as last read (null: none untargeted). Every
   * change to a line goes through stage(), which drops its entry; rollbacks drop them all.
   */
  private readonly heads = new Map<string, HeadRow | null>();
  private lastPos: number;
  /** Category → its `category|priority` keys in PRIORITIES order, built once (no string per probe). */
  private readonly lineKeys = new Map<string, string[]>();

  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
  ) {
    this.lastPos = store.get(store.q.selectFrom('tickets').select((eb) => eb.fn.max('queue_pos').as('p')))?.p ?? 0;
  }

  /** A strictly increasing position in line (ms × 1000), so ties never depend on row order. */
  nextPos(ms: number): number {
    this.lastPos = Math.max(ms * 1000, this.lastPos + 1);
    return this.lastPos;
  }

  /** A waiting ticket joins (+1) or leaves (-1) the line: staged until commit. */
  bump(t: LineTicket, delta: number): void {
    this.stage(t.category, delta);
    this.stage(`${t.category}|${t.priority}`, delta);
    if (t.target_window != null || t.target_clerk != null) this.stage(TARGETED, delta);
  }

  private keysOf(category: string): string[] {
    let keys = this.lineKeys.get(category);
    if (!keys) this.lineKeys.set(category, (keys = PRIORITIES.map((p) => `${category}|${p}`)));
    return keys;
  }

  private stage(key: string, delta: number): void {
    this.heads.delete(key); // its line changed: its head must be read again
    this.staged.push([key, delta]);
    this.stagedSum.set(key, (this.stagedSum.get(key) ?? 0) + delta);
  }

  /** How many changes are staged: a savepoint remembers it to undo only its own share. */
  get stagedCount(): number {
    return this.staged.length;
  }

  /** Drops staged changes after the first `keep` (a rejected request's, or all). */
  unstage(keep: number): void {
    if (keep === 0) {
      this.staged = [];
      this.stagedSum.clear();
      return;
    }
    for (let i = this.staged.length - 1; i >= keep; i--) {
      const [k, d] = this.staged[i]!;
      this.stagedSum.set(k, this.stagedSum.get(k)! - d);
    }
    this.staged.length = keep;
  }

  /** The transaction committed: staged changes become the counts. */
  commit(): void {
    if (!this.recount) for (const [c, d] of this.stagedSum) if (d) this.waitingCounts.set(c, (this.waitingCounts.get(c) ?? 0) + d);
    this.unstage(0);
  }

  /** Cached heads may hold writes a rollback just undid. */
  dropHeads(): void {
    this.heads.clear();
  }

  /** Tickets changed behind the counts' back (day reset): count again from the database. */
  recountAll(): void {
    this.recount = true;
    this.heads.clear();
  }

  /** Waiting tickets under `key` (a category, or `category|priority`), including staged changes. */
  counted(key: string): number {
    if (this.recount) this.load();
    let n = this.waitingCounts.get(key) ?? 0;
    n += this.stagedSum.get(key) ?? 0;
    return n;
  }

  private load(): void {
    const q = this.store.q;
    const rows = this.store.all(
      q
        .selectFrom('tickets')
        .select([
          'category',
          'priority',
          ksql<number>`target_window is not null or target_clerk is not null`.as('targeted'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .where('status', '=', WAITING)
        .groupBy(['category', 'priority', 'targeted']),
    );
    const m = new Map<string, number>();
    const add = (k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      add(r.category, Number(r.n));
      add(`${r.category}|${r.priority}`, Number(r.n));
      if (r.targeted) add(TARGETED, Number(r.n));
    }
    this.waitingCounts = m;
    this.recount = false;
  }

  /**
   * The head of each line this window may call from, plus tickets aimed at this window or clerk.
   * Lines the counts know to be empty are not probed. `rows` receives each row read.
   */
  candidates(no: number, clerk: string | null, cats: { category: string; weight: number }[], rows: Map<string, HeadRow>): Candidate[] {
    const out: Candidate[] = [];
    if (this.counted(TARGETED) > 0) {
      for (const r of this.sql.targetedWindow.all(no) as HeadRow[]) candidate(out, rows, r, true);
      if (clerk) for (const r of this.sql.targetedClerk.all(clerk) as HeadRow[]) candidate(out, rows, r, true);
    }
    for (const c of cats) {
      if (c.weight <= 0 || this.counted(c.category) === 0) continue;
      const keys = this.keysOf(c.category);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (this.counted(key) === 0) continue;
        let r = this.heads.get(key);
        if (r === undefined) this.heads.set(key, (r = (this.sql.head.get(c.category, PRIORITIES[i]) as HeadRow | undefined) ?? null));
        if (r) candidate(out, rows, r, false);
      }
    }
    return out;
  }
}

function candidate(out: Candidate[], rows: Map<string, HeadRow>, r: HeadRow, targeted: boolean): void {
  rows.set(r.id, r);
  out.push({ id: r.id, number: r.number, category: r.category, priority: r.priority as PriorityClass, queuePos: Math.floor(r.queue_pos / 1000), targeted });
}
