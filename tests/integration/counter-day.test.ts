// Issue 13, a clerk's day through the real counter core: a hall server process (demo seed), an ID
// card simulator on a socat pty and a TCP printer sink decoding ESC/POS.
//  1. 挂起 with a reason → the window's suspended list (reason, time) → call back.
//  2. The card read belongs to the ticket being served: call, finish, no-show, transfer forget it.
//  3. A 容缺 case cannot be completed (or handed over) until the waived materials are supplied;
//     another is terminated with a reason.
//  5. The receipt's 查询码 finds the case at 查询.
//  6. The 日结单: 过号, 转移, 超期, 平均等候 counted from the day's records; 打印时间 in the hall's zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { startTs, type Started } from '../../scripts/processes';
import { freePort } from '../support/ports';
import { startPrinterSink, type PrinterSink } from '../../native/printer/sink';
import { startIdCardSimulator, type IdCardSimulator } from '../../native/idcard/simulator';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import { appendCaseEvents } from '../../electron/core/sync/eventLog';
import { refreshCaseRow, searchKey } from '../../electron/core/cases/caseStore';
import { addWorkingDays, chinaDateOf } from '../../domain/calendar';
import { hallDateTime } from '../../domain/calendar/hallTime';
import type { CardView } from '../../domain/contract/core';
import type { Ticket } from '../../domain/api/hall';
import { waitFor } from '../support/waitFor';

let hall: Started<{ url: string }>;
let sink: PrinterSink;
let sim: IdCardSimulator;
let core: CounterCore;
let dir: string;
let manager: string;
const cards: (CardView | null)[] = [];
const called: Ticket[] = [];

async function readCard(): Promise<CardView> {
  const before = cards.length;
  sim.insertCard('resident');
  const card = await waitFor(() => cards.slice(before).find((c) => c !== null));
  sim.removeCard();
  return card!;
}

const http = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const r = await fetch(hall.info.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
};
const issue = async () => expect((await http('POST', '/api/tickets', manager, { category: 'A', channel: 'manual' })).status).toBe(201);
const callNext = async () => {
  const t = (await core.host.call('queue.callNext', {}))!;
  called.push(t);
  return t;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-day-'));
  const port = await freePort();
  hall = await startTs('hall', 'server/main.ts', ['--port', String(port), '--data', join(dir, 'hall'), '--seed', 'demo', '--demo-password', 'demo'], {
    readyTag: 'HALL_READY',
    ready: (l) => (l.startsWith('{"hall":"listening"') ? (JSON.parse(l) as { url: string }) : null),
  });
  sink = await startPrinterSink();
  sim = await startIdCardSimulator({ baud: null });
  core = await createCounterCore(
    coreConfigSchema.parse({
      windowNo: 1,
      hallUrl: `http://127.0.0.1:${port}`,
      dataDir: join(dir, 'counter'),
      idCardPort: sim.path,
      printer: sink.url,
      hallCode: '510104',
    }),
  );
  core.host.attach((m) => {
    if (m.t === 'event' && m.event === 'card') cards.push(m.payload as CardView | null);
  });
  await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
  await waitFor(async () => (await core.host.call('catalogue.status', {})).source === 'server');
  await waitFor(async () => (await core.host.call('queue.get', {})).online);
  manager = (await http<{ token: string }>('POST', '/api/auth/login', undefined, { workNo: 'M001', password: 'demo' })).body.token;
}, 60_000);

afterAll(async () => {
  await core?.close();
  await sim?.close();
  await sink?.close();
  await hall?.stop();
});

describe('a clerk’s day at the core', () => {
  it('挂起 takes a reason; the window’s suspended list shows it with the time; 回呼 brings the citizen back', async () => {
    for (let i = 0; i < 3; i++) await issue();
    const t1 = await callNext();
    await core.host.call('queue.start', {});
    await expect(core.host.call('queue.suspend', { reason: ' ' } as never)).rejects.toThrow(/挂起原因/);
    const s = await core.host.call('queue.suspend', { reason: '补取材料' });
    expect(s.status).toBe('suspended');
    const view = await waitFor(async () => {
      const v = await core.host.call('queue.get', {});
      return v.suspended.length ? v : null;
    });
    expect(view.current).toBeNull();
    expect(view.suspended).toEqual([expect.objectContaining({ id: t1.id, number: t1.number, reason: '补取材料', windowNo: 1 })]);
    expect(Math.abs(Date.parse(view.suspended[0]!.suspendedAt) - Date.now())).toBeLessThan(60_000);
    expect(view.timeZone).toBe('Asia/Shanghai');
    // The board and the display read the same list from the public snapshot.
    const snap = (await http<{ suspended: { number: string; reason: string }[] }>('GET', '/api/queue', manager)).body;
    expect(snap.suspended).toEqual([expect.objectContaining({ number: t1.number, reason: '补取材料' })]);
    const listed = (await http<{ suspended: { number: string; reason: string }[] }>('GET', '/api/windows/1/suspended', manager)).body;
    expect(listed.suspended[0]).toMatchObject({ number: t1.number, reason: '补取材料' });

    const back = await core.host.call('queue.callBack', { ticketId: t1.id });
    expect(back).toMatchObject({ id: t1.id, status: 'called' });
    const after = await waitFor(async () => {
      const v = await core.host.call('queue.get', {});
      return v.current?.id === t1.id ? v : null;
    });
    expect(after.suspended).toEqual([]);
    await core.host.call('queue.start', {});
    // finishing forgets the card read for him
    await readCard();
    await core.host.call('queue.finish', { outcome: 'served' });
    expect(await core.host.call('devices.card', {})).toBeNull();
  });

  it('the card read is the served ticket’s: call next, no-show and transfer forget it', async () => {
    await readCard();
    expect(await core.host.call('devices.card', {})).not.toBeNull();
    await callNext(); // t2
    expect(await core.host.call('devices.card', {})).toBeNull();
    await readCard();
    await core.host.call('queue.noShow', {});
    expect(await core.host.call('devices.card', {})).toBeNull();
    await callNext(); // t3
    await core.host.call('queue.start', {});
    await readCard();
    await core.host.call('queue.transfer', { category: 'C', position: 'tail' });
    expect(await core.host.call('devices.card', {})).toBeNull();
    await readCard();
    expect((await core.host.call('devices.clearCard', {})).cleared).toBe(true);
    expect(await core.host.call('devices.card', {})).toBeNull();
  });

  it('a 容缺 case cannot be completed until the waived materials are in; another is terminated with a reason', async () => {
    const item = await core.host.call('catalogue.get', { code: '000103002000' });
    const due = addWorkingDays(chinaDateOf(new Date()), item.promisedDays).date!;
    const waivable = item.materials.filter((m) => m.mayBeWaived).map((m) => m.name);
    expect(waivable.length).toBeGreaterThan(0);
    const intake = () =>
      core.host.call('cases.intake', {
        itemCode: item.code,
        requestId: uuidv7(),
        applicant: { manual: { name: '王五', idNumber: '440524188001010014' } },
        materials: item.materials.map((m) => ({ name: m.name, received: !waivable.includes(m.name) })),
        decision: { kind: 'conditional', waived: waivable, supplyDeadline: due, commitmentSigned: true },
      });
    const r = await intake();
    expect(r.status).toBe('accepted');
    const d = await core.host.call('cases.get', { caseId: r.caseId });
    expect(d.allowed).not.toContain('complete');
    expect(d.allowed).toContain('terminate');
    expect(d.blocked).toEqual([expect.objectContaining({ action: 'complete', code: 'CASE_WAIVED_MATERIALS_OUTSTANDING' })]);
    await expect(core.host.call('cases.complete', { caseId: r.caseId, result: 'approved' })).rejects.toMatchObject({
      code: 'CASE_WAIVED_MATERIALS_OUTSTANDING',
    });
    await expect(core.host.call('cases.handover', { caseId: r.caseId, method: 'window' })).rejects.toMatchObject({ code: expect.stringMatching(/^CASE_/) });
    await core.host.call('cases.supplement', { caseId: r.caseId, materials: waivable, complete: true });
    expect((await core.host.call('cases.get', { caseId: r.caseId })).allowed).toContain('complete');
    expect((await core.host.call('cases.complete', { caseId: r.caseId, result: 'approved' })).status).toBe('completed');
    expect((await core.host.call('cases.handover', { caseId: r.caseId, method: 'window' })).status).toBe('handedOver');

    const other = await intake();
    await expect(core.host.call('cases.terminate', { caseId: other.caseId, reason: '' } as never)).rejects.toThrow(/终止办理须写明理由/);
    const t = await core.host.call('cases.terminate', { caseId: other.caseId, reasonCode: 'waivedNotSupplied', reason: '申请人未在承诺期限内补齐容缺材料' });
    expect(t.status).toBe('terminated');
    const td = await core.host.call('cases.get', { caseId: other.caseId });
    expect(td.termination?.reason).toBe('申请人未在承诺期限内补齐容缺材料');
    expect(td.allowed).toEqual([]);
  });

  it('the receipt’s 查询码 finds the case at 查询', async () => {
    const item = await core.host.call('catalogue.get', { code: '000103002000' });
    const r = await core.host.call('cases.intake', {
      itemCode: item.code,
      requestId: uuidv7(),
      applicant: { manual: { name: '李四', idNumber: '11010519491231002X' } },
      materials: item.materials.map((m) => ({ name: m.name, received: true })),
      decision: { kind: 'accept' },
    });
    const receipt = await waitFor(() => sink.receipts.find((x) => x.lines.join('\n').includes('受理回执') && x.lines.join('').includes(r.caseNo)));
    const code = /查询码\D*(\d{8})/.exec(receipt.lines.join('\n'))?.[1];
    expect(code).toBeDefined();
    const found = await core.host.call('cases.search', { query: code!, limit: 20 });
    expect(found.by).toBe('queryCode');
    expect(found.items.map((c) => c.caseNo)).toContain(r.caseNo);
  });

  it('the 日结单 counts 办理完成/过号/转移/超期/平均等候 from the day’s records and prints the hall’s time', async () => {
    // An overdue case of this clerk: accepted two months ago with 5 working days promised, still open.
    const caseId = uuidv7();
    const long = () => new Date(Date.now() - 60 * 86_400_000);
    const actor = { workNo: 'C001', windowNo: 1 };
    appendCaseEvents(
      core.db,
      core.deviceId,
      [
        {
          caseId,
          kind: 'received',
          actor,
          payload: {
            caseNo: `510104${chinaDateOf(long()).replaceAll('-', '')}0019999`,
            itemCode: '000103002000',
            itemName: '二手房转移登记',
            channel: 'window',
            applicant: { name: '赵六', idType: 'residentId', idNumber: '11010519491231002X' },
            materials: [],
          },
        },
        { caseId, kind: 'accepted', actor, payload: { caseType: 'committed', promisedDays: 5, dueDate: null } },
      ],
      () => refreshCaseRow(core.db, searchKey(core.db), caseId),
      long,
    );
    core.refreshCases([caseId]);

    const t0 = Date.now();
    await core.host.call('receipts.printDay', {});
    const receipt = await waitFor(() => sink.receipts.find((x) => x.lines.join('\n').includes('窗口日结单')));
    const text = receipt.lines.join('\n');
    const fig = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(text)?.[1];
    expect(text).toContain('窗口日结单');
    expect(fig('办理完成')).toBe('1');
    expect(fig('过号')).toBe('1');
    expect(fig('转移')).toBe('1');
    expect(fig('超期')).toBe('1');
    // Mean wait of the tickets called today: issued → first call, on the hall's clock.
    const waits = called.map((t) => Date.parse(t.calledAt!) - Date.parse(t.issuedAt));
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length / 60_000;
    expect(fig('平均等候')).toBe(`${(Math.round(mean * 10) / 10).toFixed(1)}分钟`);
    // 打印时间 in Asia/Shanghai (the test process may well run in UTC).
    const printed = /打印时间\D*(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(text)?.[1];
    expect([hallDateTime(t0), hallDateTime(Date.now())]).toContain(printed);
  });
});
