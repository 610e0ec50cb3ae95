// The hand-written fast path of parseCaseEvent (domain/cases/eventFastPath.ts) against the zod
// schemas alone: over generated events of every kind (optional fields present or absent, older
// schema versions, masked and clear applicants) and over each of them mutated at every path
// (wrong types, missing and extra keys, explicit undefined, bad dates, strings and numbers at
// and past the usual limits, padded strings, other enums' words), the fast path must give
// exactly zod's result — the same values, the same key order — or decline (then zod answers).
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../domain/idNumber';
import { creditCodeCheckChar } from '../../domain/creditCode';
import { makeLicenceId } from '../../domain/licences/types';
import { maskReceivedPayload, uplinkRecordSchema } from '../../domain/api/uplink';
import { isIsoInstant, isoInstantSchema } from '../../domain/calendar/schemas';
import { CASE_EVENT_KINDS, caseEventFast, parseCaseEvent, parseCaseEventAt, parseCaseEventWithZod, type CaseEventKind } from '../../domain/cases';

// A small seeded PRNG: the same events on every run.
let state = 20261207;
const rnd = () => {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const maybe = (p = 0.5) => rnd() < p;
const opt = <T>(o: Record<string, unknown>, k: string, v: T, p = 0.5) => {
  if (maybe(p)) o[k] = v;
};

const ID = '11010519491231002' + idCheckChar('11010519491231002');
const CREDIT = '91350100M000100Y4' + creditCodeCheckChar('91350100M000100Y4');
const LICENCE = makeLicenceId('idCard', CREDIT, 42);
const day = () => `2026-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
const instant = () => pick([`${day()}T02:00:00.000Z`, `${day()}T10:30:00+08:00`, `${day()}T23:59:59Z`, `${day()}T00:00:00.123456-05:00`]);
const name = () => pick(['张三', '李四', ' 王五 ', 'A', 'x'.repeat(50)]);

function person(): Record<string, unknown> {
  const p: Record<string, unknown> = maybe(0.7)
    ? { name: name(), idType: 'residentId', idNumber: pick([ID, ` ${ID} `]) }
    : { name: name(), idType: pick(['passport', 'other', 'hkmtPermit', 'foreignPr']), idNumber: pick(['E12345678', '1101**********002X']) };
  opt(p, 'phone', pick(['13800138000', ' 138 0013 8000 ', '']));
  return p;
}
function applicant(): Record<string, unknown> {
  const a = person();
  opt(a, 'agent', person(), 0.3);
  opt(a, 'company', { name: pick(['某某有限公司', ' 某公司 ']), creditCode: pick([CREDIT, ` ${CREDIT} `]) }, 0.3);
  return a;
}
function material(): Record<string, unknown> {
  const m: Record<string, unknown> = { name: pick(['身份证复印件', '营业执照', 'm'.repeat(200)]), received: maybe() };
  opt(m, 'originalOrCopy', pick(['original', 'copy', 'both', 'electronic']));
  opt(m, 'count', pick([0, 1, 3, 999]));
  opt(m, 'licence', { licenceId: LICENCE, licenceType: 'idCard', consentId: 'consent-0001', fetchedAt: instant() }, 0.2);
  opt(m, 'paperFallback', pick(['serviceDown', 'notFound', 'declined']), 0.2);
  return m;
}
const caseNo = () => pick(['999901202600000001', ' 9999012026 ', 'n'.repeat(50)]);
function acceptance(): Record<string, unknown> {
  const p: Record<string, unknown> = { caseType: pick(['immediate', 'committed', 'reported', 'joint', 'other']) };
  opt(p, 'commitment', pick(['instant', 'sameDay', 'timeLimited', 'agency']));
  p.promisedDays = pick([0, 1, 5, 20, 3650]);
  opt(p, 'sameDay', maybe());
  p.dueDate = maybe() ? null : '2026-12-31';
  opt(p, 'acceptanceDocNo', pick(['受字〔2026〕1号', '']));
  return p;
}

const payloads: Record<CaseEventKind, () => Record<string, unknown>> = {
  received() {
    const p: Record<string, unknown> = { caseNo: caseNo(), itemCode: '000107001', itemName: '个体工商户设立登记', applicant: applicant() };
    opt(p, 'materials', Array.from({ length: Math.floor(rnd() * 4) }, material), 0.8);
    opt(p, 'ticketId', pick(['A001-2026', '']));
    opt(p, 'trackToken', 'abcdefghijABCDEFGHIJ_-');
    opt(p, 'channel', pick(['window', 'online', 'mail', 'walkIn']));
    opt(p, 'package', { caseId: 'pkg-case-0001', caseNo: caseNo(), code: 'birth', name: '出生一件事' }, 0.2);
    // Half as the hall sends it to the city: masked (idType other, '*' in the number).
    return maybe() ? maskReceivedPayload(p as Parameters<typeof maskReceivedPayload>[0], () => '').payload : p;
  },
  packageReceived: () => ({
    caseNo: caseNo(),
    packageCode: 'birth',
    packageName: '出生一件事',
    applicant: applicant(),
    subCases: [{ caseId: 'sub-case-0001', caseNo: caseNo(), itemCode: 'A1', itemName: '出生登记', department: null, promisedDays: 5, caseType: 'committed' }],
  }),
  accepted: acceptance,
  conditionallyAccepted() {
    const p = acceptance();
    p.waivedMaterials = ['户口簿'];
    p.supplyDeadline = pick(['2026-12-01', '2026-12-31']);
    p.commitmentSigned = true;
    opt(p, 'commitmentDocNo', 'C-1');
    return p;
  },
  materialsRequested() {
    const p: Record<string, unknown> = {
      items: [
        { name: '营业执照', problem: pick(['missing', 'incorrect']), requirement: pick(['原件', '']) },
        { name: '章程', problem: 'missing', requirement: '' },
      ].slice(0, 1 + Math.floor(rnd() * 2)),
    };
    opt(p, 'noticeNo', 'N-1');
    opt(p, 'supplyBy', day());
    return p;
  },
  materialsSupplemented: () => ({ materials: ['营业执照', '章程'].slice(0, 1 + Math.floor(rnd() * 2)), complete: maybe() }),
  refused() {
    const p: Record<string, unknown> = { reason: pick(['材料不全', ' 不属于本机关 ']) };
    opt(p, 'reasonCode', 'notCompetent');
    opt(p, 'noticeNo', 'R-1');
    opt(p, 'competentAuthority', ' 市场监管局 ');
    return p;
  },
  processingStep() {
    const handler: Record<string, unknown> = { workNo: 'S001' };
    opt(handler, 'name', '审核员');
    const p: Record<string, unknown> = { step: '审核', outcome: pick(['pass', 'return']), handler };
    opt(p, 'opinion', pick(['同意', '']));
    opt(p, 'startedAt', instant());
    return p;
  },
  suspended: () => ({ procedure: pick(['hearing', 'inspection', 'expertReview', 'testing', 'publicNotice', 'other']), reason: ' 听证 ' }),
  resumed() {
    const p: Record<string, unknown> = {};
    opt(p, 'note', '恢复');
    return p;
  },
  completed() {
    const p: Record<string, unknown> = { result: pick(['approved', 'denied', 'other']) };
    opt(p, 'resultText', '准予');
    opt(p, 'licenceNo', 'L-1');
    opt(p, 'mailed', maybe());
    return p;
  },
  handedOver() {
    const p: Record<string, unknown> = { method: pick(['window', 'mail', 'electronic']) };
    if (p.method === 'mail' || maybe()) p.trackingNo = pick(['SF1234567890', ' SF1 ']);
    opt(p, 'carrier', '顺丰');
    return p;
  },
  evaluated() {
    const p: Record<string, unknown> = { ratingId: 'rating-0001', level: pick(['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied']) };
    opt(p, 'ratingCount', pick([1, 2]));
    opt(p, 'reasonCodes', pick([[], ['slow'], ['a', 'b']]));
    opt(p, 'reasonListVersion', 'v1');
    opt(p, 'channel', 'pad');
    return p;
  },
  withdrawn: () => ({ reason: ' 申请人撤回 ' }),
  terminated() {
    const p: Record<string, unknown> = { reason: '逾期未补交' };
    opt(p, 'reasonCode', pick(['waivedNotSupplied', 'other']));
    return p;
  },
};

let n = 0;
function event(kind: CaseEventKind): Record<string, unknown> {
  const e: Record<string, unknown> = {
    id: `evt-${String(++n).padStart(8, '0')}`,
    caseId: 'case-00000001',
    deviceId: pick(['hall-backoffice', 'c']),
    seq: 1 + Math.floor(rnd() * 1000),
    kind,
    at: instant(),
    actor: { workNo: pick(['C0107', 'x'.repeat(32)]), windowNo: pick([null, 1, 7, 0]) },
    payload: payloads[kind](),
    schemaVersion: pick([1, 2, 3]),
  };
  opt(e, 'serverVersion', 1 + Math.floor(rnd() * 100000));
  if (maybe(0.2)) e.extraEnvelopeKey = 'stripped';
  return e;
}

/** Every path in a value (object keys and array indexes), the root excluded. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => [[...at, k], ...paths((v as Record<string | number, unknown>)[k], [...at, k])]);
}
const clone = <T>(v: T): T => structuredClone(v);
function setAt(root: unknown, path: (string | number)[], value: unknown, del = false): unknown {
  const r = clone(root);
  let o = r as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (del) delete o[last];
  else o[last] = value;
  return r;
}

const LENGTHS = [0, 1, 7, 8, 9, 17, 18, 19, 20, 21, 22, 23, 31, 32, 33, 49, 50, 51, 63, 64, 65, 99, 100, 101, 199, 200, 201, 499, 500, 501, 999, 1000, 1001];
const NUMBERS = [0, -0, 1, 2, 3, -1, 1.5, 998, 999, 1000, 3650, 3651, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), Number.NaN, Infinity, -Infinity, 1e21];
const WORDS = [
  '',
  ' ',
  'x',
  '  padded  ',
  '2026-02-30',
  '2026-02-28',
  '2024-02-29',
  '2026-13-01',
  '2026-03-01T09:30:00+08:00',
  '2026-03-01T09:30:00',
  '2026-03-01T24:00:00Z',
  '2026-03-01 09:30:00Z',
  '2026-03-01T09:30Z',
  ...['residentId', 'other', 'passport', 'window', 'mail', 'online', 'copy', 'approved', 'pass', 'return', 'committed', 'instant', 'missing', 'hearing'],
  ...['satisfied', 'waivedNotSupplied', 'notFound', 'electronic', 'idCard', ID, CREDIT, LICENCE, 'abcdefghijABCDEFGHIJ_=', '1*'],
];
const OTHERS: unknown[] = [undefined, null, true, false, [], {}, [1], { a: 1 }, ...NUMBERS, ...WORDS];

/** The mutations of one event: every path deleted, set to each odd value, padded, resized; extra keys. */
function* mutations(e: Record<string, unknown>): Generator<unknown> {
  for (const p of paths(e)) {
    yield setAt(e, p, undefined, true);
    for (const v of OTHERS) yield setAt(e, p, v);
    let cur: unknown = e;
    for (const k of p) cur = (cur as Record<string | number, unknown>)[k];
    if (typeof cur === 'string') {
      yield setAt(e, p, ` ${cur} `);
      yield setAt(e, p, `${cur}\u3000`);
      for (const len of LENGTHS) yield setAt(e, p, cur.length > 0 ? cur.repeat(Math.ceil(len / cur.length) || 1).slice(0, len) : 'a'.repeat(len));
      for (const len of LENGTHS) yield setAt(e, p, ` ${'b'.repeat(len)} `);
    }
    if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) yield setAt(e, [...p, 'unexpectedKey'], 1);
    if (Array.isArray(cur)) yield setAt(e, p, []);
  }
  yield { ...e, unexpectedKey: 1 };
  yield null;
  yield [];
  yield 'event';
}

let fastHits = 0;
let compared = 0;
/** The fast path gives zod's event (deep-equal, same key order) or declines; parseCaseEvent = zod. */
function check(raw: unknown): void {
  compared++;
  const slow = parseCaseEventWithZod(raw);
  const fast = caseEventFast(raw);
  if (fast !== null) {
    fastHits++;
    if (slow.status !== 'ok' || !isDeepStrictEqual(fast, slow.event) || JSON.stringify(fast) !== JSON.stringify(slow.event)) {
      expect.fail(`fast path differs from zod for ${JSON.stringify(raw)}:\n fast ${JSON.stringify(fast)}\n zod  ${JSON.stringify(slow)}`);
    }
  }
  const full = parseCaseEvent(raw);
  if (!isDeepStrictEqual(full, slow)) expect.fail(`parseCaseEvent differs from zod for ${JSON.stringify(raw)}`);
}

describe('case event fast path = zod', () => {
  it('accepts the common valid events of every kind it covers, exactly as zod does', () => {
    const hitsBefore = fastHits;
    for (const kind of CASE_EVENT_KINDS) {
      let kindHits = 0;
      for (let i = 0; i < 300; i++) {
        const e = event(kind);
        const slow = parseCaseEventWithZod(e);
        expect(slow.status, `${kind}: ${JSON.stringify(slow)}`).toBe('ok');
        check(e);
        if (caseEventFast(e)) kindHits++;
      }
      // Every kind but the rare 一件事 package is taken by the fast path (not merely declined).
      if (kind === 'packageReceived') expect(kindHits).toBe(0);
      else expect(kindHits, kind).toBe(300);
    }
    expect(fastHits - hitsBefore).toBe(300 * (CASE_EVENT_KINDS.length - 1));
  });

  it('never differs from zod on events mutated at every path (types, keys, limits, dates, padding)', () => {
    for (const kind of CASE_EVENT_KINDS) for (let i = 0; i < 3; i++) for (const m of mutations(event(kind))) check(m);
    // The comparison did run over many events, and the fast path took a good share of them.
    expect(compared).toBeGreaterThan(50_000);
    expect(fastHits).toBeGreaterThan(10_000);
  });

  it('parseCaseEventAt(event, v) = parseCaseEvent({ ...event, serverVersion: v }), rejections worded by zod', () => {
    for (const kind of CASE_EVENT_KINDS) {
      for (let i = 0; i < 50; i++) {
        const e = event(kind);
        for (const v of [1, 12345, 0, -1, 1.5, Number.NaN]) expect(parseCaseEventAt(e, v)).toEqual(parseCaseEventWithZod({ ...e, serverVersion: v }));
      }
    }
    const bad = event('accepted');
    (bad.payload as Record<string, unknown>).promisedDays = 4000;
    const r = parseCaseEventAt(bad, 7);
    expect(r.status).toBe('invalid');
    expect(r).toEqual(parseCaseEventWithZod({ ...bad, serverVersion: 7 }));
  });

  it('leaves an older reader (a build that knows fewer kinds) to zod: deferral unchanged', () => {
    const e = { ...event('terminated'), schemaVersion: 3 };
    const older = { version: 1, knows: (k: string) => k !== 'terminated' };
    expect(parseCaseEvent(e, older).status).toBe('deferred');
  });

  it('checks an instant as zod does (the domain schema and the uplink envelope at), by the pattern alone', () => {
    const xs: unknown[] = [...OTHERS];
    for (let i = 0; i < 2000; i++) {
      const s = instant();
      xs.push(
        s,
        s.replace('T', ' '),
        s.slice(0, -1),
        `${s}x`,
        s.replace(/:\d\d(?=[.Z+-])/, ':60'),
        s.replace(/^\d{4}-\d\d-\d\d/, pick(['2026-02-29', '2024-02-29', '2026-04-31', '2100-02-29', '2000-02-29'])),
      );
    }
    for (const s of xs) {
      expect(isIsoInstant(s), String(s)).toBe(isoInstantSchema.safeParse(s).success);
      expect(isIsoInstant(s), String(s)).toBe(uplinkRecordSchema.shape.at.safeParse(s).success);
    }
  });
});
