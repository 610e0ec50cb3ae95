// GET /api/catalogue: the service items every counter caches (types, time limits, materials).
// GET /api/catalogue/reference: the 差评 reason list in force and the calendar's holiday
// overrides (the city's, from the catalogue downlink), cached by counters for offline work.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { cityCatalogueVersion } from '../uplink/downlink';
import { defineRoutes } from '../http/route';
import { listServiceItems, listServicePackages } from '../catalogue/store';
import { hallReasonList } from '../ratings/reasonLists';
import { hallOverrides } from '../uplink/cityCalendar';

const catalogueRoutes: RouteModule = (app, { store, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['catalogue.get'], async () => ({ items: listServiceItems(store), packages: listServicePackages(store) }));
  serve(R['catalogue.reference'], async () => ({
    catalogueVersion: cityCatalogueVersion(store),
    reasons: hallReasonList(store),
    holidayOverrides: hallOverrides(store),
  }));
};
export default catalogueRoutes;
