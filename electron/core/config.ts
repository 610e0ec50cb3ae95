// How a counter core is configured: which window it is, where the hall server is, where its
// data lives and which device ports it drives. From CLI flags (browser mode, demo) or from
// the Electron main process (which reads the same keys from the counter's config file).
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const coreConfigSchema = z.object({
  windowNo: z.number().int().min(1),
  hallUrl: z.string().url(),
  dataDir: z.string(),
  deviceId: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).default(7301),
  host: z.string().default('127.0.0.1'),
  rendererDir: z.string().default('out/renderer'),
  /** Enrollment code for this counter device (first start only). */
  enrollCode: z.string().optional(),
  idCardPort: z.string().optional(),
  idCardBaud: z.number().int().default(115200),
  printer: z.string().optional(),
  printerWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
  keyBoxPort: z.string().optional(),
  ledPort: z.string().optional(),
  ratingTimeoutMs: z.number().int().min(3000).default(60_000),
  /** 6-digit hall code (行政区划代码 by default) and this counter's 3-digit device code: the case-number prefix. */
  hallCode: z
    .string()
    .regex(/^\d{6}$/)
    .default('110101'),
  deviceCode: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
  /** Demo/test: URL of the demo's simulator control endpoint for this window (enables devices.simulateCard). */
  simControl: z.string().url().optional(),
  /** The city's 电子证照 library (免提交, docs/licences.md); absent = no 「调取电子证照」. */
  licenceService: z.string().url().optional(),
  /** How long a citizen's consent to fetch his licences lasts (ms). */
  licenceConsentMs: z
    .number()
    .int()
    .min(10_000)
    .max(3_600_000)
    .default(15 * 60_000),
  /** Days of working time before the due date that count as "due soon". */
  dueSoonDays: z.number().int().min(0).max(30).default(2),
  /** How long a hall manager's unlock for admin actions lasts at this window (ms). */
  managerUnlockMs: z
    .number()
    .int()
    .min(1000)
    .max(3_600_000)
    .default(5 * 60_000),
  /** SHA-256 fingerprint of the hall's TLS certificate (pinned at enrollment; learnt on first contact when absent). */
  hallFingerprint: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:?){32}$/, '证书指纹应为 SHA-256（64 位十六进制）')
    .optional(),
  /** Allow a plain http: hall URL on another machine (test labs only: passwords and ID numbers would cross the LAN in clear). */
  allowInsecureHall: z.boolean().default(false),
  /** Days after a case closed until its applicant data is crypto-shredded here. */
  retentionDays: z.number().int().min(30).max(3650).default(180),
  /** The keyring JSON from the Electron main process (safeStorage); browser mode uses a 0600 key file. */
  keyringJson: z.string().optional(),
  /** Hall liveness: a heartbeat (GET /api/health) every heartbeatMs; no answer for hallDeadAfterMs = offline. */
  heartbeatMs: z.number().int().min(200).max(60_000).default(2000),
  hallDeadAfterMs: z.number().int().min(500).max(120_000).default(6000),
  /** How long one request to the hall may take before the counter gives up on it (and the hall must too). */
  hallRequestTimeoutMs: z.number().int().min(500).max(60_000).default(5000),
  /** A JSON file of the hall's 文书 wording overrides (domain/receipts/wording.ts). */
  receiptWordingFile: z.string().optional(),
});
export type CoreConfig = z.infer<typeof coreConfigSchema>;

export function parseCoreArgs(argv: string[]): CoreConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      window: { type: 'string' },
      hall: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      renderer: { type: 'string' },
      'device-id': { type: 'string' },
      enroll: { type: 'string' },
      idcard: { type: 'string' },
      'idcard-baud': { type: 'string' },
      printer: { type: 'string' },
      'printer-width': { type: 'string' },
      keybox: { type: 'string' },
      led: { type: 'string' },
      'rating-timeout': { type: 'string' },
      'hall-code': { type: 'string' },
      'device-code': { type: 'string' },
      'sim-control': { type: 'string' },
      'licence-service': { type: 'string' },
      'hall-fingerprint': { type: 'string' },
      'allow-insecure-hall': { type: 'boolean' },
      'retention-days': { type: 'string' },
      heartbeat: { type: 'string' },
      'hall-dead-after': { type: 'string' },
      'hall-timeout': { type: 'string' },
      'receipt-wording': { type: 'string' },
    },
    strict: true,
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const windowNo = num(values.window) ?? 1;
  return coreConfigSchema.parse({
    windowNo,
    hallUrl: values.hall ?? 'http://127.0.0.1:7300',
    dataDir: values.data ?? `.data/counter-${windowNo}`,
    deviceId: values['device-id'],
    port: num(values.port) ?? 7300 + windowNo,
    host: values.host,
    rendererDir: values.renderer,
    enrollCode: values.enroll,
    idCardPort: values.idcard,
    idCardBaud: num(values['idcard-baud']),
    printer: values.printer,
    printerWidthMm: num(values['printer-width']),
    keyBoxPort: values.keybox,
    ledPort: values.led,
    ratingTimeoutMs: num(values['rating-timeout']),
    hallCode: values['hall-code'],
    deviceCode: values['device-code'],
    simControl: values['sim-control'],
    licenceService: values['licence-service'],
    hallFingerprint: values['hall-fingerprint'],
    allowInsecureHall: values['allow-insecure-hall'],
    retentionDays: num(values['retention-days']),
    heartbeatMs: num(values.heartbeat),
    hallDeadAfterMs: num(values['hall-dead-after']),
    hallRequestTimeoutMs: num(values['hall-timeout']),
    receiptWordingFile: values['receipt-wording'],
  });
}
