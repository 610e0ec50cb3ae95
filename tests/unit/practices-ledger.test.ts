// The 办不成事 problem ledger's rules (domain/practices/problemLedger.ts): the promised answer date in
// working days across the 2026 holidays and their adjusted days, the 受理 → 协调中 → 办结 → 回访
// state machine, overdue escalation, dates from the future, and the ledger's counts.
import { describe, expect, it } from 'vitest';
import {
  applyProblemAction,
  checkStepDate,
  escalationDue,
  ledgerCounts,
  problemDeadline,
  problemNumber,
  promisedAnswerDate,
  type ProblemRecord,
} from '../../domain/practices/problemLedger';

function problem(over: Partial<ProblemRecord> = {}): ProblemRecord {
  const recordedOn = over.recordedOn ?? '2026-09-30';
  return {
    id: 'p1',
    no: problemNumber(recordedOn, 1),
    windowNo: 7,
    recordedOn,
    recordedBy: 'M001',
    applicant: { kind: 'person', name: '张*丰', idNumber: '110105********002X', phone: null, organisation: null },
    tried: '办理不动产转移登记',
    failedAt: { department: '不动产登记中心', item: '不动产转移登记', caseNo: null },
    cause: 'refusedNoReason',
    asks: '说明不予办理的理由',
    status: 'received',
    promisedDays: 5,
    dueOn: promisedAnswerDate(recordedOn, 5),
    assignment: null,
    notes: [],
    resolution: null,
    callback: null,
    escalationLevel: 0,
    ...over,
  };
}

describe('promised answer date (working days, 2026 calendar)', () => {
  it('skips 国庆 (Oct 1–7) and counts the adjusted Saturday Oct 10 as a working day', () => {
    // Sep 30 + 5: Oct 8, 9, 10 (调休上班), 12, 13.
    expect(promisedAnswerDate('2026-09-30', 5)).toBe('2026-10-13');
    expect(promisedAnswerDate('2026-09-30', 1)).toBe('2026-10-08');
  });
  it('skips 春节 (Feb 15–23) and counts the adjusted Saturdays Feb 14 and Feb 28', () => {
    expect(promisedAnswerDate('2026-02-13', 1)).toBe('2026-02-14');
    expect(promisedAnswerDate('2026-02-13', 5)).toBe('2026-02-27');
    expect(promisedAnswerDate('2026-02-13', 6)).toBe('2026-02-28');
  });
  it('numbers problems per day', () => {
    expect(problemNumber('2026-12-07', 12)).toBe('BBC-20261207-012');
  });
});

describe('state machine 受理 → 协调中 → 办结 → 回访', () => {
  it('walks the whole way, each step recorded with its actor', () => {
    let p = problem();
    const a = applyProblemAction(p, { type: 'assign', on: '2026-09-30', by: 'M001', department: '不动产登记中心', assignee: '陈静' });
    expect(a.ok).toBe(true);
    p = (a as { problem: ProblemRecord }).problem;
    expect(p.status).toBe('coordinating');
    expect(p.assignment).toMatchObject({ department: '不动产登记中心', assignee: '陈静', by: 'M001' });
    p = (applyProblemAction(p, { type: 'note', on: '2026-10-08', by: 'C004', note: '已约部门负责人会商' }) as { problem: ProblemRecord }).problem;
    expect(p.notes).toHaveLength(1);
    p = (applyProblemAction(p, { type: 'resolve', on: '2026-10-09', by: 'C004', note: '已专人受理并预审材料' }) as { problem: ProblemRecord }).problem;
    expect(p.status).toBe('resolved');
    p = (applyProblemAction(p, { type: 'callback', on: '2026-10-12', by: 'M001', satisfaction: 'satisfied', note: '群众满意' }) as { problem: ProblemRecord })
      .problem;
    expect(p.status).toBe('calledBack');
    expect(p.callback?.satisfaction).toBe('satisfied');
  });
  it('refuses steps out of order with a code and a Chinese message', () => {
    const p = problem();
    const r1 = applyProblemAction(p, { type: 'resolve', on: '2026-09-30', by: 'M001', note: 'x' });
    expect(r1).toMatchObject({ ok: false, code: 'problem_not_assigned' });
    const r2 = applyProblemAction(p, { type: 'callback', on: '2026-09-30', by: 'M001', satisfaction: 'satisfied', note: '' });
    expect(r2).toMatchObject({ ok: false, code: 'problem_not_resolved' });
    const r3 = applyProblemAction(p, { type: 'note', on: '2026-09-30', by: 'M001', note: 'x' });
    expect(r3).toMatchObject({ ok: false, code: 'problem_state' });
    const r4 = applyProblemAction(p, { type: 'assign', on: '2026-09-29', by: 'M001', department: 'd', assignee: 'a' });
    expect(r4).toMatchObject({ ok: false, code: 'problem_date_before_record' });
    if (!r4.ok) expect(r4.message).toMatch(/[\u4e00-\u9fff]/);
    const closed = problem({ status: 'calledBack' });
    expect(applyProblemAction(closed, { type: 'assign', on: '2026-10-08', by: 'M001', department: 'd', assignee: 'a' })).toMatchObject({
      ok: false,
      code: 'problem_state',
    });
  });
  it('a new deadline on assignment is counted from the day it was recorded', () => {
    const r = applyProblemAction(problem(), { type: 'assign', on: '2026-09-30', by: 'M001', department: 'd', assignee: 'a', days: 10 });
    // Sep 30 + 10: Oct 8, 9, 10, 12, 13, 14, 15, 16, 19, 20.
    expect(r.ok && r.problem.dueOn).toBe('2026-10-20');
  });
  it('does not change the input record', () => {
    const p = problem();
    applyProblemAction(p, { type: 'assign', on: '2026-09-30', by: 'M001', department: 'd', assignee: 'a' });
    expect(p.status).toBe('received');
  });
});

describe('dates, overdue and escalation', () => {
  it('refuses a step dated in the future or before the record', () => {
    expect(checkStepDate('2026-10-09', '2026-09-30', '2026-10-08')?.code).toBe('problem_date_future');
    expect(checkStepDate('2026-09-29', '2026-09-30', '2026-10-08')?.code).toBe('problem_date_before_record');
    expect(checkStepDate('2026-10-08', '2026-09-30', '2026-10-08')).toBeNull();
  });
  it('is not overdue during 国庆 though calendar days pass', () => {
    const p = problem({ dueOn: '2026-10-08', status: 'coordinating' });
    expect(problemDeadline(p, '2026-10-07')).toMatchObject({ overdue: false, escalationLevel: 0, daysLeft: 1 });
    expect(problemDeadline(p, '2026-10-08')).toMatchObject({ overdue: false, daysLeft: 0 });
  });
  it('escalates to the department head at one working day late, to the leader in charge at three', () => {
    const p = problem({ dueOn: '2026-10-08', status: 'coordinating' });
    expect(problemDeadline(p, '2026-10-09')).toMatchObject({ overdueDays: 1, escalationLevel: 1 });
    // Oct 10 is an adjusted working Saturday, Oct 11 is Sunday: Oct 12 is 3 working days late.
    expect(problemDeadline(p, '2026-10-11')).toMatchObject({ overdueDays: 2, escalationLevel: 1 });
    expect(problemDeadline(p, '2026-10-12')).toMatchObject({ overdueDays: 3, escalationLevel: 2 });
    expect(escalationDue(p, '2026-10-12')).toBe(2);
    expect(escalationDue({ ...p, escalationLevel: 2 }, '2026-10-20')).toBe(0);
    expect(escalationDue({ ...p, escalationLevel: 1 }, '2026-10-09')).toBe(0);
  });
  it('a resolved problem stops the clock at its resolution and never escalates', () => {
    const p = problem({ dueOn: '2026-10-08', status: 'resolved', resolution: { on: '2026-10-09', by: 'x', note: 'n' } });
    expect(problemDeadline(p, '2026-11-30')).toMatchObject({ overdueDays: 1, escalationLevel: 0 });
  });
});

describe('ledger counts', () => {
  it('counts open, overdue and closed by department and cause, and the callback satisfaction', () => {
    const list = [
      problem({ id: 'a', status: 'coordinating', dueOn: '2026-10-08', assignment: { department: '不动产登记中心', assignee: 'x', on: '2026-09-30', by: 'M' } }),
      problem({ id: 'b', status: 'received', cause: 'shuffled', failedAt: { department: '人社局', item: null, caseNo: null }, dueOn: '2026-12-31' }),
      problem({
        id: 'c',
        status: 'calledBack',
        callback: { on: '2026-10-09', by: 'M', satisfaction: 'dissatisfied', note: '' },
        resolution: { on: '2026-10-08', by: 'x', note: '' },
      }),
      problem({
        id: 'd',
        status: 'calledBack',
        callback: { on: '2026-10-09', by: 'M', satisfaction: 'satisfied', note: '' },
        resolution: { on: '2026-10-08', by: 'x', note: '' },
      }),
    ];
    const c = ledgerCounts(list, '2026-10-12');
    expect(c).toMatchObject({ total: 4, open: 2, overdue: 1, closed: 2, satisfactionRate: 0.5 });
    expect(c.byDepartment.find((d) => d.department === '不动产登记中心')).toEqual({ department: '不动产登记中心', open: 1, overdue: 1, closed: 2 });
    expect(c.byDepartment.find((d) => d.department === '人社局')).toEqual({ department: '人社局', open: 1, overdue: 0, closed: 0 });
    expect(c.byCause[0]).toEqual({ cause: 'refusedNoReason', count: 3 });
  });
});
