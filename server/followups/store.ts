// 差评 follow-up tasks, one per bad rating, stored as the domain's FollowUpTask JSON (so the rules
// in domain/rating/followUp.ts stay the only place that changes them) plus indexed columns.
// The tables are created by hall migration 9 (server/db/migrations/).
import type { Kysely } from 'kysely';
import { outboxOf } from '../uplink/outbox';
import type { HallStore } from '../db/connection';
import type { ProblemLog } from '../health/problems';
import { DEFAULT_FOLLOW_UP_CONFIG, followUpConfigSchema, type FollowUpConfig, type FollowUpTask } from '../../domain/rating/followUp';

interface FollowUpRow {
  id: string;
  rating_id: string;
  status: string;
  clerk_work_no: string;
  window_no: number | null;
  opened_on: string;
  body: string;
  updated_at: number;
}
interface FollowUpSettingRow {
  key: string;
  value: string;
}
interface FollowUpDB {
  followup_tasks: FollowUpRow;
  followup_settings: FollowUpSettingRow;
}

export class FollowUpStore {
  private readonly q: Kysely<FollowUpDB>;
  constructor(
    private readonly store: HallStore,
    private readonly problems?: ProblemLog,
  ) {
    this.q = store.q as unknown as Kysely<FollowUpDB>;
  }

  config(): FollowUpConfig {
    const row = this.store.get(this.q.selectFrom('followup_settings').select('value').where('key', '=', 'config'));
    if (!row) return DEFAULT_FOLLOW_UP_CONFIG;
    try {
      return followUpConfigSchema.parse(JSON.parse(row.value));
    } catch (e) {
      this.problems?.report('STORED_SETTING_UNREADABLE', 'followups.config', e, 'config');
      return DEFAULT_FOLLOW_UP_CONFIG;
    }
  }

  /** A stored task that cannot be read is reported and left out (never a 500 for the whole list). */
  private parse(r: { id?: string; body: string }): FollowUpTask | undefined {
    try {
      return JSON.parse(r.body) as FollowUpTask;
    } catch (e) {
      this.problems?.report('STORED_FOLLOWUP_UNREADABLE', 'followups.store', e, r.id);
      return undefined;
    }
  }

  setConfig(c: FollowUpConfig): void {
    this.store.run(this.q.deleteFrom('followup_settings').where('key', '=', 'config'));
    this.store.run(this.q.insertInto('followup_settings').values({ key: 'config', value: JSON.stringify(c) }));
  }

  hasRating(ratingId: string): boolean {
    return !!this.store.get(this.q.selectFrom('followup_tasks').select('id').where('rating_id', '=', ratingId));
  }

  insert(t: FollowUpTask): void {
    this.store.run(
      this.q.insertInto('followup_tasks').values({
        id: t.id,
        rating_id: t.ratingId,
        status: t.status,
        clerk_work_no: t.clerkWorkNo,
        window_no: t.windowNo,
        opened_on: t.openedOn,
        body: JSON.stringify(t),
        updated_at: Date.now(),
      }),
    );
    outboxOf(this.store).followUp(t, Date.now());
  }

  update(t: FollowUpTask): void {
    this.store.run(
      this.q
        .updateTable('followup_tasks')
        .set({ status: t.status, body: JSON.stringify(t), updated_at: Date.now() })
        .where('id', '=', t.id),
    );
    const outbox = outboxOf(this.store);
    outbox.followUp(t, Date.now());
    // A rating overturned on appeal (申诉复核) leaves the city's statistics too.
    if (t.status === 'invalidated') {
      const r = this.store.get(
        this.store.q.selectFrom('ratings').select(['id', 'level', 'rated_at', 'window_no', 'clerk_work_no', 'ticket_id', 'body']).where('id', '=', t.ratingId),
      );
      if (r) {
        let reasonCodes: string[] = [];
        try {
          reasonCodes = (JSON.parse(r.body) as { reasonCodes?: string[] }).reasonCodes ?? [];
        } catch {
          /* reasons are optional for the city */
        }
        outbox.rating(
          { id: r.id, level: r.level, ratedAt: r.rated_at, windowNo: r.window_no, clerkWorkNo: r.clerk_work_no, ticketId: r.ticket_id, reasonCodes },
          Date.now(),
          false,
        );
      }
    }
  }

  get(id: string): FollowUpTask | undefined {
    const r = this.store.get(this.q.selectFrom('followup_tasks').select(['id', 'body']).where('id', '=', id));
    return r ? this.parse(r) : undefined;
  }

  list(f: { status?: string; limit: number }): FollowUpTask[] {
    let sel = this.q.selectFrom('followup_tasks').select(['id', 'body']).orderBy('opened_on', 'desc').orderBy('id', 'desc').limit(f.limit);
    if (f.status) sel = sel.where('status', '=', f.status);
    return this.store.all(sel).flatMap((r) => this.parse(r) ?? []);
  }

  all(): FollowUpTask[] {
    return this.store.all(this.q.selectFrom('followup_tasks').select(['id', 'body'])).flatMap((r) => this.parse(r) ?? []);
  }
}
