// The demo hall (issue 2 "Demo seed"): used by `npm run demo`, the tests and the examples.
// `seedHall` writes a hall spec into an empty database; it refuses to seed twice.
import crypto from 'node:crypto';
import type { HallStore } from '../db/connection';
import { hashPasswordSync } from '../../platform/passwords';
import { demoCatalogue } from './catalogue';
import { demoPackages } from './packages';
import { servicePackageSchema, type ServicePackageInput } from '../../domain/catalogue/packages';
import { DEFAULT_ORDERING_RULES } from '../../domain/queue/rules';
import type { ServiceItem } from '../../domain/api/hall';
import { PROBLEM_DESK_KIND } from '../../domain/practices/problemLedger';

export interface HallSpec {
  hallName: string;
  notice: string;
  /** Numbers run 1..rangeEnd (default 999, three digits) per category and day. */
  /** kind: the practice a category stands for ('problemDesk' = 办不成事反映窗口, domain/practices); default 'queue'. */
  categories: { code: string; name: string; serviceLevelMinutes: number; avgServiceMinutes: number; rangeEnd?: number; numberWidth?: number; kind?: string }[];
  windows: { no: number; name: string; categories: { category: string; weight: number }[] }[];
  staff: { workNo: string; name: string; role: 'clerk' | 'manager'; stars: number; homeWindow: number | null; backup: string | null }[];
  items: ServiceItem[];
  /** 一件事 packages built from the items. */
  packages?: ServicePackageInput[];
  /** Reusable enrollment codes (demo mode only). */
  demoCodes: { code: string; kind: 'kiosk' | 'display' | 'pad' | 'counter'; windowNo: number | null }[];
}

export function demoSpec(): HallSpec {
  return {
    hallName: '示例市政务服务中心',
    notice: '请按号等候，留意叫号；60岁以上老年人可走绿色通道。',
    categories: [
      { code: 'A', name: '综合受理', serviceLevelMinutes: 30, avgServiceMinutes: 8 },
      { code: 'B', name: '社保医保', serviceLevelMinutes: 30, avgServiceMinutes: 6 },
      { code: 'C', name: '不动产登记', serviceLevelMinutes: 45, avgServiceMinutes: 15 },
      { code: 'D', name: '企业开办', serviceLevelMinutes: 40, avgServiceMinutes: 12 },
      // The 「办不成事」反映窗口 (issue 16): its own category and window, where leaders take turns.
      { code: 'P', name: '办不成事反映', serviceLevelMinutes: 30, avgServiceMinutes: 20, kind: PROBLEM_DESK_KIND },
    ],
    windows: [
      {
        no: 1,
        name: '1号窗口',
        categories: [
          { category: 'A', weight: 2 },
          { category: 'B', weight: 1 },
        ],
      },
      {
        no: 2,
        name: '2号窗口',
        categories: [
          { category: 'A', weight: 1 },
          { category: 'B', weight: 2 },
        ],
      },
      { no: 3, name: '3号窗口', categories: [{ category: 'B', weight: 1 }] },
      { no: 4, name: '4号窗口', categories: [{ category: 'C', weight: 1 }] },
      {
        no: 5,
        name: '5号窗口',
        categories: [
          { category: 'C', weight: 2 },
          { category: 'A', weight: 1 },
        ],
      },
      {
        no: 6,
        name: '6号窗口',
        categories: [
          { category: 'D', weight: 2 },
          { category: 'A', weight: 1 },
        ],
      },
      { no: 9, name: '办不成事反映窗口', categories: [{ category: 'P', weight: 1 }] },
    ],
    staff: [
      { workNo: 'M001', name: '王建国', role: 'manager', stars: 5, homeWindow: null, backup: null },
      { workNo: 'C001', name: '李娜', role: 'clerk', stars: 5, homeWindow: 1, backup: 'C002' },
      { workNo: 'C002', name: '张伟', role: 'clerk', stars: 4, homeWindow: 2, backup: 'C001' },
      { workNo: 'C003', name: '刘洋', role: 'clerk', stars: 4, homeWindow: 3, backup: 'C002' },
      { workNo: 'C004', name: '陈静', role: 'clerk', stars: 5, homeWindow: 4, backup: 'C005' },
      { workNo: 'C005', name: '杨帆', role: 'clerk', stars: 3, homeWindow: 5, backup: 'C004' },
      { workNo: 'C006', name: '赵敏', role: 'clerk', stars: 4, homeWindow: 6, backup: 'C001' },
      // The 办不成事 window's clerk (leaders on the duty rota sit beside her, signed in as managers).
      { workNo: 'C007', name: '周丽', role: 'clerk', stars: 5, homeWindow: 9, backup: null },
    ],
    items: demoCatalogue,
    packages: demoPackages,
    // Counter and pad codes carry their window: COUNTER-DEMO-N / PAD-DEMO-N for window N (the
    // bare COUNTER-DEMO and PAD-DEMO serve window 1; window 9 is the 办不成事 window).
    demoCodes: [
      { code: 'KIOSK-DEMO', kind: 'kiosk', windowNo: null },
      { code: 'DISPLAY-DEMO', kind: 'display', windowNo: null },
      { code: 'PAD-DEMO', kind: 'pad', windowNo: 1 },
      { code: 'COUNTER-DEMO', kind: 'counter', windowNo: 1 },
      ...[1, 2, 3, 4, 5, 6, 9].flatMap((w) => [
        { code: `COUNTER-DEMO-${w}`, kind: 'counter' as const, windowNo: w },
        { code: `PAD-DEMO-${w}`, kind: 'pad' as const, windowNo: w },
      ]),
    ],
  };
}

/** A big hall for the benchmark: `windows` windows, clerk Bnnn on window n, categories A–D. */
export function benchSpec(windows: number): HallSpec {
  const base = demoSpec();
  // Eight categories (the demo's four twice over) so the saturation run never runs dry.
  const queue = base.categories.filter((c) => !c.kind);
  const extra = queue.map((c, i) => ({ ...c, code: 'EFGH'[i]!, name: `${c.name}（二）` }));
  const cats = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  return {
    ...base,
    // A 200-window hall issues far more than 999 numbers a day per category.
    categories: [...queue, ...extra].map((c) => ({ ...c, rangeEnd: 9999, numberWidth: 4 })),
    windows: Array.from({ length: windows }, (_, i) => ({
      no: i + 1,
      name: `${i + 1}号窗口`,
      categories: [
        { category: cats[i % 8]!, weight: 2 },
        { category: cats[(i + 1) % 8]!, weight: 1 },
      ],
    })),
    staff: [
      base.staff[0]!,
      ...Array.from({ length: windows }, (_, i) => ({
        workNo: `B${String(i + 1).padStart(3, '0')}`,
        name: `测试${i + 1}`,
        role: 'clerk' as const,
        stars: 4,
        homeWindow: i + 1,
        backup: null,
      })),
    ],
  };
}

export function isSeeded(store: HallStore): boolean {
  return !!store.get(store.q.selectFrom('meta').select('value').where('key', '=', 'hall_name'));
}

export function seedHall(store: HallStore, spec: HallSpec, password: string, now = Date.now()): void {
  if (isSeeded(store)) return;
  // One hash for every demo account: scrypt is slow on purpose, and the demo password is shared anyway.
  const hash = hashPasswordSync(password);
  const q = store.q;
  store.tx(() => {
    const meta: Record<string, string> = {
      hall_name: spec.hallName,
      hall_notice: spec.notice,
      id_salt: crypto.randomBytes(32).toString('base64'),
      demo_mode: spec.demoCodes.length ? '1' : '0',
    };
    for (const [key, value] of Object.entries(meta)) store.run(q.insertInto('meta').values({ key, value }));
    spec.categories.forEach((c, i) =>
      store.run(
        q.insertInto('categories').values({
          code: c.code,
          name: c.name,
          prefix: c.code,
          daily_reset: 1,
          range_start: 1,
          range_end: c.rangeEnd ?? 999,
          number_width: c.numberWidth ?? 3,
          service_level_minutes: c.serviceLevelMinutes,
          avg_service_minutes: c.avgServiceMinutes,
          sort: i,
        }),
      ),
    );
    // categories.kind came with hall migration 770; the row type of the first schema does not name it.
    for (const c of spec.categories) if (c.kind) store.raw.prepare('UPDATE categories SET kind = ? WHERE code = ?').run(c.kind, c.code);
    for (const w of spec.windows) {
      store.run(
        q.insertInto('windows').values({
          no: w.no,
          name: w.name,
          status: 'closed',
          pause_reason: null,
          clerk_work_no: null,
          current_ticket_id: null,
          ratio_pos: 0,
          status_since: now,
        }),
      );
      for (const c of w.categories) store.run(q.insertInto('window_categories').values({ window_no: w.no, category: c.category, weight: c.weight }));
    }
    for (const s of spec.staff) {
      store.run(
        q.insertInto('staff').values({
          work_no: s.workNo,
          name: s.name,
          role: s.role,
          stars: s.stars,
          photo_url: null,
          home_window: s.homeWindow,
          backup_work_no: s.backup,
          password_hash: hash,
          active: 1,
        }),
      );
    }
    for (const it of spec.items) {
      store.run(
        q.insertInto('service_items').values({
          code: it.code,
          name: it.name,
          category: it.category,
          case_type: it.caseType,
          commitment: it.commitment,
          promised_days: it.promisedDays,
          legal_days: it.legalDays,
          fee: it.fee,
          department: it.department,
          materials: JSON.stringify(it.materials),
        }),
      );
    }
    (spec.packages ?? []).forEach((p, i) => {
      const pkg = servicePackageSchema.parse(p);
      store.run(q.insertInto('service_packages').values({ code: pkg.code, name: pkg.name, definition: JSON.stringify(pkg), sort: i }));
    });
    for (const d of spec.demoCodes) {
      store.run(
        q
          .insertInto('enrollment_codes')
          .values({ code: d.code, kind: d.kind, reusable: 1, used_at: null, created_by: 'seed', expires_at: null, window_no: d.windowNo, takes_over: null }),
      );
    }
    store.run(q.insertInto('ordering_rules').values({ version: 1, rules: JSON.stringify(DEFAULT_ORDERING_RULES), created_at: now, created_by: 'seed' }));
  });
}

/** A hall that was never seeded still needs its ID salt and rules. */
export function ensureBasics(store: HallStore, now = Date.now()): void {
  const q = store.q;
  store.tx(() => {
    if (!store.get(q.selectFrom('meta').select('value').where('key', '=', 'id_salt'))) {
      store.run(q.insertInto('meta').values({ key: 'id_salt', value: crypto.randomBytes(32).toString('base64') }));
    }
    if (!store.get(q.selectFrom('meta').select('value').where('key', '=', 'hall_name'))) {
      store.run(q.insertInto('meta').values({ key: 'hall_name', value: '政务服务中心' }));
    }
    if (!store.get(q.selectFrom('ordering_rules').select('version'))) {
      store.run(q.insertInto('ordering_rules').values({ version: 1, rules: JSON.stringify(DEFAULT_ORDERING_RULES), created_at: now, created_by: 'system' }));
    }
  });
}
