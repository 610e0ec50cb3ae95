// Counter benchmarks.
// 1. Case search over N local cases (default 1,000,000; `--cases 200000` for a quick run): p50/p99
//    per query shape (case number, number prefix, full ID via keyed hash, masked ID, last four,
//    name via keyed hash, date). Target p99 < 20 ms.
// 2. Click-to-receipt-bytes for an acceptance: cases.intake on a real core (hall server with the
//    demo seed in-process, printer = TCP sink decoding ESC/POS) until the receipt is at the sink.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { openCounterDb } from '../electron/core/db';
import { keyedHash, searchKey } from '../electron/core/cases/caseStore';
import { CaseSearch } from '../electron/core/search/caseSearch';
import { idCheckChar, maskIdNumber, maskName } from '../domain/idNumber';
import { fromEpochDay, toEpochDay } from '../domain/calendar';
import { startHallServer } from '../server/app';
import { startPrinterSink } from '../native/printer/sink';
import { createCounterCore } from '../electron/core/counterCore';
import { coreConfigSchema } from '../electron/core/config';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '1000000' }, queries: { type: 'string', default: '2000' }, intakes: { type: 'string', default: '30' } },
});
const N = Number(values.cases);
const Q = Number(values.queries);

function rng(seed: number) {
  let x = seed >>> 0;
  return () => (x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const rand = rng(42);
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰志强文辉海燕红梅丹丹宇轩子涵浩然欣怡梓萱一诺'.split('');
const REGIONS = ['110101', '110105', '310104', '440305', '510104', '330106', '420102', '610113', '500103', '320102'];
const ITEMS = ['二手房转移登记', '社会保障卡申领', '企业设立登记', '居住证签注', '不动产抵押权首次登记', '个体工商户注册登记'];
const STATUS = [
  ['accepted', '已受理'],
  ['completed', '已办结'],
  ['handedOver', '已出件'],
  ['supplementing', '补齐补正'],
  ['refused', '不予受理'],
] as const;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function searchBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-'));
  const db = openCounterDb(dir);
  db.pragma('synchronous = OFF');
  const key = searchKey(db);
  const ins =
    db.prepare(`INSERT INTO cases (case_id, case_no, item_code, item_name, status, status_label, case_type, received_at, received_on, accepted_on, completed_on,
    due_date, days_left_at_stop, overdue_days, supply_deadline, outstanding, clerk_work_no, window_no, name_masked, id_masked, id_tail, id_hash, name_hash, rated, open, updated_at)
    VALUES (?, ?, '000103002000', ?, ?, ?, 'committed', ?, ?, ?, NULL, ?, NULL, NULL, NULL, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`);
  const startDay = toEpochDay('2023-11-24');
  const days = 3 * 365;
  const perDay = Math.ceil(N / days);
  const samples: { caseNo: string; id: string; name: string; date: string }[] = [];
  const t0 = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const day = startDay + Math.floor(i / perDay);
      const date = fromEpochDay(day);
      const serial = (i % perDay) + 1;
      const device = String((serial % 40) + 1).padStart(3, '0');
      const caseNo = `510104${date.replaceAll('-', '')}${device}${String(serial).padStart(4, '0')}`;
      const birth = fromEpochDay(toEpochDay('1950-01-01') + Math.floor(rand() * 20000)).replaceAll('-', '');
      const first17 = `${pick(REGIONS)}${birth}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      const name = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '');
      const [status, label] = pick(STATUS);
      const at = `${date}T0${1 + Math.floor(rand() * 8)}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00.000Z`;
      ins.run(
        uuidv7(),
        caseNo,
        pick(ITEMS),
        status,
        label,
        at,
        date,
        date,
        fromEpochDay(day + 5),
        `C00${1 + (i % 6)}`,
        1 + (i % 6),
        maskName(name),
        maskIdNumber(id),
        id.slice(-4),
        keyedHash(key, 'id', id),
        keyedHash(key, 'name', name),
        status === 'accepted' || status === 'supplementing' ? 1 : 0,
        at,
      );
      if (i % Math.max(1, Math.floor(N / 500)) === 0) samples.push({ caseNo, id, name, date });
    }
  });
  for (let i = 0; i < N; i += 20_000) batch(i, Math.min(N, i + 20_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const loadS = (performance.now() - t0) / 1000;
  const size = statSync(join(dir, 'counter.db')).size / 1e6;
  console.log(`loaded ${N.toLocaleString()} cases in ${loadS.toFixed(1)} s, db ${size.toFixed(0)} MB`);

  const search = new CaseSearch(db, 2);
  const shapes: [string, () => string][] = [
    ['case number (21 digits)', () => pick(samples).caseNo],
    ['case number prefix (hall+date)', () => pick(samples).caseNo.slice(0, 14)],
    ['full ID number (keyed hash)', () => pick(samples).id],
    ['masked ID 110105********002X', () => maskIdNumber(pick(samples).id)],
    ['ID last four', () => pick(samples).id.slice(-4)],
    ['name (keyed hash)', () => pick(samples).name],
    ['date', () => pick(samples).date],
  ];
  const all: number[] = [];
  console.log('query shape                          p50 ms   p99 ms   max ms   avg hits');
  for (const [label, gen] of shapes) {
    const ts: number[] = [];
    let hits = 0;
    for (let i = 0; i < 50; i++) search.search({ query: gen(), limit: 50 }); // warm
    for (let i = 0; i < Q; i++) {
      const q = gen();
      const t = performance.now();
      hits += search.search({ query: q, limit: 50 }).items.length;
      ts.push(performance.now() - t);
    }
    all.push(...ts);
    console.log(
      `${label.padEnd(36)} ${pct(ts, 50).toFixed(3).padStart(6)}   ${pct(ts, 99).toFixed(3).padStart(6)}   ${Math.max(...ts)
        .toFixed(2)
        .padStart(6)}   ${(hits / Q).toFixed(1)}`,
    );
  }
  console.log(`ALL SHAPES p99 = ${pct(all, 99).toFixed(3)} ms (target < 20 ms) over ${all.length} queries`);
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

async function receiptBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-core-'));
  const hall = await startHallServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'hall'), seed: 'demo', demoPassword: 'demo' });
  const sink = await startPrinterSink();
  const core = await createCounterCore(coreConfigSchema.parse({ windowNo: 1, hallUrl: hall.url, dataDir: join(dir, 'counter'), printer: sink.url }));
  await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
  await core.host.call('catalogue.refresh', {});
  const item = await core.host.call('catalogue.get', { code: '000103002000' });
  const ts: number[] = [];
  for (let i = 0; i < Number(values.intakes); i++) {
    const before = sink.receipts.length;
    const t = performance.now();
    await core.host.call('cases.intake', {
      itemCode: item.code,
      requestId: uuidv7(),
      applicant: { manual: { name: '李四', idNumber: '11010519491231002X' } },
      materials: item.materials.map((m) => ({ name: m.name, received: true })),
      decision: { kind: 'accept' },
    });
    await sink.waitForReceipts(before + 1, 10_000);
    ts.push(performance.now() - t);
  }
  console.log(
    `click-to-receipt-bytes (cases.intake → ESC/POS decoded at the TCP sink), ${ts.length} acceptances: p50 ${pct(ts, 50).toFixed(1)} ms, p99 ${pct(ts, 99).toFixed(1)} ms, max ${Math.max(...ts).toFixed(1)} ms`,
  );
  await core.close();
  await sink.close();
  await hall.close();
  rmSync(dir, { recursive: true, force: true });
}

await searchBench();
await receiptBench();
process.exit(0);
