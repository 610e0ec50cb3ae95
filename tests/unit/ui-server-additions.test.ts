// The hall-server additions behind the kiosk and the manager console, against an in-process hall
// server with the demo seed: print-then-issue (a ticket cannot be called while it prints, a
// failed print leaves nothing waiting, an interrupted print is voided at start), the kiosk route
// with a real TCP printer sink, 差评 follow-up tasks, and the CSV/XLSX export.
import net from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/app';
import { printThenIssue, voidHeldTickets } from '../../server/kiosk/printThenIssue';
import { addWorkingDays, chinaDateOf } from '../../domain/calendar';
import type { Actor } from '../../server/auth';

let hall: Awaited<ReturnType<typeof startHallServer>>;
const tokens: Record<string, string> = {};

async function call(method: string, path: string, who: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  const r = await fetch(hall.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: r.status, body: json as Record<string, unknown> & { [k: string]: unknown }, text };
}

/** Waiting count once the served snapshot has caught up with the engine (it follows the announced signals). */
async function waitingIn(cat: string): Promise<number> {
  for (let i = 0; ; i++) {
    const snap = (await call('GET', '/api/queue', 'M001')).body as { version: number; categories: { code: string; waiting: number }[] };
    if (snap.version >= hall.ctx.engine.version || i > 100) return snap.categories.find((c) => c.code === cat)!.waiting;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent', rendererDir: '/nonexistent' });
  for (const w of ['M001', 'C001', 'C006']) tokens[w] = (await call('POST', '/api/auth/login', null, { workNo: w, password: 'demo' })).body.token as string;
  tokens.kiosk = (await call('POST', '/api/devices/enroll', null, { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k1' })).body.token as string;
  // Ratings come only from the window's own devices: the rating pads of windows 1 and 6.
  for (const w of [1, 6])
    tokens[`pad${w}`] = (await call('POST', '/api/devices/enroll', null, { code: `PAD-DEMO-${w}`, kind: 'pad', name: `pad-${w}` })).body.token as string;
});
afterAll(async () => hall?.close());

describe('print-then-issue', () => {
  const kiosk: Actor = { kind: 'device', subject: 'kiosk-test', role: 'kiosk', windowNo: null };

  it('holds the ticket while it prints: no window can call it until the print succeeded', async () => {
    let finishPrint!: () => void;
    const printing = new Promise<void>((r) => (finishPrint = r));
    const issuing = printThenIssue(hall.ctx.engine, hall.ctx.store, kiosk, { category: 'D' }, () => printing);
    const during = await call('POST', '/api/windows/6/call-next', 'C006', {});
    expect(during.status).toBe(204); // window 6 serves A and D; the only D ticket is still printing
    finishPrint();
    const ticket = await issuing;
    const after = await call('POST', '/api/windows/6/call-next', 'C006', {});
    expect(after.status).toBe(200);
    expect((after.body.ticket as { number: string }).number).toBe(ticket.number);
    await call('POST', '/api/windows/6/finish', 'C006', {});
  });

  it('voids the ticket when printing fails: nothing is left waiting', async () => {
    const before = await waitingIn('D');
    await expect(
      printThenIssue(hall.ctx.engine, hall.ctx.store, kiosk, { category: 'D' }, async () => {
        throw new Error('缺纸');
      }),
    ).rejects.toMatchObject({ code: 'kiosk_print_failed', status: 502 });
    await expect.poll(() => waitingIn('D')).toBe(before);
    expect((await call('POST', '/api/windows/6/call-next', 'C006', {})).status).toBe(204);
  });

  it('voids tickets left held by an interrupted print (crash mid-print) at start-up', async () => {
    const before = await waitingIn('D');
    const stuck = printThenIssue(hall.ctx.engine, hall.ctx.store, kiosk, { category: 'D' }, () => new Promise(() => {}));
    void stuck;
    await expect.poll(() => waitingIn('D')).toBe(before + 1);
    expect(voidHeldTickets(hall.ctx.engine)).toBe(1);
    await expect.poll(() => waitingIn('D')).toBe(before);
  });

  it('prints over TCP to the configured printer and refuses cleanly when the printer is gone', async () => {
    const got: Buffer[] = [];
    const sink = net.createServer((s) => {
      const parts: Buffer[] = [];
      s.on('data', (d) => parts.push(d));
      s.on('end', () => {
        got.push(Buffer.concat(parts));
        s.end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const port = (sink.address() as net.AddressInfo).port;
    expect((await call('PUT', '/api/kiosk/printer', 'M001', { address: `tcp://127.0.0.1:${port}`, widthMm: 58 })).status).toBe(200);
    expect((await call('GET', '/api/kiosk/config', 'kiosk')).body.printMode).toBe('printer');
    const ok = await call('POST', '/api/kiosk/tickets', 'kiosk', { category: 'C', requestId: 'req-print-1' });
    expect(ok.status).toBe(201);
    expect(ok.body.printed).toBe(true);
    const number = (ok.body.ticket as { number: string }).number;
    await expect.poll(() => got.length).toBe(1);
    expect(got[0]!.includes(Buffer.from(number))).toBe(true);
    expect(got[0]!.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40])); // ESC @
    // A retry of the same request does not print or issue again.
    const again = await call('POST', '/api/kiosk/tickets', 'kiosk', { category: 'C', requestId: 'req-print-1' });
    expect((again.body.ticket as { number: string }).number).toBe(number);
    expect(got.length).toBe(1);

    await new Promise<void>((r) => sink.close(() => r()));
    const waiting = await waitingIn('C');
    const fail = await call('POST', '/api/kiosk/tickets', 'kiosk', { category: 'C', requestId: 'req-print-2' });
    expect(fail.status).toBe(502);
    expect(fail.body.code).toBe('kiosk_print_failed');
    expect(String(fail.body.message)).toContain('没有出号');
    await expect.poll(() => waitingIn('C')).toBe(waiting);
    expect((await call('PUT', '/api/kiosk/printer', 'M001', { address: 'http://x' })).status).toBe(400);
    await call('PUT', '/api/kiosk/printer', 'M001', { address: null });
    expect((await call('GET', '/api/kiosk/config', 'kiosk')).body.printMode).toBe('screen');
  });
});

describe('差评 follow-up', () => {
  const rate = (id: string, level: string, clerk = 'C001') =>
    call('POST', '/api/ratings', clerk === 'C001' ? 'pad1' : 'pad6', {
      id,
      windowNo: clerk === 'C001' ? 1 : 6,
      clerkWorkNo: clerk,
      level,
      reasonCodes: ['B04'],
      channel: 'hallTablet',
      ratedAt: new Date().toISOString(),
    });
  type Task = { id: string; ratingId: string; status: string; stages: Record<string, { dueDate: string; doneOn: string | null }> };
  const tasks = async () =>
    (await call('GET', '/api/followups', 'M001')).body as unknown as {
      tasks: Task[];
      closure: { total: number; closed: number; rate: number; invalidated: number };
    };

  it('opens a task for every bad rating (and none for a good one) with working-day deadlines', async () => {
    await rate('rating-good-1', 'satisfied');
    await rate('rating-bad-1', 'dissatisfied');
    await rate('rating-bad-2', 'veryDissatisfied', 'C006');
    const list = await tasks();
    expect(list.tasks.map((t) => t.ratingId).sort()).toEqual(['rating-bad-1', 'rating-bad-2']);
    const today = chinaDateOf(new Date());
    expect(list.tasks[0]!.stages.callback!.dueDate).toBe(addWorkingDays(today, 15).date);
    expect(list.closure).toMatchObject({ total: 2, closed: 0 });
  });

  it('takes a task through callback, rectification and reply in order', async () => {
    const id = (await tasks()).tasks.find((t) => t.ratingId === 'rating-bad-1')!.id;
    const act = (body: unknown, who = 'M001') => call('POST', `/api/followups/${id}/actions`, who, body);
    const early = await act({ type: 'reply', note: '已反馈' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('FOLLOW_UP_STAGE_ORDER');
    expect((await act({ type: 'callback', note: '无人接听', reached: false })).body.stages).toMatchObject({ callback: { doneOn: null } });
    expect((await act({ type: 'callback', note: '已电话回访' })).status).toBe(200);
    expect((await act({ type: 'rectification', note: '已对窗口人员批评教育' })).status).toBe(200);
    const done = await act({ type: 'reply', note: '已向评价人反馈整改结果' });
    expect(done.body.status).toBe('closed');
    expect((await tasks()).closure).toMatchObject({ total: 2, closed: 1, rate: 0.5 });
  });

  it('lets the rated clerk appeal and a manager review; an overturned rating leaves the closure rate', async () => {
    tokens.C001 = (await call('POST', '/api/auth/login', null, { workNo: 'C001', password: 'demo' })).body.token as string;
    const id = (await tasks()).tasks.find((t) => t.ratingId === 'rating-bad-2')!.id;
    expect((await call('POST', `/api/followups/${id}/actions`, 'C001', { type: 'appeal', reason: '不是我' })).status).toBe(403); // not his rating
    tokens.C006 = (await call('POST', '/api/auth/login', null, { workNo: 'C006', password: 'demo' })).body.token as string;
    expect((await call('POST', `/api/followups/${id}/actions`, 'C006', { type: 'callback', note: 'x' })).status).toBe(403); // clerks only appeal
    expect((await call('POST', `/api/followups/${id}/actions`, 'C006', { type: 'appeal', reason: '评价人误触，有录像为证' })).body.status).toBe('appealed');
    const review = await call('POST', `/api/followups/${id}/actions`, 'M001', { type: 'review', decision: 'overturned', note: '核实为误评' });
    expect(review.body.status).toBe('invalidated');
    expect((await tasks()).closure).toMatchObject({ total: 1, closed: 1, rate: 1, invalidated: 1 });
  });

  it('keeps per-stage deadlines configurable', async () => {
    const cfg = await call('PUT', '/api/followups/config', 'M001', { stageDays: { callback: 1, rectification: 5, reply: 15 }, countFrom: 'opened' });
    expect(cfg.status).toBe(200);
    await rate('rating-bad-3', 'dissatisfied');
    const t = (await tasks()).tasks.find((x) => x.ratingId === 'rating-bad-3')!;
    const today = chinaDateOf(new Date());
    expect(t.stages.callback!.dueDate).toBe(addWorkingDays(today, 1).date);
    expect(t.stages.rectification!.dueDate).toBe(addWorkingDays(today, 5).date);
  });
});

describe('statistics export', () => {
  it('exports CSV with a BOM and Chinese headers, and an XLSX workbook with both sheets', async () => {
    await call('POST', '/api/tickets', 'M001', { category: 'A' });
    const day = chinaDateOf(new Date());
    const res = await fetch(`${hall.url}/api/exports/stats?from=${day}&to=${day}&groupBy=category&format=csv`, {
      headers: { authorization: `Bearer ${tokens.M001}` },
    });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toContain('"业务类别","取号数"');
    expect(lines.some((l) => l.startsWith('"A",'))).toBe(true);

    const r = await fetch(`${hall.url}/api/exports/stats?from=${day}&to=${day}&groupBy=window&format=xlsx`, {
      headers: { authorization: `Bearer ${tokens.M001}` },
    });
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排队统计', '好差评']);
    expect(wb.getWorksheet('好差评')!.rowCount).toBeGreaterThan(1);
    expect((await call('GET', `/api/exports/stats?from=${day}&to=${day}&format=csv`, 'C006')).status).toBe(403);
  });
});

describe('ratings by hall day', () => {
  it('counts a rating given at 07:00 Beijing time (23:00 UTC the day before) on the Beijing day', async () => {
    const insert = (id: string, ratedAt: string) =>
      hall.ctx.store.run(
        hall.ctx.store.q.insertInto('ratings').values({
          id,
          window_no: 1,
          clerk_work_no: 'C001',
          ticket_id: null,
          level: 'satisfied',
          body: '{}',
          rated_at: ratedAt,
          received_at: Date.parse(ratedAt),
          case_no: null,
          ticket_key: null,
          case_key: null,
        }),
      );
    insert('tz-early', '2026-03-09T23:00:00.000Z'); // 2026-03-10 07:00 in Asia/Shanghai
    insert('tz-late', '2026-03-10T16:30:00.000Z'); // 2026-03-11 00:30: the next day
    const r = await call('GET', '/api/ratings?from=2026-03-10&to=2026-03-10', 'M001');
    expect((r.body.items as { id: string }[]).map((x) => x.id)).toEqual(['tz-early']);
  });
});
