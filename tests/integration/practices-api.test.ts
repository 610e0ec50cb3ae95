// Hall practices (issue 16) against the real hall server process: the 办不成事 window records a
// problem (slip printed to a TCP printer sink and decoded; applicant sealed at rest, masked on the
// wire), the problem goes 受理 → 协调中 → 办结 → 回访 with one append-only event per step, the ledger
// exports XLSX; a 帮办代办 service links cases and completes milestones. Every new route: wrong
// type, wrong role, replay (idempotency), value from the future.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHall, client, login, enroll, tempDataDir, type HallProcess } from './server-harness';
import { apiErrorSchema } from '../../domain/api/errors';
import { startPrinterSink, type PrinterSink } from '../../native/printer/sink';
import type { ProblemDetail, ProblemLedger, ProblemRecorded, ProblemView, ProxyLinked, ProxyServiceList, ProxyServiceView } from '../../domain/api/practices';

const dataDir = tempDataDir();
let hall: HallProcess;
let sink: PrinterSink;
let manager: ReturnType<typeof client>;
let managerToken: string;
let deskClerk: ReturnType<typeof client>;
let clerk1: ReturnType<typeof client>;
let kiosk: ReturnType<typeof client>;
let rid = 0;
const req = () => `test-req-${Date.now()}-${++rid}`;
const FUTURE = '2099-01-04';

const problemBody = (over: Record<string, unknown> = {}) => ({
  requestId: req(),
  windowNo: 9,
  applicant: { kind: 'person', name: '欧阳明远', idNumber: '11010519491231002X', phone: '13812345678' },
  tried: '办理二手房转移登记，窗口拒收但未说明理由',
  failedAt: { department: '不动产登记中心', item: '不动产转移登记', caseNo: 'SL20261207001' },
  cause: 'refusedNoReason',
  asks: '书面说明不予受理的理由并给出补正清单',
  ...over,
});

function expectRejection(r: { status: number; body: unknown }, status: number, code?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = apiErrorSchema.parse(r.body);
  if (code) expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
}

beforeAll(async () => {
  sink = await startPrinterSink();
  hall = await spawnHall({ dataDir, args: ['--seed', 'demo'] });
  managerToken = await login(hall.url, 'M001');
  manager = client(hall.url, managerToken);
  deskClerk = client(hall.url, await login(hall.url, 'C007'));
  clerk1 = client(hall.url, await login(hall.url, 'C001'));
  kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
  expect((await manager.put('/api/kiosk/printer', { deviceId: 'window-9', address: sink.url, widthMm: 80 })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await hall?.stop();
  await sink?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('办不成事 window and the problem ledger', () => {
  let problem: ProblemView;

  it('the clerk at the 办不成事 window records a problem; the slip prints with its number and promised date', async () => {
    const r = await deskClerk.post<ProblemRecorded>('/api/practices/problems', problemBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    problem = r.body.problem;
    expect(problem.no).toMatch(/^BBC-\d{8}-001$/);
    expect(problem).toMatchObject({ status: 'received', windowNo: 9, recordedBy: 'C007', promisedDays: 5 });
    // Masked on the wire.
    expect(problem.applicant).toMatchObject({ name: '欧**远', idNumber: '110105********002X', phone: '138****5678' });
    expect(JSON.stringify(r.body)).not.toContain('欧阳明远');
    expect(r.body.slip.printed).toBe(true);
    const [slip] = await sink.waitForReceipts(1, 5000);
    const text = slip!.lines.join('\n');
    expect(text).toContain('「办不成事」反映回执');
    expect(text).toContain(problem.no);
    const due = problem.dueOn;
    expect(text).toContain(`${due.slice(0, 4)}年${Number(due.slice(5, 7))}月${Number(due.slice(8, 10))}日`);
    expect(text).toContain('欧**远');
    expect(text).not.toContain('欧阳明远');
  });

  it('replaying the record answers the same problem and prints no second slip', async () => {
    const body = problemBody({ applicant: { kind: 'company', name: '李四', organisation: '示例科技有限公司' }, cause: 'shuffled' });
    const a = await manager.post<ProblemRecorded>('/api/practices/problems', body);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const before = sink.receipts.length;
    await sink.waitForReceipts(before, 2000);
    const b = await manager.post<ProblemRecorded>('/api/practices/problems', body);
    expect(b.status).toBe(201);
    expect(b.body.problem.id).toBe(a.body.problem.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.receipts.length).toBe(before);
    const list = (await manager.get<ProblemLedger>('/api/practices/problems')).body;
    expect(list.problems.filter((p) => p.id === a.body.problem.id)).toHaveLength(1);
  });

  it('refuses a wrong type, a wrong role, a clerk away from the 办不成事 window, and a date from the future', async () => {
    expectRejection(await manager.post('/api/practices/problems', problemBody({ cause: 42 })), 400);
    expectRejection(await manager.post('/api/practices/problems', problemBody({ tried: '' })), 400);
    expectRejection(
      await manager.post('/api/practices/problems', { ...problemBody(), applicant: { name: '张三', idNumber: '110105194912310021' } }),
      400,
      'invalid_id_number',
    );
    expectRejection(await kiosk.post('/api/practices/problems', problemBody()), 403);
    expectRejection(await clerk1.post('/api/practices/problems', problemBody()), 403, 'not_problem_desk');
    expectRejection(await manager.post('/api/practices/problems', problemBody({ windowNo: 1 })), 400, 'not_problem_desk');
    expectRejection(await manager.post('/api/practices/problems', problemBody({ on: FUTURE })), 400, 'problem_date_future');
    expectRejection(await manager.post('/api/practices/problems', problemBody({ on: '2026-02-30' })), 400);
    expectRejection(await client(hall.url).post('/api/practices/problems', problemBody()), 401);
  });

  it('goes 受理 → 协调中 → 办结 → 回访, each step an event with its actor; steps out of order are refused', async () => {
    const act = (body: Record<string, unknown>) => manager.post<ProblemView>(`/api/practices/problems/${problem.id}/actions`, { requestId: req(), ...body });
    expectRejection(await act({ type: 'resolve', note: '已处理' }), 409, 'problem_not_assigned');
    const assignBody = { requestId: req(), type: 'assign', department: '不动产登记中心', assignee: '陈静', days: 3 };
    const a1 = await manager.post<ProblemView>(`/api/practices/problems/${problem.id}/actions`, assignBody);
    expect(a1.status, JSON.stringify(a1.body)).toBe(200);
    expect(a1.body).toMatchObject({ status: 'coordinating', assignment: { department: '不动产登记中心', assignee: '陈静', by: 'M001' }, promisedDays: 3 });
    // Replay: the same answer, no second event.
    const a2 = await manager.post<ProblemView>(`/api/practices/problems/${problem.id}/actions`, assignBody);
    expect(a2.body).toEqual(a1.body);
    expect((await act({ type: 'note', note: '已约不动产登记中心负责人会商' })).status).toBe(200);
    expect((await act({ type: 'resolve', note: '指定专人受理，材料预审通过' })).body.status).toBe('resolved');
    expect((await act({ type: 'callback', satisfaction: 'satisfied', note: '电话回访，群众满意' })).body.status).toBe('calledBack');
    expectRejection(await act({ type: 'callback', satisfaction: 'satisfied' }), 409, 'problem_not_resolved');

    const d = (await manager.get<ProblemDetail>(`/api/practices/problems/${problem.id}`)).body;
    expect(d.events.map((e) => `${e.type}:${e.actor}`)).toEqual(['received:C007', 'assigned:M001', 'coordinated:M001', 'resolved:M001', 'calledBack:M001']);
    expect(JSON.stringify(d.events)).not.toContain('欧阳明远');
  });

  it('problems.act: wrong type, wrong role, unknown problem, date from the future', async () => {
    const url = `/api/practices/problems/${problem.id}/actions`;
    expectRejection(await manager.post(url, { requestId: req(), type: 'teleport' }), 400);
    expectRejection(await manager.post(url, { requestId: req(), type: 'assign', department: 5, assignee: 'x' }), 400);
    expectRejection(await deskClerk.post(url, { requestId: req(), type: 'note', note: 'x' }), 403);
    expectRejection(await manager.post('/api/practices/problems/nope/actions', { requestId: req(), type: 'note', note: 'x' }), 404, 'problem_not_found');
    const fresh = (await manager.post<ProblemRecorded>('/api/practices/problems', problemBody())).body.problem;
    expectRejection(
      await manager.post(`/api/practices/problems/${fresh.id}/actions`, { requestId: req(), type: 'assign', department: 'd', assignee: 'a', on: FUTURE }),
      400,
      'problem_date_future',
    );
    expectRejection(await manager.post(`/api/practices/problems/${fresh.id}/actions`, { requestId: req(), type: 'note', note: 'x', on: '2026-13-01' }), 400);
  });

  it('the ledger: counts by department and cause, filters, escalation of an overdue problem; wrong role and types refused', async () => {
    // Recorded 30 working days ago with a 1-day promise: overdue, escalated to the leader in charge.
    const old = await manager.post<ProblemRecorded>(
      '/api/practices/problems',
      problemBody({ on: '2026-10-12', promisedDays: 1, failedAt: { department: '人社局' } }),
    );
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    const led = (await manager.get<ProblemLedger>('/api/practices/problems')).body;
    expect(led.counts.total).toBeGreaterThanOrEqual(4);
    expect(led.counts.closed).toBe(1);
    expect(led.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(led.counts.byDepartment.find((d) => d.department === '人社局')).toMatchObject({ open: 1, overdue: 1 });
    expect(led.counts.byCause.find((c) => c.cause === 'shuffled')?.count).toBe(1);
    const overdue = (await manager.get<ProblemLedger>('/api/practices/problems?status=overdue')).body.problems;
    const o = overdue.find((p) => p.id === old.body.problem.id)!;
    expect(o.deadline.overdue).toBe(true);
    expect(o.escalationLevel).toBe(2);
    const detail = (await manager.get<ProblemDetail>(`/api/practices/problems/${o.id}`)).body;
    expect(detail.events.filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect(detail.events.find((e) => e.type === 'escalated')).toMatchObject({ actor: 'system', data: { level: 2 } });
    expect((await manager.get<ProblemLedger>('/api/practices/problems?status=closed')).body.problems.every((p) => p.status === 'calledBack')).toBe(true);
    expectRejection(await manager.get('/api/practices/problems?status=sideways'), 400);
    expectRejection(await manager.get('/api/practices/problems?limit=abc'), 400);
    expectRejection(await deskClerk.get('/api/practices/problems'), 403);
    expectRejection(await deskClerk.get(`/api/practices/problems/${o.id}`), 403);
    expectRejection(await manager.get('/api/practices/problems/missing'), 404, 'problem_not_found');
  });

  it('exports the ledger as XLSX (masked); a clerk may not', async () => {
    const res = await fetch(`${hall.url}/api/exports/problems`, { headers: { authorization: `Bearer ${managerToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题台账', '按部门', '按原因']);
    const rows = wb
      .getWorksheet('问题台账')!
      .getSheetValues()
      .map((r) => JSON.stringify(r));
    expect(rows.some((r) => r.includes(problem.no) && r.includes('已回访') && r.includes('满意'))).toBe(true);
    expect(rows.join()).not.toContain('欧阳明远');
    expectRejection(await deskClerk.get('/api/exports/problems'), 403);
    expectRejection(await manager.get('/api/exports/problems?status=nope'), 400);
  });
});

describe('帮办代办', () => {
  let svc: ProxyServiceView;
  const createBody = (over: Record<string, unknown> = {}) => ({
    requestId: req(),
    applicant: { kind: 'company', name: '王五', organisation: '示例新材料有限公司', creditCode: '91350100M000100Y43' },
    project: '新厂房建设项目',
    agentWorkNo: 'C002',
    items: ['BDC-001', 'QY-001'],
    milestones: [
      { title: '材料预审', days: 1 },
      { title: '并联审批', days: 10 },
    ],
    startedOn: '2026-11-02',
    ...over,
  });

  it('the manager registers a service; replay answers the same; wrong type, role, agent and future refused', async () => {
    const body = createBody();
    const r = await manager.post<ProxyServiceView>('/api/practices/proxy-services', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    svc = r.body;
    expect(svc).toMatchObject({ no: 'DB-20261102-001', agentWorkNo: 'C002', agentName: '张伟', status: 'active' });
    expect(svc.milestones.map((m) => m.dueOn)).toEqual(['2026-11-03', '2026-11-16']);
    expect(svc.applicant.name).toBe('王*');
    expect(svc.overdueMilestones).toBe(2);
    const again = await manager.post<ProxyServiceView>('/api/practices/proxy-services', body);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(svc.id);
    expectRejection(await manager.post('/api/practices/proxy-services', createBody({ milestones: 'soon' })), 400);
    expectRejection(await manager.post('/api/practices/proxy-services', createBody({ milestones: [] })), 400);
    expectRejection(await clerk1.post('/api/practices/proxy-services', createBody()), 403);
    expectRejection(await manager.post('/api/practices/proxy-services', createBody({ agentWorkNo: 'X999' })), 404, 'unknown_staff');
    expectRejection(await manager.post('/api/practices/proxy-services', createBody({ startedOn: FUTURE })), 400, 'proxy_date_future');
  });

  it('links two cases; the receipt lines carry the service and the 代办员; replay, role, type, future', async () => {
    const agent = client(hall.url, await login(hall.url, 'C002'));
    const link = (c: ReturnType<typeof client>, body: Record<string, unknown>) => c.post<ProxyLinked>(`/api/practices/proxy-services/${svc.id}/cases`, body);
    const b1 = { requestId: req(), caseNo: 'SL2026110200001', itemCode: 'BDC-001' };
    const r1 = await link(agent, b1);
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body.receiptLines.join('\n')).toContain(svc.no);
    expect(r1.body.receiptLines.join('\n')).toContain('张伟（工号C002）');
    expect((await link(agent, b1)).body.service.cases).toHaveLength(1);
    const r2 = await link(manager, { requestId: req(), caseNo: 'SL2026110200002', itemCode: 'QY-001' });
    expect(r2.body.service.cases.map((c) => c.caseNo)).toEqual(['SL2026110200001', 'SL2026110200002']);
    expectRejection(await link(manager, { requestId: req(), caseNo: 'SL2026110200002' }), 409, 'proxy_case_linked');
    expectRejection(await link(manager, { requestId: req(), caseNo: 'SL2026110200003', itemCode: 'ZZ-1' }), 409, 'proxy_item_not_covered');
    expectRejection(await link(manager, { requestId: req(), caseNo: 12345 }), 400);
    expectRejection(await link(manager, { requestId: req(), caseNo: 'bad case no' }), 400);
    expectRejection(await link(clerk1, { requestId: req(), caseNo: 'SL2026110200004' }), 403, 'not_your_proxy_service');
    expectRejection(await link(kiosk, { requestId: req(), caseNo: 'SL2026110200004' }), 403);
    expectRejection(await link(manager, { requestId: req(), caseNo: 'SL2026110200004', on: FUTURE }), 400, 'proxy_date_future');
  });

  it('the 代办员 sees his services and completes a milestone; the manager sees workload and overdue milestones', async () => {
    const agent = client(hall.url, await login(hall.url, 'C002'));
    const mine = (await agent.get<ProxyServiceList>('/api/practices/proxy-services?agent=C001')).body;
    expect(mine.services.every((s) => s.agentWorkNo === 'C002')).toBe(true);
    expect(mine.services.map((s) => s.id)).toContain(svc.id);
    expect((await clerk1.get<ProxyServiceList>('/api/practices/proxy-services')).body.services).toHaveLength(0);
    const url = `/api/practices/proxy-services/${svc.id}/milestones/m1/done`;
    const body = { requestId: req(), on: '2026-11-04' };
    const d1 = await agent.post<ProxyServiceView>(url, body);
    expect(d1.status, JSON.stringify(d1.body)).toBe(200);
    expect(d1.body.milestoneStates[0]).toMatchObject({ done: true, overdueDays: 1 });
    expect((await agent.post<ProxyServiceView>(url, body)).body).toEqual(d1.body);
    expectRejection(await agent.post(url, { requestId: req() }), 409, 'proxy_milestone_done');
    expectRejection(await agent.post(`/api/practices/proxy-services/${svc.id}/milestones/m9/done`, { requestId: req() }), 404);
    expectRejection(await agent.post(`/api/practices/proxy-services/${svc.id}/milestones/m2/done`, { requestId: req(), on: FUTURE }), 400, 'proxy_date_future');
    expectRejection(await agent.post(`/api/practices/proxy-services/${svc.id}/milestones/m2/done`, { requestId: 7 }), 400);
    expectRejection(await clerk1.post(`/api/practices/proxy-services/${svc.id}/milestones/m2/done`, { requestId: req() }), 403);
    const all = (await manager.get<ProxyServiceList>('/api/practices/proxy-services')).body;
    expect(all.workload.find((w) => w.agentWorkNo === 'C002')).toMatchObject({ active: 1, cases: 2, openMilestones: 1, overdueMilestones: 1 });
    expect(all.services.find((s) => s.id === svc.id)!.overdueMilestones).toBe(1);
    expectRejection(await kiosk.get('/api/practices/proxy-services'), 403);
    expectRejection(await manager.get('/api/practices/proxy-services?status=paused'), 400);
  });
});

describe('at rest', () => {
  it('the applicant is sealed in hall.sqlite and its WAL; the step logs refuse UPDATE and DELETE', async () => {
    const bytes = Buffer.concat(
      ['hall.sqlite', 'hall.sqlite-wal'].map((f) => path.join(hall.dataDir, f)).flatMap((f) => (fs.existsSync(f) ? [fs.readFileSync(f)] : [])),
    );
    for (const secret of ['欧阳明远', '11010519491231002X', '13812345678', '91350100M000100Y43']) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    const db = new Database(path.join(hall.dataDir, 'hall.sqlite'), { readonly: false, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      expect((db.prepare('SELECT COUNT(*) AS n FROM problem_events').get() as { n: number }).n).toBeGreaterThan(5);
      // Every step is in the hall's audited event log too, with its actor.
      const audited = db.prepare("SELECT type, actor FROM events WHERE type LIKE 'practices.%'").all() as { type: string; actor: string }[];
      expect(audited.map((e) => `${e.type}:${e.actor}`)).toEqual(
        expect.arrayContaining([
          'practices.problem.received:C007',
          'practices.problem.assigned:M001',
          'practices.problem.calledBack:M001',
          'practices.proxy.caseLinked:C002',
        ]),
      );
      expect(() => db.prepare("UPDATE problem_events SET actor = 'someone'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM proxy_events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
