// `npm run hall -- --port 7300 --data DIR --seed demo [--demo-password X] [--host 127.0.0.1]
//   [--tls-cert cert.pem --tls-key key.pem] [--key-file FILE] [--cipher aes-256-gcm|sm4-cbc-hmac-sm3]
//   [--allowed-hosts hall.example,10.0.0.5]`  (HALL_KEYRING=<keyring JSON> instead of a key file)
//   [--central URL --central-code CODE] (the city uplink, docs/central.md)
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startHallServer } from './app';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7300' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: '.data/hall' },
    seed: { type: 'string' },
    'bench-windows': { type: 'string' },
    'demo-password': { type: 'string' },
    renderer: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    'time-zone': { type: 'string', default: 'Asia/Shanghai' },
    'session-ttl': { type: 'string' },
    synchronous: { type: 'string' },
    'public-url': { type: 'string' },
    'sms-gateway': { type: 'string' },
    'kiosk-printer': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'key-file': { type: 'string' },
    cipher: { type: 'string' },
    'allowed-hosts': { type: 'string' },
    /** Benchmarks only: store applicant fields in plain text (the baseline of the encryption cost). */
    'plain-at-rest': { type: 'boolean', default: false },
    central: { type: 'string' },
    'central-code': { type: 'string' },
  },
  strict: true,
});

if (values.seed && values.seed !== 'demo' && values.seed !== 'bench') {
  console.error(`未知的种子数据 --seed ${values.seed}（可用: demo, bench）`);
  process.exit(2);
}

if (!!values['tls-cert'] !== !!values['tls-key']) {
  console.error('--tls-cert 与 --tls-key 须同时提供');
  process.exit(2);
}
if (values.cipher && values.cipher !== 'aes-256-gcm' && values.cipher !== 'sm4-cbc-hmac-sm3') {
  console.error(`未知的加密算法 --cipher ${values.cipher}（可用: aes-256-gcm, sm4-cbc-hmac-sm3）`);
  process.exit(2);
}

const server = await startHallServer({
  port: Number(values.port),
  host: values.host,
  dataDir: values.data,
  seed: values.seed as 'demo' | 'bench' | undefined,
  benchWindows: values['bench-windows'] ? Number(values['bench-windows']) : undefined,
  demoPassword: values['demo-password'],
  rendererDir: values.renderer,
  logLevel: values['log-level'],
  timeZone: values['time-zone'],
  sessionTtlSeconds: values['session-ttl'] ? Number(values['session-ttl']) : undefined,
  synchronous: values.synchronous === 'FULL' ? 'FULL' : 'NORMAL',
  publicBaseUrl: values['public-url'] ?? process.env.HALL_PUBLIC_URL,
  smsGatewayUrl: values['sms-gateway'] ?? process.env.HALL_SMS_GATEWAY,
  kioskPrinter: values['kiosk-printer'],
  tls: values['tls-cert'] && values['tls-key'] ? { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) } : undefined,
  keyFile: values['key-file'],
  keyringJson: process.env.HALL_KEYRING || undefined,
  cipher: values.cipher as 'aes-256-gcm' | 'sm4-cbc-hmac-sm3' | undefined,
  allowedHosts: values['allowed-hosts']?.split(','),
  encryptAtRest: !values['plain-at-rest'],
  centralUrl: values.central,
  centralCode: values['central-code'],
});
// One machine-readable line for scripts and tests that spawn this process.
console.log(JSON.stringify({ hall: 'listening', url: server.url, port: server.port }));

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
