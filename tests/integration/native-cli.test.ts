// The technician CLI (the package.json bin) against the simulators.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdCardSimulator } from '../../native/idcard/simulator';
import { startPrinterSink } from '../../native/printer/sink';
import { startLedSimulator } from '../../native/led/simulator';
import { startKeyBoxSimulator } from '../../native/evaluator/simulator';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/counter-devices.js', ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('counter-devices CLI', () => {
  it('idcard read --json prints the parsed card; a missing port exits 3 with a Chinese message', async () => {
    const sim = await startIdCardSimulator({ card: 'hmtPermit' });
    cleanups.push(() => sim.close());
    const r = await cli(['idcard', 'read', '--port', sim.path, '--json', '--timeout', '3']);
    expect(r.code).toBe(0);
    const card = JSON.parse(r.stdout);
    expect(card).toMatchObject({ kind: 'hmtPermit', name: '陈大文', passNumber: 'H12345678', sex: '男', photo: '照片不可用' });
    for (const k of ['kind', 'name', 'sex', 'nation', 'birthDate', 'address', 'idNumber', 'authority', 'validFrom', 'validTo']) expect(card).toHaveProperty(k);
    const bad = await cli(['idcard', 'read', '--port', '/dev/nope-reader']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('找不到串口');
  });

  it('idcard read on a reader with no card exits 4 after the timeout', async () => {
    const sim = await startIdCardSimulator({ card: null });
    cleanups.push(() => sim.close());
    const r = await cli(['idcard', 'read', '--port', sim.path, '--timeout', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('未检测到证件');
  });

  it('printer print reaches the sink; bad data exits 6; render writes HTML', async () => {
    const sink = await startPrinterSink();
    cleanups.push(() => sink.close());
    const r = await cli(['printer', 'print', 'ticket', '--data', 'native/fixtures/receipts/ticket.json', '--interface', sink.url, '--width', '58']);
    expect(r.code).toBe(0);
    expect((await sink.waitForReceipts(1))[0]!.lines).toContain('A023');
    const bad = await cli(['printer', 'print', 'ticket', '--data', 'package.json', '--interface', sink.url]);
    expect(bad.code).toBe(6);
    expect(bad.stderr).toContain('排队号票数据不完整');
    const out = join(mkdtempSync(join(tmpdir(), 'hall-cli-')), 'r.html');
    expect((await cli(['printer', 'render', 'daily-summary', '--data', 'native/fixtures/receipts/daily-summary.json', '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('窗口日结单');
  });

  it('led show and evaluator test talk to their simulators', async () => {
    const led = await startLedSimulator();
    cleanups.push(() => led.close());
    const r = await cli(['led', 'show', '--port', led.path, '--scroll', 'left', '--brightness', '12', '请', 'A023', '号']);
    expect(r.code).toBe(0);
    expect(led.display).toMatchObject({ text: '请 A023 号', scroll: 'left', brightness: 12 });

    const box = await startKeyBoxSimulator();
    cleanups.push(() => box.close());
    const unsub = box.onChange((d) => {
      if (d.ratingUntil) void box.press(2);
    });
    const e = await cli(['evaluator', 'test', '--port', box.path, '--timeout', '5']);
    unsub();
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('收到评价：satisfied');
  });

  it('usage errors exit 2', async () => {
    const r = await cli(['printer', 'print', 'ticket']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('缺少');
  });
});
