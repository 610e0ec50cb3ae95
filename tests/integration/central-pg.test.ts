// The central on a real PostgreSQL server (a throwaway cluster): the same migrations and queries
// as on PGlite, the schema rule, and two processes migrating one database at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../support/pgCluster';
import { startCentral, type CentralServer } from '../../central/app';
import { openStore } from '../../central/db/connect';
import { migrateCentral } from '../../central/db/migrate';
import { centralMigrations } from '../../central/db/migrations';
import { tablesNotDistributable } from '../../central/db/distribution';
import { chinaDateOf } from '../../domain/calendar';
import { expectKpiMatches, kpisFromFacts } from '../support/kpiOracle';
import { kpiResponseSchema, cityCasesResponseSchema } from '../../domain/api/city';
import { HallOutbox, pushAll } from '../support/uplinkStream';
import { call, enroll, projectionSnapshot, supervisorToken } from '../support/centralClient';

let pg: PgCluster;
let c: CentralServer;

beforeAll(async () => {
  pg = await startPgCluster();
  const url = await pg.createDatabase('central_it');
  // Two migrators racing on one database: the advisory lock lets exactly one apply each step.
  const [a, b] = await Promise.all([openStore({ pg: url }), openStore({ pg: url })]);
  const applied = await Promise.all([migrateCentral(a.db), migrateCentral(b.db)]);
  // Each step applied once, by one of them.
  expect(applied.flat().sort((x, y) => x - y)).toEqual(centralMigrations.map((m) => m.id));
  await Promise.all([a.close(), b.close()]);
  c = await startCentral({ pg: url, seed: 'demo', logLevel: 'warn' });
});
afterAll(async () => {
  await c?.close();
  pg?.destroy();
});

describe('central on PostgreSQL', () => {
  it('every table has hall_id in its primary key', async () => {
    expect(c.store.kind).toBe('pg');
    expect(await tablesNotDistributable(c.store.db)).toEqual([]);
  });

  it('ingests exactly once, concurrently for several halls, and answers the city queries', async () => {
    const sup = await supervisorToken(c.url);
    const halls = [await enroll(c.url, 'HALL1-DEMO'), await enroll(c.url, 'HALL2-DEMO')];
    const outboxes = halls.map((h) => {
      const o = new HallOutbox(h.hallId);
      for (let i = 0; i < 40; i++)
        o.addCase({ at: '2026-11-02T02:00:00.000Z', promisedDays: 1, until: i % 4 === 0 ? 'accepted' : 'handedOver', completedAt: '2026-11-03T02:00:00.000Z' });
      for (let i = 0; i < 20; i++) o.addTicket('2026-11-02T01:00:00.000Z', 5 + i);
      o.addRating('satisfied', '2026-11-03T03:00:00.000Z');
      return o;
    });
    // Each hall pushes twice at once (a retry racing the original): the row lock serializes them.
    await Promise.all(
      halls.flatMap((h, i) => [pushAll(c.url, h.hallToken, outboxes[i]!, { batch: 37 }), pushAll(c.url, h.hallToken, outboxes[i]!, { batch: 53 })]),
    );
    for (const [i, h] of halls.entries()) {
      const n = await c.store.db
        .selectFrom('uplink_records')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('hall_id', '=', h.hallId)
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(outboxes[i]!.lastSeq);
    }
    const k = kpiResponseSchema.parse((await call(c.url, 'GET', '/api/city/kpis?from=2026-11-01&to=2026-11-30', sup)).body);
    expect(k.city).toMatchObject({ cases: 80, completed: 60, onTimeRate: 1, tickets: 40, ratings: 2, goodRate: 1 });
    expect(k.city.p90WaitMinutes).toBeGreaterThan(k.city.avgWaitMinutes!);
    // Served from the daily rollup: equal to the KPIs computed from the facts (P90 within ±15 s).
    const exact = await kpisFromFacts(c.store.db, '2026-11-01', '2026-11-30', chinaDateOf(Date.now()));
    expectKpiMatches(k.city, exact.city);
    for (const h of k.halls) expectKpiMatches(h, exact.halls[h.hallId]!);
    const over = cityCasesResponseSchema.parse((await call(c.url, 'GET', '/api/city/cases?deadline=overdue', sup)).body);
    expect(over.cases).toHaveLength(20);
    expect(over.cases.every((x) => x.overdueDays > 0 && x.applicantMasked === '测***人')).toBe(true);
    const before = await projectionSnapshot(c.store.db);
    expect(before.hall_daily!.length).toBeGreaterThanOrEqual(4);
    for (const h of halls) await c.rebuild(h.hallId);
    expect(await projectionSnapshot(c.store.db)).toEqual(before);
  });
});
