// Spawns the REAL hall server process (tsx server/main.ts) on a free port with a temp data dir,
// a typed call through the hall API contract, and a raw client for the tests that send what the
// contract would not allow (malformed JSON, wrong types, missing fields).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { callWithStatus } from '../../domain/api/hallClient';

export interface HallProcess {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hall-test-'));
}

export async function spawnHall(opts: { dataDir?: string; args?: string[] } = {}): Promise<HallProcess> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDataDir();
  // One process (the tsx loader inside node, not the tsx CLI wrapper) so SIGKILL really kills
  // the server instead of orphaning it behind a dead wrapper.
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--data', dataDir, '--log-level', 'warn', ...(opts.args ?? ['--seed', 'demo'])],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const rl = readline.createInterface({ input: proc.stdout! });
  const first = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`hall server did not start: ${err}`)), 30_000);
    rl.on('line', (line) => {
      try {
        const m = JSON.parse(line) as { hall?: string; url: string; port: number };
        if (m.hall === 'listening') {
          clearTimeout(t);
          resolve(m);
        }
      } catch {
        /* other output */
      }
    });
    proc.once('exit', (code) => reject(new Error(`hall server exited (${code}): ${err}`)));
  });
  return {
    ...first,
    dataDir,
    proc,
    stderr: () => err,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async kill9() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Res<T = unknown> {
  status: number;
  body: T;
}

export function client(base: string, token?: string) {
  const call = async <T = Record<string, unknown>>(method: string, url: string, body?: unknown, raw?: { body: string; type?: string }): Promise<Res<T>> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (raw) {
      payload = raw.body;
      headers['content-type'] = raw.type ?? 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const r = await fetch(base + url, { method, headers, body: payload });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    get: <T = Record<string, unknown>>(url: string) => call<T>('GET', url),
    post: <T = Record<string, unknown>>(url: string, body?: unknown) => call<T>('POST', url, body),
    put: <T = Record<string, unknown>>(url: string, body?: unknown) => call<T>('PUT', url, body),
    raw: <T = Record<string, unknown>>(method: string, url: string, body: string, type?: string) => call<T>(method, url, undefined, { body, type }),
  };
}

/** A call through the hall API contract (domain/api/routes.ts), typed by it, with its status. */
export const call = callWithStatus;

export async function login(base: string, workNo: string, password = 'demo', windowNo?: number): Promise<string> {
  const r = await call(base, undefined, 'auth.login', { body: { workNo, password, ...(windowNo ? { windowNo } : {}) } });
  if (r.status !== 200) throw new Error(`login ${workNo}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export async function enroll(base: string, kind: 'kiosk' | 'display' | 'pad' | 'counter'): Promise<string> {
  const r = await call(base, undefined, 'devices.enroll', { body: { code: `${kind.toUpperCase()}-DEMO`, kind, name: `${kind} 测试` } });
  if (r.status !== 200) throw new Error(`enroll ${kind}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
