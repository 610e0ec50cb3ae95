// 帮办代办 rules (domain/practices/proxyService.ts): milestone deadlines in working days across the
// 2026 holidays, linking cases, completing milestones, overdue and due-soon, workload per 代办员.
import { describe, expect, it } from 'vitest';
import {
  agentWorkload,
  completeMilestone,
  linkCase,
  milestoneStates,
  planMilestones,
  proxyServiceNumber,
  type ProxyService,
} from '../../domain/practices/proxyService';

function service(over: Partial<ProxyService> = {}): ProxyService {
  const startedOn = over.startedOn ?? '2026-09-28';
  return {
    id: 's1',
    no: proxyServiceNumber(startedOn, 1),
    applicant: { kind: 'company', name: '示例**公司', idNumber: null, phone: null, organisation: '示例科技有限公司' },
    project: '新厂房建设项目',
    agentWorkNo: 'C002',
    agentName: '张伟',
    items: ['BDC-001', 'QY-001'],
    startedOn,
    createdBy: 'M001',
    milestones: planMilestones(startedOn, [
      { title: '材料预审', days: 2 },
      { title: '并联审批', days: 10 },
    ]),
    cases: [],
    status: 'active',
    ...over,
  };
}

describe('milestones', () => {
  it('are due working days after the start, across 国庆', () => {
    const s = service();
    // Sep 28 + 2: Sep 29, 30. + 10: Sep 29, 30, Oct 8, 9, 10 (调休), 12, 13, 14, 15, 16.
    expect(s.milestones.map((m) => m.dueOn)).toEqual(['2026-09-30', '2026-10-16']);
    expect(s.no).toBe('DB-20260928-001');
  });
  it('are overdue in working days, not calendar days, and warn when due soon', () => {
    const s = service();
    // Due Sep 30; the 国庆 days are no working days, so it is first late on Oct 8.
    expect(milestoneStates(s, '2026-10-07')[0]).toMatchObject({ overdueDays: 0, done: false });
    const during = milestoneStates(s, '2026-10-08');
    expect(during[0]).toMatchObject({ overdueDays: 1, done: false });
    expect(during[1]).toMatchObject({ overdueDays: 0, dueSoon: false });
    const late = milestoneStates(s, '2026-10-15');
    expect(late[1]).toMatchObject({ overdueDays: 0, dueSoon: true });
  });
  it('complete one by one; the service completes with the last', () => {
    let s = service();
    const r1 = completeMilestone(s, 'm1', '2026-09-30', 'C002');
    expect(r1.ok).toBe(true);
    s = (r1 as { service: ProxyService }).service;
    expect(milestoneStates(s, '2026-10-20')[0]).toMatchObject({ done: true, overdueDays: 0 });
    expect(completeMilestone(s, 'm1', '2026-09-30', 'C002')).toMatchObject({ ok: false, code: 'proxy_milestone_done' });
    expect(completeMilestone(s, 'm9', '2026-09-30', 'C002')).toMatchObject({ ok: false, code: 'proxy_milestone_not_found' });
    s = (completeMilestone(s, 'm2', '2026-10-19', 'C002') as { service: ProxyService }).service;
    expect(s.status).toBe('completed');
    expect(milestoneStates(s, '2026-10-30')[1]).toMatchObject({ done: true, overdueDays: 1 });
  });
});

describe('linked cases', () => {
  it('links each case once, only for covered items', () => {
    let s = service();
    const r = linkCase(s, { caseNo: 'SL2026000001', itemCode: 'BDC-001', on: '2026-09-29', by: 'C002' });
    expect(r.ok).toBe(true);
    s = (r as { service: ProxyService }).service;
    expect(linkCase(s, { caseNo: 'SL2026000001', itemCode: 'BDC-001', on: '2026-09-29', by: 'C002' })).toMatchObject({ ok: false, code: 'proxy_case_linked' });
    expect(linkCase(s, { caseNo: 'SL2026000002', itemCode: 'XX-9', on: '2026-09-29', by: 'C002' })).toMatchObject({
      ok: false,
      code: 'proxy_item_not_covered',
    });
    expect(linkCase({ ...s, status: 'completed' }, { caseNo: 'SL2026000003', itemCode: null, on: '2026-09-29', by: 'C002' })).toMatchObject({
      ok: false,
      code: 'proxy_completed',
    });
  });
});

describe('workload per 代办员', () => {
  it('counts active services, cases and overdue milestones', () => {
    const a = service({ cases: [{ caseNo: 'X1', itemCode: null, linkedOn: '2026-09-29', by: 'C002' }] });
    const b = service({
      id: 's2',
      agentWorkNo: 'C003',
      agentName: '刘洋',
      startedOn: '2026-10-12',
      milestones: planMilestones('2026-10-12', [{ title: '踏勘', days: 5 }]),
    });
    const w = agentWorkload([a, b], '2026-10-08');
    expect(w[0]).toMatchObject({ agentWorkNo: 'C002', active: 1, cases: 1, openMilestones: 2, overdueMilestones: 1 });
    expect(w[1]).toMatchObject({ agentWorkNo: 'C003', active: 1, cases: 0, overdueMilestones: 0 });
  });
});
