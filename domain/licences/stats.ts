// 免提交 as a reform KPI: of the materials received in a period, how many came electronically
// from the licence library, and how often the clerk had to fall back to paper.
import type { MaterialLine } from '../cases/events';

export interface MaterialStats {
  /** Cases received in the period. */
  cases: number;
  /** Materials received (any form). */
  received: number;
  /** …of which satisfied by a fetched e-licence (免提交). */
  electronic: number;
  /** Cases with at least one 免提交 material. */
  casesWithElectronic: number;
  /** Materials taken on paper because the licence service was down (or had nothing). */
  paperFallback: number;
}

export function countMaterials(rows: Iterable<{ materials?: readonly MaterialLine[] | null }>): MaterialStats {
  const s: MaterialStats = { cases: 0, received: 0, electronic: 0, casesWithElectronic: 0, paperFallback: 0 };
  for (const r of rows) {
    s.cases++;
    let e = 0;
    for (const m of r.materials ?? []) {
      if (m.received) s.received++;
      if (m.received && m.licence) e++;
      if (m.paperFallback) s.paperFallback++;
    }
    s.electronic += e;
    if (e) s.casesWithElectronic++;
  }
  return s;
}
