// The hall server: Fastify 5 + pino, SQLite (WAL) behind the Kysely-built data layer, the queue
// engine, the WebSocket event hub, OpenAPI from the zod schemas, and the renderer as static files.
import type { TrackHub } from './track/hub';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import { z } from 'zod';
import { openStore } from './db/connection';
import { benchSpec, demoSpec, ensureBasics, seedHall } from './seed/demo';
import { HallEngine } from './queue/engine';
import { AuthService } from './auth';
import { EventHub } from './events/hub';
import { useZod, zodToOpenApi } from './http/zod';
import { installErrorHandler } from './http/errorHandler';
import { installSecurityHeaders } from './http/security';
import { routeModules } from './routes';
import { KioskStore } from './kiosk/store';
import { parsePrinterAddress } from './kiosk/printerLink';
import { defineRoutes } from './http/route';
import { hallRoutes } from '../domain/api/routes';
import { ProblemLog } from './health/problems';
import { SignInThrottle } from './signin/throttle';
import type { HallContext } from './context';
import { installHostAllowlist, defaultAllowedHosts } from './http/hostAllowlist';
import { moveIdSaltToKeyring, movePhoneKeyToKeyring, openHallKeyring } from './privacy/keys';
import { shredExpiredCases } from './privacy/retention';
import { shredExpiredPractices } from './practices/retention';
import { readHallSettings } from './settings/hallSettings';
import { syncServiceFor } from './sync/service';
import { FieldSealer } from '../native/crypto/fieldSealer';
import type { Keyring } from '../native/crypto/keyring';
import type { CipherName } from '../native/crypto/ciphers';
import { startDailyJob, type DailyJob } from '../native/dailyJob';
import { UplinkClient } from './uplink/client';
import { cityCatalogueVersion } from './uplink/downlink';

export interface HallServerOptions {
  port?: number;
  host?: string;
  /** ':memory:' or a directory (created) holding hall.sqlite. */
  dataDir?: string;
  seed?: 'demo' | 'bench';
  /** Windows in the 'bench' seed. */
  benchWindows?: number;
  demoPassword?: string;
  rendererDir?: string;
  logLevel?: string;
  /** IANA zone of the hall's working day (day reset, statistics). */
  timeZone?: string;
  sessionTtlSeconds?: number;
  bodyLimit?: number;
  /** SQLite synchronous pragma: NORMAL survives a crash, FULL also a power cut. */
  synchronous?: 'NORMAL' | 'FULL';
  /** The hall's address as citizens' phones reach it (trackUrl, QR codes). Default: the listening URL. */
  publicBaseUrl?: string;
  /** The SMS gateway (HTTP, see server/notify/sms.ts); no SMS when unset. */
  smsGatewayUrl?: string;
  /** How often tracking pages may be updated at most (ms; default 250). */
  trackIntervalMs?: number;
  /** How often a category's "ahead" message may go at most (ms; default 2000). */
  trackLineEveryMs?: number;
  /** Demo: every kiosk prints to this ESC/POS TCP printer (tcp://host:port), as a manager would set it. */
  kioskPrinter?: string;
  /** Keyring: a given one (tests), else the JSON in keyringJson (HALL_KEYRING), else the 0600 key file (default <dataDir>/hall.keys.json). */
  keyring?: Keyring;
  keyringJson?: string;
  keyFile?: string;
  /** Cipher of a keyring created on first start ('sm4-cbc-hmac-sm3' where OpenSSL has SM4). */
  cipher?: CipherName;
  /** false: applicant fields stored in plain text (benchmarks' baseline only). */
  encryptAtRest?: boolean;
  /** Serve HTTPS with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Host names (besides loopback and this machine's addresses) the Host header may carry. */
  allowedHosts?: string[];
  /** Clock of the daily retention job (tests). */
  now?: () => Date;
  /** Clock of the sign-in throttle (tests move it instead of waiting 15 minutes). */
  signInNow?: () => number;
  /** The city central to push the outbox to (`--central URL`), and the one-time code (`--central-code`). */
  centralUrl?: string;
  centralCode?: string;
}

export interface HallServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Runs the retention job now (also scheduled daily). */
  runRetention(): { shredded: number; checked: number };
  /** The tracking hub (tests and the bench read its counters). */
  trackHub: TrackHub;
}

const redactUrl = (url: string) => url.replace(/([?&]token=)[^&]*/g, '$1***');

export async function startHallServer(opts: HallServerOptions = {}): Promise<HallServer & { ctx: HallContext }> {
  z.config(z.locales.zhCN());
  const store = openStore(opts.dataDir ?? '.data/hall', { synchronous: opts.synchronous });
  if (opts.seed === 'demo') seedHall(store, demoSpec(), opts.demoPassword ?? 'demo');
  if (opts.seed === 'bench') seedHall(store, benchSpec(opts.benchWindows ?? 200), opts.demoPassword ?? 'demo');
  ensureBasics(store);
  if (opts.kioskPrinter) {
    parsePrinterAddress(opts.kioskPrinter);
    new KioskStore(store).setPrinter('*', opts.kioskPrinter, 80);
  }
  const warnKey = (m: string) => process.stderr.write(`${m}\n`);
  const keyring =
    opts.keyring ??
    openHallKeyring({ dataDir: opts.dataDir ?? '.data/hall', keyFile: opts.keyFile, keyringJson: opts.keyringJson, cipher: opts.cipher, warn: warnKey });
  const idSalt = moveIdSaltToKeyring(store, keyring, warnKey);
  const phoneKey = movePhoneKeyToKeyring(store, keyring, warnKey);
  const sealer = opts.encryptAtRest === false ? null : new FieldSealer(store.raw, keyring);
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';
  const problems = new ProblemLog();
  const engine = new HallEngine(store, { timeZone, problems, idSalt });
  const auth = new AuthService(store, { sessionTtlMs: (opts.sessionTtlSeconds ?? 12 * 3600) * 1000 });
  const hub = new EventHub(engine.version, 100, problems);
  engine.onSignal((s) => hub.signal(s));
  const demoMode = store.get(store.q.selectFrom('meta').select('value').where('key', '=', 'demo_mode'))?.value === '1';
  const signIn = new SignInThrottle(store, opts.signInNow);
  const ctx: HallContext = {
    store,
    engine,
    auth,
    hub,
    demoMode,
    problems,
    signIn,
    sealer,
    uplink: null,
    phone: { smsGatewayUrl: opts.smsGatewayUrl, trackIntervalMs: opts.trackIntervalMs, trackLineEveryMs: opts.trackLineEveryMs, phoneKey },
  };
  auth.onRevoked = (hashes) => hub.closeTokens(hashes);

  const app = Fastify({
    // On close, keep-alive connections (a counter's long-poll pool) are cut rather than waited
    // for up to keepAliveTimeout: every client retries, and every write is idempotent.
    forceCloseConnections: true,
    ...(opts.tls ? { https: { cert: opts.tls.cert, key: opts.tls.key } } : {}),
    logger: {
      level: opts.logLevel ?? 'info',
      // Only method, URL (token redacted) and status: never headers or bodies (ID numbers).
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    // Per-request lines only when debugging: at 1,500 calls/s they would cost more than the calls.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(opts.logLevel ?? 'info') }),
  });
  problems.setLogger((o, m) => app.log.warn(o, m));
  app.decorateRequest('actor', null);
  useZod(app);
  installErrorHandler(app);
  installHostAllowlist(app as unknown as import('fastify').FastifyInstance, defaultAllowedHosts(opts.host, opts.allowedHosts));
  installSecurityHeaders(app);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '窗口通 Hall Counter — 大厅服务器 API',
        version: '1.0.0',
        description: '排队叫号、窗口、人员与设备、实时事件、好差评、统计。除登录、设备注册和本文档外均需 Bearer 令牌。',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: zodToOpenApi as never,
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  for (const mod of routeModules) await mod(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Counters use it as their heartbeat: liveness, and the hall clock (now) their request deadlines use.
  defineRoutes(app, auth)(hallRoutes['meta.health'], async () => ({
    ok: true,
    version: engine.version,
    now: Date.now(),
    reference: cityCatalogueVersion(store),
  }));

  const rendererDir = opts.rendererDir ?? 'out/renderer';
  if (fs.existsSync(path.join(rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(rendererDir), index: ['index.html'], wildcard: true });
  }

  await app.listen({ port: opts.port ?? 7300, host: opts.host ?? '127.0.0.1' });
  if (opts.centralUrl) {
    ctx.uplink = new UplinkClient(ctx, {
      centralUrl: opts.centralUrl.replace(/\/+$/, ''),
      enrollmentCode: opts.centralCode,
      log: (o, m) => app.log.info(o, m),
      keyring,
    });
    ctx.uplink.start();
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 7300);
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  engine.setPublicBaseUrl(opts.publicBaseUrl ?? `${opts.tls ? 'https' : 'http'}://${host}:${port}`);
  const runRetention = () => {
    const now = (opts.now ?? (() => new Date()))();
    const days = readHallSettings(store).retentionDays;
    const cases = shredExpiredCases(store, syncServiceFor(ctx), now, days);
    // The 办不成事 problems and 代办 services closed as long ago (issue 16).
    const practices = shredExpiredPractices(store, sealer, now, days, engine.timeZone);
    return { shredded: cases.shredded + practices.shredded, checked: cases.checked + practices.checked };
  };
  const retention: DailyJob = startDailyJob(
    () => {
      const r = runRetention();
      if (r.shredded) app.log.info({ shredded: r.shredded }, 'retention: applicant data of closed cases shredded');
    },
    { now: opts.now, onError: (err) => app.log.error({ err }, 'retention job failed') },
  );
  let closed = false;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    ctx,
    runRetention,
    trackHub: app.trackHub,
    async close() {
      if (closed) return;
      closed = true;
      retention.stop();
      hub.close();
      await ctx.uplink?.stop();
      await app.close();
      await store.close();
    },
  };
}
