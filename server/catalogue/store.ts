// The hall's service catalogue (事项目录) as stored: one row per item, materials as JSON.
import type { HallStore } from '../db/connection';
import type { ServiceItem } from '../../domain/api/hall';

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
