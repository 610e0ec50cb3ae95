// 差评 follow-up tasks, one per bad rating, stored as the domain's FollowUpTask JSON (so the rules
// in domain/rating/followUp.ts stay the only place that changes them) plus indexed columns.
// The tables are created by hall migration 9 (server/db/migrations/).
import type { Kysely } from 'kysely';
import type { HallStore } from '../db/connection';
import { DEFAULT_FOLLOW_UP_CONFIG, followUpConfigSchema, type FollowUpConfig, type FollowUpTask } from '../../domain/rating/followUp';

interface FollowUpRow { id: string; rating_id: string; status: string; clerk_work_no: string; window_no: number | null; opened_on: string; body: string; updated_at: number }
interface FollowUpSettingRow { key: string; value: string }
interface FollowUpDB { followup_tasks: FollowUpRow; followup_settings: FollowUpSettingRow }

export class FollowUpStore {
  private readonly q: Kysely<FollowUpDB>;
  constructor(private readonly store: HallStore) {
    this.q = store.q as unknown as Kysely<FollowUpDB>;
  }

  config(): FollowUpConfig {
    const row = this.store.get(this.q.selectFrom('followup_settings').select('value').where('key', '=', 'config'));
    return row ? followUpConfigSchema.parse(JSON.parse(row.value)) : DEFAULT_FOLLOW_UP_CONFIG;
  }

  setConfig(c: FollowUpConfig): void {
    this.store.run(this.q.deleteFrom('followup_settings').where('key', '=', 'config'));
    this.store.run(this.q.insertInto('followup_settings').values({ key: 'config', value: JSON.stringify(c) }));
  }

  hasRating(ratingId: string): boolean {
    return !!this.store.get(this.q.selectFrom('followup_tasks').select('id').where('rating_id', '=', ratingId));
  }

  insert(t: FollowUpTask): void {
    this.store.run(this.q.insertInto('followup_tasks').values({
      id: t.id, rating_id: t.ratingId, status: t.status, clerk_work_no: t.clerkWorkNo, window_no: t.windowNo, opened_on: t.openedOn, body: JSON.stringify(t), updated_at: Date.now(),
    }));
  }

  update(t: FollowUpTask): void {
    this.store.run(this.q.updateTable('followup_tasks').set({ status: t.status, body: JSON.stringify(t), updated_at: Date.now() }).where('id', '=', t.id));
  }

  get(id: string): FollowUpTask | undefined {
    const r = this.store.get(this.q.selectFrom('followup_tasks').select('body').where('id', '=', id));
    return r ? (JSON.parse(r.body) as FollowUpTask) : undefined;
  }

  list(f: { status?: string; limit: number }): FollowUpTask[] {
    let sel = this.q.selectFrom('followup_tasks').select('body').orderBy('opened_on', 'desc').orderBy('id', 'desc').limit(f.limit);
    if (f.status) sel = sel.where('status', '=', f.status);
    return this.store.all(sel).map((r) => JSON.parse(r.body) as FollowUpTask);
  }

  all(): FollowUpTask[] {
    return this.store.all(this.q.selectFrom('followup_tasks').select('body')).map((r) => JSON.parse(r.body) as FollowUpTask);
  }
}
