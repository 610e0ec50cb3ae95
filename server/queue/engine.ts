// The queue engine: the one place the hall's shared queue changes. Every public mutation runs
// as ONE synchronous SQLite transaction (read → decide with domain/queue → write → event row),
// so concurrent requests are serialised by the event loop and the database together: two
// windows can never receive the same ticket and no waiting ticket is passed over.
//
// HallEngine is the surface routes and services use; the work lives in its parts (one file
// each, wired here once): transactions.ts (group commit, savepoints, idempotent answers,
// signals), lines.ts (waiting counts and line heads), issuing.ts, clerkActions.ts,
// windowAdmin.ts, snapshot.ts, reference.ts (cached reference data), day.ts, eventLog.ts,
// statements.ts (the prepared SQL), suspended.ts (挂起 tickets with reason and time). Parts call
// each other directly: no per-call indirection.
import type { HallStore } from '../db/connection';
import type { CategoryRow, StaffRow, TicketRow, WindowRow } from '../db/schema';
import type { Actor } from '../auth';
import type { OrderingRules } from '../../domain/queue/rules';
import type {
  EventSignal,
  IssuedTicket,
  PriorityClass,
  QueueSnapshot,
  StaffCard,
  SuspendedTicket,
  Ticket,
  WindowActionResponse,
  WindowView,
} from '../../domain/api/hall';
import { suspendedTickets } from './suspended';
import { ClerkActions } from './clerkActions';
import { HallDay } from './day';
import { EventLog } from './eventLog';
import { Issuing, type IssueInput } from './issuing';
import { Lines } from './lines';
import { Reference, type Assignment, type RulesVersion } from './reference';
import { Snapshots, type SnapshotText } from './snapshot';
import { prepareStatements } from './statements';
import { Transactions, type IdempotentAnswer } from './transactions';
import { toStaffCard } from './views';
import { WindowAdmin } from './windowAdmin';
import type { ProblemLog } from '../health/problems';

export interface EngineOptions {
  timeZone: string;
  now?: () => number;
  problems?: ProblemLog;
  /** The ID-hash salt, from the hall's keyring (kept out of the database); legacy halls: meta.id_salt. */
  idSalt?: string;
}

export class HallEngine {
  readonly timeZone: string;
  private readonly events: EventLog;
  private readonly lines: Lines;
  private readonly ref: Reference;
  private readonly tx: Transactions;
  private readonly issuing: Issuing;
  private readonly clerk: ClerkActions;
  private readonly admin: WindowAdmin;
  private readonly snapshots: Snapshots;

  constructor(
    readonly store: HallStore,
    opts: EngineOptions,
  ) {
    this.timeZone = opts.timeZone;
    const now = opts.now ?? Date.now;
    const sql = prepareStatements(store);
    this.events = new EventLog(store, sql, now);
    this.lines = new Lines(store, sql);
    this.ref = new Reference(store, sql, now, opts.problems, opts.idSalt);
    const day = new HallDay(store, opts.timeZone, now, this.events, this.lines);
    this.tx = new Transactions(store, sql, now, this.events, this.lines, this.ref, day, opts.problems);
    this.issuing = new Issuing(store, sql, now, this.tx, this.events, this.lines, this.ref, day);
    this.clerk = new ClerkActions(store, sql, now, this.events, this.lines, this.ref, this.issuing);
    this.admin = new WindowAdmin(store, now, this.events, this.ref, this.clerk);
    this.snapshots = new Snapshots(store, sql, this.lines, this.ref, () => this.tx.version, opts.timeZone);
  }

  // ---- transactions and signals (transactions.ts) ----------------------------------------

  get version(): number {
    return this.tx.version;
  }

  onSignal(fn: (s: EventSignal) => void): () => void {
    return this.tx.onSignal(fn);
  }

  /** Runs `fn` as one transaction (a savepoint when nested), then tells listeners the new version. */
  mutate<T>(fn: () => T): T {
    return this.tx.mutate(fn);
  }

  /** Group commit: `fn` runs in the transaction shared by everything submitted in this event-loop turn. */
  submit<T>(fn: () => T): Promise<T> {
    return this.tx.submit(fn);
  }

  /** The first answer (success or rejection) under `scope:requestId` is stored with the effect and replayed on retry. */
  idempotent<T>(scope: string, requestId: string | undefined, fn: () => T): IdempotentAnswer<T> {
    return this.tx.idempotent(scope, requestId, fn);
  }

  /** An event row for an edit made outside the engine (admin API), inside `mutate`, so clients re-fetch. */
  adminEvent(type: string, actor: Actor, data: unknown): void {
    this.events.emit(type, { actor: actor.subject, data });
  }

  eventsSince(since: number, limit = 500): EventSignal[] {
    return this.events.since(since, limit);
  }

  // ---- reference data (reference.ts) -----------------------------------------------------

  rules(): RulesVersion {
    return this.ref.rules();
  }

  setRules(rules: OrderingRules, actor: Actor): { version: number } {
    return this.tx.mutate(() => {
      const version = this.ref.addRules(rules, actor.subject);
      this.events.emit('rules', { actor: actor.subject, data: { version } });
      return { version };
    });
  }

  categories(): Map<string, CategoryRow> {
    return this.ref.categories();
  }

  window(no: number): WindowRow {
    return this.ref.window(no);
  }

  assignment(no: number): Assignment {
    return this.ref.assignment(no);
  }

  ticketRow(id: string): TicketRow | undefined {
    return this.ref.ticketRow(id);
  }

  staff(workNo: string): StaffRow | undefined {
    return this.ref.staff(workNo);
  }

  staffCard(workNo: string): StaffCard | null {
    const s = this.ref.staff(workNo);
    return s ? toStaffCard(s) : null;
  }

  hallName(): string {
    return this.ref.hallName();
  }

  hashId(idNumber: string): string {
    return this.ref.hashId(idNumber);
  }

  /**
   * Reference data (categories, staff, hall name, windows) was edited outside the engine's own
   * operations (the manager's admin API): drop every cache built from it. Call after commit.
   */
  reloadReference(): void {
    this.ref.reload();
    this.lines.dropHeads();
    this.snapshots.drop();
  }

  // ---- tickets (issuing.ts, lines.ts) ----------------------------------------------------

  /** The hall's public base URL, set once listening (config or the address): trackUrl is built on it. */
  setPublicBaseUrl(url: string): void {
    this.issuing.publicBaseUrl = url;
  }

  get publicBaseUrl(): string {
    return this.issuing.publicBaseUrl;
  }

  /** Waiting tickets in `category` before queue position `pos` (the tracking page's "ahead"). */
  aheadOf(category: string, pos: number): number {
    return this.issuing.aheadOf(category, pos);
  }

  /** Minutes a ticket with `ahead` people before it may wait (same estimate as the kiosk's). */
  estimate(category: string, ahead: number): number {
    return this.issuing.estimate(category, ahead);
  }

  /** Open windows serving `category` (what the estimate divides by; the tracking page's line messages carry it). */
  servingWindows(category: string): number {
    return this.ref.servingWindows(category);
  }

  issueTicket(input: IssueInput, actor: Actor): IssuedTicket {
    return this.issuing.issueTicket(input, actor);
  }

  /** Waiting tickets in a category, including changes staged in the current transaction. */
  waitingIn(category: string): number {
    return this.lines.counted(category);
  }

  holdTicket(ticketId: string, actor: Actor, type: string, data: Record<string, unknown> = {}): void {
    this.issuing.holdTicket(ticketId, actor, type, data);
  }

  releaseTicket(ticketId: string, actor: Actor, type: string, data: Record<string, unknown> = {}): boolean {
    return this.issuing.releaseTicket(ticketId, actor, type, data);
  }

  heldTickets(): TicketRow[] {
    return this.issuing.heldTickets();
  }

  voidTicket(ticketId: string, actor: Actor, outcome: string, type: string, data: Record<string, unknown> = {}): boolean {
    return this.issuing.voidTicket(ticketId, actor, outcome, type, data);
  }

  /** Every category some window serves with weight > 0 (the kiosk offers only these; issueTicket refuses the rest). */
  categoriesInService(): Set<string> {
    return this.issuing.categoriesInService();
  }

  // ---- clerk actions (clerkActions.ts) ---------------------------------------------------

  callNext(no: number, actor: Actor, input: { category?: string; ticketId?: string }): WindowActionResponse | null {
    return this.clerk.callNext(no, actor, input);
  }

  recall(no: number, actor: Actor): WindowActionResponse {
    return this.clerk.recall(no, actor);
  }

  noShow(no: number, actor: Actor): WindowActionResponse {
    return this.clerk.noShow(no, actor);
  }

  start(no: number, actor: Actor): WindowActionResponse {
    return this.clerk.start(no, actor);
  }

  finish(no: number, actor: Actor, input: { ticketId?: string; outcome?: 'served' | 'removed' }): WindowActionResponse {
    return this.clerk.finish(no, actor, input);
  }

  transfer(
    no: number,
    actor: Actor,
    input: { category?: string; windowNo?: number; clerkWorkNo?: string; position: 'head' | 'tail' | 'keep'; reason?: string },
  ): WindowActionResponse {
    return this.clerk.transfer(no, actor, input);
  }

  suspend(no: number, actor: Actor, reason?: string): WindowActionResponse {
    return this.clerk.suspend(no, actor, reason);
  }

  callBack(no: number, actor: Actor, ticketId: string): WindowActionResponse {
    return this.clerk.callBack(no, actor, ticketId);
  }

  suspended(no: number): Ticket[] {
    return this.clerk.suspended(no);
  }

  /** Suspended tickets (one window's, or the hall's) with the reason and time of their last 挂起. */
  suspendedList(no?: number): SuspendedTicket[] {
    return suspendedTickets(this.store, no);
  }

  /** A walk-in a counter served offline, arriving by sync: one hall ticket per request id (issuing.ts). */
  recordOfflineWalkIn(input: { requestId: string; number: string; category: string; windowNo: number; clerkWorkNo: string; issuedAt: string }): {
    ticketId: string;
    duplicate: boolean;
  } {
    return this.issuing.recordOfflineWalkIn(input, this.timeZone);
  }

  walkIn(no: number, actor: Actor, input: { category?: string; priority?: PriorityClass; requestId?: string }): WindowActionResponse {
    return this.clerk.walkIn(no, actor, input);
  }

  explain(no: number): ReturnType<ClerkActions['explain']> {
    return this.clerk.explain(no);
  }

  windowView(no: number, withMaskedId = true): WindowView {
    return this.clerk.windowView(no, withMaskedId);
  }

  // ---- window administration (windowAdmin.ts) --------------------------------------------

  pause(no: number, actor: Actor, reason: string): WindowActionResponse {
    return this.admin.pause(no, actor, reason);
  }

  resume(no: number, actor: Actor): WindowActionResponse {
    return this.admin.resume(no, actor);
  }

  open(no: number, actor: Actor): WindowActionResponse {
    return this.admin.open(no, actor);
  }

  close(no: number, actor: Actor): WindowActionResponse {
    return this.admin.close(no, actor);
  }

  setAssignment(no: number, actor: Actor, categories: Assignment): WindowActionResponse {
    return this.admin.setAssignment(no, actor, categories);
  }

  seatClerk(no: number, workNo: string, actor: Actor, type: 'login' | 'takeover'): void {
    this.admin.seatClerk(no, workNo, actor, type);
  }

  unseatClerk(workNo: string, actor: Actor): void {
    this.admin.unseatClerk(workNo, actor);
  }

  // ---- the snapshot (snapshot.ts) --------------------------------------------------------

  /** A cached snapshot when it is at least `minVersion`, else a fresh one. */
  snapshotAtLeast(minVersion: number): SnapshotText {
    return this.snapshots.atLeast(minVersion);
  }

  snapshot(): { snap: QueueSnapshot; json: string; publicJson: string } {
    return this.snapshots.current();
  }
}
