// The city's catalogue item (实施清单, domain/catalogue/schema.ts) as the hall's counters read it
// (domain/api/hall.ts ServiceItem): one mapping, used by the hall when it applies a downlinked
// catalogue version.
import type { ServiceItem as CityItem } from '../catalogue/schema';
import type { ServiceItem as HallItem } from '../api/hall';

const FORM = { original: '原件', copy: '复印件', both: '原件及复印件', electronic: '电子件' } as const;
const COMMITMENT = { instant: '马上办', sameDay: '马上办', timeLimited: '一次办', agency: '就近办' } as const;

export function hallItemFromCity(i: CityItem): HallItem {
  return {
    code: i.basicCode,
    name: i.name,
    category: i.category,
    department: i.department ?? '',
    caseType: i.caseType === 'immediate' ? '即办件' : '承诺件',
    commitment: i.commitment ? COMMITMENT[i.commitment] : i.caseType === 'immediate' ? '马上办' : '一次办',
    promisedDays: i.promisedDays,
    legalDays: i.legalDays,
    fee: i.fees.length ? i.fees.map((f) => `${f.name} ${(f.amountFen / 100).toFixed(2)} 元`).join('；') : '免费',
    materials: i.materials.map((m) => ({
      name: m.name,
      form: FORM[m.originalOrCopy],
      count: Math.max(1, m.count),
      mayBeWaived: m.mayBeWaived,
      ...(m.requirement ? { note: m.requirement } : {}),
    })),
  };
}
