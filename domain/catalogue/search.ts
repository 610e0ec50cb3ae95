// Catalogue search at the counter: by name, by pinyin initials (gtgshdj → 个体工商户登记), by
// full pinyin, and by code. An index is built once per catalogue version; each query is a
// linear scan over precomputed lowercase strings, which stays well under a millisecond for a
// few thousand items (see bench/domain-rules.ts).
import { pinyin } from 'pinyin-pro';
import type { ServiceItem } from './schema';

export interface SearchHit<T> {
  item: T;
  /** Lower is better. */
  score: number;
  matchedBy: 'code' | 'name' | 'initials' | 'pinyin';
}

interface Entry<T> {
  item: T;
  name: string;
  initials: string;
  fullPinyin: string;
  codes: string[];
}

export interface CatalogueIndex<T> {
  readonly size: number;
  search(query: string, opts?: { limit?: number; includeInactive?: boolean }): SearchHit<T>[];
}

const HAN = /\p{Script=Han}/u;
const MATCHED_BY: SearchHit<unknown>['matchedBy'][] = ['code', 'code', 'name', 'name', 'name', 'initials', 'initials', 'pinyin', 'pinyin', 'code'];

function normalize(s: string): string {
  return s.toLowerCase().replace(/[\s\u3000·()（）【】[\]、，,.。-]+/g, '');
}

/** Pinyin initials of a name, lowercase; non-Chinese characters kept as they are. */
export function pinyinInitials(name: string): string {
  return normalize(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(''));
}

export function fullPinyin(name: string): string {
  return normalize(pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(''));
}

type Indexable = Pick<ServiceItem, 'name' | 'basicCode' | 'implementationCode'> & { active?: boolean };

export function buildCatalogueIndex<T extends Indexable>(items: readonly T[]): CatalogueIndex<T> {
  const entries: Entry<T>[] = items.map((item) => ({
    item,
    name: normalize(item.name),
    initials: pinyinInitials(item.name),
    fullPinyin: fullPinyin(item.name),
    codes: [item.basicCode, item.implementationCode].map((c) => c.toLowerCase()),
  }));

  // Score tiers (lower is better): 0 code exact, 1 code prefix, 2 name exact, 3 name prefix,
  // 4 name substring, 5 initials prefix, 6 initials substring, 7 pinyin prefix, 8 pinyin
  // substring, 9 code substring; -1 = no match. Numbers, not objects: no garbage per item.
  function scoreTerm(e: Entry<T>, q: string, hasHan: boolean): number {
    if (!hasHan) {
      if (e.codes.includes(q)) return 0;
      if (q.length >= 2 && e.codes.some((c) => c.startsWith(q))) return 1;
    }
    if (e.name === q) return 2;
    const at = e.name.indexOf(q);
    if (at === 0) return 3;
    if (at > 0) return 4;
    if (hasHan) return -1;
    const ini = e.initials.indexOf(q);
    if (ini === 0) return 5;
    if (ini > 0) return 6;
    if (q.length >= 2 && e.fullPinyin.startsWith(q)) return 7;
    if (q.length >= 3 && e.fullPinyin.includes(q)) return 8;
    if (q.length >= 4 && e.codes.some((c) => c.includes(q))) return 9;
    return -1;
  }

  return {
    size: entries.length,
    search(query, opts = {}) {
      const terms = query
        .split(/[\s\u3000]+/)
        .map(normalize)
        .filter((t) => t.length > 0);
      if (terms.length === 0) return [];
      const limit = opts.limit ?? 50;
      const hits: (SearchHit<T> & { len: number })[] = [];
      const hanFlags = terms.map((t) => HAN.test(t));
      for (const e of entries) {
        if (e.item.active === false && !opts.includeInactive) continue;
        let worst = -1;
        for (let i = 0; i < terms.length; i++) {
          const score = scoreTerm(e, terms[i]!, hanFlags[i]!);
          if (score < 0) {
            worst = -1;
            break;
          }
          if (score > worst) worst = score;
        }
        if (worst >= 0) hits.push({ item: e.item, score: worst, matchedBy: MATCHED_BY[worst]!, len: e.name.length });
      }
      hits.sort((a, b) => a.score - b.score || a.len - b.len || (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0));
      return hits.slice(0, limit).map(({ len: _len, ...h }) => h);
    },
  };
}
