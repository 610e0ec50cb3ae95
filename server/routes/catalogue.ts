import type { RouteModule } from '../context';
import { guard, READERS } from '../auth';
import { catalogueSchema, type ServiceItem } from '../../domain/api/hall';

const catalogueRoutes: RouteModule = (app, { store, auth }) => {
  app.get('/api/catalogue', {
    schema: { tags: ['catalogue'], summary: '事项目录：办件类型、承诺时限、法定时限、材料清单（含容缺）', response: { 200: catalogueSchema } },
    preHandler: guard(auth, READERS),
  }, async () => {
    const rows = store.all(store.q.selectFrom('service_items').selectAll().orderBy('category').orderBy('code'));
    const items: ServiceItem[] = rows.map((r) => ({
      code: r.code, name: r.name, category: r.category, department: r.department, caseType: r.case_type as ServiceItem['caseType'],
      commitment: r.commitment as ServiceItem['commitment'], promisedDays: r.promised_days, legalDays: r.legal_days, fee: r.fee, materials: JSON.parse(r.materials),
    }));
    return { items };
  });
};
export default catalogueRoutes;
