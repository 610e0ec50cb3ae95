// The hall's reference data as the manager edits it: staff, business categories, windows, and the
// hall's name and display notice (meta keys hall_name / hall_notice).
// Every edit is one engine transaction that also appends an `admin.*` event row (the audit:
// who, what changed — no personal data beyond the 工号), after which the engine drops its
// caches so logins, tickets and snapshots see the change at once and clients re-fetch.
import { outboxOf } from '../uplink/outbox';
import type { HallStore } from '../db/connection';
import type { CategoryRow, StaffRow, WindowRow } from '../db/schema';
import type { Actor, AuthService } from '../auth';
import type { HallEngine } from '../queue/engine';
import { E } from '../errors';
import {
  numberRangeProblem,
  type AdminCategory,
  type AdminHall,
  type AdminStaff,
  type AdminWindow,
  type CategoryPatch,
  type HallPatch,
  type StaffPatch,
  type StaffRole,
} from '../../domain/api/admin';

type Change = { from: unknown; to: unknown };

export interface NewStaff {
  workNo: string;
  name: string;
  role: StaffRole;
  stars: number;
  homeWindow?: number | null;
  backupWorkNo?: string | null;
  passwordHash: string;
}
export interface NewCategory {
  code: string;
  name: string;
  prefix: string;
  dailyReset: boolean;
  rangeStart: number;
  rangeEnd: number;
  numberWidth: number;
  serviceLevelMinutes: number;
  avgServiceMinutes: number;
  sort?: number;
}

const toAdminStaff = (s: StaffRow): AdminStaff => ({
  workNo: s.work_no,
  name: s.name,
  role: s.role as StaffRole,
  stars: s.stars,
  photoUrl: s.photo_url,
  homeWindow: s.home_window,
  backupWorkNo: s.backup_work_no,
  active: s.active === 1,
});

const toAdminCategory = (c: CategoryRow, windows: number[]): AdminCategory => ({
  code: c.code,
  name: c.name,
  prefix: c.prefix,
  dailyReset: c.daily_reset === 1,
  rangeStart: c.range_start,
  rangeEnd: c.range_end,
  numberWidth: c.number_width,
  serviceLevelMinutes: c.service_level_minutes,
  avgServiceMinutes: c.avg_service_minutes,
  sort: c.sort,
  windows,
});

/** Category fields on the wire → their columns. */
const CATEGORY_COLUMNS = {
  name: 'name',
  prefix: 'prefix',
  dailyReset: 'daily_reset',
  rangeStart: 'range_start',
  rangeEnd: 'range_end',
  numberWidth: 'number_width',
  serviceLevelMinutes: 'service_level_minutes',
  avgServiceMinutes: 'avg_service_minutes',
  sort: 'sort',
} as const satisfies Record<keyof CategoryPatch, keyof CategoryRow>;

export class ReferenceData {
  constructor(
    private readonly store: HallStore,
    private readonly engine: HallEngine,
    private readonly auth: AuthService,
  ) {}

  private get q() {
    return this.store.q;
  }

  /** One transaction with its audit event; caches dropped only once it has committed. */
  private edit<T>(fn: () => T): T {
    const out = this.engine.mutate(fn);
    this.engine.reloadReference();
    return out;
  }

  // ---- staff ----------------------------------------------------------------------------

  private staffRow(workNo: string): StaffRow | undefined {
    return this.store.get(this.q.selectFrom('staff').selectAll().where('work_no', '=', workNo));
  }

  listStaff(): AdminStaff[] {
    return this.store.all(this.q.selectFrom('staff').selectAll().orderBy('role', 'desc').orderBy('work_no')).map(toAdminStaff);
  }

  private checkBackup(workNo: string, backup: string | null | undefined): void {
    if (backup == null) return;
    if (backup === workNo) throw E.backupIsSelf();
    if (this.staffRow(backup)?.active !== 1) throw E.invalidBackup(backup);
  }

  /** One active clerk per home window: login and AB角 takeover look the window's clerk up by it. */
  private checkHomeWindow(workNo: string, s: { role: string; active: number; home_window: number | null }): void {
    if (s.home_window == null) return;
    this.engine.window(s.home_window);
    if (s.role !== 'clerk' || s.active !== 1) return;
    const other = this.store.get(
      this.q
        .selectFrom('staff')
        .select('work_no')
        .where('home_window', '=', s.home_window)
        .where('role', '=', 'clerk')
        .where('active', '=', 1)
        .where('work_no', '!=', workNo),
    );
    if (other) throw E.homeWindowTaken(s.home_window, other.work_no);
  }

  createStaff(input: NewStaff, actor: Actor): AdminStaff {
    return this.edit(() => {
      if (this.staffRow(input.workNo)) throw E.duplicateWorkNo(input.workNo);
      const row: StaffRow = {
        work_no: input.workNo,
        name: input.name,
        role: input.role,
        stars: input.stars,
        photo_url: null,
        home_window: input.homeWindow ?? null,
        backup_work_no: input.backupWorkNo ?? null,
        password_hash: input.passwordHash,
        active: 1,
      };
      this.checkHomeWindow(row.work_no, row);
      this.checkBackup(row.work_no, row.backup_work_no);
      this.store.run(this.q.insertInto('staff').values(row));
      this.uplinkStaff(row);
      this.engine.adminEvent('admin.staff', actor, {
        action: 'create',
        workNo: row.work_no,
        role: row.role,
        stars: row.stars,
        homeWindow: row.home_window,
        backupWorkNo: row.backup_work_no,
      });
      return toAdminStaff(row);
    });
  }

  updateStaff(workNo: string, patch: StaffPatch, actor: Actor): AdminStaff {
    return this.edit(() => {
      const cur = this.staffRow(workNo);
      if (!cur) throw E.unknownStaff(workNo);
      if (actor.subject === workNo && patch.active === false) throw E.selfDeactivate();
      if (actor.subject === workNo && patch.role !== undefined && patch.role !== cur.role) throw E.selfDemote();
      const next: StaffRow = {
        ...cur,
        name: patch.name ?? cur.name,
        role: patch.role ?? cur.role,
        stars: patch.stars ?? cur.stars,
        home_window: patch.homeWindow === undefined ? cur.home_window : patch.homeWindow,
        backup_work_no: patch.backupWorkNo === undefined ? cur.backup_work_no : patch.backupWorkNo,
        active: patch.active === undefined ? cur.active : patch.active ? 1 : 0,
      };
      const changed = (['name', 'role', 'stars', 'home_window', 'backup_work_no', 'active'] as const).filter((k) => next[k] !== cur[k]);
      if (!changed.length) return toAdminStaff(cur);
      if (changed.some((k) => k === 'home_window' || k === 'role' || k === 'active')) this.checkHomeWindow(workNo, next);
      if (changed.includes('backup_work_no')) this.checkBackup(workNo, next.backup_work_no);
      this.store.run(
        this.q
          .updateTable('staff')
          .set({
            name: next.name,
            role: next.role,
            stars: next.stars,
            home_window: next.home_window,
            backup_work_no: next.backup_work_no,
            active: next.active,
          })
          .where('work_no', '=', workNo),
      );
      this.uplinkStaff(next);
      // A deactivated account, or one whose role changed, must sign in again (or not at all):
      // its tokens carry the old role, and a clerk leaves the window he was seated at.
      if ((changed.includes('active') && next.active === 0) || changed.includes('role')) {
        this.auth.revokeStaff(workNo);
        this.engine.unseatClerk(workNo, actor);
      }
      // The audit names the fields; values only where they are not personal (never the name).
      const changes: Record<string, Change | true> = {};
      const wire = { name: 'name', role: 'role', stars: 'stars', home_window: 'homeWindow', backup_work_no: 'backupWorkNo', active: 'active' } as const;
      for (const k of changed) {
        changes[wire[k]] = k === 'name' ? true : k === 'active' ? { from: cur.active === 1, to: next.active === 1 } : { from: cur[k], to: next[k] };
      }
      this.engine.adminEvent('admin.staff', actor, { action: 'update', workNo, changes });
      return toAdminStaff(next);
    });
  }

  /** New password; every session of that person ends (except the caller's own, when he resets his own). */
  resetPassword(workNo: string, passwordHash: string, actor: Actor, callerToken: string | null): void {
    this.edit(() => {
      if (!this.staffRow(workNo)) throw E.unknownStaff(workNo);
      this.store.run(this.q.updateTable('staff').set({ password_hash: passwordHash }).where('work_no', '=', workNo));
      this.auth.revokeStaff(workNo, actor.subject === workNo ? (callerToken ?? undefined) : undefined);
      this.engine.adminEvent('admin.staff', actor, { action: 'password', workNo });
    });
  }

  // ---- categories -----------------------------------------------------------------------

  private servingWindows(): Map<string, number[]> {
    const m = new Map<string, number[]>();
    for (const a of this.store.all(this.q.selectFrom('window_categories').select(['category', 'window_no']).where('weight', '>', 0).orderBy('window_no'))) {
      m.set(a.category, [...(m.get(a.category) ?? []), a.window_no]);
    }
    return m;
  }

  private categoryRow(code: string): CategoryRow | undefined {
    return this.store.get(this.q.selectFrom('categories').selectAll().where('code', '=', code));
  }

  private categoryView(code: string): AdminCategory {
    return toAdminCategory(this.categoryRow(code)!, this.servingWindows().get(code) ?? []);
  }

  listCategories(): AdminCategory[] {
    const serving = this.servingWindows();
    return this.store
      .all(this.q.selectFrom('categories').selectAll().orderBy('sort').orderBy('code'))
      .map((c) => toAdminCategory(c, serving.get(c.code) ?? []));
  }

  private checkCategory(code: string, c: Pick<CategoryRow, 'prefix' | 'range_start' | 'range_end'>): void {
    const problem = numberRangeProblem(c.range_start, c.range_end);
    if (problem) throw E.badNumberRange(problem);
    const other = this.store.get(this.q.selectFrom('categories').select('code').where('prefix', '=', c.prefix).where('code', '!=', code));
    if (other) throw E.duplicatePrefix(c.prefix, other.code);
  }

  createCategory(input: NewCategory, actor: Actor): AdminCategory {
    return this.edit(() => {
      if (this.categoryRow(input.code)) throw E.duplicateCategory(input.code);
      const sort = input.sort ?? (this.store.get(this.q.selectFrom('categories').select((eb) => eb.fn.max('sort').as('s')))?.s ?? -1) + 1;
      const row: CategoryRow = {
        code: input.code,
        name: input.name,
        prefix: input.prefix,
        daily_reset: input.dailyReset ? 1 : 0,
        range_start: input.rangeStart,
        range_end: input.rangeEnd,
        number_width: input.numberWidth,
        service_level_minutes: input.serviceLevelMinutes,
        avg_service_minutes: input.avgServiceMinutes,
        sort,
      };
      this.checkCategory(row.code, row);
      this.store.run(this.q.insertInto('categories').values(row));
      this.engine.adminEvent('admin.category', actor, { action: 'create', code: row.code, category: toAdminCategory(row, []) });
      return toAdminCategory(row, []);
    });
  }

  /** The code never changes (tickets and statistics refer to it); a new prefix applies from the next ticket. */
  updateCategory(code: string, patch: CategoryPatch, actor: Actor): AdminCategory {
    return this.edit(() => {
      const cur = this.categoryRow(code);
      if (!cur) throw E.unknownCategory(code);
      const next: CategoryRow = { ...cur };
      const changes: Record<string, Change> = {};
      for (const [field, col] of Object.entries(CATEGORY_COLUMNS) as [keyof CategoryPatch, keyof CategoryRow][]) {
        const v = patch[field];
        if (v === undefined) continue;
        const stored = typeof v === 'boolean' ? (v ? 1 : 0) : v;
        if (stored === cur[col]) continue;
        (next as unknown as Record<string, unknown>)[col] = stored;
        changes[field] = { from: field === 'dailyReset' ? cur[col] === 1 : cur[col], to: v };
      }
      if (!Object.keys(changes).length) return this.categoryView(code);
      this.checkCategory(code, next);
      const { code: _c, ...cols } = next;
      this.store.run(this.q.updateTable('categories').set(cols).where('code', '=', code));
      this.engine.adminEvent('admin.category', actor, { action: 'update', code, changes });
      return this.categoryView(code);
    });
  }

  // ---- windows --------------------------------------------------------------------------

  private windowView(w: Pick<WindowRow, 'no' | 'name' | 'status'>): AdminWindow {
    return { no: w.no, name: w.name, status: w.status, categories: this.engine.assignment(w.no) };
  }

  // The city's copy of staff and windows (outbox, same transaction). A clerk's name is public
  // (shown at the window); no password hash, photo or phone leaves the hall.
  private uplinkStaff(r: StaffRow): void {
    outboxOf(this.store).append('staff', Date.now(), { workNo: r.work_no, name: r.name, role: r.role, active: r.active === 1 });
  }

  private uplinkWindow(no: number, name: string): void {
    outboxOf(this.store).append('window', Date.now(), { windowNo: no, name, active: true, categories: this.engine.assignment(no).map((c) => c.category) });
  }

  listWindows(): AdminWindow[] {
    return this.store.all(this.q.selectFrom('windows').select(['no', 'name', 'status']).orderBy('no')).map((w) => this.windowView(w));
  }

  /** A new window starts closed and serves nothing until the manager assigns categories. */
  createWindow(input: { no: number; name: string }, actor: Actor): AdminWindow {
    return this.edit(() => {
      if (this.store.get(this.q.selectFrom('windows').select('no').where('no', '=', input.no))) throw E.duplicateWindow(input.no);
      this.store.run(
        this.q.insertInto('windows').values({
          no: input.no,
          name: input.name,
          status: 'closed',
          pause_reason: null,
          clerk_work_no: null,
          current_ticket_id: null,
          ratio_pos: 0,
          status_since: Date.now(),
        }),
      );
      this.engine.adminEvent('admin.window', actor, { action: 'create', no: input.no, name: input.name });
      this.uplinkWindow(input.no, input.name);
      return this.windowView({ no: input.no, name: input.name, status: 'closed' });
    });
  }

  updateWindow(no: number, input: { name: string }, actor: Actor): AdminWindow {
    return this.edit(() => {
      const cur = this.engine.window(no);
      if (cur.name !== input.name) {
        this.store.run(this.q.updateTable('windows').set({ name: input.name }).where('no', '=', no));
        this.engine.adminEvent('admin.window', actor, { action: 'update', no, changes: { name: { from: cur.name, to: input.name } } });
        this.uplinkWindow(no, input.name);
      }
      return this.windowView({ ...cur, name: input.name });
    });
  }

  // ---- hall name and notice ----------------------------------------------------------------

  private meta(key: 'hall_name' | 'hall_notice'): string {
    return this.store.get(this.q.selectFrom('meta').select('value').where('key', '=', key))?.value ?? '';
  }

  getHall(): AdminHall {
    return { name: this.meta('hall_name'), notice: this.meta('hall_notice') };
  }

  /** An empty notice deletes the row: the snapshot then carries none and the display hides the line. */
  updateHall(patch: HallPatch, actor: Actor): AdminHall {
    return this.edit(() => {
      const cur = this.getHall();
      const changes: Record<string, Change> = {};
      if (patch.name !== undefined && patch.name !== cur.name) {
        this.store.run(
          this.q
            .insertInto('meta')
            .values({ key: 'hall_name', value: patch.name })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: patch.name! })),
        );
        changes.name = { from: cur.name, to: patch.name };
      }
      if (patch.notice !== undefined && patch.notice !== cur.notice) {
        if (patch.notice)
          this.store.run(
            this.q
              .insertInto('meta')
              .values({ key: 'hall_notice', value: patch.notice })
              .onConflict((oc) => oc.column('key').doUpdateSet({ value: patch.notice! })),
          );
        else this.store.run(this.q.deleteFrom('meta').where('key', '=', 'hall_notice'));
        changes.notice = { from: cur.notice, to: patch.notice };
      }
      if (Object.keys(changes).length) this.engine.adminEvent('admin.hall', actor, { action: 'update', changes });
      return this.getHall();
    });
  }
}
