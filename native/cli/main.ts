// counter-devices: the technician's tool for the counter's devices. Run `counter-devices help`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CodedError } from '../../domain/api/errors';
import { maskIdNumber, maskName } from '../../domain/idNumber';
import { receiptTemplates, type ReceiptTemplate } from '../../domain/receipts/schemas';
import { IdCardReader, discoverIdCardPort, type CardRead } from '../idcard/reader';
import { cardFixtures, type CardFixtureName } from '../idcard/fixtures';
import { startIdCardSimulator } from '../idcard/simulator';
import { createReceiptPrinter } from '../printer/printer';
import { isReceiptTemplate, renderReceipt } from '../printer/render';
import { startPrinterSink } from '../printer/sink';
import { KeyBoxEvaluator } from '../evaluator/keybox';
import { startKeyBoxSimulator } from '../evaluator/simulator';
import { LedBar } from '../led/ledBar';
import { startLedSimulator } from '../led/simulator';
import { SCROLL_MODES, type ScrollMode } from '../led/protocol';
import { listSerialPorts } from '../serial/ports';
import { Exit, exitCodeFor } from './exit';

const HELP = `counter-devices — 窗口设备调试工具

  list                                          列出串口
  idcard read  [--port P] [--baud B] [--json] [--timeout 秒]
                                                读一次身份证（不给 --port 时自动探测）
  idcard watch --port P [--baud B] [--interval 毫秒]
                                                持续检测放卡/取卡（姓名、号码脱敏显示）
  printer print  TEMPLATE --data FILE.json --interface I [--width 58|80]
  printer render TEMPLATE --data FILE.json --out FILE(.html|.bin|.txt) [--width 58|80]
  printer status --interface I
  evaluator test --port P [--baud B] [--timeout 秒]
  led show --port P [--baud B] [--scroll static|left|flash] [--speed 1-9] [--brightness 0-15] TEXT
  simulate idcard [--card ${Object.keys(cardFixtures).join('|')}|none] [--baud B]
  simulate printer [--tcp-port 9100]
  simulate evaluator
  simulate led

  TEMPLATE: ${receiptTemplates.join(' | ')}
  I: tcp://主机:端口 | serial:/dev/ttyUSB0?baud=9600 | /dev/usb/lp0

退出码：0 成功 · 1 其他错误 · 2 用法错误 · 3 设备/串口不存在或离线 · 4 设备无应答 · 5 设备报告错误 · 6 数据文件错误`;

const usage = (msg: string) => new CodedError('USAGE', msg);

const { values: opt, positionals: pos } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    baud: { type: 'string' },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    interval: { type: 'string' },
    data: { type: 'string' },
    interface: { type: 'string' },
    width: { type: 'string' },
    out: { type: 'string' },
    card: { type: 'string' },
    'tcp-port': { type: 'string' },
    scroll: { type: 'string' },
    speed: { type: 'string' },
    brightness: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const num = (v: string | undefined, name: string, dflt?: number): number => {
  if (v === undefined) {
    if (dflt === undefined) throw usage(`缺少 --${name}`);
    return dflt;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) throw usage(`--${name} 应为数字：${v}`);
  return n;
};
const need = (v: string | undefined, name: string): string => {
  if (!v) throw usage(`缺少 --${name}`);
  return v;
};

function cardJson(r: CardRead) {
  return { ...r.card, photo: r.photo.status === 'decoded' ? '照片已解码' : r.photo.message };
}

function readData(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CodedError('DATA_JSON', `无法读取数据文件 ${file}：${(e as Error).message}`);
  }
}

function template(t: string | undefined): ReceiptTemplate {
  if (!t) throw usage(`缺少模板名（${receiptTemplates.join('、')}）`);
  if (!isReceiptTemplate(t)) throw new CodedError('RECEIPT_TEMPLATE_UNKNOWN', `没有名为 ${t} 的票据模板（可用：${receiptTemplates.join('、')}）`);
  return t;
}

const waitForever = () => new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));

/** Interactive simulator control from stdin. */
function commands(handlers: Record<string, (args: string[]) => Promise<void> | void>): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', async (line) => {
      const [cmd = '', ...args] = line.trim().split(/\s+/);
      if (!cmd) return;
      if (cmd === 'quit' || cmd === 'exit') return rl.close();
      const h = handlers[cmd];
      if (!h) return console.log(`命令：${[...Object.keys(handlers), 'quit'].join(' | ')}`);
      try {
        await h(args);
      } catch (e) {
        console.log(`错误：${(e as Error).message}`);
      }
    });
    rl.on('close', resolve);
    process.once('SIGINT', () => rl.close());
  });
}

async function main(): Promise<number> {
  const [group, action, ...rest] = pos;
  if (!group || opt.help || group === 'help') {
    console.log(HELP);
    return group || opt.help ? Exit.ok : Exit.usage;
  }
  const baud = num(opt.baud, 'baud', 115200);

  if (group === 'list') {
    const l = await listSerialPorts();
    if (l.message) console.log(`提示：${l.message}`);
    if (!l.ports.length) console.log('没有找到串口设备。');
    for (const p of l.ports) console.log([p.path, p.manufacturer, p.vendorId && `${p.vendorId}:${p.productId}`].filter(Boolean).join('  '));
    return Exit.ok;
  }

  if (group === 'idcard') {
    if (action !== 'read' && action !== 'watch') throw usage('用法：idcard read|watch --port P');
    let port = opt.port;
    if (!port) {
      if (action === 'watch') throw usage('缺少 --port');
      const l = await listSerialPorts();
      port =
        (await discoverIdCardPort(
          l.ports.map((p) => p.path),
          baud,
          2000,
        )) ?? undefined;
      if (!port)
        throw new CodedError('IDCARD_PORT_NOT_FOUND', `没有在 ${l.ports.length} 个串口上找到身份证阅读器（已发送状态查询 11 FF），请检查连接或用 --port 指定`);
      console.error(`已找到阅读器：${port}`);
    }
    const reader = new IdCardReader({ path: port, baudRate: baud, pollIntervalMs: num(opt.interval, 'interval', 500) });
    if (action === 'read') {
      try {
        await reader.open();
        await reader.status();
        const r = await reader.readOnce(num(opt.timeout, 'timeout', 10) * 1000);
        if (opt.json) console.log(JSON.stringify(cardJson(r), null, 2));
        else {
          const c = r.card;
          console.log(`${c.kindLabel}  ${maskName(c.name)}  ${maskIdNumber(c.idNumber)}  有效期至 ${c.validTo ?? '—'}`);
          if (c.idNumberValid === false) console.log(`警告：${c.idNumberProblem}`);
          if (c.expired) console.log('警告：证件已过期');
          console.log(`照片：${r.photo.message}`);
        }
        return Exit.ok;
      } finally {
        await reader.close();
      }
    }
    reader.on('status', (s) => console.log(`[状态] ${s.message}`));
    reader.on('error', (e) => console.log(`[错误] ${e.code} ${e.message}`));
    reader.on('card', (r) =>
      console.log(`[放卡] ${r.card.kindLabel} ${maskName(r.card.name)} ${maskIdNumber(r.card.idNumber)}${r.card.expired ? '（已过期）' : ''}`),
    );
    reader.on('removed', () => console.log('[取卡]'));
    reader.start();
    console.log('按 Ctrl+C 结束');
    await waitForever();
    await reader.close();
    return Exit.ok;
  }

  if (group === 'printer') {
    if (action === 'render') {
      const t = template(rest[0]);
      const out = need(opt.out, 'out');
      const r = renderReceipt(t, readData(need(opt.data, 'data')) as never, { widthMm: num(opt.width, 'width', 80) });
      if (out.endsWith('.html')) writeFileSync(out, r.html);
      else if (out.endsWith('.txt')) writeFileSync(out, r.lines.join('\n') + '\n');
      else writeFileSync(out, r.bytes);
      console.log(`已生成 ${out}（${r.cols} 列，${r.lines.length} 行，ESC/POS ${r.bytes.length} 字节）`);
      return Exit.ok;
    }
    const printer = createReceiptPrinter({ interface: need(opt.interface, 'interface'), widthMm: num(opt.width, 'width', 80) });
    try {
      if (action === 'status') {
        const s = await printer.status();
        console.log(`${s.message}（${s.code}）`);
        return s.online ? Exit.ok : s.paper === 'out' ? Exit.deviceError : Exit.notFound;
      }
      if (action !== 'print') throw usage('用法：printer print|render|status …');
      const t = template(rest[0]);
      const data = readData(need(opt.data, 'data'));
      const before = await printer.status();
      if (!before.online) throw new CodedError(before.code, before.message);
      await printer.print(t, data as never);
      console.log(`已发送到 ${printer.interfaceName}；${(await printer.status()).message}`);
      return Exit.ok;
    } finally {
      await printer.close();
    }
  }

  if (group === 'evaluator') {
    if (action !== 'test') throw usage('用法：evaluator test --port P');
    const ev = new KeyBoxEvaluator({ path: need(opt.port, 'port'), baudRate: num(opt.baud, 'baud', 9600) });
    try {
      await ev.open();
      const clerk = { name: '测试员', workNo: 'TEST01', stars: 5, photo: null };
      await ev.showClerk(clerk);
      const secs = num(opt.timeout, 'timeout', 15);
      console.log(`评价器已显示测试工作人员，请在 ${secs} 秒内按任一评价键…`);
      const o = await ev.requestRating({
        requestId: `test-${Date.now()}`,
        clerk,
        case: { ticketNumber: 'T000', serviceName: '设备测试' },
        timeoutMs: secs * 1000,
        badReasons: [
          { code: 'T1', label: '测试原因一' },
          { code: 'T2', label: '测试原因二' },
        ],
      });
      if (o.kind !== 'rated') {
        console.log(o.kind === 'timeout' ? '超时：没有收到按键（通信正常，但无人按键）' : '已取消');
        return Exit.timeout;
      }
      console.log(`收到评价：${o.rating.level}${o.rating.reasonCodes.length ? ` 原因 ${o.rating.reasonCodes.join(',')}` : ''}`);
      await ev.clear();
      return Exit.ok;
    } finally {
      await ev.close();
    }
  }

  if (group === 'led') {
    if (action !== 'show') throw usage('用法：led show --port P TEXT');
    const text = rest.join(' ');
    if (!text) throw usage('缺少要显示的文字');
    const scroll = (opt.scroll ?? 'static') as ScrollMode;
    if (!SCROLL_MODES.includes(scroll)) throw usage(`--scroll 应为 ${SCROLL_MODES.join('|')}`);
    const led = new LedBar({ path: need(opt.port, 'port'), baudRate: num(opt.baud, 'baud', 9600) });
    try {
      await led.open();
      if (opt.brightness !== undefined) await led.setBrightness(num(opt.brightness, 'brightness'));
      await led.show(text, { scroll, speed: num(opt.speed, 'speed', 5) });
      console.log('窗口屏已显示');
      return Exit.ok;
    } finally {
      await led.close();
    }
  }

  if (group === 'simulate') {
    if (action === 'idcard') {
      const card = opt.card ?? 'resident';
      if (card !== 'none' && !(card in cardFixtures)) throw usage(`--card 应为 ${Object.keys(cardFixtures).join('|')}|none`);
      const sim = await startIdCardSimulator({ baud: opt.baud ? baud : 115200, card: card === 'none' ? null : (card as CardFixtureName) });
      console.log(`身份证阅读器模拟器：${sim.path}（${sim.baud} 波特）`);
      console.log(`命令：insert ${Object.keys(cardFixtures).join('|')} · remove · badsum [n] · slow ms · silent · ok · unplug · replug · quit`);
      await commands({
        insert: ([n = 'resident']) => {
          if (!(n in cardFixtures)) throw new Error(`没有卡片 ${n}`);
          sim.insertCard(n as CardFixtureName);
        },
        remove: () => sim.removeCard(),
        badsum: ([n = '1']) => sim.setFaults({ badChecksum: Number(n) }),
        slow: ([ms = '500']) => sim.setFaults({ delayMs: Number(ms) }),
        silent: () => sim.setFaults({ silent: true }),
        ok: () => sim.setFaults({}),
        unplug: () => sim.unplug(),
        replug: () => sim.replug(),
      });
      await sim.close();
      return Exit.ok;
    }
    if (action === 'printer') {
      const sink = await startPrinterSink({ port: num(opt['tcp-port'], 'tcp-port', 9100) });
      console.log(`打印机模拟器：${sink.url}   命令：paperout · paper · offline · online · quit`);
      sink.onReceipt((r) => console.log(`----- 收到票据 ${r.bytes} 字节 -----\n${r.lines.join('\n')}\n-----`));
      await commands({
        paperout: () => sink.setPaperOut(true),
        paper: () => sink.setPaperOut(false),
        offline: () => sink.setOffline(true),
        online: () => sink.setOffline(false),
      });
      await sink.close();
      return Exit.ok;
    }
    if (action === 'evaluator') {
      const sim = await startKeyBoxSimulator();
      console.log(`评价器模拟器：${sim.path}   命令：press 1-5 [原因序号…] · unplug · replug · quit`);
      sim.onChange((d) =>
        console.log(
          `[显示] ${d.clerk ? `${d.clerk.name} ${d.clerk.workNo} ${'★'.repeat(d.clerk.stars)}` : '（空）'} ${d.caseLine}${d.ratingUntil ? ' 请评价' : ''}${d.reasons.length ? ` 原因：${d.reasons.map((r, i) => `${i + 1}.${r}`).join(' ')}` : ''}`,
        ),
      );
      await commands({
        press: async ([k = '1', ...reasons]) => console.log(`应答：${(await sim.press(Number(k), reasons.map(Number))).status}`),
        unplug: () => sim.unplug(),
        replug: () => sim.replug(),
      });
      await sim.close();
      return Exit.ok;
    }
    if (action === 'led') {
      const sim = await startLedSimulator();
      console.log(`窗口屏模拟器：${sim.path}   命令：unplug · replug · quit`);
      sim.onChange((d) => console.log(`[窗口屏] ${d.text || '（空）'}  滚动=${d.scroll} 速度=${d.speed} 亮度=${d.brightness}`));
      await commands({ unplug: () => sim.unplug(), replug: () => sim.replug() });
      await sim.close();
      return Exit.ok;
    }
    throw usage('用法：simulate idcard|printer|evaluator|led');
  }

  throw usage(`未知命令：${group}（运行 counter-devices help 查看用法）`);
}

main()
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    const err = e instanceof CodedError ? e : null;
    console.error(err ? `错误（${err.code}）：${err.message}` : `错误：${(e as Error).message}`);
    if (err?.code === 'USAGE') console.error('运行 counter-devices help 查看用法');
    process.exit(exitCodeFor(e));
  });
