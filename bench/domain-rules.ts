// Domain-rule throughput: catalogue search over a few thousand items, deadline computation and
// case projection (the sync ingest projects every touched case). Prints numbers; asserts nothing.
// Run: npx tsx bench/domain-rules.ts
import { buildCatalogueIndex, sampleCatalogueItems, serviceItemSchema, type ServiceItem } from '../domain/catalogue';
import { addWorkingDays } from '../domain/calendar';
import { createCaseEvent, dueDateFor, planForCommitment, projectCase, type CaseEvent } from '../domain/cases';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// --- catalogue: 5,000 items built from realistic parts
const verbs = ['设立登记', '变更登记', '注销登记', '许可证核发', '许可证延续', '备案', '年度报告', '补领', '换发', '资格认定', '申领', '审批', '核准'];
const subjects = [
  '个体工商户',
  '食品经营',
  '药品零售',
  '道路运输经营',
  '建筑工程施工',
  '城镇污水排入排水管网',
  '户外广告设施设置',
  '医疗机构执业',
  '出版物零售',
  '娱乐场所经营',
  '社会保障卡',
  '失业保险金',
  '职业技能等级',
  '不动产抵押权',
  '公共场所卫生',
  '特种设备使用',
  '民办学校办学',
  '养老机构',
  '燃气经营',
  '烟草专卖零售',
];
const base = serviceItemSchema.parse(sampleCatalogueItems[1]);
const items: ServiceItem[] = [];
for (let i = 0; items.length < 5000; i++) {
  const s = subjects[i % subjects.length]!;
  const v = verbs[Math.floor(i / subjects.length) % verbs.length]!;
  const n = Math.floor(i / (subjects.length * verbs.length));
  items.push({
    ...base,
    name: `${s}${v}${n ? `（${n}类）` : ''}`,
    basicCode: String(100000000 + i),
    implementationCode: `11330106002494001L${String(i).padStart(13, '0')}`,
  });
}
let t0 = performance.now();
const index = buildCatalogueIndex(items);
const buildMs = performance.now() - t0;
const queries = ['gtgsh', 'spjy', '许可证', '不动产', 'ylj', '100004', 'shebao', '道路 运输', 'yljg', 'zx'];
const times: number[] = [];
let hits = 0;
for (let r = 0; r < 200; r++) {
  for (const q of queries) {
    t0 = performance.now();
    hits += index.search(q).length;
    times.push(performance.now() - t0);
  }
}
times.sort((a, b) => a - b);
console.log(
  `catalogue: ${items.length} items, index build ${buildMs.toFixed(0)} ms; search p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms (${times.length} queries, ${hits} hits)`,
);

// --- deadlines
t0 = performance.now();
const N = 20000;
for (let i = 0; i < N; i++)
  addWorkingDays(`2025-0${1 + (i % 9)}-1${i % 10}`, 1 + (i % 30), { stoppedIntervals: i % 3 ? [] : [{ from: '2025-05-06', to: '2025-05-20' }] });
const dlMs = performance.now() - t0;
console.log(`addWorkingDays: ${N} calls in ${dlMs.toFixed(0)} ms (${((N / dlMs) * 1000).toFixed(0)}/s)`);

// --- projection: 10,000 cases × 5 events
let id = 0;
const newId = () => `evt-${String(++id).padStart(8, '0')}`;
const actor = { workNo: 'C0107', windowNo: 7 };
const cases: CaseEvent[][] = [];
for (let c = 0; c < 10000; c++) {
  const caseId = `case-${String(c).padStart(6, '0')}`;
  const day = `2025-03-${String(3 + (c % 20)).padStart(2, '0')}`;
  const mk = (seq: number, kind: CaseEvent['kind'], at: string, payload: unknown) =>
    createCaseEvent({ caseId, deviceId: 'dev-A', seq, kind, at, actor, payload } as Parameters<typeof createCaseEvent>[0], newId);
  const plan = planForCommitment('timeLimited', 5);
  cases.push([
    mk(1, 'received', `${day}T09:00:00+08:00`, {
      caseNo: `3301062025030300${String(c).padStart(5, '0')}`,
      itemCode: 'X',
      itemName: '食品经营许可证核发',
      applicant: { name: '王五', idType: 'passport', idNumber: 'E12345678' },
      materials: [],
    }),
    mk(2, 'accepted', `${day}T09:05:00+08:00`, { ...plan, dueDate: dueDateFor(plan, day).date }),
    mk(3, 'processingStep', `${day}T15:00:00+08:00`, { step: '审核', outcome: 'pass', handler: { workNo: 'B1' } }),
    mk(4, 'completed', `${day}T16:00:00+08:00`, { result: 'approved' }),
    mk(5, 'evaluated', `${day}T16:01:00+08:00`, { ratingId: `rating-${c}`, level: 'satisfied' }),
  ]);
}
t0 = performance.now();
for (const evs of cases) projectCase(evs);
const projMs = performance.now() - t0;
console.log(`projectCase: ${cases.length} cases × 5 events in ${projMs.toFixed(0)} ms (${((cases.length * 5 * 1000) / projMs).toFixed(0)} events/s projected)`);
