// The city's versioned catalogue (事项/实施清单, 承诺时限, departments, holiday overrides, 差评
// reasons). Published versions are immutable rows; halls pull what is newer than theirs. The
// newest version is cached for projections (department of an item, the working calendar).
import type { Kysely } from 'kysely';
import { defaultCalendar, type WorkingCalendar } from '../../domain/calendar';
import type { CatalogueResponse, CityCatalogueBody } from '../../domain/api/uplink';
import { CITY, num, type CentralDB } from '../db/schema';
import { CE } from '../errors';

export class CatalogueService {
  version = 0;
  private body: CityCatalogueBody | null = null;
  private departments = new Map<string, string>();
  calendar: WorkingCalendar = defaultCalendar;

  constructor(private readonly db: Kysely<CentralDB>) {}

  async load(): Promise<void> {
    const row = await this.db.selectFrom('catalogues').selectAll().where('hall_id', '=', CITY).orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (row) this.use(num(row.version), parse(row.body));
  }

  private use(version: number, body: CityCatalogueBody): void {
    this.version = version;
    this.body = body;
    const names = new Map(body.departments.map((d) => [d.code, d.name]));
    this.departments = new Map();
    for (const i of body.items) {
      const dep = i.department ? (names.get(i.department) ?? i.department) : null;
      if (dep) {
        this.departments.set(i.implementationCode, dep);
        this.departments.set(i.basicCode, dep);
      }
    }
    this.calendar = defaultCalendar.withOverrides(body.holidayOverrides);
  }

  departmentOf = (itemCode: string | null): string | null => (itemCode ? (this.departments.get(itemCode) ?? null) : null);

  async get(since: number): Promise<CatalogueResponse> {
    await this.load();
    const row =
      this.version > since
        ? await this.db.selectFrom('catalogues').select(['published_at']).where('hall_id', '=', CITY).where('version', '=', this.version).executeTakeFirst()
        : undefined;
    return {
      version: this.version,
      publishedAt: row ? new Date(num(row.published_at)).toISOString() : null,
      catalogue: this.version > since ? this.body : null,
    };
  }

  /** Publish on top of baseVersion; a stale base (or a replay) is a conflict, never a second version. */
  async publish(baseVersion: number, body: CityCatalogueBody, by: string, now = Date.now()): Promise<{ version: number; publishedAt: string }> {
    const version = await this.db
      .transaction()
      .execute(async (tx) => {
        const top = await tx
          .selectFrom('catalogues')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('hall_id', '=', CITY)
          .executeTakeFirst();
        const current = num(top?.v as number | string | null);
        if (current !== baseVersion) throw CE.catalogueConflict(current);
        // The PK (hall_id, version) rejects a concurrent publish of the same version.
        await tx
          .insertInto('catalogues')
          .values({ hall_id: CITY, version: current + 1, body: JSON.stringify(body), published_at: now, published_by: by })
          .execute();
        return current + 1;
      })
      .catch((e: unknown) => {
        if ((e as { code?: string }).code === '23505') throw CE.catalogueConflict(baseVersion + 1);
        throw e;
      });
    this.use(version, body);
    return { version, publishedAt: new Date(now).toISOString() };
  }
}

const parse = (b: unknown): CityCatalogueBody => (typeof b === 'string' ? JSON.parse(b) : b) as CityCatalogueBody;
