// The hall server as ONE real process (`node --import tsx server/main.ts`), so SIGKILL hits the
// server itself. (Through the tsx CLI wrapper, a SIGKILL would only kill the wrapper and leave
// the real server running as an orphan.)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

export interface HallProc {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function startHallProcess(opts: { dataDir?: string; seed?: boolean; args?: string[] } = {}): Promise<HallProc> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sync-hall-'));
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      '--port',
      '0',
      '--data',
      dataDir,
      '--log-level',
      'warn',
      ...(opts.seed === false ? [] : ['--seed', 'demo']),
      ...(opts.args ?? []),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  proc.stderr!.on('data', (d) => (err = (err + String(d)).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const first = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`hall server did not start: ${err}`)), 60_000);
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
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
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    ...first,
    dataDir,
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
