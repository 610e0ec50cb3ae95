// Writes tests/fixtures/db/{hall,counter}-v0.sqlite: a hall database and a counter database
// filled by the code as it is (a hall server with the demo seed and a counter core working
// against it: tickets called and rated, cases taken in and printed, sync pushed, kiosk printer,
// device health, appointments, a 差评 follow-up). The upgrade-in-place test opens copies of them
// with the current code. Re-run only to capture a NEW baseline (name it -v1, keep -v0):
//   npx tsx scripts/make-db-fixtures.ts [outDir]
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { startHallServer } from '../server/app';
import { startPrinterSink } from '../native/printer/sink';
import { createCounterCore } from '../electron/core/counterCore';
import { coreConfigSchema } from '../electron/core/config';
import { defaultReasonList, padReasons } from '../domain/rating';

const outDir = process.argv[2] ?? 'tests/fixtures/db';
const tmp = mkdtempSync(join(tmpdir(), 'db-fixtures-'));

async function waitFor<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hall = await startHallServer({
  port: 0,
  dataDir: join(tmp, 'hall'),
  seed: 'demo',
  demoPassword: 'demo',
  logLevel: 'silent',
  rendererDir: join(tmp, 'none'),
});
async function api(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(hall.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as Record<string, unknown> & { token?: string };
}
const manager = (await api('POST', '/api/auth/login', null, { workNo: 'M001', password: 'demo' })).token!;
const sink = await startPrinterSink();
const core = await createCounterCore(
  coreConfigSchema.parse({
    windowNo: 1,
    hallUrl: hall.url,
    dataDir: join(tmp, 'counter'),
    printer: sink.url,
    hallCode: '510104',
    enrollCode: 'COUNTER-DEMO',
  }),
);
await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
await waitFor(async () => (await core.host.call('catalogue.status', {})).source === 'server');

// Queue: tickets issued, called, started, rated (one 满意, one 不满意 with a reason), finished.
for (const category of ['A', 'A', 'B', 'A']) await api('POST', '/api/tickets', manager, { category, requestId: uuidv7() });
const bad = padReasons(defaultReasonList).bad[0]!.code;
for (const level of ['satisfied', 'dissatisfied'] as const) {
  const t = await core.host.call('queue.callNext', { requestId: uuidv7() });
  if (!t) throw new Error('no ticket to call');
  await core.host.call('queue.start', {});
  const { requestId } = await core.host.call('rating.request', { ticketId: t.id });
  await core.host.call('pad.rate', { requestId, level, reasonCodes: level === 'satisfied' ? [] : [bad] });
  await core.host.call('queue.finish', {});
}

// Cases: one accepted (receipt printed), one refused; audit rows and print jobs come with them.
const item = await core.host.call('catalogue.get', { code: '000103002000' });
const accepted = await core.host.call('cases.intake', {
  itemCode: item.code,
  requestId: uuidv7(),
  applicant: { manual: { name: '李四', idNumber: '11010519491231002X' } },
  materials: item.materials.map((m) => ({ name: m.name, received: true })),
  decision: { kind: 'accept' },
});
await core.host.call('cases.intake', {
  itemCode: item.code,
  requestId: uuidv7(),
  applicant: { manual: { name: '赵六', idNumber: '440524188001010014' } },
  materials: [],
  decision: { kind: 'refuse', reason: '申请事项不属于本机关职权范围' },
});
await sink.waitForReceipts(2, 15_000);
const { requestId: caseRating } = await core.host.call('rating.request', { caseId: accepted.caseId });
await core.host.call('pad.rate', { requestId: caseRating, level: 'satisfied', reasonCodes: [] });

// Hall-side rows the counter does not write: a kiosk printer, a device-health report, follow-ups.
await api('PUT', '/api/kiosk/printer', manager, { deviceId: '*', address: 'tcp://127.0.0.1:9100', widthMm: 80 });
const counterToken = await waitFor(() => core.db.prepare("SELECT value FROM meta WHERE key = 'sync.deviceToken'").pluck().get() as string | undefined);
await api('POST', '/api/windows/1/devices', counterToken, {
  devices: [
    { kind: 'printer', state: 'ok', message: '打印机就绪' },
    { kind: 'idReader', state: 'offline', message: '读卡器未连接', code: 'IDCARD_OFFLINE' },
  ],
});

// Everything synced: sync_events, sync_cases, ratings at the hall.
await waitFor(async () => (await core.host.call('sync.status', {})).pending === 0, 30_000);
await api('GET', '/api/followups', manager);
await api('GET', '/api/cases', manager); // projects the synced cases into sync_cases

await core.close();
await sink.close();
await hall.close();

mkdirSync(outDir, { recursive: true });
for (const [src, name] of [
  [join(tmp, 'hall', 'hall.sqlite'), 'hall-v0.sqlite'],
  [join(tmp, 'counter', 'counter.db'), 'counter-v0.sqlite'],
] as const) {
  const dest = join(outDir, name);
  rmSync(dest, { force: true });
  // VACUUM INTO: one self-contained file (no WAL), smallest size.
  const db = new Database(src);
  db.prepare('VACUUM INTO ?').run(dest);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const counts = tables.map((t) => `${t}=${db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number}`);
  db.close();
  console.log(`${dest} (${statSync(dest).size} bytes): ${counts.join(' ')}`);
}
rmSync(tmp, { recursive: true, force: true });
