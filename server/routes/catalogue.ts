// GET /api/catalogue: the service items every counter caches (types, time limits, materials).
// GET /api/catalogue/reference: the 差评 reason list in force and the calendar's holiday
// overrides (the city's, from the catalogue downlink), cached by counters for offline work.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { listServiceItems, listServicePackages } from '../catalogue/store';
import { hallReasonList } from '../ratings/reasonLists';
import { hallOverrides } from '../uplink/cityCalendar';
import { outboxOf } from '../uplink/outbox';

const catalogueRoutes: RouteModule = (app, { store, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['catalogue.get'], async () => ({ items: listServiceItems(store), packages: listServicePackages(store) }));
  serve(R['catalogue.reference'], async () => ({
    catalogueVersion: Number(outboxOf(store).state('catalogue_version') ?? 0) || 0,
    reasons: hallReasonList(store),
    holidayOverrides: hallOverrides(store),
  }));
};
export default catalogueRoutes;
