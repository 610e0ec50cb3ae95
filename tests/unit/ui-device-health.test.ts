// Counter device health on the manager board: a clerk reports for his window, the manager reads
// it, nobody reports for another's window, bad bodies get a Chinese message, a silent window turns
// stale after 2 minutes, and the last report survives a restart (its own table).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHallServer } from '../../server/app';
import { deviceHealthResponseSchema } from '../../domain/api/deviceHealth';

let hall: Awaited<ReturnType<typeof startHallServer>>;
let dir: string;
const tokens: Record<string, string> = {};
const start = () => startHallServer({ port: 0, dataDir: dir, seed: 'demo', logLevel: 'silent', rendererDir: '/nonexistent' });

async function call(method: string, p: string, who: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  const r = await fetch(hall.url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}
const health = async () => deviceHealthResponseSchema.parse((await call('GET', '/api/devices/health', 'M001')).body);

const devices = [
  { kind: 'idReader', state: 'ok', message: '读卡器就绪' },
  { kind: 'printer', state: 'error', message: '打印机缺纸', code: 'paper_out' },
  { kind: 'evaluator', state: 'ok', message: '评价器就绪' },
  { kind: 'led', state: 'absent', message: '未配置窗口屏' },
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hall-devhealth-'));
  hall = await start();
  for (const w of ['M001', 'C001', 'C002']) tokens[w] = (await call('POST', '/api/auth/login', null, { workNo: w, password: 'demo' })).body.token as string;
  tokens.counter = (await call('POST', '/api/devices/enroll', null, { code: 'COUNTER-DEMO', kind: 'counter', name: 'w3' })).body.token as string;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await hall?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('device health', () => {
  it('a clerk reports for his window and the manager reads it', async () => {
    expect((await call('POST', '/api/windows/1/devices', 'C001', { devices })).status).toBe(204);
    const h = await health();
    const w1 = h.windows.find((w) => w.windowNo === 1)!;
    expect(w1.stale).toBe(false);
    expect(w1.reportedBy).toBe('C001');
    expect(w1.devices.map((d) => `${d.kind}:${d.state}`)).toEqual(['idReader:ok', 'printer:error', 'evaluator:ok', 'led:absent']);
    expect(w1.devices[1]).toMatchObject({ message: '打印机缺纸', code: 'paper_out', at: w1.reportedAt });
    expect(h.windows.some((w) => w.windowNo === 2)).toBe(false);
    // Only the manager reads the board's device list.
    expect((await call('GET', '/api/devices/health', 'C001')).status).toBe(403);
  });

  it('a clerk cannot report for another window; a counter device token can report', async () => {
    const r = await call('POST', '/api/windows/2/devices', 'C001', { devices });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('not_your_window');
    expect((await call('POST', '/api/windows/1/devices', 'M001', { devices })).status).toBe(403);
    expect((await call('POST', '/api/windows/3/devices', 'counter', { devices: devices.slice(0, 2) })).status).toBe(204);
    expect((await health()).windows.find((w) => w.windowNo === 3)?.devices).toHaveLength(2);
    expect((await call('POST', '/api/windows/999/devices', 'counter', { devices })).status).toBe(404);
  });

  it('rejects a bad body with 400 and a Chinese message', async () => {
    const r = await call('POST', '/api/windows/2/devices', 'C002', { devices: [{ kind: 'scanner', state: 'ok', message: '' }] });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid_body');
    expect(String(r.body.message)).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(r.body.details)).toContain('设备类型');
    expect((await call('POST', '/api/windows/2/devices', 'C002', {})).status).toBe(400);
    expect((await health()).windows.some((w) => w.windowNo === 2)).toBe(false);
  });

  it('turns stale after 2 minutes without a report, and fresh again on the next report', async () => {
    const t0 = Date.now();
    await call('POST', '/api/windows/2/devices', 'C002', { devices });
    vi.spyOn(Date, 'now').mockReturnValue(t0 + 119_000);
    expect((await health()).windows.find((w) => w.windowNo === 2)!.stale).toBe(false);
    vi.spyOn(Date, 'now').mockReturnValue(t0 + 125_000);
    expect((await health()).windows.find((w) => w.windowNo === 2)!.stale).toBe(true);
    await call('POST', '/api/windows/2/devices', 'C002', { devices });
    expect((await health()).windows.find((w) => w.windowNo === 2)!.stale).toBe(false);
    vi.restoreAllMocks();
  });

  it('keeps the last report across a restart', async () => {
    await hall.close();
    hall = await start();
    tokens.M001 = (await call('POST', '/api/auth/login', null, { workNo: 'M001', password: 'demo' })).body.token as string;
    const w1 = (await health()).windows.find((w) => w.windowNo === 1)!;
    expect(w1.devices.find((d) => d.kind === 'printer')?.message).toBe('打印机缺纸');
  });
});
