// GET /api/catalogue: the service items every counter caches (types, time limits, materials).
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { listServiceItems, listServicePackages } from '../catalogue/store';

const catalogueRoutes: RouteModule = (app, { store, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['catalogue.get'], async () => ({ items: listServiceItems(store), packages: listServicePackages(store) }));
};
export default catalogueRoutes;
