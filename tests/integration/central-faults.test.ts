// Fault suite with real processes: the central as a child process on a real PostgreSQL behind the
// fault proxy. Duplicated, reordered, delayed and cut pushes; the central SIGKILLed mid-ingest and
// restarted; PostgreSQL restarted under load; a hall restored from an older backup. In the end
// the central holds exactly each hall's stream and its projections equal a fresh projection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../support/pgCluster';
import { startCentralProcess, type CentralProc } from '../support/centralProcess';
import { FaultProxy } from '../support/faultProxy';
import { HallOutbox, pushAll } from '../support/uplinkStream';
import { enroll, projectionSnapshot } from '../support/centralClient';
import { openStore, type CentralStore } from '../../central/db/connect';
import { CatalogueService } from '../../central/city/catalogue';
import { rebuildHallProjections } from '../../central/uplink/ingest';
import { startCentral } from '../../central/app';

let pg: PgCluster;
let central: CentralProc;
let proxy: FaultProxy;
let dbUrl: string;
let halls: { hallId: string; hallToken: string }[];
const outboxes: HallOutbox[] = [];

function fill(o: HallOutbox, cases: number, tickets: number): void {
  for (let i = 0; i < cases; i++)
    o.addCase({
      at: '2026-11-02T02:00:00.000Z',
      promisedDays: 1 + (i % 3),
      until: i % 5 === 0 ? 'accepted' : 'handedOver',
      completedAt: '2026-11-04T02:00:00.000Z',
    });
  for (let i = 0; i < tickets; i++) o.addTicket('2026-11-02T01:00:00.000Z', i % 40, { noShow: i % 9 === 0 });
  o.addRating('dissatisfied', '2026-11-03T03:00:00.000Z');
}

beforeAll(async () => {
  pg = await startPgCluster();
  dbUrl = await pg.createDatabase('central_faults');
  central = await startCentralProcess({ pg: dbUrl });
  proxy = new FaultProxy(central.port);
  await proxy.listen();
  halls = [await enroll(central.url, 'HALL1-DEMO'), await enroll(central.url, 'HALL2-DEMO')];
  for (const h of halls) {
    const o = new HallOutbox(h.hallId);
    fill(o, 150, 150);
    outboxes.push(o);
  }
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await central?.kill9();
  pg?.destroy();
});

describe('central faults', () => {
  it('duplicate, reorder, delay and cut-after-commit: nothing lost or doubled', async () => {
    proxy.setMode({ duplicate: 0.4, reorderMs: 300, delayMs: 3, cutOnResponse: 0.2 });
    await Promise.all(halls.map((h, i) => pushAll(proxy.url, h.hallToken, outboxes[i]!, { batch: 40, retry: true })));
    expect(proxy.stats.duplicated + proxy.stats.cut).toBeGreaterThan(0);
    proxy.setMode({});
  }, 300_000);

  it('the central SIGKILLed mid-ingest and restarted', async () => {
    for (const o of outboxes) fill(o, 100, 100);
    const pushing = Promise.all(halls.map((h, i) => pushAll(proxy.url, h.hallToken, outboxes[i]!, { from: 1, batch: 25, retry: true })));
    // Kill once the first new batches are in flight (some committed, one probably mid-transaction).
    const store = await openStore({ pg: dbUrl, poolSize: 1 });
    const lastSeq = async () =>
      Number(
        (
          await store.db
            .selectFrom('halls')
            .select((eb) => eb.fn.sum<string>('last_seq').as('s'))
            .executeTakeFirstOrThrow()
        ).s,
      );
    const start = await lastSeq();
    for (let i = 0; i < 600 && (await lastSeq()) < start + 50; i++) await new Promise((r) => setTimeout(r, 50));
    await central.kill9();
    central = await startCentralProcess({ pg: dbUrl });
    proxy.setTarget(central.port);
    await pushing;
    await store.close();
  }, 300_000);

  it('PostgreSQL restarted under load', async () => {
    for (const o of outboxes) fill(o, 80, 80);
    const pushing = Promise.all(halls.map((h, i) => pushAll(proxy.url, h.hallToken, outboxes[i]!, { from: 1, batch: 25, retry: true })));
    await new Promise((r) => setTimeout(r, 300));
    pg.restart();
    await pushing;
  }, 300_000);

  it("a hall restored from an older backup: its new records are renumbered after the central's, the old stream kept", async () => {
    const old = outboxes[1]!;
    const restored = HallOutbox.restoredFrom(old, old.lastSeq - 120);
    fill(restored, 30, 30);
    const firstNew = old.lastSeq - 120; // index of the first record written after the restore
    const newIds = restored.records.slice(firstNew).map((r) => r.id);
    // The restored hall resumes from its own (older) position.
    await pushAll(proxy.url, halls[1]!.hallToken, restored, { from: firstNew + 1, batch: 50, retry: true });
    outboxes[1] = restored;
    // Expected stream: everything the central had, then the new records.
    expect(restored.records.slice(0, old.lastSeq).filter((r) => r.id === 'held-by-central').length + firstNew).toBe(old.lastSeq);
    expect(restored.records.slice(old.lastSeq).map((r) => r.id)).toEqual(newIds);
    const expectedIds = [...old.records.map((r) => r.id), ...newIds];
    const store = await openStore({ pg: dbUrl, poolSize: 1 });
    const got = await store.db.selectFrom('uplink_records').select(['seq', 'id']).where('hall_id', '=', halls[1]!.hallId).orderBy('seq').execute();
    expect(got.map((r) => r.id)).toEqual(expectedIds);
    await store.close();
  }, 300_000);

  it("the central holds exactly each hall's stream; projections equal a fresh projection", async () => {
    let store: CentralStore | null = null;
    store = await openStore({ pg: dbUrl, poolSize: 2 });
    const db = store.db;
    const expected = [outboxes[0]!.records.map((r) => r.id), null];
    for (const [i, h] of halls.entries()) {
      const got = await db.selectFrom('uplink_records').select(['seq', 'id', 'status']).where('hall_id', '=', h.hallId).orderBy('seq').execute();
      expect(got.map((r) => Number(r.seq))).toEqual(got.map((_r, k) => k + 1));
      expect(got.every((r) => r.status === 'accepted')).toBe(true);
      if (expected[i]) expect(got.map((r) => r.id)).toEqual(expected[i]);
      const hallRow = await db.selectFrom('halls').select(['last_seq', 'accepted']).where('hall_id', '=', h.hallId).executeTakeFirstOrThrow();
      expect(Number(hallRow.last_seq)).toBe(got.length);
      expect(Number(hallRow.accepted)).toBe(got.length);
    }
    // 1) rebuilt in place from the stored records
    const before = await projectionSnapshot(db);
    expect(before.hall_daily!.length).toBeGreaterThan(0); // the daily rollup is compared too
    const cat = new CatalogueService(db);
    await cat.load();
    for (const h of halls) await rebuildHallProjections(db, h.hallId, { calendar: cat.calendar, departmentOf: cat.departmentOf });
    expect(await projectionSnapshot(db)).toEqual(before);
    // 2) a fresh central (embedded PostgreSQL) fed each hall's stream once, cleanly
    const fresh = await startCentral({ seed: 'demo', logLevel: 'warn' });
    try {
      for (const [i, h] of halls.entries()) {
        const e = await enroll(fresh.url, i === 0 ? 'HALL1-DEMO' : 'HALL2-DEMO');
        expect(e.hallId).toBe(h.hallId);
        const clean = new HallOutbox(h.hallId);
        const rows = await db.selectFrom('uplink_records').select(['seq', 'id', 'kind', 'at', 'body']).where('hall_id', '=', h.hallId).orderBy('seq').execute();
        clean.records.push(...rows.map((r) => ({ seq: Number(r.seq), id: r.id!, kind: r.kind as never, at: r.at!, body: r.body })));
        await pushAll(fresh.url, e.hallToken, clean, { batch: 500 });
      }
      expect(await projectionSnapshot(fresh.store.db)).toEqual(before);
    } finally {
      await fresh.close();
      await store.close();
    }
  }, 300_000);
});
