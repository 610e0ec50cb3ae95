// (Underscore: bench/run.ts skips it.) The setup bench/server-queue.ts and bench/track-load.ts
// share: a real hall server process seeded for the bench, a kiosk device, one signed-in clerk
// per window (one keep-alive socket each), tickets issued through the API, the paced call-next
// phase (each window once a second, starts spread over the first second) and the server's CPU.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { v7 as uuidv7 } from 'uuid';
import { callRoute, conn as plainConn, request, spawnScript, summary, type Conn } from './_server-client';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BenchHall {
  base: string;
  dataDir: string;
  proc: ChildProcess;
  /** A keep-alive connection to the hall (verifying its self-signed certificate over TLS). */
  conn: (url: string, token?: string) => Conn;
  anon: Conn;
  kioskToken: string;
  /** One per window, signed in as B001… (the bench seed), window i+1 is clerks[i]. */
  clerks: Conn[];
  enrollDevice: (kind: 'kiosk' | 'display') => Promise<string>;
  /** The self-signed pair the hall serves HTTPS with, or null. */
  tls: { cert: string; certFile: string; keyFile: string } | null;
  /** Stops the server and removes its data (after the caller closed its own sockets). */
  stop: () => Promise<void>;
}

export interface BenchHallOptions {
  windows: number;
  dataRoot?: string;
  /** Prefix of the temporary data directory. */
  name: string;
  tls?: { cert: string; certFile: string; keyFile: string } | null;
  /** Made inside the data directory before the server starts (the TLS pair). */
  prepare?: (dataDir: string) => BenchHallOptions['tls'];
}

export async function startBenchHall(o: BenchHallOptions): Promise<BenchHall> {
  const dataDir = fs.mkdtempSync(path.join(o.dataRoot ?? os.tmpdir(), `${o.name}-`));
  const tls = o.prepare?.(dataDir) ?? o.tls ?? null;
  const conn = (url: string, token?: string) => plainConn(url, token, tls?.cert);
  const hall = await spawnScript([
    'server/main.ts',
    '--port',
    '0',
    '--data',
    dataDir,
    '--seed',
    'bench',
    '--bench-windows',
    String(o.windows),
    '--log-level',
    'warn',
    ...(tls ? ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile] : []),
  ]);
  const base = hall.url;
  console.log(`hall server ${base} (data ${dataDir}), ${os.cpus().length} CPUs`);
  const anon = conn(base);
  const enrollDevice = async (kind: 'kiosk' | 'display') =>
    JSON.parse((await callRoute(anon, 'devices.enroll', { body: { code: `${kind.toUpperCase()}-DEMO`, kind, name: `bench ${kind}` } })).text).token as string;
  const kioskToken = await enrollDevice('kiosk');
  // Clerks sign in (scrypt, a few at a time).
  const clerks: Conn[] = [];
  for (let i = 0; i < o.windows; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, o.windows - i) }, async (_, j) => {
        const r = await callRoute(anon, 'auth.login', { body: { workNo: `B${String(i + j + 1).padStart(3, '0')}`, password: 'demo' } });
        return conn(base, JSON.parse(r.text).token as string);
      }),
    );
    clerks.push(...batch);
  }
  console.log(`${clerks.length} clerks signed in`);
  const stop = async () => {
    if (hall.proc.exitCode === null) {
      hall.proc.kill('SIGTERM');
      await new Promise((r) => hall.proc.once('exit', r));
    }
    for (const c of [...clerks, anon]) c.agent.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, dataDir, proc: hall.proc, conn, anon, kioskToken, clerks, enrollDevice, tls, stop };
}

export interface Issued {
  id: string;
  /** The tracking token (the last segment of `trackUrl`), when the hall made one. */
  token: string | null;
}

/** Issues `n` tickets over `parallel` kiosk connections, categories A…H round robin; answers them in order. */
export async function issueTickets(h: BenchHall, n: number, parallel = 8): Promise<Issued[]> {
  const out: Issued[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      const k = h.conn(h.base, h.kioskToken);
      for (let i = next++; i < n; i = next++) {
        const r = await callRoute(k, 'tickets.issue', { body: { category: 'ABCDEFGH'[i % 8]! } });
        if (r.status !== 201 && r.status !== 200) throw new Error(`issue ${r.status} ${r.text}`);
        const t = JSON.parse(r.text) as { id: string; trackUrl?: string };
        out[i] = { id: t.id, token: t.trackUrl ? t.trackUrl.split('/').pop()! : null };
      }
      k.agent.destroy();
    }),
  );
  return out;
}

/**
 * Each window calls once a second for `seconds` (as the counter app does: every call carries a
 * request id). `onCalled(ticketId, startedAt)` with the time the request was sent
 * (performance.timeOrigin-based, comparable across threads). Answers the latencies.
 */
export async function pacedCalls(clerks: Conn[], seconds: number, onCalled?: (ticketId: string, at: number) => void): Promise<number[]> {
  return (await pacedCallsBySecond(clerks, seconds, onCalled)).flat();
}

/** pacedCalls, the latencies grouped by the second of the phase each call was sent in (blocks for a bootstrap). */
export async function pacedCallsBySecond(clerks: Conn[], seconds: number, onCalled?: (ticketId: string, at: number) => void): Promise<number[][]> {
  const lat: number[][] = Array.from({ length: seconds }, () => []);
  await Promise.all(
    clerks.map(async (c, i) => {
      await sleep((i / clerks.length) * 1000);
      for (let k = 0; k < seconds; k++) {
        const start = performance.now();
        const r = await callRoute(c, 'windows.callNext', { params: { windowNo: i + 1 }, body: { requestId: uuidv7() } });
        lat[k]!.push(performance.now() - start);
        if (r.status === 200) onCalled?.((JSON.parse(r.text) as { ticket: { id: string } }).ticket.id, performance.timeOrigin + start);
        else if (r.status !== 204) throw new Error(`call-next ${r.status} ${r.text}`);
        await sleep(Math.max(0, 1000 - (performance.now() - start)));
      }
    }),
  );
  return lat;
}

/** CPU seconds (user + system) a process has used so far, from /proc: less at the mercy of a busy host than latency. */
export function cpuSeconds(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs `fn` and answers the cores `pid` used meanwhile. */
export async function withCpu<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; cores: number }> {
  const cpu0 = cpuSeconds(pid);
  const w0 = performance.now();
  const result = await fn();
  return { result, cores: Math.round(((cpuSeconds(pid) - cpu0) / ((performance.now() - w0) / 1000)) * 100) / 100 };
}

export { request, summary };
