// The central's console routes (central/city/console.ts): overdue 差评 follow-ups across halls and
// the KPI table as XLSX — wrong type, wrong role, replay, a value from the future; and the
// renderer served for #/city.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralServer } from '../../central/app';
import { chinaDateOf } from '../../domain/calendar';
import { HallOutbox, pushAll } from '../support/uplinkStream';
import { call, enroll, supervisorToken } from '../support/centralClient';

let c: CentralServer;
let sup: string;
let hall: { hallId: string; hallToken: string };
let renderer: string;
const today = chinaDateOf(Date.now());

beforeAll(async () => {
  renderer = fs.mkdtempSync(path.join(os.tmpdir(), 'central-renderer-'));
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>窗口通</title><div id="root"></div>');
  c = await startCentral({ seed: 'demo', logLevel: 'warn', rendererDir: renderer });
  sup = await supervisorToken(c.url);
  hall = await enroll(c.url, 'HALL1-DEMO');
  const o = new HallOutbox(hall.hallId);
  const r1 = o.addRating('veryDissatisfied', '2026-01-05T02:00:00.000Z');
  o.addFollowUp(r1, '2026-01-05', '2026-01-20', null); // overdue, still open
  const r2 = o.addRating('dissatisfied', '2026-01-06T02:00:00.000Z');
  o.addFollowUp(r2, '2026-01-06', '2026-01-21', '2026-01-10'); // closed in time
  o.addCase({ at: `${today}T01:00:00.000Z`, until: 'accepted' });
  await pushAll(c.url, hall.hallToken, o);
});
afterAll(async () => {
  await c?.close();
  fs.rmSync(renderer, { recursive: true, force: true });
});

describe('GET /api/city/followups/overdue', () => {
  it('lists the open follow-up past its due date, not the closed one; twice the same (replay)', async () => {
    const a = await call<{ followUps: { hallId: string; status: string; dueDate: string }[] }>(c.url, 'GET', '/api/city/followups/overdue', sup);
    expect(a.status).toBe(200);
    expect(a.body.followUps).toEqual([expect.objectContaining({ hallId: hall.hallId, status: 'open', dueDate: '2026-01-20' })]);
    const b = await call(c.url, 'GET', '/api/city/followups/overdue', sup);
    expect(b.body).toEqual(a.body);
  });
  it('no token 401, a hall token 403', async () => {
    expect((await call(c.url, 'GET', '/api/city/followups/overdue')).status).toBe(401);
    expect((await call(c.url, 'GET', '/api/city/followups/overdue', hall.hallToken)).status).toBe(403);
  });
});

describe('GET /api/city/kpis.xlsx', () => {
  it('a workbook with one row per hall and the city total', async () => {
    const res = await fetch(`${c.url}/api/city/kpis.xlsx?from=2026-01-01&to=${today}`, { headers: { authorization: `Bearer ${sup}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('大厅指标')!;
    const rows = ws
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).filter((x) => x !== undefined && x !== null));
    expect(String(rows[0]![0])).toContain('统计区间');
    expect(rows[1]).toContain('办件量');
    expect(rows.some((r) => r.includes('示例市政务服务中心') && r.includes(1))).toBe(true);
    expect(rows.at(-1)).toContain('全市合计');
  });
  it('wrong type 400, future 400, wrong role 403, no token 401', async () => {
    expect((await call(c.url, 'GET', '/api/city/kpis.xlsx?from=abc&to=2026-01-01', sup)).body.code).toBe('invalid_query');
    expect((await call(c.url, 'GET', '/api/city/kpis.xlsx?from=2999-01-01&to=2999-01-02', sup)).body.code).toBe('future_date');
    expect((await call(c.url, 'GET', `/api/city/kpis.xlsx?from=2026-01-01&to=${today}`, hall.hallToken)).status).toBe(403);
    expect((await call(c.url, 'GET', `/api/city/kpis.xlsx?from=2026-01-01&to=${today}`)).status).toBe(401);
  });
});

describe('the renderer', () => {
  it('is served by the central for #/city', async () => {
    const res = await fetch(`${c.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
  });
});
