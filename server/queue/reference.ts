// Reference data the queue reads on every action (ordering rules, categories, windows and their
// assignments, staff, the hall's name), cached. The admin API edits it outside the engine's own
// operations, then calls HallEngine.reloadReference, which drops these caches.
import crypto from 'node:crypto';
import type { HallStore } from '../db/connection';
import type { CategoryRow, StaffRow, TicketRow, WindowRow } from '../db/schema';
import { E } from '../errors';
import { normalizeIdNumber } from '../../domain/idNumber';
import { DEFAULT_ORDERING_RULES, orderingRulesSchema, type OrderingRules } from '../../domain/queue/rules';
import type { ProblemLog } from '../health/problems';
import type { Statements } from './statements';

export interface RulesVersion {
  version: number;
  rules: OrderingRules;
  createdAt: number;
  createdBy: string;
}
export type Assignment = { category: string; weight: number }[];

export class Reference {
  private rulesCache: RulesVersion | null = null;
  private catCache: Map<string, CategoryRow> | null = null;
  private hallNameCache: string | null = null;
  private staffCache: { at: number; rows: Map<string, StaffRow> } | null = null;
  /** Window → assigned categories; changed only by setAssignment, dropped on any rollback. */
  private readonly assignCache = new Map<number, Assignment>();
  /** Open windows per category for wait estimates, refreshed at most once a second. */
  private servingCache = { at: 0, counts: new Map<string, number>() };
  private readonly idSalt: string;

  constructor(
    private readonly store: HallStore,
    private readonly sql: Statements,
    private readonly now: () => number,
    private readonly problems?: ProblemLog,
    idSalt?: string,
  ) {
    // From the hall's keyring (server/privacy/keys.ts); a hall opened without one still reads meta.
    this.idSalt = idSalt ?? store.get(store.q.selectFrom('meta').select('value').where('key', '=', 'id_salt'))?.value ?? '';
  }

  rules(): RulesVersion {
    if (!this.rulesCache) {
      const q = this.store.q;
      const row = this.store.get(q.selectFrom('ordering_rules').selectAll().orderBy('version', 'desc').limit(1))!;
      let rules: OrderingRules;
      try {
        rules = orderingRulesSchema.parse(JSON.parse(row.rules));
      } catch (e) {
        // A stored rule set this build cannot read must not stop every call-next: the defaults serve, and it is reported.
        this.problems?.report('STORED_RULES_UNREADABLE', 'engine.rules', e, String(row.version));
        rules = DEFAULT_ORDERING_RULES;
      }
      this.rulesCache = { version: row.version, rules, createdAt: row.created_at, createdBy: row.created_by };
    }
    return this.rulesCache;
  }

  /** Writes the next rules version (inside a transaction); returns its number. */
  addRules(rules: OrderingRules, by: string): number {
    const version = this.rules().version + 1;
    this.store.run(this.store.q.insertInto('ordering_rules').values({ version, rules: JSON.stringify(rules), created_at: this.now(), created_by: by }));
    this.rulesCache = null;
    return version;
  }

  categories(): Map<string, CategoryRow> {
    if (!this.catCache) {
      const q = this.store.q;
      this.catCache = new Map(this.store.all(q.selectFrom('categories').selectAll().orderBy('sort')).map((c) => [c.code, c]));
    }
    return this.catCache;
  }

  category(code: string): CategoryRow {
    const c = this.categories().get(code);
    if (!c) throw E.unknownCategory(code);
    return c;
  }

  window(no: number): WindowRow {
    const w = this.sql.window.get(no) as WindowRow | undefined;
    if (!w) throw E.unknownWindow(no);
    return w;
  }

  assignment(no: number): Assignment {
    let a = this.assignCache.get(no);
    if (!a) this.assignCache.set(no, (a = this.sql.assignment.all(no) as Assignment));
    return a;
  }

  /** setAssignment is about to rewrite this window's categories. */
  dropAssignment(no: number): void {
    this.assignCache.delete(no);
  }

  /** A rollback may have undone an assignment change. */
  dropAssignments(): void {
    this.assignCache.clear();
  }

  /** Open windows serving `category` (weight > 0), for wait estimates. */
  servingWindows(category: string): number {
    const now = this.now();
    if (now - this.servingCache.at > 1000) {
      const q = this.store.q;
      const rows = this.store.all(
        q
          .selectFrom('window_categories')
          .innerJoin('windows', 'windows.no', 'window_categories.window_no')
          .select(['window_categories.category as category', (eb) => eb.fn.countAll<number>().as('n')])
          .where('window_categories.weight', '>', 0)
          .where('windows.status', 'in', ['open', 'serving'])
          .groupBy('window_categories.category'),
      );
      this.servingCache = { at: now, counts: new Map(rows.map((r) => [r.category, Number(r.n)])) };
    }
    return this.servingCache.counts.get(category) ?? 0;
  }

  ticketRow(id: string): TicketRow | undefined {
    return this.sql.ticket.get(id) as TicketRow | undefined;
  }

  staff(workNo: string): StaffRow | undefined {
    return this.staffMap().get(workNo);
  }

  /** Staff are edited only by the admin API (which reloads): cached for 10 s besides. */
  staffMap(): Map<string, StaffRow> {
    const now = this.now();
    if (!this.staffCache || now - this.staffCache.at > 10_000) {
      this.staffCache = { at: now, rows: new Map(this.store.all(this.store.q.selectFrom('staff').selectAll()).map((s) => [s.work_no, s])) };
    }
    return this.staffCache.rows;
  }

  hallName(): string {
    this.hallNameCache ??= this.store.get(this.store.q.selectFrom('meta').select('value').where('key', '=', 'hall_name'))?.value ?? '';
    return this.hallNameCache;
  }

  hallNotice(): string | null {
    return this.store.get(this.store.q.selectFrom('meta').select('value').where('key', '=', 'hall_notice'))?.value ?? null;
  }

  hashId(idNumber: string): string {
    return crypto.createHash('sha256').update(this.idSalt).update(normalizeIdNumber(idNumber)).digest('hex');
  }

  /** Every cache built from reference data (after an admin edit commits). */
  reload(): void {
    this.rulesCache = null;
    this.catCache = null;
    this.staffCache = null;
    this.hallNameCache = null;
    this.servingCache = { at: 0, counts: new Map() };
    this.assignCache.clear();
  }
}
