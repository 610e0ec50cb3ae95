// The service catalogue at the counter: fetched from the hall server (GET /api/catalogue),
// cached in SQLite so intake works offline, searched with domain/catalogue's name / pinyin
// initials / code index. The hall server's wire items are mapped onto the domain item schema.
import type { Db } from '../db';
import type { HallClient } from '../../../domain/api/hallClient';
import { CodedError } from '../../../domain/api/errors';
import {
  buildCatalogueIndex,
  chooseItems,
  mergeMaterials,
  resolveAnswers,
  serviceItemSchema,
  servicePackageSchema,
  type CatalogueIndex,
  type PackageAnswers,
  type ServiceItem,
  type ServicePackage,
} from '../../../domain/catalogue';
import { CASE_TYPE_LABELS, COMMITMENT_LABELS } from '../../../domain/cases';
import type { CatalogueItemView, CatalogueStatus, PackagePlanView, PackageView } from '../../../domain/contract/core';
import { logger } from '../logger';
import { licenceLabel } from '../../../domain/licences';

/** A counter item: the domain item plus what the receipts need that the domain schema lacks. */
export type CounterItem = ServiceItem & { code: string; feeText: string };

const FORM: Record<string, 'original' | 'copy' | 'both' | 'electronic'> = { 原件: 'original', 复印件: 'copy', 原件及复印件: 'both', 电子件: 'electronic' };

/** Hall-server wire item (domain/api/hall.ts serviceItemSchema) or a domain item → counter item; null when invalid. */
export function toCounterItem(raw: unknown): CounterItem | null {
  const w = raw as Record<string, unknown>;
  let candidate: unknown = raw;
  if (typeof w.code === 'string' && w.basicCode === undefined) {
    const immediate = w.caseType === '即办件';
    const mats = Array.isArray(w.materials) ? (w.materials as Record<string, unknown>[]) : [];
    candidate = {
      name: w.name,
      basicCode: String(w.code).slice(0, 10),
      implementationCode: w.code,
      itemKind: typeof w.itemKind === 'string' ? w.itemKind : '20',
      ...(typeof w.legalBasis === 'string' ? { legalBasis: w.legalBasis } : {}),
      caseType: immediate ? 'immediate' : 'committed',
      commitment: immediate ? 'instant' : 'timeLimited',
      legalDays: w.legalDays,
      promisedDays: w.promisedDays,
      category: w.category,
      department: w.department,
      materials: mats.map((m) => ({
        name: m.name,
        originalOrCopy: FORM[String(m.form)] ?? 'copy',
        count: m.count,
        mayBeWaived: m.mayBeWaived,
        required: true,
        ...(typeof m.licenceType === 'string' ? { licenceType: m.licenceType } : {}),
        requirement:
          typeof m.note === 'string'
            ? `${FORM[String(m.form)] === 'original' ? '提供原件' : `提供${String(m.form)}`}；${m.note}`
            : `提供${String(m.form)}${Number(m.count) > 1 ? ` ${String(m.count)} 份` : ''}`,
      })),
    };
  }
  const p = serviceItemSchema.safeParse(candidate);
  if (!p.success) return null;
  const fee =
    typeof w.fee === 'string' ? w.fee : p.data.fees.length === 0 ? '免费' : p.data.fees.map((f) => `${f.name} ¥${(f.amountFen / 100).toFixed(2)}`).join('；');
  return { ...p.data, code: p.data.implementationCode, feeText: fee };
}

export function itemView(i: CounterItem): CatalogueItemView {
  return {
    code: i.code,
    name: i.name,
    category: i.category,
    department: i.department ?? null,
    caseType: i.caseType,
    caseTypeLabel: CASE_TYPE_LABELS[i.caseType],
    commitment: i.commitment ?? null,
    commitmentLabel: i.commitment ? COMMITMENT_LABELS[i.commitment] : null,
    promisedDays: i.promisedDays,
    legalDays: i.legalDays,
    fee: i.feeText,
    legalBasis: i.legalBasis ?? null,
    materials: i.materials.map((m) => ({
      name: m.name,
      originalOrCopy: m.originalOrCopy,
      count: m.count,
      mayBeWaived: m.mayBeWaived,
      required: m.required,
      requirement: m.requirement,
      ...(m.licenceType ? { licenceType: m.licenceType, licenceLabel: licenceLabel(m.licenceType) } : {}),
    })),
  };
}

export class CatalogueService {
  private items: CounterItem[] = [];
  private index: CatalogueIndex<CounterItem> = buildCatalogueIndex<CounterItem>([]);
  private status: CatalogueStatus = { count: 0, source: 'none', fetchedAt: null, message: '事项目录尚未加载' };
  private packageList: ServicePackage[] = [];

  constructor(
    private readonly db: Db,
    private readonly hall: HallClient,
  ) {
    const row = db.prepare('SELECT items, fetched_at FROM catalogue_cache WHERE id = 1').get() as { items: string; fetched_at: string } | undefined;
    if (row) this.load(JSON.parse(row.items) as unknown[], 'cache', row.fetched_at);
    const pk = db.prepare('SELECT packages FROM catalogue_package_cache WHERE id = 1').get() as { packages: string } | undefined;
    if (pk) this.loadPackages(JSON.parse(pk.packages) as unknown[]);
  }

  /** Packages whose every item is in the catalogue (a package naming an unknown item cannot be accepted). */
  private loadPackages(raw: unknown[]): number {
    const ok = raw.flatMap((p) => {
      const r = servicePackageSchema.safeParse(p);
      return r.success && r.data.active && r.data.items.every((i) => this.items.some((x) => x.code === i.itemCode)) ? [r.data] : [];
    });
    this.packageList = ok;
    return raw.length - ok.length;
  }

  private load(raw: unknown[], source: 'server' | 'cache', fetchedAt: string): number {
    const items = raw.map(toCounterItem).filter((x): x is CounterItem => x !== null);
    this.items = items;
    this.index = buildCatalogueIndex(items);
    const skipped = raw.length - items.length;
    this.status = {
      count: items.length,
      source,
      fetchedAt,
      message: skipped > 0 ? `有 ${skipped} 个事项数据不完整，已跳过` : source === 'cache' ? '使用本机缓存的事项目录' : null,
    };
    return skipped;
  }

  getStatus(): CatalogueStatus {
    return this.status;
  }

  /** Fetch from the hall server; on failure keep the cache and say so. */
  async refresh(): Promise<CatalogueStatus> {
    try {
      // Raw items: load() validates each one and skips (and counts) the ones it cannot take.
      const r = await this.hall.callRaw('catalogue.get');
      const raw = (r as { items?: unknown[] } | null)?.items ?? [];
      const rawPackages = (r as { packages?: unknown[] } | null)?.packages ?? [];
      const at = new Date().toISOString();
      const skipped = this.load(raw, 'server', at);
      if (skipped > 0) logger.warn({ skipped }, 'catalogue items skipped');
      const skippedPackages = this.loadPackages(rawPackages);
      if (skippedPackages > 0) logger.warn({ skippedPackages }, 'catalogue packages skipped');
      this.db
        .prepare(
          'INSERT INTO catalogue_package_cache (id, packages, fetched_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET packages = excluded.packages, fetched_at = excluded.fetched_at',
        )
        .run(JSON.stringify(rawPackages), at);
      this.db
        .prepare(
          'INSERT INTO catalogue_cache (id, items, fetched_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET items = excluded.items, fetched_at = excluded.fetched_at',
        )
        .run(JSON.stringify(raw), at);
    } catch (err) {
      const code = err instanceof CodedError ? err.code : 'CATALOGUE_FETCH_FAILED';
      this.status = {
        ...this.status,
        message: this.items.length ? `无法从大厅服务器更新事项目录（${code}），继续使用本机缓存` : `无法获取事项目录（${code}），请联网后重试`,
      };
    }
    return this.status;
  }

  search(query: string, limit: number): CatalogueItemView[] {
    if (!query.trim()) return this.items.slice(0, limit).map(itemView);
    return this.index.search(query, { limit }).map((h) => itemView(h.item));
  }

  get(code: string): CounterItem {
    const i = this.items.find((x) => x.code === code || x.basicCode === code);
    if (!i) throw new CodedError('CATALOGUE_ITEM_NOT_FOUND', `事项目录中没有编码为 ${code} 的事项`, 404);
    return i;
  }

  packages(): PackageView[] {
    return this.packageList.map((p) => ({
      code: p.code,
      name: p.name,
      leadDepartment: p.leadDepartment ?? null,
      description: p.description ?? null,
      questions: p.questions.map((q) => ({ ...q })),
      itemCount: p.items.length,
    }));
  }

  getPackage(code: string): ServicePackage {
    const p = this.packageList.find((x) => x.code === code);
    if (!p) throw new CodedError('PACKAGE_NOT_FOUND', `事项目录中没有编码为 ${code} 的一件事`, 404);
    return p;
  }

  /** What a package with these answers means: its items (in order) and one merged materials list. */
  plan(code: string, given: PackageAnswers): PackagePlanView & { package: ServicePackage; answers: PackageAnswers; counterItems: CounterItem[] } {
    const pkg = this.getPackage(code);
    const a = resolveAnswers(pkg, given);
    if (!a.ok) throw new CodedError('PACKAGE_ANSWERS_INVALID', a.message, 400);
    const counterItems = chooseItems(pkg, a.answers).map((c) => this.get(c));
    return {
      package: pkg,
      answers: a.answers,
      counterItems,
      code: pkg.code,
      name: pkg.name,
      items: counterItems.map(itemView),
      materials: mergeMaterials(counterItems),
    };
  }
}
