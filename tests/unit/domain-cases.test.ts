import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../domain/idNumber';
import {
  CASE_SCHEMA_VERSION,
  CaseEventError,
  allowedKinds,
  caseDeadline,
  checkCaseEvent,
  onTimeStats,
  checkCaseNo,
  createCaseEvent,
  dueDateFor,
  formatCaseNo,
  parseCaseEvent,
  planForCommitment,
  projectCase,
  redactForClerk,
  INITIAL_MACHINE_STATE,
  type CaseEvent,
  type CaseEventEnvelope,
  type CaseEventKind,
  type NewCaseEventInput,
} from '../../domain/cases';

const ID = '11010519491231002' + idCheckChar('11010519491231002');
const CASE = '0190a1b2-0000-7000-8000-000000000001';
let idCounter = 0;
const nextId = () => `evt-${String(++idCounter).padStart(6, '0')}`;
const seqs = new Map<string, number>();

function ev<K extends CaseEventKind>(kind: K, at: string, payload: NewCaseEventInput<K>['payload'], deviceId = 'dev-A'): CaseEvent {
  const seq = (seqs.get(deviceId) ?? 0) + 1;
  seqs.set(deviceId, seq);
  return createCaseEvent({ caseId: CASE, deviceId, seq, kind, at, actor: { workNo: 'C0107', windowNo: 7 }, payload }, nextId);
}

const received = (at: string, device?: string) =>
  ev(
    'received',
    at,
    {
      caseNo: '330106202503030070001',
      itemCode: '11330106002494001X4330112001000',
      itemName: '个体工商户设立登记',
      applicant: { name: '张三丰', idType: 'residentId', idNumber: ID, phone: '13812345678' },
      materials: [{ name: '身份证复印件', received: true, originalOrCopy: 'copy', count: 1 }],
    },
    device,
  );

function accept(at: string, promisedDays: number, device?: string) {
  const plan = planForCommitment('timeLimited', promisedDays);
  const dueDate = dueDateFor(plan, at.slice(0, 10)).date;
  return ev('accepted', at, { ...plan, commitment: 'timeLimited', dueDate }, device);
}

function shuffle<T>(list: T[], seed: number): T[] {
  const a = [...list];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('case events', () => {
  it('validates payloads with Chinese messages and stable codes', () => {
    expect(() => ev('refused', '2025-03-03T10:00:00+08:00', { reason: ' ' })).toThrow('不予受理须写明理由');
    try {
      createCaseEvent(
        {
          caseId: CASE,
          deviceId: 'dev-A',
          seq: 1,
          kind: 'received',
          at: '2025-03-03T10:00:00+08:00',
          actor: { workNo: 'C0107', windowNo: 7 },
          payload: { caseNo: 'X', itemCode: 'I', itemName: 'N', applicant: { name: '李四', idType: 'residentId', idNumber: '110105194912310021' } },
        },
        nextId,
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CaseEventError);
      expect((e as CaseEventError).code).toBe('CASE_EVENT_PAYLOAD_INVALID');
      expect((e as CaseEventError).message).toContain('校验位');
    }
    expect(() => ev('handedOver', '2025-03-03T10:00:00+08:00', { method: 'mail' })).toThrow('快递单号');
  });

  it('keeps an unknown kind from a newer schema as deferred, rejects it from the current one', () => {
    const raw = {
      id: 'evt-future-1',
      caseId: CASE,
      deviceId: 'dev-Z',
      seq: 1,
      kind: 'transferredToProvince',
      at: '2025-03-04T09:00:00+08:00',
      actor: { workNo: 'C1', windowNo: null },
      payload: { x: 1 },
      schemaVersion: CASE_SCHEMA_VERSION + 1,
    };
    expect(parseCaseEvent(raw).status).toBe('deferred');
    expect(parseCaseEvent({ ...raw, schemaVersion: CASE_SCHEMA_VERSION })).toMatchObject({ status: 'invalid', code: 'CASE_EVENT_UNKNOWN_KIND' });
    expect(parseCaseEvent({ ...raw, at: 'yesterday' })).toMatchObject({ status: 'invalid', code: 'CASE_EVENT_INVALID' });
  });
});

describe('projectCase', () => {
  it('projects a committed case from receipt to handover and rating', () => {
    const events = [
      received('2025-09-26T09:00:00+08:00'),
      accept('2025-09-26T09:05:00+08:00', 5),
      ev('processingStep', '2025-09-29T10:00:00+08:00', { step: '审核', outcome: 'pass', handler: { workNo: 'B0201' }, opinion: '材料齐全' }),
      ev('completed', '2025-10-09T15:00:00+08:00', { result: 'approved', licenceNo: 'GT330106-2025-0001', mailed: true }),
      ev('handedOver', '2025-10-09T16:00:00+08:00', { method: 'mail', trackingNo: 'SF1234567890' }),
      ev('evaluated', '2025-10-09T16:01:00+08:00', { ratingId: 'rating-0001', level: 'verySatisfied' }),
    ];
    const row = projectCase(events);
    expect(row.status).toBe('handedOver');
    expect(row.statusLabel).toBe('已出件');
    expect(row.printedDueDate).toBe('2025-10-10');
    expect(row.dueDate).toBe('2025-10-10');
    expect(row.overdueDays).toBe(0);
    expect(row.applicantMasked).toEqual({ name: '张*丰', idNumber: '110105********' + ID.slice(-4), phone: '138****5678', agentName: null, companyName: null });
    expect(row.handover?.trackingNo).toBe('SF1234567890');
    expect(row.timeline.map((t) => t.outcome)).toEqual(Array(6).fill('applied'));
    expect(row.conflicts).toEqual([]);
    expect(JSON.stringify(row.timeline)).not.toContain(ID);
    expect(JSON.stringify(row.timeline)).not.toContain('verySatisfied');
    const clerk = redactForClerk(row);
    expect(clerk.rated).toBe(true);
    expect(JSON.stringify(clerk)).not.toContain('verySatisfied');
    expect(JSON.stringify(clerk)).not.toContain(ID);
  });

  it('records overdue working days at completion', () => {
    const row = projectCase([
      received('2025-09-26T09:00:00+08:00'),
      accept('2025-09-26T09:05:00+08:00', 5),
      ev('completed', '2025-10-13T11:00:00+08:00', { result: 'approved' }),
    ]);
    expect(row.dueDate).toBe('2025-10-10');
    expect(row.overdueDays).toBe(2); // Sat 11 Oct (调休) and Mon 13 Oct
  });

  it('stops the clock during 补齐补正 after acceptance and extends the due date', () => {
    const base = [received('2025-03-03T09:00:00+08:00'), accept('2025-03-03T09:10:00+08:00', 10)];
    const request = ev('materialsRequested', '2025-03-05T14:00:00+08:00', { items: [{ name: '营业场所证明', problem: 'missing', requirement: '原件1份' }] });
    const open = projectCase([...base, request]);
    expect(open.status).toBe('supplementing');
    expect(open.clockStopped).toBe(true);
    expect(open.dueDate).toBeNull();
    expect(open.workingDaysLeftAtStop).toBe(8);
    expect(open.missingMaterials).toHaveLength(1);
    expect(caseDeadline(open, '2025-03-20').state).toBe('stopped');

    const done = projectCase([...base, request, ev('materialsSupplemented', '2025-03-10T10:00:00+08:00', { materials: ['营业场所证明'], complete: true })]);
    expect(done.status).toBe('accepted');
    expect(done.clockStopped).toBe(false);
    expect(done.stops).toEqual([{ from: '2025-03-05', to: '2025-03-10', reason: 'supplementing' }]);
    expect(done.dueDate).toBe('2025-03-20');
    expect(done.stoppedWorkingDays).toBe(3);
    expect(caseDeadline(done, '2025-03-19')).toMatchObject({ state: 'dueSoon', workingDaysLeft: 1 });
    expect(caseDeadline(done, '2025-03-24')).toMatchObject({ state: 'overdue', overdueDays: 2 });
  });

  it('stops the clock while suspended (挂起/特别程序)', () => {
    const row = projectCase([
      received('2025-03-03T09:00:00+08:00'),
      accept('2025-03-03T09:10:00+08:00', 10),
      ev('suspended', '2025-03-07T09:00:00+08:00', { procedure: 'hearing', reason: '依申请举行听证' }),
      ev('resumed', '2025-03-14T09:00:00+08:00', {}),
    ]);
    expect(row.status).toBe('accepted');
    expect(row.stoppedWorkingDays).toBe(5); // Mon 10 … Fri 14
    expect(row.dueDate).toBe('2025-03-24');
  });

  it('handles 一次性告知 before acceptance: no clock yet, accept refused until supplemented', () => {
    const events = [
      received('2025-03-03T09:00:00+08:00'),
      ev('materialsRequested', '2025-03-03T09:05:00+08:00', {
        items: [
          { name: '营业执照', problem: 'missing', requirement: '原件' },
          { name: '授权委托书', problem: 'incorrect', requirement: '须法定代表人签字' },
        ],
      }),
      accept('2025-03-04T09:00:00+08:00', 5),
    ];
    const row = projectCase(events);
    expect(row.status).toBe('supplementing');
    expect(row.conflicts).toEqual([expect.objectContaining({ kind: 'accepted', code: 'CASE_TRANSITION_NOT_ALLOWED' })]);
    expect(row.conflicts[0]!.message).toContain('补齐补正');
    expect(row.stops).toEqual([]);

    const partial = ev('materialsSupplemented', '2025-03-05T09:00:00+08:00', { materials: ['营业执照'], complete: false });
    expect(projectCase([...events.slice(0, 2), partial]).status).toBe('supplementing');
    const full = ev('materialsSupplemented', '2025-03-05T09:30:00+08:00', { materials: ['授权委托书'], complete: true });
    const later = accept('2025-03-05T09:40:00+08:00', 5);
    const ok = projectCase([...events.slice(0, 2), partial, full, later]);
    expect(ok.status).toBe('accepted');
    expect(ok.acceptedOn).toBe('2025-03-05');
    expect(ok.dueDate).toBe('2025-03-12');
    expect(ok.missingMaterials).toEqual([]);
  });

  it('records 容缺受理 and refuses a supply deadline beyond the due date', () => {
    const plan = planForCommitment('timeLimited', 5);
    expect(() =>
      ev('conditionallyAccepted', '2025-03-03T09:10:00+08:00', {
        ...plan,
        dueDate: '2025-03-10',
        waivedMaterials: ['房屋产权证明'],
        supplyDeadline: '2025-03-11',
        commitmentSigned: true,
      }),
    ).toThrow('不能晚于承诺办结日期');
    const row = projectCase([
      received('2025-03-03T09:00:00+08:00'),
      ev('conditionallyAccepted', '2025-03-03T09:10:00+08:00', {
        ...plan,
        dueDate: '2025-03-10',
        waivedMaterials: ['房屋产权证明', '消防验收意见'],
        supplyDeadline: '2025-03-07',
        commitmentSigned: true,
      }),
      ev('materialsSupplemented', '2025-03-05T09:00:00+08:00', { materials: ['房屋产权证明'], complete: false }),
    ]);
    expect(row.status).toBe('accepted');
    expect(row.conditional).toEqual({ waivedMaterials: ['房屋产权证明', '消防验收意见'], outstanding: ['消防验收意见'], supplyDeadline: '2025-03-07' });
    expect(caseDeadline(row, '2025-03-07').supplyOverdue).toBe(false);
    expect(caseDeadline(row, '2025-03-08').supplyOverdue).toBe(true);
  });

  it('resolves two devices racing on one case by server version, in any input order', () => {
    seqs.clear();
    const r = received('2025-03-03T09:00:00+08:00', 'dev-A');
    const a = accept('2025-03-03T09:05:00+08:00', 5, 'dev-A');
    const done = ev('completed', '2025-03-04T10:00:00+08:00', { result: 'approved' }, 'dev-A');
    const withdraw = ev('withdrawn', '2025-03-04T09:00:00+08:00', { reason: '申请人主动撤回' }, 'dev-B');
    const v = (e: CaseEvent, serverVersion: number): CaseEvent => ({ ...e, serverVersion });
    const completedFirst = [v(r, 1), v(a, 2), v(done, 10), v(withdraw, 11)];
    const rows = [0, 1, 2, 3].map((s) => projectCase(shuffle(completedFirst, s + 7)));
    for (const row of rows) expect(row).toEqual(rows[0]);
    expect(rows[0]!.status).toBe('completed');
    expect(rows[0]!.conflicts).toEqual([expect.objectContaining({ eventId: withdraw.id, code: 'CASE_TRANSITION_NOT_ALLOWED' })]);

    const withdrawnFirst = projectCase([v(r, 1), v(a, 2), v(done, 11), v(withdraw, 10)]);
    expect(withdrawnFirst.status).toBe('withdrawn');
    expect(withdrawnFirst.conflicts.map((c) => c.eventId)).toEqual([done.id]);

    // Before the server has versioned them, device clocks break the tie between devices.
    const local = projectCase([r, a, done, withdraw]);
    expect(local.status).toBe('withdrawn'); // dev-B's 09:00 precedes dev-A's 10:00
  });

  it("never reorders one device's own events by its clock", () => {
    seqs.clear();
    const r = received('2025-03-03T10:00:00+08:00');
    const a = accept('2025-03-03T09:00:00+08:00', 5); // clock stepped back after NTP sync
    const row = projectCase([a, r]);
    expect(row.status).toBe('accepted');
    expect(row.conflicts).toEqual([]);
  });

  it('is deterministic under shuffling and duplicate delivery', () => {
    seqs.clear();
    const events = [
      received('2025-12-29T09:00:00+08:00'),
      accept('2025-12-29T09:05:00+08:00', 3),
      ev('processingStep', '2025-12-30T10:00:00+08:00', { step: '审核', outcome: 'return', handler: { workNo: 'B1' }, opinion: '补充说明' }),
      ev('suspended', '2025-12-31T10:00:00+08:00', { procedure: 'inspection', reason: '现场核查' }),
      ev('resumed', '2026-01-05T10:00:00+08:00', {}),
      ev('evaluated', '2026-01-05T10:01:00+08:00', { ratingId: 'rating-0002', level: 'dissatisfied', reasonCodes: ['B01'] }),
    ];
    const expected = projectCase(events);
    for (let s = 1; s <= 20; s++) {
      const noisy = shuffle([...events, ...events.slice(0, s % events.length)], s);
      expect(projectCase(noisy)).toEqual(expected);
    }
    expect(expected.eventCount).toBe(6);
    // Accepted Mon 29 Dec, 3 days; Tue 30 counts, Wed 31 counts (stop day), stopped until Mon 5 Jan (Sun 4 is 调休), Tue 6 Jan = day 3
    expect(expected.stoppedWorkingDays).toBe(2);
    expect(expected.dueDate).toBe('2026-01-06');
  });

  it('skips and reports a deferred newer event without losing the others', () => {
    seqs.clear();
    const r = received('2025-03-03T09:00:00+08:00');
    const future: CaseEventEnvelope = {
      id: 'evt-future-2',
      caseId: CASE,
      deviceId: 'hall-server',
      seq: 1,
      kind: 'transferredToProvince',
      at: '2025-03-03T09:01:00+08:00',
      actor: { workNo: 'S1', windowNo: null },
      payload: { to: '省厅' },
      schemaVersion: CASE_SCHEMA_VERSION + 1,
      serverVersion: 2,
    };
    const row = projectCase([{ ...r, serverVersion: 1 }, future, { ...accept('2025-03-03T09:05:00+08:00', 5), serverVersion: 3 }]);
    expect(row.status).toBe('accepted');
    expect(row.deferred).toEqual([{ eventId: 'evt-future-2', kind: 'transferredToProvince', schemaVersion: CASE_SCHEMA_VERSION + 1 }]);
    expect(row.timeline.map((t) => t.outcome)).toEqual(['applied', 'deferred', 'applied']);
  });

  it('allows one rating per service and a follow-up rating', () => {
    seqs.clear();
    const base = [received('2025-03-03T09:00:00+08:00'), accept('2025-03-03T09:05:00+08:00', 5)];
    const first = ev('evaluated', '2025-03-03T09:06:00+08:00', { ratingId: 'rating-1000', level: 'satisfied' });
    const again = ev('evaluated', '2025-03-03T09:07:00+08:00', { ratingId: 'rating-1001', level: 'veryDissatisfied', reasonCodes: ['B02'] });
    const follow = ev('evaluated', '2025-03-10T09:00:00+08:00', { ratingId: 'rating-1002', level: 'basic', ratingCount: 2 });
    const row = projectCase([...base, first, again, follow]);
    expect(row.ratings.map((r) => r.ratingId)).toEqual(['rating-1000', 'rating-1002']);
    expect(row.conflicts).toEqual([expect.objectContaining({ code: 'RATING_DUPLICATE', message: '该次服务已评价，一次服务只能评价一次' })]);
  });

  it('warns when the due date falls in a year without official calendar data', () => {
    seqs.clear();
    const row = projectCase([received('2026-12-28T09:00:00+08:00'), accept('2026-12-28T09:05:00+08:00', 5)]);
    expect(row.dueDate).toBe('2027-01-04');
    expect(row.warnings).toEqual([expect.objectContaining({ code: 'CALENDAR_YEAR_MISSING', year: 2027 })]);
  });

  it('flags a printed due date that the current calendar no longer agrees with', () => {
    seqs.clear();
    const row = projectCase([
      received('2025-09-26T09:00:00+08:00'),
      ev('accepted', '2025-09-26T09:05:00+08:00', { caseType: 'committed', promisedDays: 5, dueDate: '2025-10-03' }),
    ]);
    expect(row.dueDate).toBe('2025-10-10');
    expect(row.warnings.map((w) => w.code)).toContain('DUE_DATE_RECALCULATED');
  });
});

describe('state machine, case types and numbers', () => {
  it('lists what may happen next', () => {
    expect(allowedKinds(INITIAL_MACHINE_STATE)).toEqual(['received', 'packageReceived']); // a case opens as an item or as a 一件事 package
    expect(allowedKinds({ ...INITIAL_MACHINE_STATE, status: 'completed' }).sort()).toEqual(['evaluated', 'handedOver']);
    expect(allowedKinds({ ...INITIAL_MACHINE_STATE, status: 'received' })).toEqual(
      expect.arrayContaining(['accepted', 'conditionallyAccepted', 'materialsRequested', 'refused', 'withdrawn']),
    );
  });

  it('maps 四办 commitments and due dates', () => {
    expect(planForCommitment('instant', 5)).toEqual({ caseType: 'immediate', promisedDays: 0, sameDay: true });
    expect(planForCommitment('agency', 7)).toMatchObject({ caseType: 'reported', promisedDays: 7 });
    expect(dueDateFor(planForCommitment('instant', 0), '2025-10-03').date).toBe('2025-10-03');
    expect(dueDateFor(planForCommitment('sameDay', 0), '2025-03-05').date).toBe('2025-03-05');
    // Accepted on a Saturday (weekend service): 当日办结 means the next working day.
    expect(dueDateFor(planForCommitment('sameDay', 0), '2025-03-08').date).toBe('2025-03-10');
    expect(dueDateFor(planForCommitment('timeLimited', 5), '2025-09-26').date).toBe('2025-10-10');
  });

  it('formats and validates case numbers that cannot collide between devices', () => {
    const no = formatCaseNo({ hallCode: '330106', date: '2025-03-03', deviceCode: '007', serial: 12 });
    expect(no).toBe('330106202503030070012');
    expect(no).toHaveLength(21);
    expect(checkCaseNo(no)).toEqual({ ok: true, parts: { hallCode: '330106', date: '2025-03-03', deviceCode: '007', serial: 12 } });
    expect(checkCaseNo('330106202502300070012')).toMatchObject({ ok: false, code: 'CASE_NO_DATE' });
    expect(checkCaseNo('33010620250303007001')).toMatchObject({ ok: false, code: 'CASE_NO_FORMAT' });
    expect(checkCaseNo('330106202503030000012')).toMatchObject({ ok: false, code: 'CASE_NO_DEVICE' });
    expect(() => formatCaseNo({ hallCode: '330106', date: '2025-03-03', deviceCode: '007', serial: 10000 })).toThrow('流水号');
    const all = new Set<string>();
    for (const deviceCode of ['001', '002', '003'])
      for (let serial = 1; serial <= 500; serial++) all.add(formatCaseNo({ hallCode: '330106', date: '2025-03-03', deviceCode, serial }));
    expect(all.size).toBe(1500);
  });
});

describe('checkCaseEvent', () => {
  it('tells the counter whether the next event is allowed, in Chinese', () => {
    seqs.clear();
    const row = projectCase([received('2025-03-03T09:00:00+08:00'), accept('2025-03-03T09:05:00+08:00', 5)]);
    const handover = ev('handedOver', '2025-03-04T09:00:00+08:00', { method: 'window' });
    expect(checkCaseEvent(row, handover)).toEqual({ ok: false, code: 'CASE_TRANSITION_NOT_ALLOWED', message: '办件当前状态为“已受理”，不能出件/送达' });
    expect(checkCaseEvent(row, ev('completed', '2025-03-04T09:00:00+08:00', { result: 'approved' }))).toEqual({ ok: true, next: 'completed' });
    expect(allowedKinds(row.machine)).not.toContain('accepted');
  });
});

describe('onTimeStats', () => {
  it('computes 按期办结率 from projected rows', () => {
    seqs.clear();
    const onTime = projectCase([
      received('2025-09-26T09:00:00+08:00'),
      accept('2025-09-26T09:05:00+08:00', 5),
      ev('completed', '2025-10-10T11:00:00+08:00', { result: 'approved' }),
    ]);
    seqs.clear();
    const late = projectCase([
      received('2025-09-26T09:00:00+08:00'),
      accept('2025-09-26T09:05:00+08:00', 5),
      ev('completed', '2025-10-13T11:00:00+08:00', { result: 'approved' }),
    ]);
    seqs.clear();
    const open = projectCase([received('2025-09-26T09:00:00+08:00'), accept('2025-09-26T09:05:00+08:00', 5)]);
    expect(onTimeStats([onTime, late, open])).toEqual({ completed: 2, onTime: 1, overdue: 1, rate: 0.5, totalOverdueDays: 2 });
  });
});
