// A linked pseudo-terminal pair made by socat: the app opens `appPath`, a simulator opens
// `devicePath`. Stable symlink paths let a simulator "unplug" (kill socat) and "replug".
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError } from '../../domain/api/errors';

export interface PtyPairOptions {
  appPath?: string;
  devicePath?: string;
  socat?: string;
}

export interface PtyPair {
  appPath: string;
  devicePath: string;
  /** Kill socat (both ends hang up) — an unplugged cable. */
  unplug(): Promise<void>;
  /** Start socat again on the same paths — the cable plugged back in. */
  replug(): Promise<void>;
  /** Kill socat and remove the temporary directory. */
  close(): Promise<void>;
  readonly running: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  let dir: string | null = null;
  if (!opts.appPath || !opts.devicePath) dir = mkdtempSync(join(tmpdir(), 'hall-pty-'));
  const appPath = opts.appPath ?? join(dir!, 'app');
  const devicePath = opts.devicePath ?? join(dir!, 'device');
  const bin = opts.socat ?? 'socat';
  let child: ChildProcess | null = null;

  const start = async () => {
    const proc = spawn(bin, ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    let stderr = '';
    let ready = false;
    let failed: Error | null = null;
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (s: string) => {
      stderr += s;
      if (stderr.includes('starting data transfer loop')) ready = true;
    });
    proc.on('error', (e) => (failed = e));
    proc.on('exit', () => {
      if (child === proc) child = null;
    });
    const deadline = Date.now() + 5000;
    while (!(ready && existsSync(appPath) && existsSync(devicePath))) {
      if (failed) throw new CodedError('PTY_SOCAT_MISSING', `无法启动 socat（${(failed as Error).message}），请安装 socat`);
      if (!child) throw new CodedError('PTY_SOCAT_EXITED', `socat 启动失败：${stderr.trim().slice(-200)}`);
      if (Date.now() > deadline) throw new CodedError('PTY_TIMEOUT', 'socat 在 5 秒内没有建立虚拟串口');
      await sleep(10);
    }
  };

  const stop = async () => {
    const proc = child;
    if (!proc) return;
    child = null;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(2000)]);
    // socat removes its links on exit; wait for that so a replug can create them again.
    for (let i = 0; i < 100 && (existsSync(appPath) || existsSync(devicePath)); i++) await sleep(10);
  };

  await start();
  return {
    appPath,
    devicePath,
    get running() {
      return child !== null;
    },
    close: async () => {
      await stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    unplug: stop,
    replug: async () => {
      await stop();
      await start();
    },
  };
}
