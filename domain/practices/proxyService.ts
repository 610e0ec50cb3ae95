// 帮办代办 (全程代办): a 代办员 handles the whole process for a key project or a person who needs
// help. A service names the applicant (person or company), the project, the 代办员, the items it
// covers (cases link to it as they are accepted) and milestones, each due a number of working
// days after the service was registered. Pure rules; the server stores and audits.
import { addWorkingDays, overdueWorkingDays, workingDaysBetween, defaultCalendar, type CivilDate, type WorkingCalendar } from '../calendar';
import { toEpochDay } from '../calendar/dates';
import type { MaskedApplicant } from './problemLedger';

export interface ProxyMilestone {
  key: string;
  title: string;
  /** Working days after the service's start. */
  days: number;
  dueOn: CivilDate;
  doneOn: CivilDate | null;
  doneBy: string | null;
}

export interface ProxyService {
  id: string;
  /** 代办编号, e.g. DB-20261207-001. */
  no: string;
  applicant: MaskedApplicant;
  project: string;
  agentWorkNo: string;
  agentName: string;
  /** Item codes the service covers. */
  items: string[];
  startedOn: CivilDate;
  createdBy: string;
  milestones: ProxyMilestone[];
  cases: { caseNo: string; itemCode: string | null; linkedOn: CivilDate; by: string }[];
  status: 'active' | 'completed';
}

export interface ProxyRuleOptions {
  calendar?: WorkingCalendar;
}

export function proxyServiceNumber(on: CivilDate, seq: number): string {
  return `DB-${on.replace(/-/g, '')}-${String(seq).padStart(3, '0')}`;
}

/** Milestones with their due dates counted from the start day (days are cumulative, not chained). */
export function planMilestones(startedOn: CivilDate, plan: readonly { title: string; days: number }[], opts: ProxyRuleOptions = {}): ProxyMilestone[] {
  const calendar = opts.calendar ?? defaultCalendar;
  return plan.map((m, i) => {
    const due = addWorkingDays(startedOn, m.days, { calendar }).date;
    if (!due) throw new RangeError('无法计算节点期限');
    return { key: `m${i + 1}`, title: m.title.trim(), days: m.days, dueOn: due, doneOn: null, doneBy: null };
  });
}

export type ProxyResult = { ok: true; service: ProxyService } | { ok: false; code: string; message: string };

/** Link a case accepted under the service (one case, one link). */
export function linkCase(s: ProxyService, link: { caseNo: string; itemCode: string | null; on: CivilDate; by: string }): ProxyResult {
  if (s.status !== 'active') return { ok: false, code: 'proxy_completed', message: '该代办服务已办结，不能再关联办件' };
  if (s.cases.some((c) => c.caseNo === link.caseNo)) return { ok: false, code: 'proxy_case_linked', message: `办件 ${link.caseNo} 已关联到该代办服务` };
  if (link.itemCode && s.items.length && !s.items.includes(link.itemCode))
    return { ok: false, code: 'proxy_item_not_covered', message: `事项 ${link.itemCode} 不在该代办服务范围内` };
  const next = structuredClone(s);
  next.cases.push({ caseNo: link.caseNo, itemCode: link.itemCode, linkedOn: link.on, by: link.by });
  return { ok: true, service: next };
}

/** Mark a milestone done; the service completes when every milestone is done. */
export function completeMilestone(s: ProxyService, key: string, on: CivilDate, by: string): ProxyResult {
  const m = s.milestones.find((x) => x.key === key);
  if (!m) return { ok: false, code: 'proxy_milestone_not_found', message: '找不到该代办节点' };
  if (m.doneOn) return { ok: false, code: 'proxy_milestone_done', message: `节点“${m.title}”已完成` };
  if (toEpochDay(on) < toEpochDay(s.startedOn)) return { ok: false, code: 'proxy_date_before_start', message: `日期 ${on} 早于代办开始日期（${s.startedOn}）` };
  const next = structuredClone(s);
  const nm = next.milestones.find((x) => x.key === key)!;
  nm.doneOn = on;
  nm.doneBy = by;
  if (next.milestones.every((x) => x.doneOn)) next.status = 'completed';
  return { ok: true, service: next };
}

export interface MilestoneState {
  key: string;
  title: string;
  dueOn: CivilDate;
  done: boolean;
  /** Working days past due (to completion, or to asOf while open). */
  overdueDays: number;
  /** Open and due within `soonDays` working days (not yet overdue). */
  dueSoon: boolean;
}

export function milestoneStates(s: ProxyService, asOf: CivilDate, opts: ProxyRuleOptions & { soonDays?: number } = {}): MilestoneState[] {
  const calendar = opts.calendar ?? defaultCalendar;
  const soon = opts.soonDays ?? 2;
  return s.milestones.map((m) => {
    const overdueDays = overdueWorkingDays(m.dueOn, m.doneOn ?? asOf, { calendar }).days;
    const dueSoon = !m.doneOn && overdueDays === 0 && workingDaysBetween(asOf, m.dueOn, { calendar }).days <= soon;
    return { key: m.key, title: m.title, dueOn: m.dueOn, done: !!m.doneOn, overdueDays, dueSoon };
  });
}

export interface AgentWorkload {
  agentWorkNo: string;
  agentName: string;
  active: number;
  completed: number;
  cases: number;
  openMilestones: number;
  overdueMilestones: number;
  dueSoon: number;
}

/** Per 代办员: services, linked cases, open / overdue / due-soon milestones. */
export function agentWorkload(services: readonly ProxyService[], asOf: CivilDate, opts: ProxyRuleOptions = {}): AgentWorkload[] {
  const by = new Map<string, AgentWorkload>();
  for (const s of services) {
    const w = by.get(s.agentWorkNo) ?? {
      agentWorkNo: s.agentWorkNo,
      agentName: s.agentName,
      active: 0,
      completed: 0,
      cases: 0,
      openMilestones: 0,
      overdueMilestones: 0,
      dueSoon: 0,
    };
    if (s.status === 'active') w.active++;
    else w.completed++;
    w.cases += s.cases.length;
    for (const m of milestoneStates(s, asOf, opts)) {
      if (m.done) continue;
      w.openMilestones++;
      if (m.overdueDays > 0) w.overdueMilestones++;
      else if (m.dueSoon) w.dueSoon++;
    }
    by.set(s.agentWorkNo, w);
  }
  return [...by.values()].sort((a, b) => b.overdueMilestones - a.overdueMilestones || b.active - a.active || a.agentWorkNo.localeCompare(b.agentWorkNo));
}
