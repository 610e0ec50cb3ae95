// Statistics that count 一件事 packages as well as items: 办件量 by package and 按期办结率 of
// packages (a package is on time only when every sub-case was — overlayPackage gives it the
// largest overdue of its sub-cases). Item figures count every item case, sub-cases included.
import { onTimeStats, type CaseRow, type OnTimeStats } from './projection';

type StatRow = Pick<CaseRow, 'itemCode' | 'itemName' | 'completedOn' | 'overdueDays' | 'status'> & {
  packageInfo: { code: string; name: string } | null;
  partOf: { caseId: string } | null;
};

export interface CaseVolume extends OnTimeStats {
  /** 办件量: cases received (an unopened or deferred log is not counted). */
  cases: number;
}

export interface PackageStats {
  items: CaseVolume & { inPackages: number };
  packages: CaseVolume & { byPackage: (CaseVolume & { code: string; name: string })[] };
}

function volume(rows: StatRow[]): CaseVolume {
  return { cases: rows.length, ...onTimeStats(rows) };
}

export function packageCaseStats(all: Iterable<StatRow>): PackageStats {
  const rows = [...all].filter((r) => r.status !== 'none');
  const items = rows.filter((r) => !r.packageInfo);
  const packages = rows.filter((r) => r.packageInfo);
  const byCode = new Map<string, { name: string; rows: StatRow[] }>();
  for (const p of packages) {
    const k = p.packageInfo!.code;
    const g = byCode.get(k) ?? { name: p.packageInfo!.name, rows: [] };
    g.rows.push(p);
    byCode.set(k, g);
  }
  return {
    items: { ...volume(items), inPackages: items.filter((r) => r.partOf).length },
    packages: {
      ...volume(packages),
      byPackage: [...byCode.entries()]
        .map(([code, g]) => ({ code, name: g.name, ...volume(g.rows) }))
        .sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code)),
    },
  };
}
