// The 办不成事 problem ledger on the hall server: records a problem (full applicant sealed, masked
// everywhere else), applies each step through domain/practices/problemLedger.ts, appends one event
// per step (problem_events, append-only) and audits it in the hall's event log, and records an
// escalation step when a problem has gone further past its promised date than last recorded.
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
import {
  applyProblemAction,
  checkStepDate,
  escalationDue,
  ledgerCounts,
  problemDeadline,
  problemNumber,
  promisedAnswerDate,
  PROBLEM_DESK_KIND,
  type ProblemAction,
  type ProblemRecord,
} from '../../domain/practices/problemLedger';
import type { ProblemDetail, ProblemLedger, ProblemView, problemActionSchema, problemListQuerySchema, problemRecordSchema } from '../../domain/api/practices';
import { checkApplicant, maskApplicant, sealApplicant } from './applicant';
import { StepLog } from './eventLog';

interface ProblemRow {
  id: string;
  no: string;
  status: string;
  department: string;
  cause: string;
  recorded_on: string;
  due_on: string;
  body: string;
  applicant: string;
  updated_at: number;
}
interface CategoryKindRow {
  code: string;
  kind: string;
}
interface WindowCategoryRow {
  window_no: number;
  category: string;
  weight: number;
}
interface PracticeDB {
  problems: ProblemRow;
  categories: CategoryKindRow;
  window_categories: WindowCategoryRow;
}

export type ProblemRecordInput = z.output<typeof problemRecordSchema>;
export type ProblemActionInput = z.output<typeof problemActionSchema>;
export type ProblemListQuery = z.output<typeof problemListQuerySchema>;

/** Windows that serve a 办不成事 category (categories.kind = problemDesk): where problems are recorded; the duty rota's leader seat. */
export function problemDeskWindows(store: HallStore): number[] {
  const q = store.q as unknown as Kysely<PracticeDB>;
  const rows = store.all(
    q
      .selectFrom('window_categories')
      .innerJoin('categories', 'categories.code', 'window_categories.category')
      .select('window_categories.window_no')
      .where('categories.kind', '=', PROBLEM_DESK_KIND)
      .where('window_categories.weight', '>', 0),
  );
  return [...new Set(rows.map((r) => r.window_no))].sort((a, b) => a - b);
}

export class ProblemService {
  private readonly q: Kysely<PracticeDB>;
  readonly log: StepLog;
  constructor(
    private readonly store: HallStore,
    private readonly engine: HallEngine,
    private readonly sealer: FieldSealer | null | undefined,
    private readonly problems?: ProblemLog,
    private readonly now: () => number = Date.now,
  ) {
    this.q = store.q as unknown as Kysely<PracticeDB>;
    this.log = new StepLog(store.raw, 'problem_events', 'problem_id');
  }

  today(): string {
    return serviceDay(new Date(this.now()), this.engine.timeZone);
  }

  private parse(r: { id: string; body: string }): ProblemRecord | undefined {
    try {
      return JSON.parse(r.body) as ProblemRecord;
    } catch (e) {
      this.problems?.report('STORED_PROBLEM_UNREADABLE', 'practices.problems', e, r.id);
      return undefined;
    }
  }

  get(id: string): ProblemRecord | undefined {
    const r = this.store.get(this.q.selectFrom('problems').select(['id', 'body']).where('id', '=', id));
    return r ? this.parse(r) : undefined;
  }

  private all(): ProblemRecord[] {
    return this.store
      .all(this.q.selectFrom('problems').select(['id', 'body']).orderBy('recorded_on', 'desc').orderBy('no', 'desc'))
      .flatMap((r) => this.parse(r) ?? []);
  }

  private save(p: ProblemRecord, insertApplicant?: string): void {
    const cols = {
      status: p.status,
      department: p.assignment?.department ?? p.failedAt.department,
      cause: p.cause,
      due_on: p.dueOn,
      body: JSON.stringify(p),
      updated_at: this.now(),
    };
    if (insertApplicant !== undefined)
      this.store.run(this.q.insertInto('problems').values({ id: p.id, no: p.no, recorded_on: p.recordedOn, applicant: insertApplicant, ...cols }));
    else this.store.run(this.q.updateTable('problems').set(cols).where('id', '=', p.id));
  }

  private step(p: ProblemRecord, type: string, actor: string, data: Record<string, unknown>, auditActor: Actor): void {
    const at = new Date(this.now()).toISOString();
    this.log.append(p.id, type, actor, at, data);
    this.engine.adminEvent(`practices.problem.${type}`, auditActor, { id: p.id, no: p.no, ...data });
  }

  view(p: ProblemRecord, asOf = this.today()): ProblemView {
    return { ...p, deadline: problemDeadline(p, asOf) };
  }

  /** Record a problem at the window (inside the engine's transaction). */
  record(input: ProblemRecordInput, actor: Actor): ProblemView {
    const today = this.today();
    const on = input.on ?? today;
    if (on > today) throw new CodedError('problem_date_future', `日期 ${on} 晚于今天（${today}），不能登记未来的问题`, 400);
    const desks = problemDeskWindows(this.store);
    // A leader recording without naming a window records at the hall's 办不成事 window when it has one.
    let windowNo = input.windowNo ?? actor.windowNo ?? (desks.length === 1 ? desks[0]! : null);
    if (actor.role === 'clerk') {
      // A clerk records only at the 办不成事 window he is signed in at; a manager (the leader on duty) anywhere.
      if (actor.windowNo === null || !desks.includes(actor.windowNo))
        throw new CodedError('not_problem_desk', '只有在「办不成事」反映窗口登录的工作人员才能登记问题', 403);
      windowNo = actor.windowNo;
    } else if (windowNo !== null && !desks.includes(windowNo)) {
      throw new CodedError('not_problem_desk', `${windowNo} 号窗口不是「办不成事」反映窗口`, 400);
    }
    const applicant = checkApplicant(input.applicant);
    const seq =
      (this.store.get(
        this.q
          .selectFrom('problems')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('recorded_on', '=', on),
      )?.n ?? 0) + 1;
    const id = crypto.randomUUID();
    const p: ProblemRecord = {
      id,
      no: problemNumber(on, seq),
      windowNo,
      recordedOn: on,
      recordedBy: actor.subject,
      applicant: maskApplicant(applicant),
      tried: input.tried,
      failedAt: { department: input.failedAt.department, item: input.failedAt.item || null, caseNo: input.failedAt.caseNo || null },
      cause: input.cause,
      asks: input.asks,
      status: 'received',
      promisedDays: input.promisedDays,
      dueOn: promisedAnswerDate(on, input.promisedDays),
      assignment: null,
      notes: [],
      resolution: null,
      callback: null,
      escalationLevel: 0,
    };
    this.save(p, sealApplicant(this.sealer, `problem:${id}`, applicant));
    // The event carries no personal data: the applicant stays in the sealed column.
    this.step(p, 'received', actor.subject, { windowNo, department: p.failedAt.department, cause: p.cause, dueOn: p.dueOn }, actor);
    return this.view(p, today);
  }

  act(id: string, input: ProblemActionInput, actor: Actor): ProblemView {
    const p = this.get(id);
    if (!p) throw new CodedError('problem_not_found', '找不到该问题', 404);
    const today = this.today();
    const on = input.on ?? today;
    const bad = checkStepDate(on, p.recordedOn, today);
    if (bad) throw new CodedError(bad.code, bad.message, 400);
    const { requestId: _r, ...rest } = input;
    const action = { ...rest, on, by: actor.subject } as ProblemAction;
    const r = applyProblemAction(p, action);
    if (!r.ok) throw new CodedError(r.code, r.message, 409);
    this.save(r.problem);
    const { on: _o, by: _b, type, ...data } = action;
    const eventType = { assign: 'assigned', note: 'coordinated', resolve: 'resolved', callback: 'calledBack' }[type];
    this.step(r.problem, eventType, actor.subject, { on, ...data, ...(type === 'assign' ? { dueOn: r.problem.dueOn } : {}) }, actor);
    return this.view(r.problem, today);
  }

  /** Record an escalation step for every open problem now further past its date than recorded. */
  escalate(): number {
    const today = this.today();
    let n = 0;
    const system: Actor = { kind: 'staff', subject: 'system', role: 'manager', windowNo: null };
    for (const p of this.all()) {
      const level = escalationDue(p, today);
      if (!level) continue;
      const next = { ...p, escalationLevel: level };
      this.save(next);
      this.step(next, 'escalated', 'system', { level, overdueDays: problemDeadline(p, today).overdueDays, dueOn: p.dueOn }, system);
      n++;
    }
    return n;
  }

  list(q: ProblemListQuery): ProblemLedger {
    const today = this.today();
    const all = this.all();
    const views = all.map((p) => this.view(p, today));
    const filtered = views.filter((v) => {
      if (q.department && (v.assignment?.department ?? v.failedAt.department) !== q.department) return false;
      if (q.cause && v.cause !== q.cause) return false;
      if (!q.status) return true;
      const open = v.status === 'received' || v.status === 'coordinating';
      if (q.status === 'open') return open;
      if (q.status === 'closed') return !open;
      if (q.status === 'overdue') return open && v.deadline.overdue;
      return v.status === q.status;
    });
    return { today, counts: ledgerCounts(all, today), problems: filtered.slice(0, q.limit) };
  }

  detail(id: string): ProblemDetail {
    const p = this.get(id);
    if (!p) throw new CodedError('problem_not_found', '找不到该问题', 404);
    return { ...this.view(p), events: this.log.list(id) };
  }
}
