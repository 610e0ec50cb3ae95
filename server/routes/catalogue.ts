import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { type ServiceItem } from '../../domain/api/hall';

const catalogueRoutes: RouteModule = (app, { store, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['catalogue.get'], async () => {
    const rows = store.all(store.q.selectFrom('service_items').selectAll().orderBy('category').orderBy('code'));
    const items: ServiceItem[] = rows.map((r) => ({
      code: r.code, name: r.name, category: r.category, department: r.department, caseType: r.case_type as ServiceItem['caseType'],
      commitment: r.commitment as ServiceItem['commitment'], promisedDays: r.promised_days, legalDays: r.legal_days, fee: r.fee, materials: JSON.parse(r.materials),
    }));
    return { items };
  });
};
export default catalogueRoutes;
