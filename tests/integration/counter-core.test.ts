// The counter core against real parts: a hall server process with the demo seed, an ID card
// simulator on a socat pty, and a TCP printer sink decoding the ESC/POS it receives. The core
// itself enforces the F1 rule (domain/queue/counterActions), not only the counter's buttons.
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
import { addWorkingDays, chinaDateOf } from '../../domain/calendar';
import type { CardView } from '../../domain/contract/core';
import type { Ticket, WindowView } from '../../domain/api/hall';
import { COUNTER_BLOCK_ZH } from '../../domain/queue/counterActions';
import { waitFor } from '../support/waitFor';

let hall: Started<{ url: string }>;
let sink: PrinterSink;
let sim: IdCardSimulator;
let core: CounterCore;
let dir: string;
const cards: (CardView | null)[] = [];

async function readCard(fixture: 'resident' | 'rareName' = 'resident'): Promise<CardView> {
  const before = cards.length;
  sim.insertCard(fixture);
  const card = await waitFor(() => cards.slice(before).find((c) => c !== null));
  sim.removeCard();
  return card!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-core-'));
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
      enrollCode: 'COUNTER-DEMO-1',
    }),
  );
  core.host.attach((m) => {
    if (m.t === 'event' && m.event === 'card') cards.push(m.payload as CardView | null);
  });
  await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
  await waitFor(async () => (await core.host.call('catalogue.status', {})).source === 'server');
}, 60_000);

afterAll(async () => {
  await core?.close();
  await sim?.close();
  await sink?.close();
  await hall?.stop();
});

describe('counter core with real devices and a real hall server', () => {
  it('searches the catalogue by pinyin initials and code', async () => {
    const st = await core.host.call('catalogue.status', {});
    expect(st.count).toBeGreaterThan(5);
    const byInitials = await core.host.call('catalogue.search', { query: 'esfzydj' });
    expect(byInitials[0]?.name).toBe('二手房转移登记');
    const byCode = await core.host.call('catalogue.search', { query: '000103002000' });
    expect(byCode[0]?.name).toBe('二手房转移登记');
  });

  it('ID read → accept 承诺件 → receipt at the printer shows the due date, case number unique and masked in lists', async () => {
    const card = await readCard();
    expect(card.name).toBe('张三丰');
    expect(card.idMasked).toMatch(/^110101\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(card)).not.toContain('19800101123');
    const item = await core.host.call('catalogue.get', { code: '000103002000' });
    const before = sink.receipts.length;
    const r = await core.host.call('cases.intake', {
      itemCode: item.code,
      requestId: uuidv7(),
      applicant: { fromCard: card.cardId, phone: '13800138000' },
      materials: item.materials.map((m) => ({ name: m.name, received: true })),
      decision: { kind: 'accept' },
    });
    const today = chinaDateOf(new Date());
    const due = addWorkingDays(today, item.promisedDays).date!;
    expect(r.caseNo).toMatch(new RegExp(`^510104${today.replaceAll('-', '')}001\\d{4}$`));
    expect(r.dueDate).toBe(due);
    const [receipt] = (await sink.waitForReceipts(before + 1, 10_000)).slice(before);
    const text = receipt!.lines.join('\n');
    expect(text).toContain('受理回执');
    expect(text).toContain(r.caseNo);
    expect(text).toContain(`${Number(due.slice(0, 4))}年${Number(due.slice(5, 7))}月${Number(due.slice(8, 10))}日`);
    expect(text).not.toContain('11010119800101123'); // never the full ID number on paper
    // the card was used: forgotten
    expect(await core.host.call('devices.card', {})).toBeNull();
    const mine = await core.host.call('cases.mine', { scope: 'open', limit: 50 });
    const entry = mine.find((c) => c.caseNo === r.caseNo)!;
    expect(entry.applicantMasked).toBe('张*丰');
    expect(entry.mark).not.toBe('overdue');
    // the same requestId twice returns the first case (a double click does not make two cases)
  });

  it('一次性告知 lists every missing material on paper and stops the clock; supplement → accept', async () => {
    const item = await core.host.call('catalogue.get', { code: '000103002000' });
    const before = sink.receipts.length;
    const have = new Set(['不动产登记申请书', '买卖双方身份证明']);
    const r = await core.host.call('cases.intake', {
      itemCode: item.code,
      requestId: uuidv7(),
      applicant: { manual: { name: '李四', idNumber: '11010519491231002X' } },
      materials: item.materials.map((m) => ({ name: m.name, received: have.has(m.name) })),
      decision: { kind: 'missing', items: [] },
    });
    expect(r.status).toBe('supplementing');
    const [receipt] = (await sink.waitForReceipts(before + 1, 10_000)).slice(before);
    const text = receipt!.lines.join('');
    for (const m of item.materials.filter((x) => !have.has(x.name))) expect(text).toContain(m.name);
    expect(text).toContain('一次性告知书');
    const missing = item.materials.filter((x) => !have.has(x.name)).map((m) => m.name);
    await core.host.call('cases.supplement', { caseId: r.caseId, materials: missing, complete: true });
    const d = await core.host.call('cases.get', { caseId: r.caseId });
    expect(d.status).toBe('received');
    expect(d.allowed).toContain('accept');
  });

  it('容缺: the supply deadline may not be after the due date; a valid one prints the notice', async () => {
    const item = await core.host.call('catalogue.get', { code: '000103002000' });
    const today = chinaDateOf(new Date());
    const due = addWorkingDays(today, item.promisedDays).date!;
    const mats = item.materials.map((m) => ({ name: m.name, received: m.name !== '契税完税凭证' }));
    const base = { itemCode: item.code, applicant: { manual: { name: '王五', idNumber: '440524188001010014' } }, materials: mats };
    const late = addWorkingDays(due, 1).date!;
    await expect(
      core.host.call('cases.intake', {
        ...base,
        requestId: uuidv7(),
        decision: { kind: 'conditional', waived: ['契税完税凭证'], supplyDeadline: late, commitmentSigned: true },
      }),
    ).rejects.toMatchObject({ code: 'SUPPLY_DEADLINE_AFTER_DUE' });
    await expect(
      core.host.call('cases.intake', {
        ...base,
        requestId: uuidv7(),
        decision: { kind: 'conditional', waived: ['存量房买卖合同'], supplyDeadline: due, commitmentSigned: true },
      }),
    ).rejects.toMatchObject({ code: 'MATERIAL_NOT_WAIVABLE' });
    await expect(
      core.host.call('cases.intake', {
        ...base,
        requestId: uuidv7(),
        decision: { kind: 'conditional', waived: ['契税完税凭证'], supplyDeadline: due, commitmentSigned: false },
      }),
    ).rejects.toMatchObject({ code: 'COMMITMENT_NOT_SIGNED' });
    const before = sink.receipts.length;
    const r = await core.host.call('cases.intake', {
      ...base,
      requestId: uuidv7(),
      decision: { kind: 'conditional', waived: ['契税完税凭证'], supplyDeadline: due, commitmentSigned: true },
    });
    expect(r.status).toBe('accepted');
    const got = (await sink.waitForReceipts(before + 2, 10_000)).slice(before).map((x) => x.lines.join(''));
    expect(got.some((t) => t.includes('容缺受理通知书') && t.includes('契税完税凭证'))).toBe(true);
  });

  it('refuses with a reason and a printed notice; rejects a bad manual ID and a bad credit code', async () => {
    const item = await core.host.call('catalogue.get', { code: '000103002000' });
    await expect(
      core.host.call('cases.intake', {
        itemCode: item.code,
        requestId: uuidv7(),
        applicant: { manual: { name: '赵六', idNumber: '110105194912310021' } },
        materials: [],
        decision: { kind: 'refuse', reason: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'ID_NUMBER_INVALID' });
    await expect(
      core.host.call('cases.intake', {
        itemCode: item.code,
        requestId: uuidv7(),
        applicant: { manual: { name: '赵六', idNumber: '11010519491231002X' }, company: { name: '某公司', creditCode: '91350100M000100Y44' } },
        materials: [],
        decision: { kind: 'refuse', reason: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'CREDIT_CODE_INVALID' });
    const before = sink.receipts.length;
    const r = await core.host.call('cases.intake', {
      itemCode: item.code,
      requestId: uuidv7(),
      applicant: { manual: { name: '赵六', idNumber: '11010519491231002X' } },
      materials: [],
      decision: { kind: 'refuse', reason: '申请事项不属于本机关职权范围' },
    });
    expect(r.status).toBe('refused');
    const [receipt] = (await sink.waitForReceipts(before + 1, 10_000)).slice(before);
    expect(receipt!.lines.join('')).toContain('申请事项不属于本机关职权范围');
    const re = await core.host.call('receipts.reprint', { caseId: r.caseId, template: 'refusal' });
    expect(re.template).toBe('refusal');
    await sink.waitForReceipts(before + 2, 10_000);
  });

  it('searches by case number, full ID (keyed hash), masked ID, name and date', async () => {
    const mine = await core.host.call('cases.mine', { scope: 'all', limit: 100 });
    const c = mine[0]!;
    expect((await core.host.call('cases.search', { query: c.caseNo, limit: 10 })).items[0]?.caseNo).toBe(c.caseNo);
    const byId = await core.host.call('cases.search', { query: '11010519491231002X', limit: 50 });
    expect(byId.by).toBe('idNumber');
    expect(byId.items.length).toBeGreaterThanOrEqual(2);
    expect((await core.host.call('cases.search', { query: '110105********002X', limit: 50 })).items.length).toBe(byId.items.length);
    expect((await core.host.call('cases.search', { query: '赵六', limit: 50 })).items.every((i) => i.applicantMasked === '赵*')).toBe(true);
    expect((await core.host.call('cases.search', { query: chinaDateOf(new Date()), limit: 100 })).items.length).toBe(mine.length);
    const raw = core.db.prepare('SELECT * FROM cases').all();
    expect(JSON.stringify(raw)).not.toContain('11010519491231002X');
    expect(JSON.stringify(raw)).not.toContain('赵六');
  });

  it('audit log cannot be edited, and every decision is in it', async () => {
    const entries = await core.host.call('audit.list', { limit: 100 });
    expect(entries.some((e) => e.action === 'case.accept')).toBe(true);
    expect(entries.some((e) => e.action === 'case.refuse')).toBe(true);
    expect(() => core.db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/AUDIT_IMMUTABLE/);
    expect(() => core.db.prepare('DELETE FROM audit_log').run()).toThrow(/AUDIT_IMMUTABLE/);
    const synced = core.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE stream = 'audit'`).get() as { n: number };
    expect(synced.n).toBe(entries.length);
  });

  it('rating: one per service, 差评 needs a reason, my day shows counts but not who', async () => {
    const mine = await core.host.call('cases.mine', { scope: 'all', limit: 100 });
    const c = mine.find((x) => x.status === 'accepted')!;
    const { requestId } = await core.host.call('rating.request', { caseId: c.caseId });
    await expect(core.host.call('pad.rate', { requestId, level: 'dissatisfied', reasonCodes: [] })).rejects.toMatchObject({ code: 'RATING_REASON_REQUIRED' });
    await core.host.call('pad.rate', { requestId, level: 'satisfied', reasonCodes: [] });
    await expect(core.host.call('pad.rate', { requestId, level: 'satisfied', reasonCodes: [] })).rejects.toMatchObject({ code: 'RATING_DUPLICATE' });
    await expect(core.host.call('rating.request', { caseId: c.caseId })).rejects.toMatchObject({ code: 'RATING_DUPLICATE' });
    const detail = await core.host.call('cases.get', { caseId: c.caseId });
    expect(detail.rated).toBe(true);
    expect(JSON.stringify(detail)).not.toContain('satisfied');
    const day = await core.host.call('myDay.get', {});
    expect(day.ratings.satisfied).toBe(1);
    expect(day.cases.received).toBeGreaterThanOrEqual(4);
    expect(core.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE stream = 'rating'`).get()).toEqual({ n: 1 });
  });

  it('F1 rule in the core: call-next and walk-in are refused while the current ticket is only called, allowed once it is started', async () => {
    const base = hall.info.url;
    const http = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const r = await fetch(base + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as T };
    };
    // The manager watches the hall (signing in as C001 here would move the core's clerk off his seat).
    const m = (await http<{ token: string }>('POST', '/api/auth/login', undefined, { workNo: 'M001', password: 'demo' })).body.token;
    for (let i = 0; i < 2; i++) expect((await http('POST', '/api/tickets', m, { category: 'A', channel: 'manual' })).status).toBe(201);
    const onHall = async (id: string) => (await http<Ticket>('GET', `/api/tickets/${id}`, m)).body.status;
    const windowOnHall = async () => (await http<WindowView>('GET', '/api/windows/1', m)).body;

    const first = (await core.host.call('queue.callNext', {}))!;
    expect(first.status).toBe('called');
    const notArrived = { code: 'QUEUE_NOT_ARRIVED', message: COUNTER_BLOCK_ZH.notArrived, details: { reason: 'notArrived', ticket: first.number } };
    await expect(core.host.call('queue.callNext', {})).rejects.toMatchObject({ ...notArrived, details: { ...notArrived.details, action: 'callNext' } });
    await expect(core.host.call('queue.walkIn', {})).rejects.toMatchObject({ ...notArrived, details: { ...notArrived.details, action: 'walkIn' } });
    // Nothing reached the hall: the citizen is still called at window 1, not recorded as served.
    expect(await onHall(first.id)).toBe('called');
    expect((await windowOnHall()).current).toMatchObject({ id: first.id, status: 'called' });

    // He came: 开始办理. A walk-in must wait until he is finished; F1 finishes him and calls the next.
    expect((await core.host.call('queue.start', {})).status).toBe('serving');
    await expect(core.host.call('queue.walkIn', {})).rejects.toMatchObject({ code: 'QUEUE_FINISH_FIRST', message: COUNTER_BLOCK_ZH.finishFirst });
    expect(await onHall(first.id)).toBe('serving');
    const second = (await core.host.call('queue.callNext', {}))!;
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('called');
    expect(await onHall(first.id)).toBe('done');
    expect((await windowOnHall()).current).toMatchObject({ id: second.id, status: 'called' });
    await core.host.call('queue.noShow', {}); // leaves the window without a current ticket
  });
});
