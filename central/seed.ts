// `--seed demo`: supervisor S001 / demo, the demo halls with the 机构 codes the demo hall uses and
// REUSABLE enrollment codes (demo mode only — a real hall gets a one-time code from
// POST /api/city/halls), and catalogue version 1 (the sample items, their departments, the
// bundled 差评 reasons). Idempotent: a restart keeps what is there.
import type { Kysely } from 'kysely';
import { hashPasswordSync } from '../platform/passwords';
import { sampleCatalogueItems, serviceItemSchema } from '../domain/catalogue';
import { defaultReasonList } from '../domain/rating/reasons';
import { CITY, type CentralDB } from './db/schema';
import type { HallRegistry } from './city/halls';
import type { CatalogueService } from './city/catalogue';

export const DEMO_HALLS = [
  { hallId: 'demo-hall-1', code: '999901-01', name: '示例市政务服务中心', enrollmentCode: 'HALL1-DEMO' },
  { hallId: 'demo-hall-2', code: '999902-01', name: '示例市高新区政务服务中心', enrollmentCode: 'HALL2-DEMO' },
] as const;
export const DEMO_SUPERVISOR = { workNo: 'S001', name: '周监察', password: 'demo' };

export async function seedDemo(db: Kysely<CentralDB>, halls: HallRegistry, catalogue: CatalogueService): Promise<void> {
  await db
    .insertInto('city_users')
    .values({
      hall_id: CITY,
      work_no: DEMO_SUPERVISOR.workNo,
      name: DEMO_SUPERVISOR.name,
      role: 'supervisor',
      password_hash: hashPasswordSync(DEMO_SUPERVISOR.password),
    })
    .onConflict((oc) => oc.columns(['hall_id', 'work_no']).doNothing())
    .execute();
  for (const h of DEMO_HALLS) {
    const have = await db.selectFrom('halls').select('hall_id').where('hall_id', '=', h.hallId).executeTakeFirst();
    if (!have) await halls.create(h.code, h.name, { hallId: h.hallId, enrollmentCode: h.enrollmentCode, reusable: true });
  }
  if (catalogue.version === 0) {
    const items = sampleCatalogueItems.map((i) => serviceItemSchema.parse(i));
    const departments = [...new Set(items.map((i) => i.department).filter((d): d is string => !!d))].map((name, i) => ({
      code: `D${String(i + 1).padStart(2, '0')}`,
      name,
    }));
    await catalogue.publish(
      0,
      { items, departments, holidayOverrides: [], badReasons: defaultReasonList.reasons.filter((r) => r.polarity === 'bad') },
      DEMO_SUPERVISOR.workNo,
    );
  }
}
