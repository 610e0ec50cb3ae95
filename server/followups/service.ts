// Opens a follow-up task for every bad rating the hall server holds (on start, on each 'rating'
// signal, and before every read, so none is missed whichever way the rating arrived), applies
// the manager's actions through domain/rating, and reports deadlines and the closure rate.
import type { HallStore } from '../db/connection';
import { CodedError } from '../../domain/api/errors';
import type { RatingLevel } from '../../domain/api/hall';
import { chinaDateOf, instantMs } from '../../domain/calendar';
import type { ProblemLog } from '../health/problems';
import {
  applyFollowUpAction,
  closureRate,
  followUpOverdue,
  openFollowUpTask,
  FOLLOW_UP_STAGES,
  type FollowUpAction,
  type FollowUpConfig,
  type FollowUpTask,
} from '../../domain/rating/followUp';
import { isBadRating } from '../../domain/rating/levels';
import { FollowUpStore } from './store';
import { hallCalendar } from '../uplink/cityCalendar';

export interface FollowUpView extends FollowUpTask {
  overdue: ReturnType<typeof followUpOverdue>;
  /** The stage to do next (null when closed or invalidated). */
  nextStage: (typeof FOLLOW_UP_STAGES)[number] | null;
  ratedAt: string | null;
  reasonCodes: string[];
  text: string | null;
}

export class FollowUpService {
  readonly tasks: FollowUpStore;
  /** Ratings already reported as unreadable (reported once, not on every read). */
  private readonly skipped = new Set<string>();
  constructor(
    private readonly store: HallStore,
    private readonly now: () => number = Date.now,
    private readonly problems?: ProblemLog,
  ) {
    this.tasks = new FollowUpStore(store, problems);
  }

  today(): string {
    return chinaDateOf(new Date(this.now()));
  }

  /** Open tasks for bad ratings that have none yet; returns how many were opened. */
  openMissing(): number {
    const q = this.store.q;
    const bad = this.store.all(
      q
        .selectFrom('ratings')
        .select(['id', 'level', 'clerk_work_no', 'window_no', 'rated_at', 'body'])
        .where('level', 'in', ['dissatisfied', 'veryDissatisfied']),
    );
    const config = this.tasks.config();
    let opened = 0;
    this.store.tx(() => {
      for (const r of bad) {
        if (!isBadRating(r.level as RatingLevel) || this.tasks.hasRating(r.id) || this.skipped.has(r.id)) continue;
        // This runs while the routes register: a row that cannot be read (a rated_at that is no
        // instant, a broken body) is skipped and reported once, never thrown.
        try {
          const ms = instantMs(r.rated_at);
          if (ms === null) throw new RangeError('rated_at 不是带时区的 ISO 8601 时间');
          const body = JSON.parse(r.body) as { caseNo?: string | null };
          // A rating tied to a case is real-name (the case names the applicant); a pad rating without one is anonymous.
          const task = openFollowUpTask(
            {
              id: r.id,
              level: r.level as RatingLevel,
              caseNo: body.caseNo ?? null,
              clerkWorkNo: r.clerk_work_no,
              windowNo: r.window_no,
              realName: !!body.caseNo,
            },
            chinaDateOf(ms),
            { config, calendar: hallCalendar(this.store) },
          );
          this.tasks.insert(task);
          opened++;
        } catch (e) {
          this.skipped.add(r.id);
          this.problems?.report('STORED_RATING_UNREADABLE', 'followups.openMissing', e, r.id);
        }
      }
    });
    return opened;
  }

  private view(t: FollowUpTask, asOf: string): FollowUpView {
    const rating = this.store.get(this.store.q.selectFrom('ratings').select(['rated_at', 'body']).where('id', '=', t.ratingId));
    let body: { reasonCodes?: string[]; text?: string } = {};
    try {
      if (rating) body = JSON.parse(rating.body) as typeof body;
    } catch (e) {
      this.problems?.report('STORED_RATING_UNREADABLE', 'followups.view', e, t.ratingId);
    }
    const open = t.status === 'open' || t.status === 'appealed';
    return {
      ...t,
      overdue: followUpOverdue(t, asOf, { calendar: hallCalendar(this.store) }),
      nextStage: open ? (FOLLOW_UP_STAGES.find((s) => t.stages[s].doneOn === null) ?? null) : null,
      ratedAt: rating?.rated_at ?? null,
      reasonCodes: body.reasonCodes ?? [],
      text: body.text ?? null,
    };
  }

  list(f: { status?: string; limit: number }) {
    this.openMissing();
    const today = this.today();
    const all = this.tasks.all();
    return { today, tasks: this.tasks.list(f).map((t) => this.view(t, today)), closure: closureRate(all), config: this.tasks.config() };
  }

  act(id: string, action: Omit<FollowUpAction, 'by' | 'on'> & { on?: string }, by: string): FollowUpView {
    this.openMissing();
    return this.store.tx(() => {
      const t = this.tasks.get(id);
      if (!t) throw new CodedError('followup_not_found', '找不到该差评处理任务', 404);
      const r = applyFollowUpAction(t, { ...action, on: action.on ?? this.today(), by } as FollowUpAction, { calendar: hallCalendar(this.store) });
      if (!r.ok) throw new CodedError(r.code, r.message, 409);
      this.tasks.update(r.task);
      return this.view(r.task, this.today());
    });
  }

  setConfig(c: FollowUpConfig): FollowUpConfig {
    this.tasks.setConfig(c);
    return this.tasks.config();
  }
}
