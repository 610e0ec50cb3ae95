import { describe, expect, it } from 'vitest';
import { checkCreditCode } from '../../domain/creditCode';
import {
  buildCatalogueIndex,
  catalogueSchema,
  feeText,
  pinyinInitials,
  sampleCatalogueItems,
  serviceItemSchema,
  waivableMaterials,
  type ServiceItem,
} from '../../domain/catalogue';

const items: ServiceItem[] = sampleCatalogueItems.map((i) => serviceItemSchema.parse(i));
const index = buildCatalogueIndex(items);
const names = (q: string) => index.search(q).map((h) => h.item.name);

describe('catalogue schema', () => {
  it('parses the sample catalogue with valid office codes and defaults', () => {
    expect(catalogueSchema.parse({ version: 1, items: sampleCatalogueItems }).items).toHaveLength(sampleCatalogueItems.length);
    for (const i of items) expect(checkCreditCode(i.implementationCode.slice(0, 18)).ok).toBe(true);
    const food = items.find((i) => i.name === '食品经营许可证核发')!;
    expect(waivableMaterials(food).map((m) => m.name)).toHaveLength(2);
    expect(food.materials[0]!.mayBeWaived).toBe(false);
    expect(feeText(food)).toBe('免费');
    expect(feeText(items.find((i) => i.basicCode === '000407001')!)).toBe('¥80.00');
  });

  it('rejects inconsistent items with Chinese messages', () => {
    const base = sampleCatalogueItems[1]!;
    const msg = (input: unknown) => {
      const r = serviceItemSchema.safeParse(input);
      return r.success ? null : r.error.issues.map((i) => i.message);
    };
    expect(msg({ ...base, promisedDays: 25 })).toEqual(['承诺时限不能超过法定时限']);
    expect(msg({ ...base, caseType: 'immediate' })).toContain('即办件的承诺时限应为0个工作日');
    expect(msg({ ...base, basicCode: '00010700500099' })).toEqual(['基本编码不能超过10个字符']);
    expect(msg({ ...base, materials: [base.materials![0], base.materials![0]] })).toEqual(['材料名称重复']);
  });
});

describe('catalogue search', () => {
  it('finds by pinyin initials', () => {
    expect(pinyinInitials('个体工商户设立登记')).toBe('gtgshsldj');
    expect(names('gtgsh')[0]).toBe('个体工商户设立登记');
    expect(names('bdcdj')).toEqual(['不动产登记（首次登记）']); // 不动产抵押… is bdcdyq…
    expect(names('bdcdy')).toEqual(['不动产抵押权登记']);
    expect(names('BDC')).toHaveLength(2);
    expect(names('spjy')).toEqual(['食品经营许可证核发']);
  });

  it('finds by Chinese name, several terms and full pinyin', () => {
    expect(names('不动产')).toHaveLength(2);
    expect(names('不动产 抵押')).toEqual(['不动产抵押权登记']);
    expect(names('社保卡')).toEqual([]); // substring only, no synonyms
    expect(names('shiye')).toEqual(['失业保险金申领']);
  });

  it('finds by basic and implementation code, exact code first', () => {
    expect(index.search('000407001')[0]).toMatchObject({ score: 0, matchedBy: 'code' });
    expect(index.search('000407001')[0]!.item.name).toBe('不动产登记（首次登记）');
    expect(names('0004070')).toHaveLength(2);
    const impl = items[0]!.implementationCode;
    expect(names(impl.toLowerCase())).toEqual([items[0]!.name]);
  });

  it('ranks name prefix before initials and skips inactive items', () => {
    const idx = buildCatalogueIndex([...items, { ...items[0]!, name: '过期事项（已取消）', basicCode: 'X1', implementationCode: 'X1-IMPL', active: false }]);
    expect(idx.search('过期').length).toBe(0);
    expect(idx.search('过期', { includeInactive: true }).length).toBe(1);
    expect(idx.search('   ')).toEqual([]);
    expect(idx.search('登记', { limit: 2 })).toHaveLength(2);
  });
});
