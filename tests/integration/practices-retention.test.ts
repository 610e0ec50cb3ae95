// Retention for the practices (issue 16) on an in-process hall: a 办不成事 problem called back, and a
// 代办 service completed, more than retentionDays (180) ago lose their applicant's data key
// (crypto-shredded); ones closed recently, or still open, keep it. The ledger keeps the masked forms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/app';
import { client, login } from './server-harness';
import type { ProblemLedger, ProblemRecorded, ProxyServiceView } from '../../domain/api/practices';
import { openApplicant } from '../../server/practices/applicant';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'practices-retention-'));
let hall: Awaited<ReturnType<typeof startHallServer>>;
let manager: ReturnType<typeof client>;
let n = 0;
const rid = () => `retention-${++n}-${Date.now()}`;

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: path.join(dir, 'hall'), seed: 'demo', logLevel: 'silent' });
  manager = client(hall.url, await login(hall.url, 'M001'));
}, 60_000);
afterAll(async () => {
  await hall?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function problemClosedOn(on: string | null): Promise<string> {
  const r = await manager.post<ProblemRecorded>('/api/practices/problems', {
    requestId: rid(),
    applicant: { name: '欧阳明远', idNumber: '11010519491231002X' },
    tried: '转移登记',
    failedAt: { department: '不动产登记中心' },
    cause: 'other',
    asks: '说明理由',
    on: '2026-05-06',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.problem.id;
  if (on) {
    for (const step of [
      { type: 'assign', department: '不动产登记中心', assignee: '陈静' },
      { type: 'resolve', note: '已办结' },
      { type: 'callback', satisfaction: 'satisfied' },
    ])
      expect((await manager.post(`/api/practices/problems/${id}/actions`, { requestId: rid(), on, ...step })).status).toBe(200);
  }
  return id;
}

const keyOf = (scope: string) =>
  hall.ctx.store.raw.prepare('SELECT wrapped FROM data_keys WHERE scope = ?').get(scope) as { wrapped: Buffer | null } | undefined;

describe('practices retention', () => {
  it('shreds the applicant of what closed more than 180 days ago, and only that', async () => {
    const old = await problemClosedOn('2026-05-08');
    const recent = await problemClosedOn(null);
    const svc = await manager.post<ProxyServiceView>('/api/practices/proxy-services', {
      requestId: rid(),
      applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X' },
      project: '老年人全程代办',
      agentWorkNo: 'C002',
      milestones: [{ title: '材料预审', days: 1 }],
      startedOn: '2026-05-04',
    });
    expect(svc.status, JSON.stringify(svc.body)).toBe(201);
    expect((await manager.post(`/api/practices/proxy-services/${svc.body.id}/milestones/m1/done`, { requestId: rid(), on: '2026-05-05' })).status).toBe(200);
    const active = await manager.post<ProxyServiceView>('/api/practices/proxy-services', {
      requestId: rid(),
      applicant: { kind: 'person', name: '赵六' },
      project: '在办项目',
      agentWorkNo: 'C002',
      milestones: [{ title: '材料预审', days: 1 }],
      startedOn: '2026-05-04',
    });
    for (const s of [`problem:${old}`, `problem:${recent}`, `proxy:${svc.body.id}`, `proxy:${active.body.id}`]) expect(keyOf(s)?.wrapped).toBeTruthy();

    expect(hall.runRetention()).toMatchObject({ shredded: 2 });
    expect(keyOf(`problem:${old}`)?.wrapped).toBeNull();
    expect(keyOf(`proxy:${svc.body.id}`)?.wrapped).toBeNull();
    expect(keyOf(`problem:${recent}`)?.wrapped).toBeTruthy();
    expect(keyOf(`proxy:${active.body.id}`)?.wrapped).toBeTruthy();
    // The sealed applicant reads as the tombstone; the ledger keeps the masked forms.
    const stored = hall.ctx.store.raw.prepare('SELECT applicant FROM problems WHERE id = ?').get(old) as { applicant: string };
    expect(openApplicant(hall.ctx.sealer, `problem:${old}`, stored.applicant).name).toBe('（已销毁）');
    const recentStored = hall.ctx.store.raw.prepare('SELECT applicant FROM problems WHERE id = ?').get(recent) as { applicant: string };
    expect(openApplicant(hall.ctx.sealer, `problem:${recent}`, recentStored.applicant).name).toBe('欧阳明远');
    const ledger = (await manager.get<ProblemLedger>('/api/practices/problems')).body;
    expect(ledger.problems.find((p) => p.id === old)?.applicant.name).toBe('欧**远');
    expect(hall.runRetention()).toMatchObject({ shredded: 0 });
  });
});
