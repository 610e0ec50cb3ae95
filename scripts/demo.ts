// `npm run demo`: the whole hall on one machine in browser mode. The city central (embedded
// PostgreSQL, demo seed, serving the #/city console), the hall server with the demo seed
// uplinked to it, counter cores for windows 1..N, and the device simulators (ID reader and key
// box on ptys, receipt printer as a TCP sink, LED bar). `--halls 2` adds a second hall
// (示例市高新区政务服务中心) with its own counters; `--no-central` runs the hall alone.
// The hall server is supervised: if it dies it is started again (--restart-delay ms), and typing
// `hall stop` / `hall start` / `hall restart` on the demo's input takes it down and up on purpose,
// so anyone can watch a counter go offline (walk-in mode, queued sync) and come back.
// Prints every role's URL; Ctrl-C stops all.
import { parseArgs } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startTs, supervise, type Started, type Supervised } from './processes';
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
    'restart-delay': { type: 'string', default: '3000' },
    'no-central': { type: 'boolean', default: false },
    'central-port': { type: 'string' },
    halls: { type: 'string', default: '1' },
    'hall2-port': { type: 'string' },
    'hall2-counters': { type: 'string' },
  },
});

/** The central prints one JSON line {central:'listening', url, port}. */
function centralReady(line: string): { url: string } | null {
  if (!line.startsWith('{"central":"listening"')) return null;
  return JSON.parse(line) as { url: string };
}

const hallPort = Number(values['hall-port']);
const counterBase = Number(values['counter-port'] ?? hallPort + 1);
const counters = Number(values.counters);
const dataDir = resolve(values.data!);
const host = values.host!;
const withCentral = !values['no-central'];
const centralPort = Number(values['central-port'] ?? 7400);
const halls = Math.min(2, Math.max(1, Number(values.halls)));
const hall2Port = Number(values['hall2-port'] ?? hallPort + 50);
const hall2Counters = Number(values['hall2-counters'] ?? counters);

const started: Started[] = [];
let hallSup: Supervised<{ url: string }> | null = null;
let devices: DeviceSet | null = null;
let stopping = false;

async function stopAll(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\n正在停止演示大厅…\n');
    await Promise.all([...started.reverse().map((s) => s.stop()), hallSup?.close()]);
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
  const tls = values['no-tls']
    ? null
    : makeSelfSignedCert(`${dataDir}/tls`, ['localhost', '127.0.0.1', ...(host === '127.0.0.1' || host === '0.0.0.0' ? [] : [host])]);
  let centralUrl: string | null = null;
  if (withCentral) {
    const central = await startTs<{ url: string }>(
      'central',
      'central/main.ts',
      [
        '--port',
        String(centralPort),
        '--host',
        host,
        '--data',
        `${dataDir}/central`,
        '--seed',
        'demo',
        '--renderer',
        resolve(values.renderer!),
        '--log-level',
        'warn',
      ],
      { readyTag: 'CENTRAL_READY', ready: centralReady, timeoutMs: 120_000 },
    );
    started.push(central);
    centralUrl = `http://${host}:${centralPort}`;
  }
  // The demo seed's enrollment codes (central/seed.ts) are reusable in demo mode only.
  const uplinkArgs = (code: string) => (centralUrl ? ['--central', centralUrl, '--central-code', code] : []);

  const tlsArgs = tls ? ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile] : [];
  const hallArgs = [
    '--port',
    String(hallPort),
    '--host',
    host,
    '--data',
    `${dataDir}/hall`,
    '--seed',
    'demo',
    '--demo-password',
    values['demo-password']!,
    '--renderer',
    resolve(values.renderer!),
    ...tlsArgs,
    ...(devices ? ['--kiosk-printer', devices.kioskPrinter, '--sms-gateway', devices.smsGateway] : []),
    ...uplinkArgs('HALL1-DEMO'),
  ];
  const launchHall = () => startTs<{ url: string }>('hall', 'server/main.ts', hallArgs, { readyTag: 'HALL_READY', ready: hallReady });
  const hall = await launchHall();
  // Supervised, not in `started`: its exit restarts it instead of ending the demo.
  hallSup = supervise('hall', launchHall, hall, {
    restartDelayMs: Number(values['restart-delay']),
    onEvent: (e) => {
      const say: Record<typeof e.kind, string> = {
        exited: `大厅服务器退出（${e.code ?? 'signal'}），${values['restart-delay']} 毫秒后重启；窗口将转为离线模式`,
        restarted: `大厅服务器已重启（pid ${e.pid}），窗口将自动恢复在线`,
        stopped: '大厅服务器已停止（输入 hall start 重新启动）',
        started: `大厅服务器已启动（pid ${e.pid}）`,
        restartFailed: `大厅服务器重启失败：${e.error}，稍后重试`,
      };
      process.stdout.write(`${say[e.kind]}\nDEMO_HALL ${JSON.stringify(e)}\n`);
    },
  });
  const hallUrl = `${tls ? 'https' : 'http'}://${host}:${hallPort}`;

  const cores: Started<{ url: string; pairCode: string }>[] = [];
  for (let w = 1; w <= counters; w++) {
    const dev = devices?.perWindow[w - 1];
    // Each counter enrolls with its window's reusable demo code: its device token is bound to window w.
    const args = [
      '--window',
      String(w),
      '--port',
      String(counterBase + w - 1),
      '--host',
      host,
      '--hall',
      hallUrl,
      '--data',
      `${dataDir}/counter-${w}`,
      '--renderer',
      resolve(values.renderer!),
      '--enroll',
      `COUNTER-DEMO-${w}`,
    ];
    if (tls) args.push('--hall-fingerprint', tls.fingerprint);
    if (dev?.idCardPort) args.push('--idcard', dev.idCardPort);
    if (dev?.printer) args.push('--printer', dev.printer);
    if (dev?.keyBoxPort) args.push('--keybox', dev.keyBoxPort);
    if (dev?.ledPort) args.push('--led', dev.ledPort);
    if (dev?.simControl) args.push('--sim-control', dev.simControl);
    if (devices) args.push('--licence-service', devices.licenceService);
    const c = await startTs<{ url: string; pairCode: string }>(`counter-${w}`, 'electron/core/main.ts', args, { readyTag: 'COUNTER_READY' });
    started.push(c);
    cores.push(c);
  }

  // The second hall: its own server, data and counters (no device simulators), uplinked as 高新区.
  let hall2Url: string | null = null;
  const cores2: Started<{ url: string; pairCode: string }>[] = [];
  if (halls === 2) {
    const hall2 = await startTs<{ url: string }>(
      'hall2',
      'server/main.ts',
      [
        '--port',
        String(hall2Port),
        '--host',
        host,
        '--data',
        `${dataDir}/hall2`,
        '--seed',
        'demo',
        '--demo-password',
        values['demo-password']!,
        '--renderer',
        resolve(values.renderer!),
        ...tlsArgs,
        ...uplinkArgs('HALL2-DEMO'),
      ],
      { readyTag: 'HALL_READY', ready: hallReady },
    );
    started.push(hall2);
    hall2Url = `${tls ? 'https' : 'http'}://${host}:${hall2Port}`;
    for (let w = 1; w <= hall2Counters; w++) {
      const c = await startTs<{ url: string; pairCode: string }>(
        `hall2-counter-${w}`,
        'electron/core/main.ts',
        [
          '--window',
          String(w),
          '--port',
          String(hall2Port + w),
          '--host',
          host,
          '--hall',
          hall2Url,
          '--data',
          `${dataDir}/hall2-counter-${w}`,
          '--renderer',
          resolve(values.renderer!),
          '--enroll',
          `COUNTER-DEMO-${w}`,
          ...(tls ? ['--hall-fingerprint', tls.fingerprint] : []),
        ],
        { readyTag: 'COUNTER_READY' },
      );
      started.push(c);
      cores2.push(c);
    }
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
    ...(hall2Url
      ? [
          '',
          `  第二大厅 hall 2（示例市高新区政务服务中心） ${hall2Url}/#/manager`,
          ...cores2.map((c, i) => `  高新区 ${i + 1} 号窗口 counter ${i + 1}   ${c.info.url}/#/counter`),
        ]
      : []),
    ...(centralUrl
      ? [
          '',
          `  市级中心   city central    ${centralUrl}   (API: ${centralUrl}/api/city/…)`,
          `  市级监管   city console    ${centralUrl}/#/city      (市级监管员 S001 / demo)`,
        ]
      : []),
    '',
    `  演示账号 accounts: 管理员 M001；窗口人员 C001–C006（C00N 在 N 号窗口）；密码均为 ${values['demo-password']}`,
    ...(devices && devices.describe().length ? ['', '  模拟设备 simulators:', ...devices.describe().map((l) => `    ${l}`)] : []),
    '',
    `  离线演示 offline: 输入 hall stop / hall start / hall restart（或 kill 大厅进程 pid ${hall.proc.pid}，${values['restart-delay']} 毫秒后自动重启）`,
    '  按 Ctrl-C 停止所有进程 (Ctrl-C stops everything)',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  process.stdout.write(
    `DEMO_READY ${JSON.stringify({ hallUrl, fingerprint: tls?.fingerprint ?? null, hallPid: hall.proc.pid, counters: cores.map((c) => c.info), devices: devices?.info() ?? null, centralUrl, hall2Url, hall2Counters: cores2.map((c) => c.info) })}\n`,
  );
  // Commands on the demo's input: take the hall down and up on purpose.
  createInterface({ input: process.stdin }).on('line', (line) => {
    const cmd = line.trim();
    const sup = hallSup!;
    if (cmd === 'hall stop') void sup.stop();
    else if (cmd === 'hall start') void sup.start().catch(() => undefined);
    else if (cmd === 'hall restart')
      void sup
        .stop()
        .then(() => sup.start())
        .catch(() => undefined);
    else if (cmd) process.stdout.write('可用命令：hall stop | hall start | hall restart\n');
  });
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
