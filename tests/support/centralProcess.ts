// The central as ONE real process (`node --import tsx central/main.ts`), so SIGKILL hits the
// service itself, on a real PostgreSQL (--pg) or its embedded one (--data).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

export interface CentralProc {
  url: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function startCentralProcess(opts: { pg?: string; dataDir?: string; port?: number; seed?: boolean }): Promise<CentralProc> {
  const args = [
    // e.g. CENTRAL_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the central under the bench.
    ...(process.env.CENTRAL_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    'tsx',
    'central/main.ts',
    '--port',
    String(opts.port ?? 0),
    '--log-level',
    'warn',
    // With --pg, --data still holds the central's personal-data key file (central.key).
    ...(opts.pg ? ['--pg', opts.pg, ...(opts.dataDir ? ['--data', opts.dataDir] : [])] : ['--data', opts.dataDir!]),
    ...(opts.seed === false ? [] : ['--seed', 'demo']),
  ];
  const proc = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err = (err + String(d)).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const first = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`central did not start: ${err}`)), 90_000);
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      try {
        const m = JSON.parse(line) as { central?: string; url: string; port: number };
        if (m.central === 'listening') {
          clearTimeout(t);
          resolve(m);
        }
      } catch {
        /* other output */
      }
    });
    proc.once('exit', (code) => reject(new Error(`central exited (${code}): ${err}`)));
  });
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    ...first,
    proc,
    async stop() {
      if (gone()) return;
      proc.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (gone()) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
