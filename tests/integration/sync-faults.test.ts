// Fault-injection suite with REAL processes: the hall server (tsx server/main.ts, killed with
// SIGKILL and restarted on the same data), counter sync processes (tests/support/syncCounterProc.ts,
// killed and restarted on their own SQLite), and a loopback proxy that drops, delays,
// duplicates, reorders and cuts connections. After every scenario: the server holds exactly
// the union of the counters' events, no duplicates, and every projection equals the counters'.
//
// SYNC_FAULT_CASES sets the size of the "3 counters offline" scenario (default 300 cases per
// counter so `npm test` stays quick; the full size is SYNC_FAULT_CASES=10000).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { startHallProcess, type HallProc } from '../support/hallProcess';
import { FaultProxy } from '../support/faultProxy';
import { projectCaseLog, projectionDigest } from '../../domain/sync/wire';
import { rowToWire } from '../../server/sync/service';
import { FieldSealer } from '../../native/crypto/fieldSealer';
import { loadKeyFile } from '../../native/crypto/keyring';
import type { SyncEventRow } from '../../server/sync/schema';
import type { SyncStatus } from '../../domain/contract/core';

const root = path.resolve(import.meta.dirname, '../..');
const BIG = Number(process.env.SYNC_FAULT_CASES ?? 300);

interface Digest {
  ownCount: number;
  ownHash: string;
  cases: number;
  projections: string;
  duplicates: number;
}

class Counter {
  proc!: ChildProcess;
  private next = 1;
  private readonly waiting = new Map<number, (m: { ok: boolean; result?: unknown; error?: string }) => void>();
  constructor(
    readonly device: string,
    readonly dataDir: string,
    private readonly hallUrl: string,
    private readonly extra: string[] = [],
  ) {}

  async spawn(): Promise<void> {
    this.proc = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/syncCounterProc.ts', '--data', this.dataDir, '--device', this.device, '--hall', this.hallUrl, ...this.extra],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let err = '';
    this.proc.stderr!.on('data', (d) => (err = (err + String(d)).slice(-4000)));
    const rl = readline.createInterface({ input: this.proc.stdout! });
    await new Promise<void>((resolve, reject) => {
      rl.on('line', (line) => {
        const m = JSON.parse(line) as { ready?: boolean; id?: number; ok: boolean };
        if (m.ready) return resolve();
        this.waiting.get(m.id!)?.(m);
        this.waiting.delete(m.id!);
      });
      this.proc.once('exit', (c) => reject(new Error(`counter exited ${c}: ${err}`)));
    });
  }

  send<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => (m.ok ? resolve(m.result as T) : reject(new Error(m.error))));
      this.proc.stdin!.write(JSON.stringify({ id, cmd, args }) + '\n');
    });
  }

  async kill9(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await done;
  }
}

let hall: HallProc;
let proxy: FaultProxy;
const counters: Counter[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-faults-'));

async function newCounter(name: string, extra: string[] = []): Promise<Counter> {
  const c = new Counter(name, path.join(tmp, name), proxy.url, extra);
  await c.spawn();
  counters.push(c);
  return c;
}

async function restartHall(): Promise<void> {
  hall = await startHallProcess({ dataDir: hall.dataDir, seed: false });
  proxy.setTarget(hall.port);
}

function serverView(devices: string[] = []) {
  const db = new Database(path.join(hall.dataDir, 'hall.sqlite'), { readonly: true });
  db.pragma('busy_timeout = 10000');
  try {
    const version = (db.prepare('SELECT MAX(version) AS v FROM sync_events').get() as { v: number | null }).v ?? 0;
    const dups = (db.prepare('SELECT COUNT(*) - COUNT(DISTINCT id) AS d FROM sync_events').get() as { d: number }).d;
    const own = new Map(
      devices.map((device) => {
        const ids = (db.prepare('SELECT id FROM sync_events WHERE device_id = ? ORDER BY id').all(device) as { id: string }[]).map((r) => r.id);
        return [device, { count: ids.length, hash: crypto.createHash('sha256').update(ids.join('\n')).digest('hex') }];
      }),
    );
    const caseIds = (db.prepare(`SELECT DISTINCT stream_id AS c FROM sync_events WHERE stream = 'case' ORDER BY stream_id`).all() as { c: string }[]).map(
      (r) => r.c,
    );
    const byCase = db.prepare(`SELECT * FROM sync_events WHERE stream = 'case' AND stream_id = ? ORDER BY version`);
    // Applicant fields are sealed at rest: open them with the hall's key file, as the server does.
    const sealer = new FieldSealer(db, loadKeyFile(path.join(hall.dataDir, 'hall.keys.json')));
    const toWire = (r: SyncEventRow) => rowToWire(r, sealer);
    const h = crypto.createHash('sha256');
    for (const c of caseIds) h.update(projectionDigest(projectCaseLog((byCase.all(c) as SyncEventRow[]).map(toWire))) + '\n');
    // The cached server projection (sync_cases) must equal a fresh projection too.
    const stale = (db.prepare('SELECT case_id, row FROM sync_cases').all() as { case_id: string; row: string }[]).filter((r) => {
      const fresh = projectCaseLog((byCase.all(r.case_id) as SyncEventRow[]).map(toWire));
      return projectionDigest(JSON.parse(r.row)) !== projectionDigest(fresh);
    }).length;
    return { version, dups, own, cases: caseIds.length, projections: h.digest('hex'), stale };
  } finally {
    db.close();
  }
}

function serverVersion(): number {
  const db = new Database(path.join(hall.dataDir, 'hall.sqlite'), { readonly: true });
  db.pragma('busy_timeout = 10000');
  try {
    const dirty = (db.prepare('SELECT COUNT(*) AS n FROM sync_dirty').get() as { n: number }).n;
    // While cached projections are catching up, report "not yet" (-1) so converge keeps waiting.
    return dirty > 0 ? -1 : ((db.prepare('SELECT MAX(version) AS v FROM sync_events').get() as { v: number | null }).v ?? 0);
  } finally {
    db.close();
  }
}

/** Wait until every counter has pushed everything and pulled up to the server's version. */
async function converge(list: Counter[] = counters, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const v = serverVersion();
    const st = await Promise.all(list.map((c) => c.send<SyncStatus>('status')));
    if (v >= 0 && st.every((s) => s.pending === 0 && (s.pulledVersion ?? 0) >= v) && serverVersion() === v) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no convergence: ${JSON.stringify(st)} server ${v}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function assertInvariants(list: Counter[] = counters): Promise<void> {
  await converge(list);
  const s = serverView(list.map((c) => c.device));
  expect(s.dups).toBe(0);
  expect(s.stale).toBe(0);
  for (const c of list) {
    const d = await c.send<Digest>('digest');
    expect(d.duplicates).toBe(0);
    // Exactly this counter's events (minus dead letters) are on the server: nothing lost, nothing extra.
    expect({ device: c.device, ...s.own.get(c.device)! }).toEqual({ device: c.device, count: d.ownCount, hash: d.ownHash });
    // Every projection equals the server's.
    expect({ device: c.device, cases: d.cases, projections: d.projections }).toEqual({ device: c.device, cases: s.cases, projections: s.projections });
  }
}

beforeAll(async () => {
  hall = await startHallProcess();
  proxy = new FaultProxy(hall.port);
  await proxy.listen();
});

afterAll(async () => {
  for (const c of counters) await c.kill9();
  await proxy?.close();
  await hall?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(hall.dataDir, { recursive: true, force: true });
});

describe('sync under faults (real processes)', () => {
  it('server killed mid-push: restarted on the same data, the counter resumes, nothing lost or doubled', async () => {
    const a = await newCounter('W1-a', ['--window', '1', '--batch', '50']);
    await a.send('create', { cases: 120 });
    proxy.setMode({ delayMs: 5 });
    await a.send('start');
    for (;;) {
      const s = await a.send<SyncStatus>('status');
      if (s.pending < 600 && s.pending > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const dead = hall;
    await hall.kill9();
    expect(dead.proc.signalCode).toBe('SIGKILL');
    // Really gone: nothing answers on its port any more.
    await expect(fetch(`${dead.url}/api/health`)).rejects.toThrow();
    expect((await a.send<SyncStatus>('status')).pending).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    await restartHall();
    proxy.setMode({});
    await assertInvariants();
  }, 180_000);

  it('connection cut after the server committed, before the counter heard', async () => {
    const a = counters[0]!;
    proxy.setMode({ cutOnResponse: 0.5 });
    const before = proxy.stats.cut;
    await a.send('create', { cases: 60 });
    await new Promise((r) => setTimeout(r, 3000));
    proxy.setMode({});
    expect(proxy.stats.cut).toBeGreaterThan(before);
    await assertInvariants();
  }, 180_000);

  it('counter killed between local commit and push: the restarted counter pushes what it committed', async () => {
    proxy.setMode({ down: true });
    const b = await newCounter('W2-b', ['--window', '2']);
    await b.send('start');
    await b.send('create', { cases: 80 });
    expect((await b.send<SyncStatus>('status')).pending).toBe(400);
    await b.kill9();
    proxy.setMode({});
    await b.spawn();
    await b.send('start');
    await assertInvariants();
  }, 180_000);

  it('duplicated, reordered, delayed and dropped deliveries', async () => {
    proxy.setMode({ duplicate: 0.6, reorderMs: 800, delayMs: 10, drop: 0.15 });
    const dup0 = proxy.stats.duplicated;
    await Promise.all(counters.map((c, i) => c.send('create', { cases: 40 + i * 10 })));
    await new Promise((r) => setTimeout(r, 4000));
    proxy.setMode({});
    expect(proxy.stats.duplicated).toBeGreaterThan(dup0);
    await new Promise((r) => setTimeout(r, 1000)); // late replays land after everything else
    await assertInvariants();
  }, 180_000);

  it('clock skew of ±1 day: recorded and reported, never trusted for order', async () => {
    const ahead = await newCounter('W3-ahead', ['--window', '3', `--clock-offset-ms=${86_400_000}`]);
    const behind = await newCounter('W4-behind', ['--window', '4', `--clock-offset-ms=${-86_400_000}`]);
    await ahead.send('start');
    await behind.send('start');
    await ahead.send('create', { cases: 30 });
    await behind.send('create', { cases: 30 });
    await assertInvariants();
    expect((await ahead.send<SyncStatus>('status')).clockSkewMs!).toBeGreaterThan(86_000_000);
    expect((await behind.send<SyncStatus>('status')).clockSkewMs!).toBeLessThan(-86_000_000);
    const login = await fetch(`${hall.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workNo: 'M001', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const devs = (await (await fetch(`${hall.url}/api/sync/devices`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      devices: { deviceId: string; clockSkewed: boolean }[];
    };
    const skewed = devs.devices
      .filter((d) => d.clockSkewed)
      .map((d) => d.deviceId)
      .sort();
    expect(skewed).toEqual(['W3-ahead', 'W4-behind']);
  }, 180_000);

  it('a newer and an older schema version, and a rejected event that does not block the ones behind it', async () => {
    const a = counters[0]!;
    const b = counters[1]!;
    const made = await a.send<{ first: string }>('create', { cases: 1, kinds: 2 });
    await a.send('newer', { caseId: made.first });
    await a.send('bad', { caseId: made.first });
    await b.send('older');
    await a.send('create', { cases: 5 });
    await assertInvariants();
    const dead = await a.send<{ code: string }[]>('deadLetters');
    expect(dead.map((d) => d.code)).toEqual(['CASE_EVENT_PAYLOAD_INVALID']);
    expect((await a.send<SyncStatus>('status')).pending).toBe(0);
  }, 180_000);

  it(`${BIG} cases created offline on each of 3 counters, then reconnect`, async () => {
    proxy.setMode({ down: true });
    const three = [counters[0]!, counters[1]!, counters[2]!];
    for (const c of three) await c.send('create', { cases: BIG });
    for (const c of three) expect((await c.send<SyncStatus>('status')).pending).toBeGreaterThanOrEqual(BIG * 5);
    proxy.setMode({ delayMs: 2 });
    await assertInvariants(counters);
    proxy.setMode({});
  }, 900_000);
});
