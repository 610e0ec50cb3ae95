// The one device-set starter (demo, embedded hall, tests): simulated devices, one set per window,
// all speaking the real protocols: an ID card
// reader on a socat pty (GA/T 467 frames), a receipt printer as a TCP sink decoding ESC/POS, the
// evaluator key box and the window LED bar on ptys. A small HTTP control endpoint on 127.0.0.1
// lets the demo (a "模拟刷卡" button in the counter UI, through the core's devices.simulateCard)
// and the e2e tests put a card on a reader and read what each printer printed:
//   POST {controlUrl}/w/{n}/card      {"fixture":"resident"|"rareName"|…, "remove":false}
//   GET  {controlUrl}/w/{n}/printer   → {"receipts":[{lines, qr, receivedAt}]}
//   GET  {controlUrl}/w/{n}/led       → {"text": …}
//   POST {controlUrl}/w/{n}/keybox    {"level":"satisfied","reasons":[1]}
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startIdCardSimulator, type IdCardSimulator } from './idcard/simulator';
import { cardFixtures, type CardFixtureName } from './idcard/fixtures';
import { startPrinterSink, type PrinterSink } from './printer/sink';
import { startLedSimulator, type LedSimulator } from './led/simulator';
import { startKeyBoxSimulator, type KeyBoxSimulator } from './evaluator/simulator';
import { startFakeSmsGateway, type FakeSmsGateway } from './sms/fakeGateway';
import { startLicenceSimulator, type LicenceSimulator } from './licences/simulator';

export interface WindowDevices {
  idCardPort?: string;
  printer?: string;
  keyBoxPort?: string;
  ledPort?: string;
  /** Base URL of this window's simulator control (passed to the core as --sim-control). */
  simControl?: string;
}

export interface DeviceSet {
  perWindow: WindowDevices[];
  /** The kiosk's receipt printer (tcp://…), a TCP sink like the counters' (issue 17). */
  kioskPrinter: string;
  /** Where the hall sends SMS: the fake gateway (native/sms/fakeGateway.ts). */
  smsGateway: string;
  /** The city's 电子证照 library (native/licences/simulator.ts), shared by every window. */
  licenceService: string;
  describe(): string[];
  info(): unknown;
  close(): Promise<void>;
}

interface WindowSims {
  idcard: IdCardSimulator;
  printer: PrinterSink;
  led: LedSimulator | null;
  keybox: KeyBoxSimulator | null;
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of req) body += chunk;
  if (body.length > 10_000) throw new Error('too large');
  return body ? (JSON.parse(body) as Record<string, unknown>) : {};
}

/** One simulated reader, printer, key box and LED bar per window (windows numbered from 1), with the control endpoint. */
export async function startDeviceSet(windows: number): Promise<DeviceSet> {
  const sims: WindowSims[] = [];
  let kiosk: PrinterSink | null = null;
  let sms: FakeSmsGateway | null = null;
  let licences: LicenceSimulator | null = null;
  try {
    kiosk = await startPrinterSink();
    sms = await startFakeSmsGateway();
    licences = await startLicenceSimulator();
    for (let w = 1; w <= windows; w++) {
      const idcard = await startIdCardSimulator({ baud: 115200 });
      const printer = await startPrinterSink();
      // The LED bar and key box are optional extras: a failure there must not stop the demo.
      const led = await startLedSimulator().catch(() => null);
      const keybox = await startKeyBoxSimulator().catch(() => null);
      sims.push({ idcard, printer, led, keybox });
    }
  } catch (err) {
    await Promise.all(sims.map((s) => closeWindow(s)));
    await Promise.all([kiosk?.close(), sms?.close(), licences?.close()].map((p) => p?.catch(() => undefined)));
    throw err;
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    // The kiosk's tickets as printed (QR payload = the tracking URL) and the SMS the fake gateway received.
    if (req.url === '/kiosk/printer' && req.method === 'GET')
      return send(200, { receipts: kiosk!.receipts.map((r) => ({ lines: r.lines, qr: r.qr, receivedAt: r.receivedAt })) });
    if (req.url === '/sms' && req.method === 'GET') return send(200, { messages: sms!.messages });
    const m = /^\/w\/(\d+)\/(card|printer|led|keybox)$/.exec(req.url ?? '');
    const sim = m ? sims[Number(m[1]) - 1] : undefined;
    if (!m || !sim) return send(404, { code: 'NOT_FOUND', message: '没有这个模拟设备' });
    void (async () => {
      try {
        if (m[2] === 'card' && req.method === 'POST') {
          const b = await readJson(req);
          if (b.remove) sim.idcard.removeCard();
          else {
            const name = String(b.fixture ?? 'resident') as CardFixtureName;
            if (!(name in cardFixtures))
              return send(400, { code: 'UNKNOWN_FIXTURE', message: `没有名为 ${name} 的模拟证件（可用：${Object.keys(cardFixtures).join('、')}）` });
            // A card lies on the reader until taken off; take it off after a few polls so the next read works.
            sim.idcard.insertCard(name);
            setTimeout(() => sim.idcard.removeCard(), 2500).unref();
          }
          return send(200, { ok: true });
        }
        if (m[2] === 'printer' && req.method === 'GET')
          return send(200, { receipts: sim.printer.receipts.map((r) => ({ lines: r.lines, qr: r.qr, receivedAt: r.receivedAt })) });
        if (m[2] === 'led' && req.method === 'GET') return send(200, sim.led?.display ?? null);
        if (m[2] === 'keybox' && req.method === 'POST' && sim.keybox) {
          const b = await readJson(req);
          return send(200, await sim.keybox.press(b.level as never, (b.reasons as number[] | undefined) ?? []));
        }
        send(405, { code: 'METHOD', message: '不支持的操作' });
      } catch (err) {
        send(500, { code: 'SIM_ERROR', message: (err as Error).message });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const controlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const perWindow: WindowDevices[] = sims.map((s, i) => ({
    idCardPort: s.idcard.path,
    printer: s.printer.url,
    ...(s.keybox ? { keyBoxPort: s.keybox.path } : {}),
    ...(s.led ? { ledPort: s.led.path } : {}),
    simControl: `${controlUrl}/w/${i + 1}`,
  }));

  return {
    perWindow,
    kioskPrinter: kiosk.url,
    smsGateway: sms.url,
    licenceService: licences.url,
    describe: () => [
      `电子证照库（模拟） ${licences!.url}（停用/恢复：curl -X POST ${licences!.url}/control/down -d '{"down":true}'）`,
      `取号机打印机 ${kiosk!.url}（打印内容：curl ${controlUrl}/kiosk/printer） · 短信网关（模拟） ${sms!.url}（收到的短信：curl ${controlUrl}/sms）`,
      ...perWindow.map(
        (p, i) => `${i + 1} 号窗口：身份证阅读器 ${p.idCardPort} · 打印机 ${p.printer} · 评价器 ${p.keyBoxPort ?? '无'} · 窗口屏 ${p.ledPort ?? '无'}`,
      ),
      `模拟刷卡：在窗口界面点“模拟刷卡”，或 curl -X POST ${controlUrl}/w/1/card -d '{"fixture":"resident"}'`,
      `打印内容：curl ${controlUrl}/w/1/printer`,
    ],
    info: () => ({ controlUrl, perWindow, kioskPrinter: kiosk!.url, smsGateway: sms!.url, licenceService: licences!.url }),
    close: async () => {
      await Promise.all([kiosk?.close(), sms?.close(), licences?.close()].map((p) => p?.catch(() => undefined)));
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.all(sims.map((s) => closeWindow(s)));
    },
  };
}

async function closeWindow(s: WindowSims): Promise<void> {
  await Promise.all([s.idcard.close(), s.printer.close(), s.led?.close(), s.keybox?.close()].map((p) => p?.catch(() => undefined)));
}
