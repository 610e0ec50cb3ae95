// Transaction machinery: every public mutation runs as ONE synchronous SQLite transaction, so
// concurrent requests are serialised by the event loop and the database together. Requests that
// arrive in one event-loop turn share a transaction (group commit), each in its own savepoint;
// idempotent actions store their first answer with the effect. After a commit the staged line
// counts apply and listeners hear the new version.
import type { HallStore } from '../db/connection';
import { CodedError } from '../../domain/api/errors';
import type { EventSignal } from '../../domain/api/hall';
import type { HallDay } from './day';
import type { EventLog } from './eventLog';
import type { Lines } from './lines';
import type { Reference } from './reference';
import type { Statements } from './statements';
import { callListeners, type ProblemLog } from '../health/problems';

/** An idempotent action's answer; `json` is the body serialised once (stored for retries and sent as is). */
export interface IdempotentAnswer<T> {
  status: number;
  body: T | ReturnType<CodedError['toJSON']> | null;
  json: string | null;
}

/** Thrown out of a group item so its savepoint rolls back; the group then stores the rejection for retries. */
class RecordRejection extends Error {
  constructor(
    readonly key: string,
    readonly status: number,
    readonly answer: unknown,
  ) {
    super('rejection to record');
  }
}

interface Pending {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}
type Outcome = { ok: true; v: unknown } | { ok: false; e: unknown };

export class Transactions {
  private versionSeen: number;
  private readonly listeners = new Set<(s: EventSignal) => void>();
  private depth = 0;
  private readonly pending: Pending[] = [];
  private flushScheduled = false;
  /** True while a group item has opened its savepoint and nothing inside it has nested yet. */
  private itemTop = false;
  private readonly flush = () => this.flushGroup();

  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
    private readonly now: () => number,
    private readonly events: EventLog,
    private readonly lines: Lines,
    private readonly ref: Reference,
    private readonly day: HallDay,
    private readonly problems?: ProblemLog,
  ) {
    this.versionSeen = events.last()?.seq ?? 0;
    this.store.tx(() => this.day.roll());
    this.afterCommit();
  }

  get version(): number {
    return this.versionSeen;
  }

  onSignal(fn: (s: EventSignal) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Runs `fn` as one transaction, then tells listeners the new version. */
  mutate<T>(fn: () => T): T {
    // Nested (e.g. walk-in issues a ticket inside its own transaction): a savepoint; only the
    // outermost commit applies staged counts and signals the new version.
    if (this.depth > 0) {
      if (this.itemTop) {
        this.itemTop = false; // the group item's own savepoint covers it
        return fn();
      }
      return this.store.tx(fn);
    }
    let result: T;
    this.depth++;
    try {
      result = this.store.tx(() => {
        this.day.roll();
        return fn();
      });
    } catch (e) {
      this.rolledBack();
      throw e;
    } finally {
      this.depth--;
    }
    this.afterCommit();
    return result;
  }

  /**
   * Group commit: actions arriving in the same event-loop turn run one after another (still
   * strictly serialised, each in its own savepoint so a rejection undoes only itself) inside ONE
   * transaction; all are answered after that transaction commits. The commit (the costly part
   * under load) is paid once per group instead of once per request.
   */
  submit<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private flushGroup(): void {
    this.flushScheduled = false;
    const batch = this.pending.splice(0);
    const outcomes: Outcome[] = [];
    this.depth++;
    try {
      this.store.tx(() => {
        this.day.roll();
        for (const item of batch) outcomes.push(this.runItem(item));
      });
    } catch (e) {
      this.rolledBack();
      for (const item of batch) item.reject(e);
      return;
    } finally {
      this.depth--;
    }
    this.afterCommit();
    for (let i = 0; i < batch.length; i++) {
      const o = outcomes[i]!;
      if (o.ok) batch[i]!.resolve(o.v);
      else batch[i]!.reject(o.e);
    }
  }

  /** One group item in its own savepoint; a rejection undoes only its share. */
  private runItem(item: Pending): Outcome {
    const before = this.lines.stagedCount;
    try {
      this.itemTop = true; // the item's own savepoint is the one its first mutate needs
      return { ok: true, v: this.store.tx(item.fn) };
    } catch (e) {
      this.itemTop = false;
      this.undoShare(before);
      if (!(e instanceof RecordRejection)) return { ok: false, e };
      // The item's savepoint undid the rejected action; now keep the answer for retries.
      try {
        return { ok: true, v: this.store.tx(() => this.keep(e.key, e.status, e.answer)) };
      } catch (e2) {
        return { ok: false, e: e2 };
      }
    } finally {
      this.itemTop = false;
    }
  }

  /**
   * Idempotent mutation under a client request id: the first answer (success or rejection) is
   * stored in the same transaction as the effect and replayed for every retry.
   */
  idempotent<T>(scope: string, requestId: string | undefined, fn: () => T): IdempotentAnswer<T> {
    if (!requestId) {
      const body = this.mutate(fn);
      return { status: body == null ? 204 : 200, body, json: body == null ? null : JSON.stringify(body) };
    }
    const key = `${scope}:${requestId}`;
    const outer = this.depth === 0;
    const stagedBefore = this.lines.stagedCount;
    let out: IdempotentAnswer<unknown>;
    this.depth++;
    try {
      if (this.itemTop) {
        // Right inside a group item: the item's own savepoint undoes a rejection (RecordRejection).
        this.itemTop = false;
        out = this.answerOnce(key, fn, true);
      } else out = this.store.tx(() => this.answerOnce(key, fn, false));
    } catch (e) {
      if (outer) this.rolledBack();
      else this.undoShare(stagedBefore);
      throw e;
    } finally {
      this.depth--;
    }
    if (outer) this.afterCommit();
    return out as IdempotentAnswer<T>;
  }

  /** The stored answer, or `fn`'s (stored). `direct`: runs right inside a group item's savepoint. */
  private answerOnce(key: string, fn: () => unknown, direct: boolean): IdempotentAnswer<unknown> {
    this.day.roll();
    const prior = this.sql.idemGet.get(key) as { status: number; body: string | null } | undefined;
    if (prior) return { status: prior.status, body: prior.body == null ? null : JSON.parse(prior.body), json: prior.body };
    const stagedBefore = this.lines.stagedCount;
    try {
      // A rejection must undo any partial write: right inside a group item, the item's own
      // savepoint does that; otherwise a savepoint of its own.
      const body = direct ? fn() : this.store.tx(fn);
      return this.keep(key, body == null ? 204 : 200, body);
    } catch (e) {
      this.undoShare(stagedBefore);
      if (!(e instanceof CodedError) || e.status >= 500) throw e;
      if (direct) throw new RecordRejection(key, e.status, e.toJSON());
      return this.keep(key, e.status, e.toJSON());
    }
  }

  private keep(key: string, status: number, body: unknown): IdempotentAnswer<unknown> {
    const json = body == null ? null : JSON.stringify(body);
    this.sql.idemPut.run(key, status, json, this.now());
    return { status, body: body as IdempotentAnswer<unknown>['body'], json };
  }

  /** A savepoint rolled back: its staged counts go, and caches that may hold its writes. */
  private undoShare(stagedBefore: number): void {
    this.lines.unstage(stagedBefore);
    this.dropTxCaches();
  }

  /** After a rollback: staged counts are void, a day reset must run again, caches may hold undone writes. */
  private rolledBack(): void {
    this.lines.unstage(0);
    this.day.forget();
    this.dropTxCaches();
  }

  private dropTxCaches(): void {
    this.ref.dropAssignments();
    this.lines.dropHeads();
  }

  private afterCommit(): void {
    this.lines.commit();
    const last = this.events.last();
    if (!last || last.seq <= this.versionSeen) return;
    this.versionSeen = last.seq;
    const sig: EventSignal = { version: last.seq, type: last.type, at: new Date(last.at).toISOString() };
    // The transaction is committed: a failing listener is reported, never the request's 500.
    callListeners(this.listeners, sig, this.problems, 'engine.onSignal');
  }
}
