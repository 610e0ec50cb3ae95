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
  opts: {
    readyTag: string;
    env?: NodeJS.ProcessEnv;
    echo?: boolean;
    timeoutMs?: number;
    /** Alternative to readyTag: parse a ready line, null if not one. */ ready?: (line: string) => T | null;
  },
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

/**
 * A child kept running: started again (after `restartDelayMs`) whenever it exits unless it was
 * stopped on purpose. The demo runs its hall server under one so that killing the hall shows the
 * counters going offline and coming back, instead of ending the whole demo.
 */
export interface Supervised<T> {
  readonly name: string;
  /** The running child, or null while it is down. */
  current(): Started<T> | null;
  /** Stop on purpose (stays down until start()). */
  stop(): Promise<void>;
  /** Start again if down. */
  start(): Promise<Started<T>>;
  /** Stop for good (no restart). */
  close(): Promise<void>;
}

export function supervise<T>(
  name: string,
  launch: () => Promise<Started<T>>,
  first: Started<T>,
  opts: {
    restartDelayMs: number;
    onEvent?: (e: { kind: 'exited' | 'restarted' | 'stopped' | 'started' | 'restartFailed'; code?: number | null; pid?: number; error?: string }) => void;
  },
): Supervised<T> {
  let child: Started<T> | null = first;
  let wanted = true;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const watch = (c: Started<T>) => {
    c.proc.once('exit', (code) => {
      if (child === c) child = null;
      if (!wanted || closed) return;
      opts.onEvent?.({ kind: 'exited', code });
      timer = setTimeout(() => void relaunch('restarted'), opts.restartDelayMs);
    });
  };
  const relaunch = async (kind: 'restarted' | 'started'): Promise<Started<T>> => {
    timer = null;
    if (child) return child;
    try {
      const c = await launch();
      child = c;
      watch(c);
      opts.onEvent?.({ kind, pid: c.proc.pid });
      return c;
    } catch (err) {
      opts.onEvent?.({ kind: 'restartFailed', error: err instanceof Error ? err.message : String(err) });
      if (wanted && !closed) timer = setTimeout(() => void relaunch(kind), opts.restartDelayMs);
      throw err;
    }
  };
  watch(first);
  return {
    name,
    current: () => child,
    async stop() {
      wanted = false;
      if (timer) clearTimeout(timer);
      timer = null;
      const c = child;
      child = null;
      await c?.stop();
      opts.onEvent?.({ kind: 'stopped' });
    },
    async start() {
      wanted = true;
      if (timer) clearTimeout(timer);
      return relaunch('started');
    },
    async close() {
      closed = true;
      wanted = false;
      if (timer) clearTimeout(timer);
      await child?.stop();
      child = null;
    },
  };
}
