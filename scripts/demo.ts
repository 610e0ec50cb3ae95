// `npm run demo`: the whole hall on one machine in browser mode. The hall server with the demo
// seed, counter cores for windows 1..N, and the device simulators (ID reader and key box on
// ptys, receipt printer as a TCP sink, LED bar). Prints every role's URL; Ctrl-C stops all.
import { parseArgs } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTs, type Started } from './processes';
import { ensureBuilt } from './ensure-renderer';
import { startDeviceSet, type DeviceSet } from '../native/simulators';
import { makeSelfSignedCert } from './selfSignedCert';

/** The hall server prints one JSON line {hall:'listening', url, port} when it accepts requests. */
function hallReady(line: string): { url: string } | null {
  if (!line.startsWith('{"hall":"listening"')) return null;
  return JSON.parse(line) as { url: string };
}

const { values } = parseArgs({
  options: {
    'hall-port': { type: 'string', default: '7300' },
    'counter-port': { type: 'string' },
    counters: { type: 'string', default: '2' },
    data: { type: 'string', default: '.data/demo' },
    keep: { type: 'boolean', default: false },
    'demo-password': { type: 'string', default: 'demo' },
    'no-devices': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    host: { type: 'string', default: '127.0.0.1' },
    renderer: { type: 'string', default: 'out/renderer' },
    /** Plain http (the hall is loopback-only in the demo, so counters accept it). */
    'no-tls': { type: 'boolean', default: false },
  },
});

const hallPort = Number(values['hall-port']);
const counterBase = Number(values['counter-port'] ?? hallPort + 1);
const counters = Number(values.counters);
const dataDir = resolve(values.data!);
const host = values.host!;

const started: Started[] = [];
let devices: DeviceSet | null = null;
let stopping = false;

async function stopAll(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\n正在停止演示大厅…\n');
    await Promise.all(started.reverse().map((s) => s.stop()));
    await devices?.close();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  if (!values['no-build']) ensureBuilt();
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  // Devices first: the hall prints kiosk tickets to the kiosk's sink and sends SMS to the fake gateway.
  devices = values['no-devices'] ? null : await startDeviceSet(counters);
  // HTTPS with a self-signed pair made here; the counters pin its fingerprint.
  const tls = values['no-tls'] ? null : makeSelfSignedCert(`${dataDir}/tls`, ['localhost', '127.0.0.1', ...(host === '127.0.0.1' || host === '0.0.0.0' ? [] : [host])]);
  const hallArgs = ['--port', String(hallPort), '--host', host, '--data', `${dataDir}/hall`, '--seed', 'demo', '--demo-password', values['demo-password']!, '--renderer', resolve(values.renderer!)];
  if (tls) hallArgs.push('--tls-cert', tls.certFile, '--tls-key', tls.keyFile);
  if (devices) hallArgs.push('--kiosk-printer', devices.kioskPrinter, '--sms-gateway', devices.smsGateway);
  const hall = await startTs<{ url: string }>('hall', 'server/main.ts', hallArgs, { readyTag: 'HALL_READY', ready: hallReady });
  started.push(hall);
  const hallUrl = `${tls ? 'https' : 'http'}://${host}:${hallPort}`;

  const cores: Started<{ url: string; pairCode: string }>[] = [];
  for (let w = 1; w <= counters; w++) {
    const dev = devices?.perWindow[w - 1];
    // Each counter enrolls with its window's reusable demo code: its device token is bound to window w.
    const args = ['--window', String(w), '--port', String(counterBase + w - 1), '--host', host, '--hall', hallUrl, '--data', `${dataDir}/counter-${w}`, '--renderer', resolve(values.renderer!), '--enroll', `COUNTER-DEMO-${w}`];
    if (tls) args.push('--hall-fingerprint', tls.fingerprint);
    if (dev?.idCardPort) args.push('--idcard', dev.idCardPort);
    if (dev?.printer) args.push('--printer', dev.printer);
    if (dev?.keyBoxPort) args.push('--keybox', dev.keyBoxPort);
    if (dev?.ledPort) args.push('--led', dev.ledPort);
    if (dev?.simControl) args.push('--sim-control', dev.simControl);
    const c = await startTs<{ url: string; pairCode: string }>(`counter-${w}`, 'electron/core/main.ts', args, { readyTag: 'COUNTER_READY' });
    started.push(c);
    cores.push(c);
  }

  const lines = [
    '',
    '窗口通 演示大厅已启动 (Hall Counter demo is running)',
    '',
    `  大厅服务器 hall server     ${hallUrl}   (API: ${hallUrl}/api/openapi.json)`,
    ...(tls ? [`  证书指纹 certificate SHA-256 ${tls.fingerprint}  (自签名，浏览器会提示 self-signed: accept once)`] : []),
    `  取号机     kiosk           ${hallUrl}/#/kiosk?enroll=KIOSK-DEMO`,
    `  叫号大屏   display         ${hallUrl}/#/display?enroll=DISPLAY-DEMO`,
    `  大厅管理   manager         ${hallUrl}/#/manager`,
    ...cores.flatMap((c, i) => [
      `  ${i + 1} 号窗口   counter ${i + 1}       ${c.info.url}/#/counter`,
      `  ${i + 1} 号评价器 pad ${i + 1}           ${c.info.url}/#/pad      (平板配对码 pairing code ${c.info.pairCode})`,
    ]),
    '',
    `  演示账号 accounts: 管理员 M001；窗口人员 C001–C006（C00N 在 N 号窗口）；密码均为 ${values['demo-password']}`,
    ...(devices && devices.describe().length ? ['', '  模拟设备 simulators:', ...devices.describe().map((l) => `    ${l}`)] : []),
    '',
    '  按 Ctrl-C 停止所有进程 (Ctrl-C stops everything)',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  process.stdout.write(`DEMO_READY ${JSON.stringify({ hallUrl, fingerprint: tls?.fingerprint ?? null, counters: cores.map((c) => c.info), devices: devices?.info() ?? null })}\n`);
  for (const s of started) {
    s.proc.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${s.name} 意外退出（${code}），正在停止演示\n`);
        void stopAll(1);
      }
    });
  }
} catch (err) {
  process.stderr.write(`演示启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll(1);
}
