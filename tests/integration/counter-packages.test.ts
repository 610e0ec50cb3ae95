// 一件事一次办 against real parts: a hall server process with the demo seed (packages included),
// the counter core, and a TCP printer sink decoding the ESC/POS it receives. One application →
// one package case + linked sub-cases with their own deadlines, ONE receipt listing them all;
// 容缺 and 一次性告知 for the package as a whole; the package is done when every sub-case is;
// sync carries it to the hall, whose stats count packages beside items.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { PrinterSink } from '../../native/printer/sink';
import type { CounterCore } from '../../electron/core/counterCore';
import { addWorkingDays, chinaDateOf, docDate } from '../../domain/calendar';
import { api, login } from '../e2e/managerHallApi';
import { startCounterAtDemoHall, type CounterAtHall } from '../support/counterAtDemoHall';
import { waitFor } from '../support/waitFor';

let chain: CounterAtHall;
let sink: PrinterSink;
let core: CounterCore;
let base: string;
const NEWBORN = 'YJS-XSECS';
const ID = '11010519491231002X';

beforeAll(async () => {
  chain = await startCounterAtDemoHall({ prefix: 'counter-packages' });
  ({ sink, core, base } = chain);
}, 60_000);

afterAll(async () => {
  await chain?.close();
});

describe('一件事一次办 at the counter', () => {
  it('the hall serves the demo packages; a plan merges the materials of the chosen items', async () => {
    const list = await core.host.call('catalogue.packages', {});
    expect(list.map((p) => p.name)).toEqual(['新生儿出生一件事', '开办餐饮店一件事', '二手房交易一件事']);
    const all = await core.host.call('catalogue.packagePlan', { code: NEWBORN, answers: {} });
    expect(all.items.map((i) => i.name)).toEqual(['出生医学证明首次签发', '户口登记（出生登记）', '城乡居民基本医疗保险参保登记（新生儿）', '社会保障卡申领']);
    const noCard = await core.host.call('catalogue.packagePlan', { code: NEWBORN, answers: { card: false } });
    expect(noCard.items).toHaveLength(3);
    const ids = noCard.materials.filter((m) => m.name === '父母双方居民身份证');
    expect(ids).toHaveLength(1); // asked once …
    expect(ids[0]!.usedBy).toHaveLength(3); // … for three items
    expect(ids[0]!.originalOrCopy).toBe('both');
    await expect(core.host.call('catalogue.packagePlan', { code: NEWBORN, answers: { pet: true } })).rejects.toMatchObject({ code: 'PACKAGE_ANSWERS_INVALID' });
    await expect(core.host.call('catalogue.packagePlan', { code: 'NOPE', answers: {} })).rejects.toMatchObject({ code: 'PACKAGE_NOT_FOUND' });
  });

  let pkgId = '';
  let pkgNo = '';
  it('accepts 新生儿出生一件事 in one go: one package case, sub-cases with their own deadlines, ONE receipt listing them', async () => {
    const plan = await core.host.call('catalogue.packagePlan', { code: NEWBORN, answers: {} });
    const before = sink.receipts.length;
    const requestId = uuidv7();
    const input = {
      packageCode: NEWBORN,
      answers: {},
      requestId,
      applicant: { manual: { name: '王小明', idNumber: ID }, phone: '13800138000' },
      materials: plan.materials.map((m) => ({ name: m.name, received: true })),
      decision: { kind: 'accept' as const },
    };
    const r = await core.host.call('cases.intakePackage', input);
    pkgId = r.caseId;
    pkgNo = r.caseNo;
    const today = chinaDateOf(new Date());
    expect(r.subCases).toHaveLength(4);
    const expected = plan.items.map((i) => (i.caseType === 'immediate' ? today : addWorkingDays(today, i.promisedDays).date));
    expect(r.subCases.map((s) => s.dueDate)).toEqual(expected);
    expect(r.subCases.map((s) => s.department)).toEqual(['市卫生健康委员会', '市公安局', '市医疗保障局', '市人力资源和社会保障局']);
    // 医保参保 is a 即办件: done on the spot; the others are accepted.
    expect(r.subCases.map((s) => s.status)).toEqual(['accepted', 'accepted', 'completed', 'accepted']);
    expect(r.status).toBe('processing');
    expect(r.dueDate).toBe(expected.sort().at(-1));
    expect(new Set([r.caseNo, ...r.subCases.map((s) => s.caseNo)]).size).toBe(5);

    // One receipt, decoded from the ESC/POS bytes the TCP sink received.
    const got = (await sink.waitForReceipts(before + 1, 10_000)).slice(before);
    await new Promise((res) => setTimeout(res, 500));
    expect(sink.receipts.length - before).toBe(1);
    const text = got[0]!.lines.join('\n');
    const flat = got[0]!.lines.join('').replace(/\s+/g, ''); // folded lines joined back
    expect(text).toContain('一件事受理回执');
    expect(text).toContain('新生儿出生一件事');
    expect(flat).toContain(r.caseNo);
    for (const s of r.subCases) {
      expect(flat).toContain(s.caseNo);
      expect(flat).toContain(s.itemName);
    }
    for (const s of r.subCases.filter((x) => x.status !== 'completed')) expect(flat).toContain(docDate(s.dueDate!));
    expect(flat).toContain('当场办结');
    expect(flat).toContain('3个事项共用'); // 父母双方居民身份证 on the one materials list
    expect(flat).toMatch(/110105\*{8}002X/);
    expect(flat).not.toContain(ID);
    expect(got[0]!.qr.some((q) => q.includes('/c/'))).toBe(true);

    // A double click: the same requestId returns the same package, nothing new printed.
    const again = await core.host.call('cases.intakePackage', input);
    expect(again.caseId).toBe(r.caseId);
  });

  it('the drawer shows the package and its sub-cases; search finds either', async () => {
    const d = await core.host.call('cases.get', { caseId: pkgId });
    expect(d.package?.role).toBe('package');
    expect(d.package?.subCases).toHaveLength(4);
    expect(d.allowed).toEqual([]); // acted on through its sub-cases
    const sub = d.package!.subCases[0]!;
    const s = await core.host.call('cases.get', { caseId: sub.caseId });
    expect(s.package?.role).toBe('subCase');
    expect(s.package?.caseNo).toBe(pkgNo);
    const byPkg = await core.host.call('cases.search', { query: pkgNo });
    expect(byPkg.items.map((i) => i.caseId)).toContain(pkgId);
    const bySub = await core.host.call('cases.search', { query: sub.caseNo });
    expect(bySub.items.map((i) => i.caseId)).toContain(sub.caseId);
    // 补打: the one receipt laid out again from the rows now, marked.
    const n = sink.receipts.length;
    await core.host.call('receipts.reprint', { caseId: pkgId, template: 'package-acceptance' });
    const [re] = (await sink.waitForReceipts(n + 1, 10_000)).slice(n);
    const reText = re!.lines.join('').replace(/\s+/g, '');
    expect(reText).toContain('补打');
    expect(reText).toContain(sub.caseNo);
    const preview = await core.host.call('receipts.preview', { caseId: pkgId, template: 'package-acceptance' });
    expect(preview.lines.join('')).toContain('一件事受理回执');
  });

  it('the package is done only when every sub-case is', async () => {
    const d = await core.host.call('cases.get', { caseId: pkgId });
    const open = d.package!.subCases.filter((s) => s.status !== 'completed');
    for (const [i, s] of open.entries()) {
      await core.host.call('cases.complete', { caseId: s.caseId, result: 'approved' });
      const p = await core.host.call('cases.get', { caseId: pkgId });
      expect(p.status).toBe(i < open.length - 1 ? 'processing' : 'completed');
    }
    const done = await core.host.call('cases.get', { caseId: pkgId });
    expect(done.mark).toBe('completed');
  });

  it('容缺 for the package as a whole: the waived material goes to each sub-case that uses it; one receipt and one 容缺受理通知书', async () => {
    const plan = await core.host.call('catalogue.packagePlan', { code: NEWBORN, answers: { medical: false, card: false } });
    const waived = '父母结婚证';
    expect(plan.materials.find((m) => m.name === waived)?.mayBeWaived).toBe(true);
    const today = chinaDateOf(new Date());
    const before = sink.receipts.length;
    const r = await core.host.call('cases.intakePackage', {
      packageCode: NEWBORN,
      answers: { medical: false, card: false },
      requestId: uuidv7(),
      applicant: { manual: { name: '王小明', idNumber: ID } },
      materials: plan.materials.map((m) => ({ name: m.name, received: m.name !== waived })),
      decision: { kind: 'conditional', waived: [waived], supplyDeadline: addWorkingDays(today, 1).date!, commitmentSigned: true },
    });
    for (const s of r.subCases) {
      const d = await core.host.call('cases.get', { caseId: s.caseId });
      expect(d.conditional?.waivedMaterials).toEqual([waived]);
    }
    const got = (await sink.waitForReceipts(before + 2, 10_000)).slice(before).map((x) => x.lines.join(''));
    expect(got.some((t) => t.includes('一件事受理回执'))).toBe(true);
    expect(got.some((t) => t.includes('容缺受理通知书') && t.includes(waived))).toBe(true);
    // Not waivable anywhere → refused before anything is written.
    await expect(
      core.host.call('cases.intakePackage', {
        packageCode: NEWBORN,
        answers: {},
        requestId: uuidv7(),
        applicant: { manual: { name: '王小明', idNumber: ID } },
        materials: [],
        decision: { kind: 'conditional', waived: ['户口簿'], supplyDeadline: today, commitmentSigned: true },
      }),
    ).rejects.toMatchObject({ code: 'MATERIAL_NOT_WAIVABLE' });
  });

  it('一次性告知 for the package: one notice with every missing material; sub-cases that need none of them are accepted', async () => {
    const plan = await core.host.call('catalogue.packagePlan', { code: NEWBORN, answers: {} });
    const before = sink.receipts.length;
    const lacking = '出生医学证明首次签发登记表';
    const r = await core.host.call('cases.intakePackage', {
      packageCode: NEWBORN,
      answers: {},
      requestId: uuidv7(),
      applicant: { manual: { name: '王小明', idNumber: ID } },
      materials: plan.materials.map((m) => ({ name: m.name, received: m.name !== lacking })),
      decision: { kind: 'missing' },
    });
    expect(r.status).toBe('supplementing');
    expect(r.subCases[0]!.status).toBe('supplementing');
    expect(r.subCases.slice(1).every((s) => s.status !== 'supplementing')).toBe(true);
    const got = (await sink.waitForReceipts(before + 2, 10_000)).slice(before).map((x) => x.lines.join(''));
    const notice = got.find((t) => t.includes('一次性告知书'))!;
    expect(notice).toContain(lacking);
    expect(notice).toContain('新生儿出生一件事');
    // Accepting with a required material missing is refused with the list.
    await expect(
      core.host.call('cases.intakePackage', {
        packageCode: NEWBORN,
        answers: {},
        requestId: uuidv7(),
        applicant: { manual: { name: '王小明', idNumber: ID } },
        materials: [],
        decision: { kind: 'accept' },
      }),
    ).rejects.toMatchObject({ code: 'MATERIALS_INCOMPLETE' });
  });

  it('sync carries package and sub-cases to the hall; the manager stats count packages beside items', async () => {
    const manager = await login(base, 'M001');
    const hallCase = await waitFor(async () => {
      const r = await api<{ status: string; packageInfo?: { subCases: unknown[] } | null }>(base, 'GET', `/api/cases/${pkgId}`, manager);
      return r.status === 200 && r.body.status === 'completed' ? r.body : null;
    }, 30_000);
    expect(hallCase.packageInfo?.subCases).toHaveLength(4);
    const today = chinaDateOf(new Date());
    type PackageStats = {
      items: { cases: number; inPackages: number };
      packages: { cases: number; completed: number; onTime: number; rate: number | null; byPackage: { name: string; cases: number }[] };
    };
    // The three packages of this file reach the hall by sync, each in its own push: wait for all of them.
    const s = await waitFor(async () => {
      const r = await api<PackageStats>(base, 'GET', `/api/stats/packages?from=${today}&to=${today}`, manager);
      return r.status === 200 && r.body.packages.cases >= 3 && r.body.items.inPackages >= 10 ? r : null;
    }, 30_000);
    expect(s.status).toBe(200);
    expect(s.body.packages.cases).toBe(3);
    expect(s.body.packages.byPackage).toEqual([expect.objectContaining({ name: '新生儿出生一件事', cases: 3 })]);
    expect(s.body.packages.completed).toBe(1);
    expect(s.body.packages.rate).toBe(1);
    expect(s.body.items.inPackages).toBe(4 + 2 + 4);
    // The hall's case list (the console's 办件量, overdue and due-soon marks) counts items, not the package cases again.
    const list = await api<{ total: number; items: number; cases: { packageInfo: unknown }[] }>(base, 'GET', '/api/cases?limit=500', manager);
    const containers = list.body.cases.filter((c) => c.packageInfo != null).length;
    expect(containers).toBe(3);
    expect(list.body.items).toBe(list.body.total - containers);
    // Replay: the same question, the same answer.
    const again = await api(base, 'GET', `/api/stats/packages?from=${today}&to=${today}`, manager);
    expect(again.body).toEqual(s.body);
    // Wrong type, reversed range, a range from the future, wrong role.
    expect((await api(base, 'GET', `/api/stats/packages?from=yesterday&to=${today}`, manager)).status).toBe(400);
    expect((await api(base, 'GET', `/api/stats/packages?from=${today}&to=2000-01-01`, manager)).status).toBe(400);
    const future = await api<{ code: string }>(base, 'GET', `/api/stats/packages?from=2099-01-01&to=2099-01-02`, manager);
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('STATS_RANGE_FUTURE');
    const clerk = await login(base, 'C002');
    expect((await api(base, 'GET', `/api/stats/packages?from=${today}&to=${today}`, clerk)).status).toBe(403);
    expect((await api(base, 'GET', `/api/stats/packages?from=${today}&to=${today}`)).status).toBe(401);
  }, 45_000);
});
