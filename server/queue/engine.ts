// The queue engine: the one place the hall's shared queue changes. Every public mutation runs
// as ONE synchronous SQLite transaction (read → decide with domain/queue → write → event row),
// so concurrent requests are serialised by the event loop and the database together: two
// windows can never receive the same ticket and no waiting ticket is passed over.
import crypto from 'node:crypto';
import { sql as ksql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { HallStore } from '../db/connection';
import type { CategoryRow, StaffRow, TicketRow, WindowRow } from '../db/schema';
import { E } from '../errors';
import { CodedError } from '../../domain/api/errors';
import { checkIdNumber, maskIdNumber, normalizeIdNumber } from '../../domain/idNumber';
import { derivePriority } from '../../domain/queue/priority';
import { dayStart, formatTicketNumber, nextDay, nextSerial, serialKey, serviceDay } from '../../domain/queue/numbering';
import { pickNext, type Candidate, type Pick as Decision } from '../../domain/queue/select';
import { orderingRulesSchema, type OrderingRules } from '../../domain/queue/rules';
import { priorityClassSchema, type EventSignal, type IssuedTicket, type PriorityClass, type QueueSnapshot, type Ticket, type TicketChannel, type WindowActionResponse, type WindowView } from '../../domain/api/hall';
import { estimateMinutes, iso, toStaffCard, toTicket, toWindowView, type TicketViewRow } from './views';

export type Role = 'clerk' | 'manager' | 'kiosk' | 'display' | 'pad' | 'counter';
export interface Actor { kind: 'staff' | 'device'; subject: string; role: Role; windowNo: number | null }

export interface EngineOptions { timeZone: string; now?: () => number }

const ACTIVE = ['called', 'serving'] as const;
const NULL = ksql<null>`null`;
/**
 * What call-next reads of a candidate (a line head): enough to rank it, put it in service and
 * answer. Every column read costs (better-sqlite3 builds an object per row), so not `*`.
 */
const HEAD_COLUMNS = [
  'id', 'number', 'category', 'priority', 'queue_pos', 'status', 'channel', 'issued_at', 'called_at', 'first_called_at', 'started_at',
  'window_no', 'recall_count', 'id_masked', 'target_window', 'target_clerk',
] as const satisfies readonly (keyof TicketRow)[];
type HeadRow = Pick<TicketRow, (typeof HEAD_COLUMNS)[number]>;
/** What ending a ticket reads of it (its event carries number, class and durations). */
const CLOSING_COLUMNS = ['id', 'number', 'category', 'priority', 'issued_at', 'first_called_at', 'called_at', 'started_at'] as const satisfies readonly (keyof TicketRow)[];
type ClosingRow = Pick<TicketRow, (typeof CLOSING_COLUMNS)[number]>;
const VIEW_COLUMNS = ['id', 'number', 'category', 'status', 'priority', 'channel', 'issued_at', 'called_at', 'started_at', 'window_no', 'recall_count', 'id_masked'] as const satisfies readonly (keyof TicketViewRow)[];
/** Events that change windows without naming them in window_no (or all of them at once). */
const REBUILD_ALL = new Set(['dayReset', 'login', 'takeover', 'logout']);
const TICKET_COLUMNS = [
  'id', 'number', 'category', 'serial', 'day', 'status', 'priority', 'channel', 'issued_at', 'queue_pos', 'called_at', 'first_called_at',
  'started_at', 'finished_at', 'window_no', 'clerk_work_no', 'recall_count', 'outcome', 'id_hash', 'id_masked', 'target_window', 'target_clerk',
  'transferred_from', 'request_id',
] as const satisfies readonly (keyof TicketRow)[];
/** A literal, not a bound parameter, so SQLite can use the partial indexes on waiting tickets. */
const WAITING = ksql.lit('waiting');
// Unary + keeps SQLite walking the newest events backwards instead of sorting every call of the day.
const RECENT_CALLS = ksql<boolean>`+type in ('call', 'recall', 'callBack')`;
const OPEN = ksql<boolean>`status in ('waiting', 'called', 'serving', 'suspended')`;
const PRIORITIES = priorityClassSchema.options;
/** A window number that never exists: a ticket aimed at it is held (see holdTicket). */
export const HELD_WINDOW = 0;

/** Thrown out of a group item so its savepoint rolls back; the group then runs `record` (stores the rejection for retries). */
class RecordRejection extends Error {
  constructor(readonly record: () => unknown) {
    super('rejection to record');
  }
}

export class HallEngine {
  readonly timeZone: string;
  private readonly now: () => number;
  private versionSeen = 0;
  private lastPos = 0;
  private day = '';
  /** When the current hall day ends (ms): checking it is cheaper than formatting a date per request. */
  private dayEnds = 0;
  private rulesCache: { version: number; rules: OrderingRules } | null = null;
  private catCache: Map<string, CategoryRow> | null = null;
  private snapCache: { version: number; snap: QueueSnapshot; json: string; publicJson: string } | null = null;
  private viewCache: { version: number; rows: Map<number, WindowRow>; views: Map<number, WindowView> } | null = null;
  private readonly listeners = new Set<(s: EventSignal) => void>();
  private readonly idSalt: string;
  private hallNameCache: string | null = null;
  private staffCache: { at: number; rows: Map<string, StaffRow> } | null = null;
  /**
   * Waiting tickets per category, per `category|priority` and targeted ('@targeted'), kept in
   * memory so issuing and snapshots need no O(waiting) count and call-next skips the index
   * probes of empty lines. Changes are staged during a transaction and applied only after it
   * commits; a rolled-back transaction (or a day reset) makes the engine recount from the database.
   */
  private waitingCounts = new Map<string, number>();
  /** Journal of staged changes (to undo a rejected request's share) and their sums by key. */
  private staged: [string, number][] = [];
  private stagedSum = new Map<string, number>();
  private recount = true;
  private depth = 0;
  /**
   * `category|priority` → the head of that line as last read (null: none untargeted). Every
   * change to a line goes through stage(), which drops its entry; rollbacks drop them all.
   */
  private headCache = new Map<string, HeadRow | null>();
  /** Window → assigned categories; changed only by setAssignment, dropped on any rollback. */
  private assignCache = new Map<number, { category: string; weight: number }[]>();
  /** Open windows per category for wait estimates, refreshed at most once a second. */
  private servingCache = { at: 0, counts: new Map<string, number>() };
  private readonly sql;

  constructor(readonly store: HallStore, opts: EngineOptions) {
    this.timeZone = opts.timeZone;
    this.now = opts.now ?? Date.now;
    const q = store.q;
    this.idSalt = store.get(q.selectFrom('meta').select('value').where('key', '=', 'id_salt'))?.value ?? '';
    this.versionSeen = store.get(q.selectFrom('events').select((eb) => eb.fn.max('seq').as('v')))?.v ?? 0;
    this.lastPos = store.get(q.selectFrom('tickets').select((eb) => eb.fn.max('queue_pos').as('p')))?.p ?? 0;
    // Hot statements: compiled once by Kysely, bound per call.
    this.sql = {
      head: store.prepare(
        q.selectFrom('tickets').select(HEAD_COLUMNS)
          .where('status', '=', WAITING).where('category', '=', '?').where('priority', '=', '?')
          .where('target_window', 'is', null).where('target_clerk', 'is', null)
          .orderBy('queue_pos').limit(ksql.lit(1)),
        2,
      ),
      targetedWindow: store.prepare(q.selectFrom('tickets').select(HEAD_COLUMNS).where('target_window', '=', 0).where('status', '=', WAITING).orderBy('queue_pos').limit(ksql.lit(20)), 1),
      targetedClerk: store.prepare(q.selectFrom('tickets').select(HEAD_COLUMNS).where('target_clerk', '=', '?').where('status', '=', WAITING).orderBy('queue_pos').limit(ksql.lit(20)), 1),
      ticket: store.prepare(q.selectFrom('tickets').selectAll().where('id', '=', '?'), 1),
      window: store.prepare(q.selectFrom('windows').selectAll().where('no', '=', 0), 1),
      assignment: store.prepare(q.selectFrom('window_categories').select(['category', 'weight']).where('window_no', '=', 0).orderBy('category'), 1),
      lastEvent: store.prepare(q.selectFrom('events').select(['seq', 'type', 'at']).orderBy('seq', 'desc').limit(ksql.lit(1)), 0),
      insertEvent: store.prepare(q.insertInto('events').values({ at: 0, type: '?', ticket_id: '?', window_no: 0, category: '?', actor: '?', data: '?' }), 7),
      // Parameters bind in SQL order: SET values first, then WHERE.
      serialGet: store.prepare(q.selectFrom('serials').select('serial').where('category', '=', '?').where('key', '=', '?'), 2),
      serialUpsert: store.prepare(
        q.insertInto('serials').values({ category: '?', key: '?', serial: 0 }).onConflict((oc) => oc.columns(['category', 'key']).doUpdateSet({ serial: (eb) => eb.ref('excluded.serial') })),
        3,
      ),
      inService: store.prepare(q.selectFrom('window_categories').select(ksql.lit(1).as('x')).where('category', '=', '?').where('weight', '>', ksql.lit(0)).limit(ksql.lit(1)), 1),
      serialInUse: store.prepare(q.selectFrom('tickets').select(ksql.lit(1).as('x')).where('category', '=', '?').where('serial', '=', 0).where(OPEN).limit(ksql.lit(1)), 2),
      eventsAfter: store.prepare(q.selectFrom('events').select(['window_no', 'type']).where('seq', '>', 0), 1),
      closing: store.prepare(q.selectFrom('tickets').select(CLOSING_COLUMNS).where('id', '=', '?'), 1),
      ticketView: store.prepare(q.selectFrom('tickets').select(VIEW_COLUMNS).where('id', '=', '?'), 1),
      idemGet: store.prepare(q.selectFrom('idempotency').select(['status', 'body']).where('key', '=', '?'), 1),
      idemPut: store.prepare(q.insertInto('idempotency').values({ key: '?', status: 0, body: '?', at: 0 }), 4),
      insertTicket: store.prepare(q.insertInto('tickets').values(Object.fromEntries(TICKET_COLUMNS.map((c) => [c, '?'])) as unknown as TicketRow), TICKET_COLUMNS.length),
      closeTicket: store.prepare(q.updateTable('tickets').set({ status: '?', outcome: '?', finished_at: 0 }).where('id', '=', '?'), 4),
      callTicket: store.prepare(
        q.updateTable('tickets').set({
          status: ksql.lit('called'), called_at: 0, first_called_at: 0, started_at: NULL, window_no: 0, clerk_work_no: '?', recall_count: ksql.lit(0), target_window: NULL, target_clerk: NULL,
        }).where('id', '=', '?'),
        5,
      ),
      windowFree: store.prepare(q.updateTable('windows').set({ current_ticket_id: NULL, status: '?' }).where('no', '=', 0), 2),
      windowServe: store.prepare(q.updateTable('windows').set({ current_ticket_id: '?', status: ksql.lit('serving'), status_since: 0, ratio_pos: 0 }).where('no', '=', 0), 4),
    };
    this.rollDay();
  }

  // ---- plumbing -------------------------------------------------------------------------

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
    if (this.depth > 0) return this.nested(fn);
    let result: T;
    this.depth++;
    try {
      result = this.store.tx(() => {
        this.rollDayInTx();
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

  /** After a rollback: staged counts are void, a day reset must run again, caches may hold undone writes. */
  private rolledBack(): void {
    this.unstage(0);
    this.day = '';
    this.dropTxCaches();
  }

  /** Caches that may hold writes a rollback just undid. */
  private dropTxCaches(): void {
    this.assignCache.clear();
    this.headCache.clear();
  }

  /** A waiting ticket joins (+1) or leaves (-1) the line: staged until commit. */
  private bump(t: { category: string; priority: string; target_window: number | null; target_clerk: string | null }, delta: number): void {
    this.stage(t.category, delta);
    this.stage(`${t.category}|${t.priority}`, delta);
    if (t.target_window != null || t.target_clerk != null) this.stage('@targeted', delta);
  }

  private stage(key: string, delta: number): void {
    this.headCache.delete(key); // its line changed: its head must be read again
    this.staged.push([key, delta]);
    this.stagedSum.set(key, (this.stagedSum.get(key) ?? 0) + delta);
  }

  /** Drops staged changes after the first `keep` (a rejected request's, or all). */
  private unstage(keep: number): void {
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

  /** Waiting tickets in a category, including changes staged in the current transaction. */
  waitingIn(category: string): number {
    return this.counted(category);
  }

  private counted(key: string): number {
    if (this.recount) this.loadCounts();
    let n = this.waitingCounts.get(key) ?? 0;
    n += this.stagedSum.get(key) ?? 0;
    return n;
  }

  private loadCounts(): void {
    const q = this.store.q;
    const rows = this.store.all(q.selectFrom('tickets')
      .select(['category', 'priority', ksql<number>`target_window is not null or target_clerk is not null`.as('targeted'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', WAITING).groupBy(['category', 'priority', 'targeted']));
    const m = new Map<string, number>();
    const add = (k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      add(r.category, Number(r.n));
      add(`${r.category}|${r.priority}`, Number(r.n));
      if (r.targeted) add('@targeted', Number(r.n));
    }
    this.waitingCounts = m;
    this.recount = false;
  }

  /**
   * Idempotent mutation under a client request id: the first answer (success or rejection) is
   * stored in the same transaction as the effect and replayed for every retry.
   */
  idempotent<T>(scope: string, requestId: string | undefined, fn: () => T): { status: number; body: T | ReturnType<CodedError['toJSON']> | null; json: string | null } {
    if (!requestId) {
      const body = this.mutate(fn);
      return { status: body == null ? 204 : 200, body, json: body == null ? null : JSON.stringify(body) };
    }
    const key = `${scope}:${requestId}`;
    const outer = this.depth === 0;
    const stagedBefore = this.staged.length;
    let out: { status: number; body: unknown; json: string | null };
    this.depth++;
    try {
      out = this.txIdempotent(key, fn);
    } catch (e) {
      if (outer) this.rolledBack();
      else {
        this.unstage(stagedBefore);
        this.dropTxCaches();
      }
      throw e;
    } finally {
      this.depth--;
    }
    if (outer) this.afterCommit();
    return out as { status: number; body: T; json: string | null };
  }

  private readonly pending: { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;
  /** True while a group item has opened its savepoint and nothing inside it has nested yet. */
  private itemTop = false;

  /**
   * A savepoint, unless the group item's own savepoint (just opened) already covers `fn`;
   * `fn` is told which (`direct`: it runs right inside the item's savepoint).
   */
  private nested<T>(fn: (direct: boolean) => T): T {
    if (this.itemTop) {
      this.itemTop = false;
      return fn(true);
    }
    return this.store.tx(() => fn(false));
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
        setImmediate(() => this.flushGroup());
      }
    });
  }

  private flushGroup(): void {
    this.flushScheduled = false;
    const batch = this.pending.splice(0);
    const outcomes: ({ ok: true; v: unknown } | { ok: false; e: unknown })[] = [];
    this.depth++;
    try {
      this.store.tx(() => {
        this.rollDayInTx();
        for (const item of batch) {
          const before = this.staged.length;
          try {
            outcomes.push({ ok: true, v: this.store.tx(() => {
              this.itemTop = true; // the item's own savepoint is the one its first mutate needs
              return item.fn();
            }) });
          } catch (e) {
            this.unstage(before);
            this.dropTxCaches();
            this.itemTop = false;
            if (e instanceof RecordRejection) {
              // The item's savepoint undid the rejected action; now keep the answer for retries.
              try {
                outcomes.push({ ok: true, v: this.store.tx(e.record) });
              } catch (e2) {
                outcomes.push({ ok: false, e: e2 });
              }
            } else outcomes.push({ ok: false, e });
          }
          this.itemTop = false;
        }
      });
    } catch (e) {
      this.rolledBack();
      for (const item of batch) item.reject(e);
      return;
    } finally {
      this.depth--;
    }
    this.afterCommit();
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.v);
      else item.reject(o.e);
    });
  }

  /** The answer is serialised once: stored for retries and sent as is (`json`). */
  private txIdempotent<T>(key: string, fn: () => T): { status: number; body: unknown; json: string | null } {
    return this.nested((direct) => {
      this.rollDayInTx();
      const prior = this.sql.idemGet.get(key) as { status: number; body: string | null } | undefined;
      if (prior) return { status: prior.status, body: prior.body == null ? null : JSON.parse(prior.body), json: prior.body };
      const keep = (status: number, body: unknown) => {
        const json = body == null ? null : JSON.stringify(body);
        this.sql.idemPut.run(key, status, json, this.now());
        return { status, body, json };
      };
      const stagedBefore = this.staged.length;
      try {
        // A rejection must undo any partial write: right inside a group item, the item's own
        // savepoint does that (RecordRejection); otherwise a savepoint of its own.
        const body = direct ? fn() : this.store.tx(fn);
        return keep(body == null ? 204 : 200, body);
      } catch (e) {
        this.unstage(stagedBefore);
        this.dropTxCaches();
        if (!(e instanceof CodedError) || e.status >= 500) throw e;
        const answer = e.toJSON();
        if (direct) throw new RecordRejection(() => keep(e.status, answer));
        return keep(e.status, answer);
      }
    });
  }

  private afterCommit(): void {
    if (!this.recount) for (const [c, d] of this.stagedSum) if (d) this.waitingCounts.set(c, (this.waitingCounts.get(c) ?? 0) + d);
    this.unstage(0);
    const last = this.sql.lastEvent.get() as { seq: number; type: string; at: number } | undefined;
    if (!last || last.seq <= this.versionSeen) return;
    this.versionSeen = last.seq;
    const sig: EventSignal = { version: last.seq, type: last.type, at: new Date(last.at).toISOString() };
    for (const l of this.listeners) l(sig);
  }

  private emit(type: string, f: { ticketId?: string | null; windowNo?: number | null; category?: string | null; actor?: string | null; data?: unknown }): void {
    this.sql.insertEvent.run(this.now(), type, f.ticketId ?? null, f.windowNo ?? null, f.category ?? null, f.actor ?? null, f.data === undefined ? null : JSON.stringify(f.data));
  }

  /** A strictly increasing position in line (ms × 1000), so ties never depend on row order. */
  private nextPos(ms: number): number {
    this.lastPos = Math.max(ms * 1000, this.lastPos + 1);
    return this.lastPos;
  }

  today(): string {
    return serviceDay(new Date(this.now()), this.timeZone);
  }

  private rollDay(): void {
    this.store.tx(() => this.rollDayInTx());
    this.afterCommit();
  }

  /** Day boundary: tickets of earlier days still open end with outcome endedByDayReset. */
  private rollDayInTx(): void {
    const now = this.now();
    if (now < this.dayEnds && now >= this.dayEnds - 86_400_000 * 1.5 && this.day) return;
    const day = this.today();
    this.dayEnds = dayStart(nextDay(day), this.timeZone);
    if (day === this.day) return;
    this.day = day;
    const q = this.store.q;
    // Answers kept for retried request ids: a day is far longer than any client retries.
    this.store.run(q.deleteFrom('idempotency').where('at', '<', now - 86_400_000));
    const stale = this.store.all(q.selectFrom('tickets').select(['id', 'window_no']).where('day', '<', day).where(OPEN));
    if (!stale.length) return;
    this.store.run(q.updateTable('tickets').set({ status: 'removed', outcome: 'endedByDayReset', finished_at: now })
      .where('day', '<', day).where(OPEN));
    this.store.run(q.updateTable('windows').set({ current_ticket_id: null }).where('current_ticket_id', 'in', stale.map((s) => s.id)));
    this.store.run(q.updateTable('windows').set({ status: 'open' }).where('status', '=', 'serving'));
    this.emit('dayReset', { data: { day, ended: stale.length } });
    this.recount = true;
    this.headCache.clear();
  }

  rules(): { version: number; rules: OrderingRules; createdAt: number; createdBy: string } {
    if (!this.rulesCache) {
      const q = this.store.q;
      const row = this.store.get(q.selectFrom('ordering_rules').selectAll().orderBy('version', 'desc').limit(1))!;
      this.rulesCache = { version: row.version, rules: orderingRulesSchema.parse(JSON.parse(row.rules)) };
      Object.assign(this.rulesCache, { createdAt: row.created_at, createdBy: row.created_by });
    }
    return this.rulesCache as { version: number; rules: OrderingRules; createdAt: number; createdBy: string };
  }

  setRules(rules: OrderingRules, actor: Actor): { version: number } {
    return this.mutate(() => {
      const version = this.rules().version + 1;
      this.store.run(this.store.q.insertInto('ordering_rules').values({ version, rules: JSON.stringify(rules), created_at: this.now(), created_by: actor.subject }));
      this.rulesCache = null;
      this.emit('rules', { actor: actor.subject, data: { version } });
      return { version };
    });
  }

  categories(): Map<string, CategoryRow> {
    if (!this.catCache) {
      const q = this.store.q;
      this.catCache = new Map(this.store.all(q.selectFrom('categories').selectAll().orderBy('sort')).map((c) => [c.code, c]));
    }
    return this.catCache;
  }

  private category(code: string): CategoryRow {
    const c = this.categories().get(code);
    if (!c) throw E.unknownCategory(code);
    return c;
  }

  window(no: number): WindowRow {
    const w = this.sql.window.get(no) as WindowRow | undefined;
    if (!w) throw E.unknownWindow(no);
    return w;
  }

  assignment(no: number): { category: string; weight: number }[] {
    let a = this.assignCache.get(no);
    if (!a) this.assignCache.set(no, (a = this.sql.assignment.all(no) as { category: string; weight: number }[]));
    return a;
  }

  ticketRow(id: string): TicketRow | undefined {
    return this.sql.ticket.get(id) as TicketRow | undefined;
  }

  private staffRow(workNo: string): StaffRow | undefined {
    return this.staffMap().get(workNo);
  }

  /** Staff change rarely (no API edits them yet): cached for 10 s. */
  private staffMap(): Map<string, StaffRow> {
    const now = this.now();
    if (!this.staffCache || now - this.staffCache.at > 10_000) {
      this.staffCache = { at: now, rows: new Map(this.store.all(this.store.q.selectFrom('staff').selectAll()).map((s) => [s.work_no, s])) };
    }
    return this.staffCache.rows;
  }

  /** An event row for an edit made outside the engine (admin API), inside `mutate`, so clients re-fetch. */
  adminEvent(type: string, actor: Actor, data: unknown): void {
    this.emit(type, { actor: actor.subject, data });
  }

  /**
   * Reference data (categories, staff, hall name, windows) was edited outside the engine's own
   * operations (the manager's admin API): drop every cache built from it. Call after commit.
   */
  reloadReference(): void {
    this.catCache = null;
    this.staffCache = null;
    this.hallNameCache = null;
    this.servingCache = { at: 0, counts: new Map() };
    this.snapCache = null;
    this.viewCache = null;
    this.dropTxCaches();
  }

  hallName(): string {
    this.hallNameCache ??= this.store.get(this.store.q.selectFrom('meta').select('value').where('key', '=', 'hall_name'))?.value ?? '';
    return this.hallNameCache;
  }

  hashId(idNumber: string): string {
    return crypto.createHash('sha256').update(this.idSalt).update(normalizeIdNumber(idNumber)).digest('hex');
  }

  windowView(no: number, withMaskedId = true) {
    const w = this.window(no);
    const clerk = w.clerk_work_no ? this.staffRow(w.clerk_work_no) : undefined;
    const cur = w.current_ticket_id ? this.ticketRow(w.current_ticket_id) : undefined;
    return toWindowView(w, this.assignment(no), clerk, cur, { withMaskedId });
  }

  private answer(no: number, ticket: TicketRow | undefined | null, extra: Partial<WindowActionResponse> = {}): WindowActionResponse {
    return { window: this.windowView(no), ticket: ticket ? toTicket(ticket) : null, ...extra };
  }

  // ---- tickets --------------------------------------------------------------------------

  issueTicket(
    input: { category: string; channel?: TicketChannel; priority?: PriorityClass; idNumber?: string; requestId?: string; appointmentAt?: string },
    actor: Actor,
  ): IssuedTicket {
    const q = this.store.q;
    return this.mutate(() => {
      if (input.requestId) {
        const prior = this.store.get(q.selectFrom('tickets').selectAll().where('request_id', '=', input.requestId));
        if (prior) return this.issued(prior);
      }
      const cat = this.category(input.category);
      // A category no window serves would wait forever (the manager retired it): refused here, in
      // the same transaction, for every way a ticket is issued (kiosk, manual, appointment).
      if (!this.inService(cat.code)) throw E.categoryRetired(cat.code);
      const rules = this.rules().rules;
      let idHash: string | null = null;
      let idMasked: string | null = null;
      if (input.idNumber) {
        const check = checkIdNumber(input.idNumber);
        if (!check.ok) throw E.invalidIdNumber(check.message!);
        idHash = this.hashId(input.idNumber);
        idMasked = maskIdNumber(input.idNumber);
        const dup = this.store.get(q.selectFrom('tickets').select('id').where('id_hash', '=', idHash).where('category', '=', cat.code).where('status', '=', WAITING));
        if (dup) throw E.duplicateIdTicket();
      }
      const now = this.now();
      const day = this.day;
      const key = serialKey({ dailyReset: cat.daily_reset === 1 }, day);
      const last = this.sql.serialGet.get(cat.code, key) as { serial: number } | undefined;
      const range = { rangeStart: cat.range_start, rangeEnd: cat.range_end };
      let serial = nextSerial(range, last?.serial ?? null);
      // Past the end of its range the number wraps: skip numbers a citizen still holds (two
      // people must never hold the same number), and refuse when every number is in use.
      for (let tries = range.rangeEnd - range.rangeStart; this.sql.serialInUse.get(cat.code, serial); tries--) {
        if (tries <= 0) throw E.numberRangeExhausted(cat.code);
        serial = nextSerial(range, serial);
      }
      this.sql.serialUpsert.run(cat.code, key, serial);
      const appointmentMs = input.appointmentAt ? Date.parse(input.appointmentAt) : null;
      const priority = appointmentMs !== null ? 'appointment' : derivePriority(input.priority, input.idNumber, day, rules.elderlyAge);
      const channel: TicketChannel = input.channel ?? (appointmentMs !== null ? 'appointment' : actor.role === 'kiosk' ? 'kiosk' : 'manual');
      const row: TicketRow = {
        id: uuidv7(), number: formatTicketNumber({ prefix: cat.prefix, width: cat.number_width }, serial), category: cat.code, serial, day,
        status: 'waiting', priority, channel, issued_at: now, queue_pos: this.nextPos(appointmentMs ?? now), called_at: null, first_called_at: null,
        started_at: null, finished_at: null, window_no: null, clerk_work_no: null, recall_count: 0, outcome: null, id_hash: idHash,
        id_masked: idMasked, target_window: null, target_clerk: null, transferred_from: null, request_id: input.requestId ?? null,
      };
      const ahead = this.waitingIn(cat.code);
      this.sql.insertTicket.run(...TICKET_COLUMNS.map((c) => row[c]));
      this.bump(row, 1);
      this.emit('issue', { ticketId: row.id, category: cat.code, actor: actor.subject, data: { number: row.number, priority, channel } });
      return this.issued(row, ahead);
    });
  }

  /**
   * Holds a waiting ticket: aimed at window 0, which never exists, so no window can call it (the
   * kiosk holds a fresh ticket until its receipt is printed). It keeps its place in line.
   */
  holdTicket(ticketId: string, actor: Actor, type: string, data: Record<string, unknown> = {}): void {
    const t = this.ticketRow(ticketId);
    if (!t || t.status !== 'waiting') throw E.ticketNotWaiting();
    if (t.target_window === HELD_WINDOW) return;
    this.bump(t, -1);
    this.bump({ ...t, target_window: HELD_WINDOW }, 1);
    this.store.run(this.store.q.updateTable('tickets').set({ target_window: HELD_WINDOW }).where('id', '=', t.id));
    this.emit(type, { ticketId: t.id, category: t.category, actor: actor.subject, data: { number: t.number, ...data } });
  }

  /** Releases a held ticket into its line (at the position it was numbered at). False when it is not held. */
  releaseTicket(ticketId: string, actor: Actor, type: string, data: Record<string, unknown> = {}): boolean {
    const t = this.ticketRow(ticketId);
    if (!t || t.status !== 'waiting' || t.target_window !== HELD_WINDOW) return false;
    this.bump(t, -1);
    this.bump({ ...t, target_window: null }, 1);
    this.store.run(this.store.q.updateTable('tickets').set({ target_window: null }).where('id', '=', t.id));
    this.emit(type, { ticketId: t.id, category: t.category, actor: actor.subject, data: { number: t.number, ...data } });
    return true;
  }

  /** Tickets still held (e.g. a kiosk crashed mid-print). */
  heldTickets(): TicketRow[] {
    return this.store.all(this.store.q.selectFrom('tickets').selectAll().where('status', '=', WAITING).where('target_window', '=', HELD_WINDOW));
  }

  /** Voids a waiting ticket (removed with `outcome`), e.g. its receipt could not be printed. False when it is not waiting. */
  voidTicket(ticketId: string, actor: Actor, outcome: string, type: string, data: Record<string, unknown> = {}): boolean {
    const t = this.ticketRow(ticketId);
    if (!t || t.status !== 'waiting') return false;
    this.bump(t, -1);
    this.store.run(this.store.q.updateTable('tickets').set({ status: 'removed', outcome, finished_at: this.now(), target_window: null, target_clerk: null }).where('id', '=', t.id));
    this.emit(type, { ticketId: t.id, category: t.category, actor: actor.subject, data: { number: t.number, outcome, ...data } });
    return true;
  }

  /** The one rule for "the hall takes tickets for this category": some window serves it with weight > 0. */
  inService(category: string): boolean {
    return this.sql.inService.get(category) !== undefined;
  }

  /** Every category in service (the kiosk offers only these). */
  categoriesInService(): Set<string> {
    return new Set(this.store.all(this.store.q.selectFrom('window_categories').select('category').where('weight', '>', 0).distinct()).map((r) => r.category));
  }

  /** `ahead` is known for a fresh ticket (everyone waiting before it); a replay counts. */
  private issued(t: TicketRow, knownAhead?: number): IssuedTicket {
    const q = this.store.q;
    const cat = this.category(t.category);
    const ahead = knownAhead ?? (t.status === 'waiting'
      ? Number(this.store.get(q.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', WAITING).where('category', '=', t.category).where('queue_pos', '<', t.queue_pos))?.n ?? 0)
      : 0);
    return {
      id: t.id, number: t.number, category: t.category, categoryName: cat.name, priority: t.priority as PriorityClass, ahead,
      estimatedWaitMinutes: estimateMinutes(ahead, cat, this.servingWindows(t.category)), issuedAt: iso(t.issued_at)!, hallName: this.hallName(),
    };
  }

  private servingWindows(category: string): number {
    const now = this.now();
    if (now - this.servingCache.at > 1000) {
      const q = this.store.q;
      const rows = this.store.all(
        q.selectFrom('window_categories').innerJoin('windows', 'windows.no', 'window_categories.window_no')
          .select(['window_categories.category as category', (eb) => eb.fn.countAll<number>().as('n')])
          .where('window_categories.weight', '>', 0).where('windows.status', 'in', ['open', 'serving']).groupBy('window_categories.category'),
      );
      this.servingCache = { at: now, counts: new Map(rows.map((r) => [r.category, Number(r.n)])) };
    }
    return this.servingCache.counts.get(category) ?? 0;
  }

  // ---- clerk operations -----------------------------------------------------------------

  /** The clerk must be the one signed in at this window. */
  private ownWindow(no: number, actor: Actor): WindowRow {
    const w = this.window(no);
    if (actor.role !== 'clerk' || actor.windowNo !== no || w.clerk_work_no !== actor.subject) throw E.notYourWindow(no);
    return w;
  }

  private callable(w: WindowRow): void {
    if (w.status === 'closed') throw E.windowClosed(w.no);
    if (w.status === 'paused') throw E.windowPaused(w.no);
  }

  private current(w: WindowRow): TicketRow | undefined {
    return w.current_ticket_id ? this.ticketRow(w.current_ticket_id) : undefined;
  }

  /** Ends the window's current ticket (call-next implies the previous one is done). */
  /**
   * `reread`: return the ended row (read back). `nextFollows`: the caller puts another ticket in
   * service at once, which rewrites the window row anyway.
   */
  private endCurrent(w: WindowRow, outcome: string, actor: Actor, auto: boolean, reread = true, nextFollows = false): TicketRow | undefined {
    const t = w.current_ticket_id ? (this.sql.closing.get(w.current_ticket_id) as ClosingRow | undefined) : undefined;
    if (!t) return undefined;
    const status = outcome === 'served' || outcome === 'endedByLogout' ? 'done' : outcome === 'noShow' ? 'noShow' : 'removed';
    this.closeTicket(t, status, outcome, w.no, actor, auto);
    if (!nextFollows) this.sql.windowFree.run(w.status === 'serving' ? 'open' : w.status, w.no);
    return reread ? this.ticketRow(t.id) : undefined;
  }

  private closeTicket(t: ClosingRow, status: string, outcome: string, windowNo: number, actor: Actor, auto = false): void {
    const now = this.now();
    this.sql.closeTicket.run(status, outcome, now, t.id);
    this.emit(outcome === 'noShow' ? 'noShow' : 'finish', {
      ticketId: t.id, windowNo, category: t.category, actor: actor.subject,
      data: this.durations(t, now, { number: t.number, outcome, auto, priority: t.priority }),
    });
  }

  /** Waiting (issue → first call), walking (call → start) and service (start → end) in ms. */
  /** Adds them to `into` (an event's data): assigned, not spread, on the call-next path. */
  private durations<T extends object>(t: Pick<TicketRow, 'first_called_at' | 'issued_at' | 'started_at' | 'called_at'>, end: number, into: T): T & { waitMs: number | null; walkMs: number | null; serviceMs: number | null } {
    return Object.assign(into, {
      waitMs: t.first_called_at != null ? t.first_called_at - t.issued_at : null,
      walkMs: t.started_at != null && t.called_at != null ? t.started_at - t.called_at : null,
      serviceMs: t.started_at != null ? end - t.started_at : null,
    });
  }

  /**
   * The head of each line this window may call from, plus tickets aimed at this window or clerk.
   * Lines the in-memory counts know to be empty are not probed. `rows` receives each row read.
   */
  private candidates(no: number, clerk: string | null, cats: { category: string; weight: number }[], rows: Map<string, HeadRow>): Candidate[] {
    const out: Candidate[] = [];
    const add = (r: HeadRow, targeted: boolean) => {
      rows.set(r.id, r);
      out.push({ id: r.id, number: r.number, category: r.category, priority: r.priority as PriorityClass, queuePos: Math.floor(r.queue_pos / 1000), targeted });
    };
    if (this.counted('@targeted') > 0) {
      for (const r of this.sql.targetedWindow.all(no) as HeadRow[]) add(r, true);
      if (clerk) for (const r of this.sql.targetedClerk.all(clerk) as HeadRow[]) add(r, true);
    }
    for (const c of cats) {
      if (c.weight <= 0 || this.counted(c.category) === 0) continue;
      for (const p of PRIORITIES) {
        const key = `${c.category}|${p}`;
        if (this.counted(key) === 0) continue;
        let r = this.headCache.get(key);
        if (r === undefined) this.headCache.set(key, (r = (this.sql.head.get(c.category, p) as HeadRow | undefined) ?? null));
        if (r) add(r, false);
      }
    }
    return out;
  }

  private decide(w: WindowRow, onlyCategory?: string, rows = new Map<string, HeadRow>(), explain = true): Decision {
    const cats = this.assignment(w.no);
    return pickNext(this.candidates(w.no, w.clerk_work_no, cats, rows), { categories: cats, ratioPos: w.ratio_pos, onlyCategory }, this.rules().rules, this.now(), explain);
  }

  callNext(no: number, actor: Actor, input: { category?: string; ticketId?: string }): WindowActionResponse | null {
    const w = this.ownWindow(no, actor);
    this.callable(w);
    const cats = this.assignment(no);
    if (input.category) {
      this.category(input.category);
      if (!cats.some((c) => c.category === input.category && c.weight > 0)) throw E.categoryNotAssigned(input.category, no);
    }
    let picked: HeadRow;
    let rule: string;
    let ratioPos = w.ratio_pos;
    if (input.ticketId) {
      const t = this.ticketRow(input.ticketId);
      if (!t) throw E.unknownTicket();
      if (t.status !== 'waiting') throw E.ticketNotWaiting();
      if (!cats.some((c) => c.category === t.category && c.weight > 0)) throw E.categoryNotAssigned(t.category, no);
      picked = t;
      rule = 'specific';
    } else {
      const rows = new Map<string, HeadRow>();
      const pick = this.decide(w, input.category, rows, false);
      if (!pick.ticket) {
        this.endCurrent(w, 'served', actor, true, false);
        return null;
      }
      picked = rows.get(pick.ticket.id)!;
      rule = pick.rule!;
      ratioPos = pick.ratioPos;
    }
    this.endCurrent(w, 'served', actor, true, false, true);
    return this.assignToWindow(w, picked, actor, 'call', { rule }, ratioPos);
  }

  /**
   * Puts `t` (as read in this transaction) in service at window `w`. The answer is built from
   * the rows in hand plus the columns just written: no re-read on the hot path.
   */
  private assignToWindow(w: WindowRow, t: HeadRow, actor: Actor, type: 'call' | 'callBack', data: Record<string, unknown>, ratioPos = w.ratio_pos): WindowActionResponse {
    const now = this.now();
    const no = w.no;
    if (t.status === 'waiting') this.bump(t, -1);
    const firstCalledAt = t.first_called_at ?? now;
    this.sql.callTicket.run(now, firstCalledAt, no, actor.subject, t.id);
    this.sql.windowServe.run(t.id, now, ratioPos, no);
    // The first call of a ticket carries its waiting time (statistics read it from the event log).
    const firstCall = t.first_called_at == null;
    this.emit(type, { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: { number: t.number, priority: t.priority, firstCall, waitMs: firstCall ? now - t.issued_at : null, ...data } });
    // Built field by field: spreading a database row (`...t`) costs several µs a call.
    const called: TicketViewRow = {
      id: t.id, number: t.number, category: t.category, status: 'called', priority: t.priority, channel: t.channel, issued_at: t.issued_at,
      called_at: now, started_at: null, window_no: no, recall_count: 0, id_masked: t.id_masked,
    };
    const win: WindowRow = {
      no, name: w.name, status: 'serving', pause_reason: w.pause_reason, clerk_work_no: w.clerk_work_no, current_ticket_id: t.id, ratio_pos: ratioPos, status_since: now,
    };
    const clerk = win.clerk_work_no ? this.staffRow(win.clerk_work_no) : undefined;
    return { window: toWindowView(win, this.assignment(no), clerk, called, { withMaskedId: true }), ticket: toTicket(called) };
  }

  recall(no: number, actor: Actor): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    if (t.status !== 'called') throw E.ticketNotCalled();
    const { recallLimit, recallCooldownSeconds } = this.rules().rules;
    const now = this.now();
    const since = (now - (t.called_at ?? 0)) / 1000;
    if (since < recallCooldownSeconds) throw E.recallTooSoon(Math.ceil(recallCooldownSeconds - since));
    if (t.recall_count >= recallLimit) {
      const ended = this.endCurrent(w, 'noShow', actor, true);
      return this.answer(no, ended, { becameNoShow: true });
    }
    this.store.run(this.store.q.updateTable('tickets').set({ recall_count: t.recall_count + 1, called_at: now }).where('id', '=', t.id));
    this.emit('recall', { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: { number: t.number, recall: t.recall_count + 1 } });
    return this.answer(no, this.ticketRow(t.id));
  }

  noShow(no: number, actor: Actor): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    if (t.status !== 'called') throw E.ticketNotCalled();
    return this.answer(no, this.endCurrent(w, 'noShow', actor, false));
  }

  start(no: number, actor: Actor): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    if (t.status !== 'called') throw E.ticketNotCalled();
    this.store.run(this.store.q.updateTable('tickets').set({ status: 'serving', started_at: this.now() }).where('id', '=', t.id));
    this.emit('start', { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: { number: t.number } });
    return this.answer(no, this.ticketRow(t.id));
  }

  finish(no: number, actor: Actor, input: { ticketId?: string; outcome?: 'served' | 'removed' }): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (input.ticketId && t?.id !== input.ticketId) throw E.ticketNotYours();
    if (!t) throw E.noCurrentTicket(no);
    return this.answer(no, this.endCurrent(w, input.outcome ?? 'served', actor, false));
  }

  transfer(no: number, actor: Actor, input: { category?: string; windowNo?: number; clerkWorkNo?: string; position: 'head' | 'tail' | 'keep'; reason?: string }): WindowActionResponse {
    const q = this.store.q;
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    if (!input.category && input.windowNo === undefined && !input.clerkWorkNo) throw E.transferTargetMissing();
    const category = input.category ?? t.category;
    this.category(category);
    if (input.windowNo !== undefined) {
      this.window(input.windowNo);
      if (!this.assignment(input.windowNo).some((c) => c.category === category && c.weight > 0)) throw E.categoryNotAssigned(category, input.windowNo);
    }
    if (input.clerkWorkNo && !this.staffRow(input.clerkWorkNo)) throw E.unknownStaff(input.clerkWorkNo);
    const now = this.now();
    let pos: number;
    // keep: the place the ticket was numbered at, so a citizen sent on is not sent to the back.
    if (input.position === 'keep') pos = t.queue_pos;
    else if (input.position === 'head') {
      const head = this.store.get(q.selectFrom('tickets').select((eb) => eb.fn.min('queue_pos').as('p')).where('status', '=', WAITING).where('category', '=', category));
      pos = Math.min(head?.p ?? now * 1000, now * 1000) - 1;
    } else pos = this.nextPos(now);
    // The service segment at this window ends here (counted in stats as "transferred").
    this.emit('finish', { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: this.durations(t, now, { number: t.number, outcome: 'transferred', priority: t.priority }) });
    this.bump({ category, priority: t.priority, target_window: input.windowNo ?? null, target_clerk: input.clerkWorkNo ?? null }, 1);
    this.store.run(q.updateTable('tickets').set({
      status: 'waiting', category, queue_pos: pos, target_window: input.windowNo ?? null, target_clerk: input.clerkWorkNo ?? null,
      transferred_from: `${no}`, window_no: null, called_at: null, started_at: null, recall_count: 0,
    }).where('id', '=', t.id));
    this.store.run(q.updateTable('windows').set({ current_ticket_id: null, status: 'open', status_since: now }).where('no', '=', no));
    this.emit('transfer', { ticketId: t.id, windowNo: no, category, actor: actor.subject, data: { number: t.number, from: t.category, to: category, toWindow: input.windowNo ?? null, toClerk: input.clerkWorkNo ?? null, position: input.position, reason: input.reason ?? null } });
    return this.answer(no, this.ticketRow(t.id));
  }

  suspend(no: number, actor: Actor): WindowActionResponse {
    const q = this.store.q;
    const w = this.ownWindow(no, actor);
    const t = this.current(w);
    if (!t) throw E.noCurrentTicket(no);
    this.store.run(q.updateTable('tickets').set({ status: 'suspended' }).where('id', '=', t.id));
    this.store.run(q.updateTable('windows').set({ current_ticket_id: null, status: 'open', status_since: this.now() }).where('no', '=', no));
    this.emit('suspend', { ticketId: t.id, windowNo: no, category: t.category, actor: actor.subject, data: { number: t.number } });
    return this.answer(no, this.ticketRow(t.id));
  }

  /** 回呼: take back a ticket this window suspended. */
  callBack(no: number, actor: Actor, ticketId: string): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    this.callable(w);
    const t = this.ticketRow(ticketId);
    if (!t || t.status !== 'suspended' || t.window_no !== no) throw E.ticketNotSuspended();
    this.endCurrent(w, 'served', actor, true, false, true);
    return this.assignToWindow(w, t, actor, 'callBack', {});
  }

  suspended(no: number): Ticket[] {
    const q = this.store.q;
    return this.store.all(q.selectFrom('tickets').selectAll().where('window_no', '=', no).where('status', '=', ksql.lit('suspended')).orderBy('called_at')).map((t) => toTicket(t));
  }

  /** A citizen served without a ticket: issued and put straight in service at this window. */
  walkIn(no: number, actor: Actor, input: { category?: string; priority?: PriorityClass }): WindowActionResponse {
    const w = this.ownWindow(no, actor);
    this.callable(w);
    const cats = this.assignment(no).filter((c) => c.weight > 0);
    const category = input.category ?? cats[0]?.category;
    if (!category) throw E.categoryNotAssigned('-', no);
    this.category(category);
    if (!cats.some((c) => c.category === category)) throw E.categoryNotAssigned(category, no);
    this.endCurrent(w, 'served', actor, true, false);
    const issued = this.issueTicket({ category, channel: 'walkIn', priority: input.priority }, actor);
    this.assignToWindow(w, this.ticketRow(issued.id)!, actor, 'call', { rule: 'walkIn' });
    this.store.run(this.store.q.updateTable('tickets').set({ status: 'serving', started_at: this.now() }).where('id', '=', issued.id));
    this.emit('start', { ticketId: issued.id, windowNo: no, category, actor: actor.subject, data: { number: issued.number, walkIn: true } });
    return this.answer(no, this.ticketRow(issued.id));
  }

  // ---- window state (clerk of the window, or a manager) --------------------------------

  private windowAdmin(no: number, actor: Actor): WindowRow {
    if (actor.role === 'manager') return this.window(no);
    return this.ownWindow(no, actor);
  }

  pause(no: number, actor: Actor, reason: string): WindowActionResponse {
    const w = this.windowAdmin(no, actor);
    if (w.status === 'closed') throw E.windowClosed(no);
    if (w.current_ticket_id) throw E.windowBusy(no);
    if (w.status !== 'paused') {
      this.store.run(this.store.q.updateTable('windows').set({ status: 'paused', pause_reason: reason, status_since: this.now() }).where('no', '=', no));
      this.emit('pause', { windowNo: no, actor: actor.subject, data: { reason } });
    }
    return this.answer(no, null);
  }

  resume(no: number, actor: Actor): WindowActionResponse {
    const w = this.windowAdmin(no, actor);
    if (w.status !== 'paused') throw E.windowNotPaused(no);
    const now = this.now();
    this.store.run(this.store.q.updateTable('windows').set({ status: 'open', pause_reason: null, status_since: now }).where('no', '=', no));
    this.emit('resume', { windowNo: no, actor: actor.subject, data: { reason: w.pause_reason, pausedMs: now - w.status_since } });
    return this.answer(no, null);
  }

  open(no: number, actor: Actor): WindowActionResponse {
    const w = this.windowAdmin(no, actor);
    if (w.status === 'closed') {
      this.store.run(this.store.q.updateTable('windows').set({ status: 'open', pause_reason: null, status_since: this.now() }).where('no', '=', no));
      this.emit('open', { windowNo: no, actor: actor.subject });
    }
    return this.answer(no, null);
  }

  close(no: number, actor: Actor): WindowActionResponse {
    const w = this.windowAdmin(no, actor);
    if (w.current_ticket_id) throw E.windowBusy(no);
    if (w.status !== 'closed') {
      this.store.run(this.store.q.updateTable('windows').set({ status: 'closed', pause_reason: null, status_since: this.now() }).where('no', '=', no));
      this.emit('close', { windowNo: no, actor: actor.subject });
    }
    return this.answer(no, null);
  }

  setAssignment(no: number, actor: Actor, categories: { category: string; weight: number }[]): WindowActionResponse {
    const q = this.store.q;
    this.window(no);
    const seen = new Set<string>();
    for (const c of categories) {
      this.category(c.category);
      if (seen.has(c.category)) throw E.invalidBody({ duplicate: c.category });
      seen.add(c.category);
    }
    this.assignCache.delete(no);
    this.store.run(q.deleteFrom('window_categories').where('window_no', '=', no));
    for (const c of categories) this.store.run(q.insertInto('window_categories').values({ window_no: no, category: c.category, weight: c.weight }));
    this.emit('assignment', { windowNo: no, actor: actor.subject, data: { categories } });
    return this.answer(no, null);
  }

  /** Sign a clerk in at a window (login, or AB角 takeover by a manager). */
  seatClerk(no: number, workNo: string, actor: Actor, type: 'login' | 'takeover'): void {
    const q = this.store.q;
    const w = this.window(no);
    const prev = w.clerk_work_no;
    if (prev && prev !== workNo) {
      this.endCurrent(w, 'endedByLogout', actor, true);
    }
    // The clerk leaves any other window he was seated at.
    this.store.run(q.updateTable('windows').set({ clerk_work_no: null, status: 'closed' }).where('clerk_work_no', '=', workNo).where('no', '!=', no).where('current_ticket_id', 'is', null));
    const status = w.status === 'closed' ? 'open' : w.status;
    this.store.run(q.updateTable('windows').set({ clerk_work_no: workNo, status, status_since: this.now() }).where('no', '=', no));
    this.emit(type, { windowNo: no, actor: actor.subject, data: { workNo, replaced: prev !== workNo ? prev : null } });
  }

  unseatClerk(workNo: string, actor: Actor): void {
    const q = this.store.q;
    for (const w of this.store.all(q.selectFrom('windows').selectAll().where('clerk_work_no', '=', workNo))) {
      this.endCurrent(w, 'endedByLogout', actor, true);
      this.store.run(q.updateTable('windows').set({ clerk_work_no: null, status: 'closed', pause_reason: null, status_since: this.now() }).where('no', '=', w.no));
      this.emit('logout', { windowNo: w.no, actor: actor.subject, data: { workNo } });
    }
  }

  // ---- reads ----------------------------------------------------------------------------

  /** A cached snapshot when it is at least `minVersion`, else a fresh one. */
  snapshotAtLeast(minVersion: number): { snap: QueueSnapshot; json: string; publicJson: string } {
    if (this.snapCache && this.snapCache.version >= minVersion) return this.snapCache;
    return this.snapshot();
  }

  snapshot(): { snap: QueueSnapshot; json: string; publicJson: string } {
    if (this.snapCache?.version === this.versionSeen) return this.snapCache;
    const q = this.store.q;
    const cats = [...this.categories().values()];
    const counts = new Map(cats.map((c) => [c.code, this.waitingIn(c.code)]));
    const { rows: windows, views } = this.windowViews();
    const serving = (code: string) => windows.filter((w) => (w.status === 'open' || w.status === 'serving') && this.assignment(w.no).some((a) => a.category === code && a.weight > 0)).length;
    const calls = this.store.all(q.selectFrom('events').select(['seq', 'ticket_id', 'window_no', 'type', 'at', 'data']).where(RECENT_CALLS).orderBy('seq', 'desc').limit(20));
    const winName = new Map(windows.map((w) => [w.no, w.name]));
    const waiting = this.store.all(q.selectFrom('tickets').selectAll().where('status', '=', WAITING).orderBy('queue_pos').limit(50)).map((t) => toTicket(t, { withMaskedId: false }));
    // A public snapshot (displays read it): no masked ID numbers; devices get it without the
    // waiting list (smaller, and they do not show it).
    const publicSnap: Omit<QueueSnapshot, 'waiting'> = {
      version: this.versionSeen,
      hall: { name: this.hallName(), notice: this.store.get(q.selectFrom('meta').select('value').where('key', '=', 'hall_notice'))?.value ?? null, timeZone: this.timeZone },
      categories: cats.map((c) => ({ code: c.code, name: c.name, waiting: counts.get(c.code) ?? 0, estimatedWaitMinutes: estimateMinutes(counts.get(c.code) ?? 0, c, serving(c.code)) })),
      windows: windows.map((w) => views.get(w.no)!),
      recentCalls: calls.map((e) => {
        const d = JSON.parse(e.data ?? '{}') as { number?: string; rule?: string };
        return {
          seq: e.seq, ticketId: e.ticket_id ?? '', ticketNumber: d.number ?? '', windowNo: e.window_no ?? 0,
          windowName: winName.get(e.window_no ?? 0), kind: e.type === 'recall' ? 'recall' : 'call', at: new Date(e.at).toISOString(),
          ...(d.rule === 'walkIn' ? { walkIn: true } : {}),
        };
      }),
    };
    const publicJson = JSON.stringify(publicSnap);
    // The staff form is the public one plus the waiting list: serialised once, extended as text.
    const json = `${publicJson.slice(0, -1)},"waiting":${JSON.stringify(waiting)}}`;
    this.snapCache = { version: this.versionSeen, snap: { ...publicSnap, waiting }, json, publicJson };
    return this.snapCache;
  }

  /**
   * Every window's row and public view. Rebuilt only for the windows the events since the last
   * build touched (a busy hall re-fetches its snapshot ten times a second); events that can
   * change windows without naming them (a clerk seated elsewhere, day reset, admin edits) rebuild all.
   */
  private windowViews(): { rows: WindowRow[]; views: Map<number, WindowView> } {
    const q = this.store.q;
    let cache = this.viewCache;
    let touched: Set<number> | null = null;
    if (cache) {
      touched = new Set();
      for (const e of this.sql.eventsAfter.all(cache.version) as { window_no: number | null; type: string }[]) {
        if (REBUILD_ALL.has(e.type) || e.type.startsWith('admin.')) {
          touched = null;
          break;
        }
        if (e.window_no != null) touched.add(e.window_no);
      }
    }
    if (!cache || !touched) {
      const rows = this.store.all(q.selectFrom('windows').selectAll().orderBy('no'));
      cache = { version: 0, rows: new Map(rows.map((w) => [w.no, w])), views: new Map() };
      touched = new Set(rows.map((w) => w.no));
    }
    const staff = this.staffMap();
    for (const no of touched) {
      const w = no === HELD_WINDOW ? undefined : (this.sql.window.get(no) as WindowRow | undefined);
      if (!w) {
        cache.rows.delete(no);
        cache.views.delete(no);
        continue;
      }
      const cur = w.current_ticket_id ? (this.sql.ticketView.get(w.current_ticket_id) as TicketViewRow | undefined) : undefined;
      cache.rows.set(no, w);
      cache.views.set(no, toWindowView(w, this.assignment(no), w.clerk_work_no ? staff.get(w.clerk_work_no) : undefined, cur, { withMaskedId: false }));
    }
    cache.version = this.versionSeen;
    this.viewCache = cache;
    return { rows: [...cache.rows.values()].sort((a, b) => a.no - b.no), views: cache.views };
  }

  explain(no: number) {
    const w = this.window(no);
    const pick = this.decide(w);
    const t = pick.ticket ? this.ticketRow(pick.ticket.id) : undefined;
    return {
      windowNo: no, rulesVersion: this.rules().version, next: t ? toTicket(t, { withMaskedId: false }) : null, rule: pick.rule, steps: pick.steps,
      candidates: pick.ranked.slice(0, 20).map((c) => ({ number: c.number, category: c.category, priority: c.priority, waitedMinutes: Math.round(c.waitedMinutes * 10) / 10, score: Math.round(c.score * 100) / 100, targeted: c.targeted })),
    };
  }

  eventsSince(since: number, limit = 500): EventSignal[] {
    const q = this.store.q;
    return this.store.all(q.selectFrom('events').select(['seq', 'type', 'at']).where('seq', '>', since).orderBy('seq').limit(limit))
      .map((e) => ({ version: e.seq, type: e.type, at: new Date(e.at).toISOString() }));
  }

  staffCard(workNo: string) {
    const s = this.staffRow(workNo);
    return s ? toStaffCard(s) : null;
  }

  staff(workNo: string): StaffRow | undefined {
    return this.staffRow(workNo);
  }

  isActiveStatus(s: string): boolean {
    return (ACTIVE as readonly string[]).includes(s);
  }
}
