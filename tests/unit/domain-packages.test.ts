// 一件事一次办 in the domain: choosing items from answers, the merged materials list, the package's
// status from its sub-cases, the package case's own events, and an older build deferring them.
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../domain/idNumber';
import { chooseItems, mergeMaterials, resolveAnswers, servicePackageSchema, type ServicePackageInput } from '../../domain/catalogue';
import {
  CASE_SCHEMA_VERSION,
  createCaseEvent,
  isKnownKind,
  overlayPackage,
  packageStatus,
  parseCaseEvent,
  projectCase,
  type CaseRow,
  type CaseStatus,
} from '../../domain/cases';
import { demoPackages } from '../../server/seed/packages';
import { demoCatalogue } from '../../server/seed/catalogue';

const ID = '11010519491231002' + idCheckChar('11010519491231002');

const newborn: ServicePackageInput = {
  code: 'YJS-CS',
  name: '新生儿出生一件事',
  questions: [
    { id: 'medical', text: '是否办理城乡居民医保参保？', defaultAnswer: true },
    { id: 'card', text: '是否需要办理社保卡？', defaultAnswer: false },
  ],
  items: [
    { itemCode: 'BIRTH' },
    { itemCode: 'HUKOU' },
    { itemCode: 'MED', when: { question: 'medical', answer: true } },
    { itemCode: 'CARD', when: { question: 'card', answer: true } },
  ],
};

describe('package schema and item choice', () => {
  const pkg = servicePackageSchema.parse(newborn);
  it('chooses optional items by the answers, defaults filling the gaps, in package order', () => {
    expect(chooseItems(pkg, {})).toEqual(['BIRTH', 'HUKOU', 'MED']);
    expect(chooseItems(pkg, { card: true })).toEqual(['BIRTH', 'HUKOU', 'MED', 'CARD']);
    expect(chooseItems(pkg, { medical: false, card: false })).toEqual(['BIRTH', 'HUKOU']);
  });
  it('refuses answers to questions the package does not ask', () => {
    expect(resolveAnswers(pkg, { card: true })).toEqual({ ok: true, answers: { medical: true, card: true } });
    const bad = resolveAnswers(pkg, { pet: true });
    expect(bad.ok).toBe(false);
  });
  it('rejects a package whose optional item hangs on a missing question, or repeats an item', () => {
    expect(
      servicePackageSchema.safeParse({ ...newborn, items: [{ itemCode: 'A' }, { itemCode: 'B', when: { question: 'nope', answer: true } }] }).success,
    ).toBe(false);
    expect(servicePackageSchema.safeParse({ ...newborn, items: [{ itemCode: 'A' }, { itemCode: 'A' }] }).success).toBe(false);
    expect(servicePackageSchema.safeParse({ ...newborn, items: [{ itemCode: 'A' }] }).success).toBe(false);
  });
  it('the demo packages are valid and name only items of the demo catalogue', () => {
    const codes = new Set(demoCatalogue.map((i) => i.code));
    expect(demoPackages.length).toBeGreaterThanOrEqual(2);
    for (const p of demoPackages) {
      const parsed = servicePackageSchema.parse(p);
      for (const i of parsed.items) expect(codes.has(i.itemCode), `${p.name}: ${i.itemCode}`).toBe(true);
    }
    expect(demoPackages.map((p) => p.name)).toContain('新生儿出生一件事');
  });
});

describe('merged materials list (一套材料)', () => {
  const m = (
    name: string,
    extra: Partial<{
      originalOrCopy: 'original' | 'copy' | 'both' | 'electronic';
      count: number;
      mayBeWaived: boolean;
      required: boolean;
      requirement: string;
    }> = {},
  ) => ({
    name,
    originalOrCopy: 'original' as const,
    count: 1,
    mayBeWaived: false,
    required: true,
    requirement: '',
    ...extra,
  });
  const merged = mergeMaterials([
    { code: 'BIRTH', name: '出生医学证明', materials: [m('父母居民身份证'), m('出生医学证明首次签发申请表')] },
    { code: 'HUKOU', name: '出生登记', materials: [m('父母居民身份证', { originalOrCopy: 'copy', count: 2 }), m('户口簿', { mayBeWaived: true })] },
    { code: 'MED', name: '医保参保', materials: [m('户口簿', { mayBeWaived: false, requirement: '新生儿已落户' }), m('父母居民身份证')] },
  ]);
  it('asks for a material several items need once, with the items that use it', () => {
    expect(merged.map((x) => x.name)).toEqual(['父母居民身份证', '出生医学证明首次签发申请表', '户口簿']);
    const id = merged[0]!;
    expect(id.usedBy.map((u) => u.code)).toEqual(['BIRTH', 'HUKOU', 'MED']);
    expect(merged[1]!.usedBy.map((u) => u.code)).toEqual(['BIRTH']);
  });
  it('takes the form and count that satisfy every item', () => {
    expect(merged[0]!.originalOrCopy).toBe('both'); // original for one, copy for another
    expect(merged[0]!.count).toBe(2);
  });
  it('lets 容缺 waive a shared material only when every item allows it, and keeps every requirement', () => {
    const book = merged[2]!;
    expect(book.mayBeWaived).toBe(false);
    expect(book.requirement).toBe('新生儿已落户');
    const both = mergeMaterials([
      { code: 'A', name: 'A', materials: [m('x', { mayBeWaived: true, required: false, requirement: '一' })] },
      { code: 'B', name: 'B', materials: [m('x', { mayBeWaived: true, required: true, requirement: '二' })] },
    ])[0]!;
    expect(both.mayBeWaived).toBe(true);
    expect(both.required).toBe(true);
    expect(both.requirement).toBe('一；二');
  });
});

describe('package status from sub-case states', () => {
  const s = (...xs: (CaseStatus | 'none')[]) => packageStatus(xs.map((status) => ({ status }))).status;
  it('is done only when every sub-case is done', () => {
    expect(s('completed', 'completed', 'processing')).toBe('processing');
    expect(s('completed', 'handedOver')).toBe('completed');
    expect(s('handedOver', 'handedOver')).toBe('handedOver');
  });
  it('opens as received, then accepted, processing, or 补齐补正 when any sub-case waits for materials', () => {
    expect(s('received', 'received')).toBe('received');
    expect(s('accepted', 'accepted')).toBe('accepted');
    expect(s('accepted', 'completed')).toBe('processing');
    expect(s('accepted', 'supplementing', 'completed')).toBe('supplementing');
  });
  it('drops withdrawn sub-cases; all withdrawn → withdrawn', () => {
    expect(s('withdrawn', 'completed')).toBe('completed');
    expect(s('withdrawn', 'withdrawn')).toBe('withdrawn');
  });
  it('a terminated or refused sub-case makes a settled package terminated, never completed', () => {
    expect(s('terminated', 'completed')).toBe('terminated');
    expect(s('refused', 'handedOver')).toBe('terminated');
    expect(s('terminated', 'processing')).toBe('processing'); // still open: not settled yet
  });
});

describe('the package case and its sub-cases as events', () => {
  const PKG = '0190a1b2-0000-7000-8000-00000000aaaa';
  const SUB1 = '0190a1b2-0000-7000-8000-00000000bbb1';
  const SUB2 = '0190a1b2-0000-7000-8000-00000000bbb2';
  let n = 0;
  const nextId = () => `evt-pkg-${String(++n).padStart(5, '0')}`;
  const actor = { workNo: 'C001', windowNo: 1 };
  const applicant = { name: '张三丰', idType: 'residentId' as const, idNumber: ID };
  const opened = createCaseEvent(
    {
      caseId: PKG,
      deviceId: 'dev-A',
      seq: 1,
      kind: 'packageReceived',
      at: '2026-03-02T02:00:00.000Z',
      actor,
      payload: {
        caseNo: '330106202603020010001',
        packageCode: 'YJS-CS',
        packageName: '新生儿出生一件事',
        applicant,
        answers: [{ question: '是否需要办理社保卡？', answer: false }],
        subCases: [
          {
            caseId: SUB1,
            caseNo: '330106202603020010002',
            itemCode: 'BIRTH',
            itemName: '出生医学证明',
            department: '卫健委',
            promisedDays: 3,
            caseType: 'committed',
          },
          {
            caseId: SUB2,
            caseNo: '330106202603020010003',
            itemCode: 'HUKOU',
            itemName: '出生登记',
            department: '公安局',
            promisedDays: 1,
            caseType: 'committed',
          },
        ],
        materials: [{ name: '父母居民身份证', received: true, usedBy: ['BIRTH', 'HUKOU'] }],
      },
    },
    nextId,
  );
  const sub = (caseId: string, caseNo: string, days: number, seq: number) => {
    const ref = { caseId: PKG, caseNo: '330106202603020010001', code: 'YJS-CS', name: '新生儿出生一件事' };
    const r = createCaseEvent(
      {
        caseId,
        deviceId: 'dev-A',
        seq,
        kind: 'received',
        at: '2026-03-02T02:00:00.000Z',
        actor,
        payload: { caseNo, itemCode: 'X', itemName: 'x', applicant, package: ref },
      },
      nextId,
    );
    const due = days === 3 ? '2026-03-05' : '2026-03-03';
    const a = createCaseEvent(
      {
        caseId,
        deviceId: 'dev-A',
        seq: seq + 1,
        kind: 'accepted',
        at: '2026-03-02T02:00:01.000Z',
        actor,
        payload: { caseType: 'committed', promisedDays: days, dueDate: due },
      },
      nextId,
    );
    return [r, a];
  };

  it('projects the package with its sub-cases, and overlays status and the latest due date from them', () => {
    const pkg = projectCase([opened]);
    expect(pkg.caseNo).toBe('330106202603020010001');
    expect(pkg.itemName).toBe('新生儿出生一件事');
    expect(pkg.packageInfo?.subCases.map((x) => x.caseId)).toEqual([SUB1, SUB2]);
    expect(pkg.packageInfo?.usedBy['父母居民身份证']).toEqual(['BIRTH', 'HUKOU']);
    const s1 = projectCase(sub(SUB1, '330106202603020010002', 3, 2));
    const s2 = projectCase(sub(SUB2, '330106202603020010003', 1, 4));
    expect(s1.partOf?.caseId).toBe(PKG);
    const over: CaseRow = overlayPackage(pkg, [s1, s2]);
    expect(over.status).toBe('accepted');
    expect(over.caseType).toBe('joint');
    expect(over.dueDate).toBe('2026-03-05');
    expect(over.acceptedOn).toBe('2026-03-02');
    expect(over.completedOn).toBeNull();
    const done = (r: CaseRow, on: string, overdue: number): CaseRow => ({
      ...r,
      status: 'completed',
      completedOn: on,
      completedAt: `${on}T03:00:00.000Z`,
      overdueDays: overdue,
    });
    const finished = overlayPackage(pkg, [done(s1, '2026-03-04', 0), done(s2, '2026-03-04', 1)]);
    expect(finished.status).toBe('completed');
    expect(finished.completedOn).toBe('2026-03-04');
    expect(finished.overdueDays).toBe(1); // one late sub-case makes the package late
  });

  it('stamps the new kind with this schema version, which is newer than before packages', () => {
    expect(opened.schemaVersion).toBe(CASE_SCHEMA_VERSION);
    expect(CASE_SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(isKnownKind('packageReceived')).toBe(true);
  });

  it('an older build (schema 2, no package kinds) defers the package case instead of rejecting it, and reads the sub-case as an ordinary case', () => {
    const older = { version: 2, knows: (k: string) => k !== 'packageReceived' };
    const p = parseCaseEvent(opened, older);
    expect(p.status).toBe('deferred');
    const [r] = sub(SUB1, '330106202603020010002', 3, 2);
    const q = parseCaseEvent(r, older);
    expect(q.status).toBe('ok');
    // A package kind from a writer that claims an old version is not a newer build: invalid, not silently kept.
    expect(parseCaseEvent({ ...opened, schemaVersion: 2 }, older).status).toBe('invalid');
    // The projection of a deferred-only log is an unopened case listing the deferral, no crash.
    const row = projectCase([{ ...opened, kind: 'packageFromTheFuture' }]);
    expect(row.status).toBe('none');
    expect(row.deferred).toHaveLength(1);
  });
});
