// Issue 13's domain rules: a 容缺 case cannot be completed or handed over while waived materials
// are owed (supplied, or terminated with a reason); times in the hall's zone; the 查询码.
import { describe, expect, it } from 'vitest';
import { checkTransition, createCaseEvent, projectCase, queryCodeOf, INITIAL_MACHINE_STATE, type CaseEvent } from '../../domain/cases';
import { hallDateTime, hallTime } from '../../domain/calendar/hallTime';
import { buildDoc } from '../../native/printer/templates';

const actor = { workNo: 'C001', windowNo: 1 };
let seq = 0;
const ev = (caseId: string, kind: string, payload: unknown): CaseEvent =>
  createCaseEvent({
    caseId,
    deviceId: 'd1',
    seq: ++seq,
    kind,
    actor,
    payload,
    at: new Date(Date.UTC(2026, 11, 7, 1, seq)).toISOString(),
  } as never) as CaseEvent;
const received = (caseId: string) =>
  ev(caseId, 'received', {
    caseNo: '510104202612070010003',
    itemCode: 'X',
    itemName: '二手房转移登记',
    channel: 'window',
    applicant: { name: '王五', idType: 'residentId', idNumber: '440524188001010014' },
    materials: [],
  });
const conditional = (caseId: string) =>
  ev(caseId, 'conditionallyAccepted', {
    caseType: 'committed',
    promisedDays: 5,
    dueDate: null,
    waivedMaterials: ['契税完税凭证', '婚姻状况证明'],
    supplyDeadline: '2026-12-10',
    commitmentSigned: true,
  });

describe('容缺: no completion or hand-over while waived materials are owed', () => {
  it('refuses 办结 with the missing list, allows it once everything is supplied', () => {
    const id = 'case-rq-1';
    const log = [received(id), conditional(id)];
    let row = projectCase(log);
    const c = checkTransition(row.machine, 'completed');
    expect(c).toMatchObject({ ok: false, code: 'CASE_WAIVED_MATERIALS_OUTSTANDING' });
    expect(!c.ok && c.message).toContain('契税完税凭证、婚姻状况证明');
    // An offline counter that completed anyway: the projection records a conflict, not a completion.
    row = projectCase([...log, ev(id, 'completed', { result: 'approved' })]);
    expect(row.status).toBe('accepted');
    expect(row.conflicts[0]?.code).toBe('CASE_WAIVED_MATERIALS_OUTSTANDING');
    log.push(ev(id, 'materialsSupplemented', { materials: ['契税完税凭证'], complete: false }));
    expect(checkTransition(projectCase(log).machine, 'completed').ok).toBe(false);
    log.push(ev(id, 'materialsSupplemented', { materials: ['婚姻状况证明'], complete: true }));
    expect(checkTransition(projectCase(log).machine, 'completed').ok).toBe(true);
    log.push(ev(id, 'completed', { result: 'approved' }), ev(id, 'handedOver', { method: 'window' }));
    expect(projectCase(log).status).toBe('handedOver');
  });

  it('hand-over is refused too, even for a completed case that still owes materials (state built by hand)', () => {
    expect(checkTransition({ ...INITIAL_MACHINE_STATE, status: 'completed', outstandingMaterials: ['契税完税凭证'] }, 'handedOver')).toMatchObject({
      ok: false,
      code: 'CASE_WAIVED_MATERIALS_OUTSTANDING',
    });
  });

  it('终止办理 ends a 容缺 case with a reason; nothing follows it', () => {
    const id = 'case-rq-2';
    expect(() => ev(id, 'terminated', { reason: ' ' })).toThrow();
    const row = projectCase([received(id), conditional(id), ev(id, 'terminated', { reasonCode: 'waivedNotSupplied', reason: '申请人未按期补齐容缺材料' })]);
    expect(row.status).toBe('terminated');
    expect(row.statusLabel).toBe('已终止');
    expect(row.termination).toEqual({ reasonCode: 'waivedNotSupplied', reason: '申请人未按期补齐容缺材料' });
    expect(checkTransition(row.machine, 'completed').ok).toBe(false);
    expect(checkTransition(row.machine, 'materialsSupplemented', { complete: true }).ok).toBe(false);
  });
});

describe('hall time', () => {
  it('formats an instant in the hall zone whatever the machine zone', () => {
    const at = '2026-12-06T23:40:05Z';
    expect(hallTime(at)).toEqual({ date: '2026-12-07', time: '07:40', timeSeconds: '07:40:05', dateTime: '2026-12-07 07:40' });
    expect(hallDateTime(at, 'UTC')).toBe('2026-12-06 23:40');
    expect(hallDateTime(at, 'Not/AZone')).toBe('2026-12-07 07:40'); // unknown zone → the default, never a throw
    expect(() => hallTime('yesterday')).toThrow(RangeError);
  });

  it('the 日结单 prints its time in the hall zone, not the ISO instant', () => {
    const doc = buildDoc('daily-summary', {
      hallName: '示例',
      date: '2026-12-07',
      clerk: { name: '张', workNo: 'C001' },
      windowNo: 1,
      tickets: { served: 1, noShow: 1, transferred: 1 },
      cases: { received: 0, accepted: 0, conditionallyAccepted: 0, refused: 0, completed: 0, missingNotices: 0, overdue: 1 },
      avgServiceMinutes: null,
      avgWaitMinutes: 2.5,
      ratings: { verySatisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, veryDissatisfied: 0 },
      printedAt: '2026-12-06T23:40:05Z',
      timeZone: 'Asia/Shanghai',
    });
    const printed = JSON.stringify(doc.lines);
    expect(printed).toContain('2026-12-07 07:40');
    expect(printed).not.toContain('2026-12-06 23:40');
  });
});

describe('查询码', () => {
  it('is the last 8 digits of the case number', () => {
    expect(queryCodeOf('510104202612070010003')).toBe('70010003');
  });
});
