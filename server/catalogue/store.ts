// The hall's service catalogue (事项目录) as stored: one row per item, materials as JSON.
import type { HallStore } from '../db/connection';
import type { ServiceItem } from '../../domain/api/hall';
import { servicePackageSchema, type ServicePackage } from '../../domain/catalogue/packages';

export function listServiceItems(store: HallStore): ServiceItem[] {
  const rows = store.all(store.q.selectFrom('service_items').selectAll().orderBy('category').orderBy('code'));
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    category: r.category,
    department: r.department,
    caseType: r.case_type as ServiceItem['caseType'],
    commitment: r.commitment as ServiceItem['commitment'],
    promisedDays: r.promised_days,
    legalDays: r.legal_days,
    fee: r.fee,
    materials: JSON.parse(r.materials),
  }));
}

/** The 一件事 packages, in their seeded order; a stored definition this build cannot read is skipped. */
export function listServicePackages(store: HallStore): ServicePackage[] {
  const rows = store.all(store.q.selectFrom('service_packages').selectAll().orderBy('sort').orderBy('code'));
  return rows.flatMap((r) => {
    const p = servicePackageSchema.safeParse(JSON.parse(r.definition));
    return p.success ? [p.data] : [];
  });
}
