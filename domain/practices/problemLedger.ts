// 「办不成事」反映窗口 and its problem ledger (问题台账): a citizen or company says what they could not
// get done; the window records it, a department and a person are assigned with a working-day
// deadline, and the problem moves 受理 → 协调中 → 办结 → 回访. Overdue problems escalate (first to
// the department's head, then to the hall's leader in charge). Pure rules: the server stores the
// record and appends one event per step; nothing here reads a clock.
import { addWorkingDays, overdueWorkingDays, workingDaysBetween, defaultCalendar, type CivilDate, type WorkingCalendar } from '../calendar';
import { toEpochDay } from '../calendar/dates';

/** The ticket category kind a hall gives its 办不成事 window (categories.kind); the duty rota refers to it. */
export const PROBLEM_DESK_KIND = 'problemDesk';

export const PROBLEM_STATUSES = ['received', 'coordinating', 'resolved', 'calledBack'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = { received: '受理', coordinating: '协调中', resolved: '办结', calledBack: '已回访' };

export const PROBLEM_CAUSES = ['refusedNoReason', 'shuffled', 'materialsUnclear', 'systemFault', 'policyUnclear', 'attitude', 'overdue', 'other'] as const;
export type ProblemCause = (typeof PROBLEM_CAUSES)[number];
export const PROBLEM_CAUSE_LABELS: Record<ProblemCause, string> = {
  refusedNoReason: '拒办未说明理由',
  shuffled: '部门间推诿',
  materialsUnclear: '材料要求不清',
  systemFault: '系统故障',
  policyUnclear: '政策不明确',
  attitude: '服务态度',
  overdue: '超期未办',
  other: '其他',
};

export const SATISFACTION_LEVELS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' };

/** Working days promised to the citizen when nothing else is said (the slip prints the date). */
export const DEFAULT_PROMISED_DAYS = 5;
/** Working days overdue at which the problem goes up to the hall's leader in charge (level 2). */
export const LEADER_ESCALATION_DAYS = 3;
export const ESCALATION_LABELS = ['', '超期督办（部门负责人）', '超期督办（分管领导）'] as const;

export interface MaskedApplicant {
  kind: 'person' | 'company';
  name: string;
  idNumber: string | null;
  phone: string | null;
  organisation: string | null;
}

export interface ProblemRecord {
  id: string;
  /** 问题编号 printed on the slip, e.g. BBC-20261207-001. */
  no: string;
  windowNo: number | null;
  recordedOn: CivilDate;
  recordedBy: string;
  /** Masked forms only: the full applicant is sealed at rest by the server. */
  applicant: MaskedApplicant;
  tried: string;
  failedAt: { department: string; item: string | null; caseNo: string | null };
  cause: ProblemCause;
  asks: string;
  status: ProblemStatus;
  promisedDays: number;
  /** 承诺答复日期: the date the slip promises. */
  dueOn: CivilDate;
  assignment: null | { department: string; assignee: string; on: CivilDate; by: string };
  notes: { on: CivilDate; by: string; note: string }[];
  resolution: null | { on: CivilDate; by: string; note: string };
  callback: null | { on: CivilDate; by: string; satisfaction: Satisfaction; note: string };
  escalationLevel: 0 | 1 | 2;
}

export type ProblemAction =
  | { type: 'assign'; on: CivilDate; by: string; department: string; assignee: string; days?: number }
  | { type: 'note'; on: CivilDate; by: string; note: string }
  | { type: 'resolve'; on: CivilDate; by: string; note: string }
  | { type: 'callback'; on: CivilDate; by: string; satisfaction: Satisfaction; note: string };

export type ProblemResult = { ok: true; problem: ProblemRecord } | { ok: false; code: string; message: string };

export interface ProblemRuleOptions {
  calendar?: WorkingCalendar;
}

/** 问题编号: BBC-YYYYMMDD-NNN (the day's running number, from 1). */
export function problemNumber(on: CivilDate, seq: number): string {
  return `BBC-${on.replace(/-/g, '')}-${String(seq).padStart(3, '0')}`;
}

/** The promised answer date: `days` working days after the day it was recorded. */
export function promisedAnswerDate(recordedOn: CivilDate, days: number, opts: ProblemRuleOptions = {}): CivilDate {
  const r = addWorkingDays(recordedOn, days, { calendar: opts.calendar ?? defaultCalendar });
  if (!r.date) throw new RangeError('无法计算答复期限');
  return r.date;
}

/**
 * A date a step claims to happen on must lie between the record's day and today (the hall's day):
 * a step from the future or from before the problem existed is refused.
 */
export function checkStepDate(on: CivilDate, recordedOn: CivilDate, today: CivilDate): { code: string; message: string } | null {
  if (toEpochDay(on) > toEpochDay(today)) return { code: 'problem_date_future', message: `日期 ${on} 晚于今天（${today}），不能登记未来的处理` };
  if (toEpochDay(on) < toEpochDay(recordedOn)) return { code: 'problem_date_before_record', message: `日期 ${on} 早于问题登记日期（${recordedOn}）` };
  return null;
}

/** Apply one step; returns a new record (the input is not changed) or a coded Chinese refusal. */
export function applyProblemAction(p: ProblemRecord, a: ProblemAction, opts: ProblemRuleOptions = {}): ProblemResult {
  const fail = (code: string, message: string): ProblemResult => ({ ok: false, code, message });
  if (toEpochDay(a.on) < toEpochDay(p.recordedOn)) return fail('problem_date_before_record', `日期 ${a.on} 早于问题登记日期（${p.recordedOn}）`);
  const next: ProblemRecord = structuredClone(p);
  switch (a.type) {
    case 'assign': {
      if (p.status !== 'received' && p.status !== 'coordinating') return fail('problem_state', `问题已${PROBLEM_STATUS_LABELS[p.status]}，不能再交办`);
      if (!a.department.trim() || !a.assignee.trim()) return fail('problem_assign_incomplete', '交办须写明责任部门和责任人');
      next.assignment = { department: a.department.trim(), assignee: a.assignee.trim(), on: a.on, by: a.by };
      if (a.days !== undefined) {
        next.promisedDays = a.days;
        next.dueOn = promisedAnswerDate(p.recordedOn, a.days, opts);
      }
      next.status = 'coordinating';
      return { ok: true, problem: next };
    }
    case 'note': {
      if (p.status !== 'coordinating') return fail('problem_state', '只有协调中的问题可以登记协调情况');
      if (!a.note.trim()) return fail('problem_note_required', '请填写协调情况');
      next.notes.push({ on: a.on, by: a.by, note: a.note.trim() });
      return { ok: true, problem: next };
    }
    case 'resolve': {
      if (p.status === 'received') return fail('problem_not_assigned', '请先交办责任部门和责任人');
      if (p.status !== 'coordinating') return fail('problem_state', `问题已${PROBLEM_STATUS_LABELS[p.status]}`);
      if (!a.note.trim()) return fail('problem_note_required', '请填写办结情况');
      next.resolution = { on: a.on, by: a.by, note: a.note.trim() };
      next.status = 'resolved';
      return { ok: true, problem: next };
    }
    case 'callback': {
      if (p.status !== 'resolved') return fail('problem_not_resolved', p.status === 'calledBack' ? '该问题已回访' : '问题办结后才能回访');
      next.callback = { on: a.on, by: a.by, satisfaction: a.satisfaction, note: a.note.trim() };
      next.status = 'calledBack';
      return { ok: true, problem: next };
    }
  }
}

export interface ProblemDeadline {
  /** Working days past the promised date (up to the resolution, or today while open). */
  overdueDays: number;
  overdue: boolean;
  /** Working days left while open and not yet due (0 otherwise). */
  daysLeft: number;
  /** 0 none, 1 部门负责人, 2 分管领导. */
  escalationLevel: 0 | 1 | 2;
}

/** Where a problem stands against its promised date on `asOf`. Open means 受理 or 协调中. */
export function problemDeadline(p: ProblemRecord, asOf: CivilDate, opts: ProblemRuleOptions = {}): ProblemDeadline {
  const calendar = opts.calendar ?? defaultCalendar;
  const open = p.status === 'received' || p.status === 'coordinating';
  const until = open ? asOf : (p.resolution?.on ?? asOf);
  const overdueDays = overdueWorkingDays(p.dueOn, until, { calendar }).days;
  const daysLeft = open && toEpochDay(asOf) <= toEpochDay(p.dueOn) ? workingDaysBetween(asOf, p.dueOn, { calendar }).days : 0;
  const escalationLevel: 0 | 1 | 2 = !open || overdueDays === 0 ? 0 : overdueDays >= LEADER_ESCALATION_DAYS ? 2 : 1;
  return { overdueDays, overdue: overdueDays > 0, daysLeft, escalationLevel };
}

/** The escalation to record now, if the problem has gone further past its date than last recorded. */
export function escalationDue(p: ProblemRecord, asOf: CivilDate, opts: ProblemRuleOptions = {}): 0 | 1 | 2 {
  const level = problemDeadline(p, asOf, opts).escalationLevel;
  return level > p.escalationLevel ? level : 0;
}

export interface LedgerCounts {
  total: number;
  open: number;
  overdue: number;
  closed: number;
  byDepartment: { department: string; open: number; overdue: number; closed: number }[];
  byCause: { cause: ProblemCause; count: number }[];
  /** Callbacks answered 满意 or 基本满意, of all callbacks (null with none). */
  satisfactionRate: number | null;
}

/** The ledger's summary: open/overdue/closed, by the department in charge (or where it failed) and by cause. */
export function ledgerCounts(problems: readonly ProblemRecord[], asOf: CivilDate, opts: ProblemRuleOptions = {}): LedgerCounts {
  const dept = new Map<string, { open: number; overdue: number; closed: number }>();
  const cause = new Map<ProblemCause, number>();
  let open = 0;
  let overdue = 0;
  let closed = 0;
  let callbacks = 0;
  let satisfied = 0;
  for (const p of problems) {
    const d = p.assignment?.department ?? p.failedAt.department;
    const row = dept.get(d) ?? { open: 0, overdue: 0, closed: 0 };
    const isOpen = p.status === 'received' || p.status === 'coordinating';
    if (isOpen) {
      open++;
      row.open++;
      if (problemDeadline(p, asOf, opts).overdue) {
        overdue++;
        row.overdue++;
      }
    } else {
      closed++;
      row.closed++;
    }
    dept.set(d, row);
    cause.set(p.cause, (cause.get(p.cause) ?? 0) + 1);
    if (p.callback) {
      callbacks++;
      if (p.callback.satisfaction !== 'dissatisfied') satisfied++;
    }
  }
  return {
    total: problems.length,
    open,
    overdue,
    closed,
    byDepartment: [...dept]
      .map(([department, r]) => ({ department, ...r }))
      .sort((a, b) => b.open + b.closed - (a.open + a.closed) || a.department.localeCompare(b.department)),
    byCause: [...cause].map(([c, count]) => ({ cause: c, count })).sort((a, b) => b.count - a.count),
    satisfactionRate: callbacks ? satisfied / callbacks : null,
  };
}
