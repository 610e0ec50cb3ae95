// 差评 follow-up (差评回访整改): every bad rating opens a task with three stages — callback to
// the rater (回访), rectification or explanation (整改), reply to the rater (反馈) — each with a
// working-day deadline. Localities differ (Sichuan 15; Shanghai 1/5/15; some 5), so the days
// are configuration, default 15 for every stage, counted from the day the task opened (or,
// if configured, from the day the previous stage was done). Mistaken or malicious ratings
// go through appeal and review (申诉复核): an overturned rating is invalidated and leaves the
// statistics and the closure-rate denominator.
import { z } from 'zod';
import { addWorkingDays, defaultCalendar, overdueWorkingDays, type CalendarWarning, type CivilDate, type WorkingCalendar } from '../calendar';
import type { RatingLevel } from '../api/hall';
import { isBadRating } from './levels';

export const FOLLOW_UP_STAGES = ['callback', 'rectification', 'reply'] as const;
export type FollowUpStage = (typeof FOLLOW_UP_STAGES)[number];
export const FOLLOW_UP_STAGE_LABELS: Record<FollowUpStage, string> = { callback: '回访', rectification: '整改', reply: '反馈' };

export const followUpConfigSchema = z.object({
  stageDays: z
    .object({
      callback: z.number().int().min(0).max(365),
      rectification: z.number().int().min(0).max(365),
      reply: z.number().int().min(0).max(365),
    })
    .default({ callback: 15, rectification: 15, reply: 15 }),
  countFrom: z.enum(['opened', 'previousStage']).default('opened'),
});
export type FollowUpConfig = z.infer<typeof followUpConfigSchema>;
export const DEFAULT_FOLLOW_UP_CONFIG: FollowUpConfig = followUpConfigSchema.parse({});

export interface StageState {
  /** null until it can be computed (countFrom 'previousStage' and the previous stage is open). */
  dueDate: CivilDate | null;
  doneOn: CivilDate | null;
  by: string | null;
  note: string | null;
}

export type FollowUpStatus = 'open' | 'appealed' | 'closed' | 'invalidated';
export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = { open: '处理中', appealed: '申诉复核中', closed: '已办结', invalidated: '差评已撤销' };

export interface FollowUpTask {
  id: string;
  ratingId: string;
  caseNo: string | null;
  clerkWorkNo: string;
  windowNo: number | null;
  level: RatingLevel;
  /** 实名差评: the national bar is a 100% closure rate for these. */
  realName: boolean;
  openedOn: CivilDate;
  config: FollowUpConfig;
  status: FollowUpStatus;
  stages: Record<FollowUpStage, StageState>;
  appeal: null | {
    filedOn: CivilDate;
    by: string;
    reason: string;
    decision: null | 'upheld' | 'overturned';
    decidedOn: CivilDate | null;
    decidedBy: string | null;
    note: string | null;
  };
  history: { on: CivilDate; action: FollowUpAction['type']; by: string }[];
  warnings: CalendarWarning[];
}

export type FollowUpAction =
  | { type: 'callback'; on: CivilDate; by: string; note: string; reached: boolean }
  | { type: 'rectification'; on: CivilDate; by: string; note: string }
  | { type: 'reply'; on: CivilDate; by: string; note: string }
  | { type: 'appeal'; on: CivilDate; by: string; reason: string }
  | { type: 'review'; on: CivilDate; by: string; decision: 'upheld' | 'overturned'; note: string };

export interface FollowUpOptions {
  calendar?: WorkingCalendar;
}

function mergeWarnings(into: CalendarWarning[], more: CalendarWarning[]): CalendarWarning[] {
  const out = [...into];
  for (const w of more) if (!out.some((x) => x.year === w.year)) out.push(w);
  return out;
}

export class FollowUpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FollowUpError';
  }
}

/** Open the follow-up task for a bad rating. Throws FollowUpError for a good rating. */
export function openFollowUpTask(
  rating: { id: string; level: RatingLevel; caseNo?: string | null; clerkWorkNo: string; windowNo?: number | null; realName?: boolean },
  openedOn: CivilDate,
  opts: FollowUpOptions & { taskId?: string; config?: Partial<FollowUpConfig> } = {},
): FollowUpTask {
  if (!isBadRating(rating.level)) throw new FollowUpError('FOLLOW_UP_NOT_BAD', '只有差评需要回访整改');
  const config = followUpConfigSchema.parse(opts.config ?? {});
  const calendar = opts.calendar ?? defaultCalendar;
  let warnings: CalendarWarning[] = [];
  const stages = {} as Record<FollowUpStage, StageState>;
  for (const [i, stage] of FOLLOW_UP_STAGES.entries()) {
    let dueDate: CivilDate | null = null;
    if (config.countFrom === 'opened' || i === 0) {
      const r = addWorkingDays(openedOn, config.stageDays[stage], { calendar });
      dueDate = r.date;
      warnings = mergeWarnings(warnings, r.warnings);
    }
    stages[stage] = { dueDate, doneOn: null, by: null, note: null };
  }
  return {
    id: opts.taskId ?? `followup-${rating.id}`,
    ratingId: rating.id,
    caseNo: rating.caseNo ?? null,
    clerkWorkNo: rating.clerkWorkNo,
    windowNo: rating.windowNo ?? null,
    level: rating.level,
    realName: rating.realName ?? false,
    openedOn,
    config,
    status: 'open',
    stages,
    appeal: null,
    history: [],
    warnings,
  };
}

export type FollowUpResult = { ok: true; task: FollowUpTask } | { ok: false; code: string; message: string };

/** Apply one action; returns a new task (the input is not modified) or a coded Chinese refusal. */
export function applyFollowUpAction(task: FollowUpTask, action: FollowUpAction, opts: FollowUpOptions = {}): FollowUpResult {
  const calendar = opts.calendar ?? defaultCalendar;
  const fail = (code: string, message: string): FollowUpResult => ({ ok: false, code, message });
  if (task.status === 'closed' || task.status === 'invalidated')
    return fail('FOLLOW_UP_FINISHED', `该差评处理已结束（${FOLLOW_UP_STATUS_LABELS[task.status]}）`);
  if (action.on < task.openedOn) return fail('FOLLOW_UP_DATE_BEFORE_OPEN', '处理日期不能早于差评登记日期');
  const next: FollowUpTask = structuredClone(task);
  next.history.push({ on: action.on, action: action.type, by: action.by });

  if (action.type === 'appeal') {
    if (task.status !== 'open') return fail('FOLLOW_UP_APPEAL_PENDING', '申诉正在复核中');
    if (task.appeal) return fail('FOLLOW_UP_APPEAL_REPEATED', '同一差评只能申诉一次');
    if (!action.reason.trim()) return fail('FOLLOW_UP_APPEAL_REASON', '申诉须写明理由');
    next.status = 'appealed';
    next.appeal = { filedOn: action.on, by: action.by, reason: action.reason, decision: null, decidedOn: null, decidedBy: null, note: null };
    return { ok: true, task: next };
  }
  if (action.type === 'review') {
    if (task.status !== 'appealed' || !next.appeal) return fail('FOLLOW_UP_NO_APPEAL', '没有待复核的申诉');
    if (action.by === next.appeal.by) return fail('FOLLOW_UP_REVIEW_SELF', '申诉人不能复核自己的申诉');
    next.appeal = { ...next.appeal, decision: action.decision, decidedOn: action.on, decidedBy: action.by, note: action.note };
    next.status = action.decision === 'overturned' ? 'invalidated' : 'open';
    return { ok: true, task: next };
  }
  if (task.status === 'appealed') return fail('FOLLOW_UP_APPEAL_PENDING', '申诉复核期间暂停回访整改');
  const stage: FollowUpStage = action.type;
  const index = FOLLOW_UP_STAGES.indexOf(stage);
  const pendingEarlier = FOLLOW_UP_STAGES.slice(0, index).find((s) => next.stages[s].doneOn === null);
  if (pendingEarlier) return fail('FOLLOW_UP_STAGE_ORDER', `请先完成“${FOLLOW_UP_STAGE_LABELS[pendingEarlier]}”`);
  if (next.stages[stage].doneOn !== null) return fail('FOLLOW_UP_STAGE_DONE', `“${FOLLOW_UP_STAGE_LABELS[stage]}”已完成`);
  if (!action.note.trim()) return fail('FOLLOW_UP_NOTE_REQUIRED', `请填写${FOLLOW_UP_STAGE_LABELS[stage]}情况`);
  if (action.type === 'callback' && !action.reached) {
    // An unanswered call is logged but does not complete the stage.
    return { ok: true, task: next };
  }
  next.stages[stage] = { ...next.stages[stage], doneOn: action.on, by: action.by, note: action.note };
  const following = FOLLOW_UP_STAGES[index + 1];
  if (following && next.config.countFrom === 'previousStage') {
    const r = addWorkingDays(action.on, next.config.stageDays[following], { calendar });
    next.stages[following] = { ...next.stages[following], dueDate: r.date };
    next.warnings = mergeWarnings(next.warnings, r.warnings);
  }
  if (stage === 'reply') next.status = 'closed';
  return { ok: true, task: next };
}

/** Stages past their deadline on `asOf` (open stages) or done late (done stages). */
export function followUpOverdue(
  task: FollowUpTask,
  asOf: CivilDate,
  opts: FollowUpOptions = {},
): { stage: FollowUpStage; dueDate: CivilDate; overdueDays: number; done: boolean }[] {
  const calendar = opts.calendar ?? defaultCalendar;
  const out: { stage: FollowUpStage; dueDate: CivilDate; overdueDays: number; done: boolean }[] = [];
  if (task.status === 'invalidated') return out;
  for (const stage of FOLLOW_UP_STAGES) {
    const s = task.stages[stage];
    if (s.dueDate === null) continue;
    const until = s.doneOn ?? (task.status === 'closed' ? null : asOf);
    if (until === null) continue;
    const days = overdueWorkingDays(s.dueDate, until, { calendar }).days;
    if (days > 0) out.push({ stage, dueDate: s.dueDate, overdueDays: days, done: s.doneOn !== null });
  }
  return out;
}

export interface ClosureRate {
  total: number;
  closed: number;
  /** closed / total; 1 when there is nothing to close. */
  rate: number;
  realNameTotal: number;
  realNameClosed: number;
  realNameRate: number;
  closedOnTime: number;
  invalidated: number;
}

/** 差评整改率: invalidated (overturned on appeal) ratings are excluded from the denominator. */
export function closureRate(tasks: readonly FollowUpTask[]): ClosureRate {
  const counted = tasks.filter((t) => t.status !== 'invalidated');
  const closed = counted.filter((t) => t.status === 'closed');
  const real = counted.filter((t) => t.realName);
  const realClosed = real.filter((t) => t.status === 'closed');
  const onTime = closed.filter((t) => FOLLOW_UP_STAGES.every((s) => t.stages[s].dueDate === null || (t.stages[s].doneOn ?? '') <= t.stages[s].dueDate!));
  return {
    total: counted.length,
    closed: closed.length,
    rate: counted.length === 0 ? 1 : closed.length / counted.length,
    realNameTotal: real.length,
    realNameClosed: realClosed.length,
    realNameRate: real.length === 0 ? 1 : realClosed.length / real.length,
    closedOnTime: onTime.length,
    invalidated: tasks.length - counted.length,
  };
}
