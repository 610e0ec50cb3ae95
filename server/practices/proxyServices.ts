// 帮办代办 services on the hall server: registered by the manager (applicant sealed, masked in every
// view), cases linked as they are accepted (proxy_case_links: which service a case belongs to),
// milestones completed by the 代办员 or the manager. Rules in domain/practices/proxyService.ts;
// every step appended to proxy_events and audited in the hall's event log.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import crypto from 'node:crypto';
import type { HallStore } from '../db/connection';
import type { HallEngine } from '../queue/engine';
import type { Actor } from '../auth';
import type { ProblemLog } from '../health/problems';
import type { FieldSealer } from '../../native/crypto/fieldSealer';
import { CodedError } from '../../domain/api/errors';
import { serviceDay } from '../../domain/queue/numbering';
import { toEpochDay } from '../../domain/calendar/dates';
import {
  agentWorkload,
  completeMilestone,
  linkCase,
  milestoneStates,
  planMilestones,
  proxyServiceNumber,
  type ProxyService,
} from '../../domain/practices/proxyService';
import type { ProxyServiceList, ProxyServiceView, proxyCreateSchema, proxyLinkSchema, proxyListQuerySchema } from '../../domain/api/practices';
import { checkApplicant, maskApplicant, sealApplicant } from './applicant';
import { StepLog } from './eventLog';

interface ProxyRow {
  id: string;
  no: string;
  agent_work_no: string;
  status: string;
  started_on: string;
  body: string;
  applicant: string;
  updated_at: number;
}
interface LinkRow {
  case_no: string;
  service_id: string;
  linked_at: number;
}
interface StaffNameRow {
  work_no: string;
  name: string;
  active: number;
}
interface ProxyDB {
  proxy_services: ProxyRow;
  proxy_case_links: LinkRow;
  staff: StaffNameRow;
}

export type ProxyCreateInput = z.output<typeof proxyCreateSchema>;
export type ProxyLinkInput = z.output<typeof proxyLinkSchema>;

export class ProxyServices {
  private readonly q: Kysely<ProxyDB>;
  readonly log: StepLog;
  constructor(
    private readonly store: HallStore,
    private readonly engine: HallEngine,
    private readonly sealer: FieldSealer | null | undefined,
    private readonly problems?: ProblemLog,
    private readonly now: () => number = Date.now,
  ) {
    this.q = store.q as unknown as Kysely<ProxyDB>;
    this.log = new StepLog(store.raw, 'proxy_events', 'service_id');
  }

  today(): string {
    return serviceDay(new Date(this.now()), this.engine.timeZone);
  }

  private notFuture(on: string, today: string): void {
    if (toEpochDay(on) > toEpochDay(today)) throw new CodedError('proxy_date_future', `日期 ${on} 晚于今天（${today}），不能登记未来的日期`, 400);
  }

  private parse(r: { id: string; body: string }): ProxyService | undefined {
    try {
      return JSON.parse(r.body) as ProxyService;
    } catch (e) {
      this.problems?.report('STORED_PROXY_UNREADABLE', 'practices.proxy', e, r.id);
      return undefined;
    }
  }

  get(id: string): ProxyService | undefined {
    const r = this.store.get(this.q.selectFrom('proxy_services').select(['id', 'body']).where('id', '=', id));
    return r ? this.parse(r) : undefined;
  }

  /** The service a case was accepted under, if any (for its receipt). */
  serviceOfCase(caseNo: string): ProxyService | undefined {
    const l = this.store.get(this.q.selectFrom('proxy_case_links').select('service_id').where('case_no', '=', caseNo));
    return l ? this.get(l.service_id) : undefined;
  }

  private save(s: ProxyService, insertApplicant?: string): void {
    const cols = { agent_work_no: s.agentWorkNo, status: s.status, body: JSON.stringify(s), updated_at: this.now() };
    if (insertApplicant !== undefined)
      this.store.run(this.q.insertInto('proxy_services').values({ id: s.id, no: s.no, started_on: s.startedOn, applicant: insertApplicant, ...cols }));
    else this.store.run(this.q.updateTable('proxy_services').set(cols).where('id', '=', s.id));
  }

  private step(s: ProxyService, type: string, actor: Actor, data: Record<string, unknown>): void {
    this.log.append(s.id, type, actor.subject, new Date(this.now()).toISOString(), data);
    this.engine.adminEvent(`practices.proxy.${type}`, actor, { id: s.id, no: s.no, ...data });
  }

  view(s: ProxyService, asOf = this.today()): ProxyServiceView {
    const states = milestoneStates(s, asOf);
    return { ...s, milestoneStates: states, overdueMilestones: states.filter((m) => !m.done && m.overdueDays > 0).length };
  }

  create(input: ProxyCreateInput, actor: Actor): ProxyServiceView {
    const today = this.today();
    const on = input.startedOn ?? today;
    this.notFuture(on, today);
    const agent = this.store.get(this.q.selectFrom('staff').select(['work_no', 'name', 'active']).where('work_no', '=', input.agentWorkNo));
    if (!agent || !agent.active) throw new CodedError('unknown_staff', `没有工号 ${input.agentWorkNo} 的在岗工作人员，不能指定为代办员`, 404);
    const applicant = checkApplicant(input.applicant);
    const seq =
      (this.store.get(
        this.q
          .selectFrom('proxy_services')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('started_on', '=', on),
      )?.n ?? 0) + 1;
    const id = crypto.randomUUID();
    const s: ProxyService = {
      id,
      no: proxyServiceNumber(on, seq),
      applicant: maskApplicant(applicant),
      project: input.project,
      agentWorkNo: agent.work_no,
      agentName: agent.name,
      items: input.items,
      startedOn: on,
      createdBy: actor.subject,
      milestones: planMilestones(on, input.milestones),
      cases: [],
      status: 'active',
    };
    this.save(s, sealApplicant(this.sealer, `proxy:${id}`, applicant));
    this.step(s, 'registered', actor, {
      agentWorkNo: s.agentWorkNo,
      project: s.project,
      milestones: s.milestones.map((m) => ({ key: m.key, dueOn: m.dueOn })),
    });
    return this.view(s, today);
  }

  private mayAct(s: ProxyService, actor: Actor): void {
    if (actor.role === 'manager') return;
    if (actor.role === 'clerk' && actor.subject === s.agentWorkNo) return;
    throw new CodedError('not_your_proxy_service', '只有该服务的代办员或管理员可以操作', 403);
  }

  link(id: string, input: ProxyLinkInput, actor: Actor): ProxyServiceView {
    const s = this.get(id);
    if (!s) throw new CodedError('proxy_not_found', '找不到该代办服务', 404);
    this.mayAct(s, actor);
    const today = this.today();
    const on = input.on ?? today;
    this.notFuture(on, today);
    const other = this.store.get(this.q.selectFrom('proxy_case_links').select('service_id').where('case_no', '=', input.caseNo));
    if (other && other.service_id !== id) throw new CodedError('proxy_case_linked', `办件 ${input.caseNo} 已关联到另一项代办服务`, 409);
    const r = linkCase(s, { caseNo: input.caseNo, itemCode: input.itemCode ?? null, on, by: actor.subject });
    if (!r.ok) throw new CodedError(r.code, r.message, 409);
    this.save(r.service);
    this.store.run(this.q.insertInto('proxy_case_links').values({ case_no: input.caseNo, service_id: id, linked_at: this.now() }));
    this.step(r.service, 'caseLinked', actor, { caseNo: input.caseNo, itemCode: input.itemCode ?? null, on });
    return this.view(r.service, today);
  }

  completeMilestone(id: string, key: string, onInput: string | undefined, actor: Actor): ProxyServiceView {
    const s = this.get(id);
    if (!s) throw new CodedError('proxy_not_found', '找不到该代办服务', 404);
    this.mayAct(s, actor);
    const today = this.today();
    const on = onInput ?? today;
    this.notFuture(on, today);
    const r = completeMilestone(s, key, on, actor.subject);
    if (!r.ok) throw new CodedError(r.code, r.message, r.code === 'proxy_milestone_not_found' ? 404 : 409);
    this.save(r.service);
    this.step(r.service, 'milestoneDone', actor, { key, on, ...(r.service.status === 'completed' ? { completed: true } : {}) });
    return this.view(r.service, today);
  }

  /** A manager sees every service and the workload per 代办员; a clerk only the services he handles. */
  list(q: z.output<typeof proxyListQuerySchema>, actor: Actor): ProxyServiceList {
    const today = this.today();
    const agent = actor.role === 'manager' ? q.agent : actor.subject;
    let query = this.q.selectFrom('proxy_services').select(['id', 'body']).orderBy('started_on', 'desc').orderBy('no', 'desc');
    if (agent) query = query.where('agent_work_no', '=', agent);
    if (q.status) query = query.where('status', '=', q.status);
    const services = this.store.all(query).flatMap((r) => this.parse(r) ?? []);
    return { today, services: services.map((s) => this.view(s, today)), workload: agentWorkload(services, today) };
  }
}
