// A small keep-alive HTTP client for the benchmark (one socket per simulated window) and
// latency summaries. The same client drives the hall server and the bare route.
import http from 'node:http';
import https from 'node:https';
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';
import { buildRequest, type CallArgs } from '../domain/api/hallClient';
import type { HallRouteName } from '../domain/api/routes';

export interface Conn {
  agent: http.Agent;
  host: string;
  port: number;
  token?: string;
  tls?: boolean;
}

/** `ca`: the hall's self-signed certificate, for an https URL (verified as a CA, like a pinned counter). */
export function conn(url: string, token?: string, ca?: string): Conn {
  const u = new URL(url);
  const tls = u.protocol === 'https:';
  const agent = tls ? new https.Agent({ keepAlive: true, maxSockets: 1, ca }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
  return { agent, host: u.hostname, port: Number(u.port), token, tls };
}

export function request(c: Conn, method: string, p: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = (c.tls ? https : http).request({ host: c.host, port: c.port, method, path: p, agent: c.agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** One call through the hall API contract (domain/api/routes.ts): path, params and body typed by it. */
export function callRoute<N extends HallRouteName>(c: Conn, name: N, ...args: CallArgs<N>): Promise<{ status: number; text: string }> {
  const { method, url, body } = buildRequest(name, ...args);
  return request(c, method, url, body);
}

export function summary(ms: number[]): { n: number; p50: number; p90: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(50)), p90: r(at(90)), p99: r(at(99)), max: r(s.at(-1) ?? NaN) };
}

const root = path.resolve(import.meta.dirname, '..');

export async function spawnScript(args: string[]): Promise<{ url: string; proc: ChildProcess }> {
  // `node --import tsx` (not the tsx CLI) so the pid is the server itself (CPU readings from /proc).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...prof, '--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  // A benchmark that throws must not leave its server running (it would also hold our stderr open).
  process.once('exit', () => proc.kill('SIGKILL'));
  const rl = readline.createInterface({ input: proc.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    rl.on('line', (line) => {
      try {
        const m = JSON.parse(line) as { hall?: string; url: string };
        if (m.hall === 'listening') resolve(m.url);
      } catch {
        /* not ours */
      }
    });
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return { url, proc };
}
