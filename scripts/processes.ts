// Child processes for the demo and the tests: start a TypeScript entry under Node (tsx loader),
// wait for its READY line, prefix its output, stop it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Started<T = Record<string, unknown>> {
  name: string;
  proc: ChildProcess;
  info: T;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startTs<T = Record<string, unknown>>(
  name: string,
  entry: string,
  args: string[],
  opts: { readyTag: string; env?: NodeJS.ProcessEnv; echo?: boolean; timeoutMs?: number; /** Alternative to readyTag: parse a ready line, null if not one. */ ready?: (line: string) => T | null },
): Promise<Started<T>> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      proc.kill(signal);
    });
  return new Promise((resolve, reject) => {
    let ready = false;
    const tail: string[] = [];
    const timer = setTimeout(() => {
      if (!ready) {
        proc.kill('SIGKILL');
        reject(new Error(`${name} did not become ready in time:\n${tail.join('\n')}`));
      }
    }, opts.timeoutMs ?? 60_000);
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (!ready) {
        const info = opts.ready ? opts.ready(line) : line.startsWith(opts.readyTag + ' ') ? (JSON.parse(line.slice(opts.readyTag.length + 1)) as T) : null;
        if (info) {
          ready = true;
          clearTimeout(timer);
          resolve({ name, proc, info, stop });
          return;
        }
      }
      if (opts.echo) process.stdout.write(`[${name}] ${line}\n`);
    };
    createInterface({ input: proc.stdout! }).on('line', onLine);
    createInterface({ input: proc.stderr! }).on('line', onLine);
    proc.once('exit', (code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before it was ready:\n${tail.join('\n')}`));
      }
    });
  });
}
