// The central service: Fastify over the central store. Routes:
//   POST /api/auth/login, POST /api/auth/logout                      (city sign-in, as on the hall)
//   POST /api/uplink/enroll, GET /api/uplink/state, POST /api/uplink/push   (hall → central)
//   GET  /api/city/catalogue?since=  (hall token or supervisor), POST /api/city/catalogue (supervisor)
//   POST /api/city/halls, GET /api/city/halls, GET /api/city/halls/:hallId/rejections,
//   GET  /api/city/kpis, GET /api/city/cases                         (supervisor)
//   GET  /api/city/followups/overdue, GET /api/city/kpis.xlsx, the renderer (city/console.ts)
//   PUT  /api/city/halls/:hallId/personal-data, POST /api/city/halls/:hallId/cases/:caseId/applicant,
//   GET  /api/city/audit                                             (supervisor, personal/routes.ts)
import { expireApplicants, type ExpiryResult } from './personal/retention';
import { RETENTION_DAYS, retentionDaysSchema } from '../domain/api/settings';
import { startDailyJob } from '../native/dailyJob';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { installErrorHandler } from '../server/http/errorHandler';
import { loginRequestSchema } from '../domain/api/hall';
import { catalogueQuerySchema, enrollRequestSchema, publishCatalogueRequestSchema, uplinkPushRequestSchema, type UplinkState } from '../domain/api/uplink';
import { cityCasesQuerySchema, createHallRequestSchema, kpiQuerySchema } from '../domain/api/city';
import { openStore, type CentralStore } from './db/connect';
import { migrateCentral } from './db/migrate';
import { CityAuth, type CityActor } from './auth';
import { CE } from './errors';
import { HallRegistry } from './city/halls';
import { CatalogueService } from './city/catalogue';
import { deadlineCases, kpis, todayInChina } from './city/queries';
import { UplinkIngest, rebuildHallProjections } from './uplink/ingest';
import { seedDemo } from './seed';
import { registerConsole } from './city/console';
import { loadPersonalKey } from './personal/key';
import { CentralPersonalData } from './personal/applicants';
import { registerPersonalRoutes } from './personal/routes';

export interface CentralOptions {
  port?: number;
  host?: string;
  /** postgres://… — a real server; otherwise an embedded PGlite in dataDir (memory when absent). */
  pg?: string;
  dataDir?: string;
  seed?: 'demo';
  logLevel?: string;
  now?: () => number;
  /** The built renderer (the #/city console); default out/renderer. */
  rendererDir?: string;
  /** Where the personal-data key file (central.key) lives; default dataDir. CENTRAL_PERSONAL_KEY overrides (central/personal/key.ts). */
  keyDir?: string;
  /** Days after a case closed that its applicant is kept (default: the hall's default, 180). */
  personalRetentionDays?: number;
}

export interface CentralServer {
  url: string;
  port: number;
  app: FastifyInstance;
  store: CentralStore;
  /** Throw away one hall's projections and rebuild them from its stored records. */
  rebuild(hallId: string): Promise<void>;
  /** Erase applicants whose case closed before the retention period (also run daily). */
  expirePersonal(at?: number): Promise<ExpiryResult>;
  close(): Promise<void>;
}

/** Halls may run a day ahead or behind; beyond that the sentAt is refused as a broken clock. */
const MAX_FUTURE_MS = 24 * 3600_000;

function parse<T extends z.ZodType>(schema: T, value: unknown, err: (d: unknown) => Error = CE.invalidBody): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw err(r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return r.data;
}

export async function startCentral(opts: CentralOptions = {}): Promise<CentralServer> {
  const now = opts.now ?? Date.now;
  // Checked before anything opens: a bad period stops the start.
  const retentionDays = retentionDaysSchema.parse(opts.personalRetentionDays ?? RETENTION_DAYS.default);
  const store = await openStore({ pg: opts.pg, dataDir: opts.dataDir });
  await migrateCentral(store.db);
  const db = store.db;
  const auth = new CityAuth(db, now);
  const halls = new HallRegistry(db, now);
  const catalogue = new CatalogueService(db);
  await catalogue.load();
  if (opts.seed === 'demo') await seedDemo(db, halls, catalogue);
  const projection = () => ({ calendar: catalogue.calendar, departmentOf: catalogue.departmentOf });
  const personal = new CentralPersonalData(db, loadPersonalKey({ dir: opts.keyDir ?? opts.dataDir, env: process.env.CENTRAL_PERSONAL_KEY }), now);
  const ingest = new UplinkIngest({ db, now, catalogueVersion: () => catalogue.version, projection, personal });

  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    // A push of 5,000 records with case events is a few MB.
    bodyLimit: 16 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(opts.logLevel ?? 'info') }),
  });
  installErrorHandler(app);

  const actorOf = async (req: FastifyRequest): Promise<CityActor> => {
    const h = req.headers.authorization;
    if (!h?.startsWith('Bearer ')) throw CE.unauthorized();
    return auth.resolve(h.slice(7));
  };
  const supervisor = async (req: FastifyRequest) => {
    const a = await actorOf(req);
    if (a.kind !== 'supervisor') throw CE.forbidden();
    return a;
  };
  const hallActor = async (req: FastifyRequest) => {
    const a = await actorOf(req);
    if (a.kind !== 'hall') throw CE.forbidden();
    return a;
  };

  app.get('/api/health', async () => ({ ok: true, store: store.kind, catalogueVersion: catalogue.version }));

  app.post('/api/auth/login', async (req) => {
    const b = parse(loginRequestSchema, req.body);
    return auth.login(b.workNo, b.password);
  });
  app.post('/api/auth/logout', async (req) => {
    await supervisor(req);
    await auth.logout(req.headers.authorization!.slice(7));
    return { ok: true };
  });

  // ---- uplink -------------------------------------------------------------------------------
  app.post('/api/uplink/enroll', async (req) => {
    const b = parse(enrollRequestSchema, req.body);
    return halls.enroll(b.enrollmentCode);
  });
  app.get('/api/uplink/state', async (req): Promise<UplinkState> => {
    const a = await hallActor(req);
    const h = await halls.get(a.hallId);
    return {
      hallId: h.hall_id,
      code: h.code,
      name: h.name,
      lastSeq: Number(h.last_seq),
      catalogueVersion: catalogue.version,
      serverTime: new Date(now()).toISOString(),
      receivePersonalData: h.receive_personal_data,
    };
  });
  // A push's body (~1 MB) is kept as bytes until its turn at the ingest gate (uplink/gate.ts):
  // dozens of parsed pushes waiting would crowd V8's young generation (long GC pauses for every
  // request). Same parser, same errors as Fastify's own JSON body; the token is checked first.
  const jsonParse = app.getDefaultJsonParser('error', 'error');
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post('/api/uplink/push', async (req) => {
      const a = await hallActor(req);
      const out = await ingest.push(a.hallId, () => {
        // Bytes only from the JSON parser above; any other body (text/plain …) is judged as before.
        let body: unknown = req.body;
        if (Buffer.isBuffer(req.body))
          jsonParse(req, req.body.toString('utf8'), (err, v) => {
            if (err) throw err;
            body = v;
          });
        const b = parse(uplinkPushRequestSchema, body);
        if (b.hallId !== a.hallId) throw CE.hallMismatch();
        if (Date.parse(b.sentAt) - now() > MAX_FUTURE_MS) throw CE.futureSentAt();
        return b;
      });
      // The hall attaches applicants in clear to later pushes only while this says true.
      return { ...out, receivePersonalData: a.receivePersonalData };
    });
  });

  // ---- catalogue downlink -------------------------------------------------------------------
  app.get('/api/city/catalogue', async (req) => {
    const a = await actorOf(req);
    const q = parse(catalogueQuerySchema, req.query, CE.invalidQuery);
    if (q.since > catalogue.version + 1_000_000) throw CE.invalidQuery([{ path: 'since', message: '版本号超出范围' }]);
    const res = await catalogue.get(q.since);
    // A hall asking with since=N holds version N: record it for the city's list.
    if (a.kind === 'hall') await halls.noteCatalogueVersion(a.hallId, Math.min(q.since, res.version));
    return res;
  });
  app.post('/api/city/catalogue', async (req) => {
    const a = await supervisor(req);
    const b = parse(publishCatalogueRequestSchema, req.body);
    const { baseVersion, ...body } = b;
    return catalogue.publish(baseVersion, body, a.workNo, now());
  });

  // ---- city ---------------------------------------------------------------------------------
  app.post('/api/city/halls', async (req) => {
    await supervisor(req);
    const b = parse(createHallRequestSchema, req.body);
    return halls.create(b.code, b.name);
  });
  app.get('/api/city/halls', async (req) => {
    await supervisor(req);
    return { halls: await halls.list(), serverTime: new Date(now()).toISOString() };
  });
  app.get<{ Params: { hallId: string } }>('/api/city/halls/:hallId/rejections', async (req) => {
    await supervisor(req);
    return { hallId: req.params.hallId, rejections: await halls.rejections(req.params.hallId) };
  });
  app.get('/api/city/kpis', async (req) => {
    await supervisor(req);
    const q = parse(kpiQuerySchema, req.query, CE.invalidQuery);
    const today = todayInChina(now());
    if (q.from > today) throw CE.futureDate();
    return kpis(db, q.from, q.to, q.hall, today);
  });
  app.get('/api/city/cases', async (req) => {
    await supervisor(req);
    const q = parse(cityCasesQuerySchema, req.query, CE.invalidQuery);
    const asOf = todayInChina(now());
    return { asOf, cases: await deadlineCases(db, { ...q, asOf, calendar: catalogue.calendar }) };
  });

  registerPersonalRoutes(app, { db, personal, supervisor });
  await registerConsole(app, { db, now, supervisor, rendererDir: opts.rendererDir });

  const retention = startDailyJob(
    () =>
      void expireApplicants(db, now(), retentionDays).then(
        (r) => r.erased && app.log.info({ erased: r.erased, halls: r.halls, cutoff: r.cutoff }, 'retention: applicants of long-closed cases erased'),
        (err: unknown) => app.log.error({ err }, 'retention job failed'),
      ),
  );

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    store,
    rebuild: (hallId) => rebuildHallProjections(db, hallId, projection()),
    expirePersonal: (at = now()) => expireApplicants(db, at, retentionDays),
    async close() {
      retention.stop();
      await app.close();
      await store.close();
    },
  };
}
