// Applies a catalogue version published by the city: its items become (or replace) the hall's
// service items, which counters already read through GET /api/catalogue; the holiday overrides
// and the 差评 reason list are kept as the city sent them (GET /api/uplink/status shows the
// version). One engine transaction, so counters hear a new version (admin.catalogue) and refresh
// their catalogue, reason list and calendar (GET /api/catalogue/reference).
import type { CityCatalogueBody } from '../../domain/api/uplink';
import { hallItemFromCity } from '../../domain/city/hallItems';
import type { HallContext } from '../context';
import type { Actor } from '../auth';
import { outboxOf } from './outbox';
import { rememberReasonList } from '../ratings/reasonLists';

const CITY_ACTOR: Actor = { kind: 'device', subject: 'city-central', role: 'manager', windowNo: null };

/** The city catalogue version the hall holds (0: none yet) — what its reference data is at. */
export function cityCatalogueVersion(store: HallContext['store']): number {
  return Number(outboxOf(store).state('catalogue_version') ?? 0) || 0;
}

export function applyCityCatalogue(ctx: HallContext, version: number, c: CityCatalogueBody): void {
  const { store, engine } = ctx;
  const q = store.q;
  engine.mutate(() => {
    for (const item of c.items) {
      const h = hallItemFromCity(item);
      const row = {
        code: h.code,
        name: h.name,
        category: h.category,
        case_type: h.caseType,
        commitment: h.commitment,
        promised_days: h.promisedDays,
        legal_days: h.legalDays,
        fee: h.fee,
        department: h.department,
        materials: JSON.stringify(h.materials),
      };
      store.run(
        q
          .insertInto('service_items')
          .values(row)
          .onConflict((oc) => oc.column('code').doUpdateSet(row)),
      );
    }
    const o = outboxOf(store);
    o.setState('city_holiday_overrides', JSON.stringify(c.holidayOverrides));
    o.setState('city_bad_reasons', JSON.stringify(c.badReasons));
    o.setState('city_departments', JSON.stringify(c.departments));
    o.setState('catalogue_version', String(version));
    // Kept by version: a rating made offline with this list is still checked against it later.
    rememberReasonList(store);
    engine.adminEvent('admin.catalogue', CITY_ACTOR, { version, items: c.items.length });
  });
}
