// 帮办代办 at the counter against real parts: a hall server process (demo seed), the counter core and
// a TCP printer sink decoding the ESC/POS it receives. The manager registers services on the hall;
// the signed-in clerk sees his own in 我的代办, accepts a case under one: the 受理回执 prints the
// 代办服务 and 代办员 lines and the hall has the case linked. Another clerk's service, an item the
// service does not cover, a link the hall did not take (kept, re-sent), and the hall gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { PrinterSink } from '../../native/printer/sink';
import type { CounterCore } from '../../electron/core/counterCore';
import { openCounterDb } from '../../electron/core/db';
import { ProxyDesk } from '../../electron/core/practices/proxyDesk';
import { HallClient } from '../../domain/api/hallClient';
import type { ProxyServiceList, ProxyServiceView } from '../../domain/api/practices';
import { api, login } from '../e2e/managerHallApi';
import { startCounterAtDemoHall, type CounterAtHall } from '../support/counterAtDemoHall';

let chain: CounterAtHall;
let sink: PrinterSink;
let core: CounterCore;
let base: string;
let dir: string;
let managerToken: string;
const ITEM = '000103002000'; // 二手房转移登记
let mineSvc: ProxyServiceView;
let otherSvc: ProxyServiceView;

async function register(agentWorkNo: string, items: string[]): Promise<ProxyServiceView> {
  const r = await api<ProxyServiceView>(base, 'POST', '/api/practices/proxy-services', managerToken, {
    requestId: uuidv7(),
    applicant: { kind: 'company', name: '王五', organisation: '示例新材料有限公司', creditCode: '91350100M000100Y43' },
    project: '新厂房建设项目',
    agentWorkNo,
    items,
    milestones: [
      { title: '材料预审', days: 1 },
      { title: '并联审批', days: 300 },
    ],
    startedOn: '2026-11-02',
  });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const intake = async (extra: Record<string, unknown>, itemCode = ITEM) => {
  const item = await core.host.call('catalogue.get', { code: itemCode });
  return core.host.call('cases.intake', {
    itemCode: item.code,
    requestId: uuidv7(),
    applicant: { manual: { name: '王五', idNumber: '440524188001010014' }, phone: '13800138000' },
    materials: item.materials.map((m) => ({ name: m.name, received: true })),
    decision: { kind: 'accept' },
    ...extra,
  });
};

beforeAll(async () => {
  chain = await startCounterAtDemoHall({ prefix: 'counter-proxy' });
  ({ sink, core, base, dir } = chain);
  managerToken = await login(base, 'M001');
  mineSvc = await register('C001', [ITEM]);
  otherSvc = await register('C002', []);
}, 60_000);

afterAll(async () => {
  await chain?.close();
});

describe('帮办代办 at the counter', () => {
  it('我的代办 lists only the signed-in clerk’s services, with milestones and what is overdue', async () => {
    const mine = await core.host.call('proxy.mine', {});
    expect(mine.services.map((s) => s.id)).toEqual([mineSvc.id]);
    const s = mine.services[0]!;
    expect(s).toMatchObject({ no: mineSvc.no, agentWorkNo: 'C001', status: 'active' });
    expect(s.applicant.name).toBe('王*'); // masked, as everywhere
    expect(s.milestoneStates[0]).toMatchObject({ title: '材料预审', dueOn: '2026-11-03', done: false });
    expect(s.milestoneStates[0]!.overdueDays).toBeGreaterThan(0);
    expect(mine.pendingLinks).toBe(0);
  });

  it('a case accepted under the service prints 代办服务 and 代办员 on the 受理回执 and is linked on the hall', async () => {
    const before = sink.receipts.length;
    const r = await intake({ proxyServiceId: mineSvc.id });
    expect(r.proxy).toEqual({ serviceNo: mineSvc.no, agentName: mineSvc.agentName, agentWorkNo: 'C001', link: 'linked' });
    const [receipt] = (await sink.waitForReceipts(before + 1, 10_000)).slice(before);
    const flat = receipt!.lines.join('').replace(/\s+/g, '');
    expect(flat).toContain('受理回执');
    expect(flat).toMatch(new RegExp(`代办服务[:：]?${mineSvc.no}`));
    expect(flat).toMatch(new RegExp(`代办员[:：]?${mineSvc.agentName}（工号C001）`));
    expect(flat).toContain(r.caseNo);
    const onHall = await api<ProxyServiceList>(base, 'GET', '/api/practices/proxy-services?agent=C001', managerToken);
    const svc = onHall.body.services.find((s) => s.id === mineSvc.id)!;
    expect(svc.cases.map((c) => c.caseNo)).toEqual([r.caseNo]);
    expect(svc.cases[0]).toMatchObject({ itemCode: ITEM, by: 'C001' });
    expect((await core.host.call('proxy.mine', {})).services[0]!.cases.map((c) => c.caseNo)).toEqual([r.caseNo]);
    // A case accepted without a service: no 代办 lines.
    const plain = await intake({});
    expect(plain.proxy).toBeUndefined();
    const [p] = (await sink.waitForReceipts(before + 2, 10_000)).slice(before + 1);
    expect(p!.lines.join('')).not.toContain('代办');
  });

  it('another clerk’s service or an item the service does not cover: refused in Chinese, no case, nothing printed', async () => {
    const before = sink.receipts.length;
    const count = (await core.host.call('cases.mine', { scope: 'all', limit: 200 })).length;
    await expect(intake({ proxyServiceId: otherSvc.id })).rejects.toMatchObject({ code: 'PROXY_NOT_YOURS', message: expect.stringContaining('不由您代办') });
    await expect(intake({ proxyServiceId: 'no-such-service' })).rejects.toMatchObject({ code: 'PROXY_NOT_YOURS' });
    const other = (await core.host.call('catalogue.search', { query: '', limit: 50 })).find((i) => i.code !== ITEM && i.materials.length)!;
    await expect(intake({ proxyServiceId: mineSvc.id }, other.code)).rejects.toMatchObject({ code: 'PROXY_ITEM_NOT_COVERED' });
    await expect(intake({ proxyServiceId: 7 })).rejects.toThrow(/proxyServiceId/); // wrong type: the contract refuses it
    expect((await core.host.call('cases.mine', { scope: 'all', limit: 200 })).length).toBe(count);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.receipts.length).toBe(before);
  });

  it('a link the hall did not take is kept and sent again when the hall answers (same requestId: idempotent)', async () => {
    let down = true;
    const client = new HallClient({
      baseUrl: base,
      token: await login(base, 'C001'),
      fetch: ((url: string, init: RequestInit) => (down ? Promise.reject(new Error('ECONNREFUSED')) : fetch(url, init))) as never,
    });
    const db = openCounterDb(join(dir, 'desk'));
    const desk = new ProxyDesk(db, client, () => 'C001');
    const l = { serviceId: mineSvc.id, caseNo: 'SL2026120700099', itemCode: null, requestId: uuidv7(), workNo: 'C001' };
    expect(await desk.link(l)).toBe('pending');
    expect(desk.pending()).toHaveLength(1);
    // Another clerk signed in at this PC: his token does not send it.
    const other = new ProxyDesk(db, client, () => 'C002');
    down = false;
    await other.retry();
    expect(desk.pending()).toHaveLength(1);
    await desk.retry();
    expect(desk.pending()).toHaveLength(0);
    // Sent twice (the answer lost): the hall's replay answers the same, still one link.
    expect(await desk.link(l)).toBe('linked');
    const onHall = await api<ProxyServiceList>(base, 'GET', '/api/practices/proxy-services?agent=C001', managerToken);
    expect(onHall.body.services.find((s) => s.id === mineSvc.id)!.cases.filter((c) => c.caseNo === l.caseNo)).toHaveLength(1);
    db.close();
  });

  it('hall gone: 我的代办 and an acceptance under a service say so in Chinese; nothing accepted half-way', async () => {
    await chain.hall.stop();
    const count = (await core.host.call('cases.mine', { scope: 'all', limit: 200 })).length;
    await expect(core.host.call('proxy.mine', {})).rejects.toMatchObject({ code: 'PROXY_OFFLINE', message: expect.stringContaining('未连接大厅服务器') });
    await expect(intake({ proxyServiceId: mineSvc.id })).rejects.toMatchObject({ code: 'PROXY_OFFLINE' });
    expect((await core.host.call('cases.mine', { scope: 'all', limit: 200 })).length).toBe(count);
  });
});
