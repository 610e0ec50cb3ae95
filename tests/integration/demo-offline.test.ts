// Issue 13 item 13: the demo keeps going when its hall server dies. The real `scripts/demo.ts`
// (one counter, no simulated devices) is started; its hall child is killed with SIGKILL and comes
// back on the same port, the counter core never stops; `hall stop` on the demo's input keeps the
// hall down (so a counter can be watched offline) until `hall start`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freePortRun } from '../support/ports';

const alive = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
};
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

let demo: ChildProcessWithoutNullStreams | null = null;
afterAll(async () => {
  if (demo && demo.exitCode === null) {
    const done = new Promise((r) => demo!.once('exit', r));
    demo.kill('SIGTERM');
    await done;
  }
});

describe('demo hall supervision', () => {
  it('restarts a hall that dies and lets the hall be stopped and started alone', async () => {
    const port = await freePortRun(2);
    const data = mkdtempSync(join(tmpdir(), 'demo-offline-'));
    demo = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/demo.ts',
        '--hall-port',
        String(port),
        '--counters',
        '1',
        '--no-devices',
        '--no-build',
        '--no-tls',
        '--data',
        data,
        '--restart-delay',
        '300',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    createInterface({ input: demo.stdout }).on('line', (l) => lines.push(l));
    createInterface({ input: demo.stderr }).on('line', (l) => lines.push(l));
    await until('DEMO_READY', async () => lines.some((l) => l.startsWith('DEMO_READY ')), 120_000);
    const ready = JSON.parse(lines.find((l) => l.startsWith('DEMO_READY '))!.slice(11)) as { hallUrl: string; hallPid: number; counters: { url: string }[] };
    const health = `${ready.hallUrl}/api/health`;
    const counterUrl = ready.counters[0]!.url;
    expect(await alive(health)).toBe(true);

    // The hall dies: the demo says so, starts it again, and the counter core never went away.
    process.kill(ready.hallPid, 'SIGKILL');
    await until('hall restarted', async () => lines.some((l) => l.startsWith('DEMO_HALL ') && l.includes('"restarted"')));
    await until('hall answers again', () => alive(health));
    expect(demo.exitCode).toBeNull();
    expect(await alive(counterUrl)).toBe(true);

    // `hall stop`: down on purpose, and it stays down (no restart) until `hall start`.
    demo.stdin.write('hall stop\n');
    await until('hall stopped', async () => !(await alive(health)));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await alive(health)).toBe(false);
    expect(await alive(counterUrl)).toBe(true);
    demo.stdin.write('hall start\n');
    await until('hall started', () => alive(health));
    expect(demo.exitCode).toBeNull();
  }, 240_000);
});
