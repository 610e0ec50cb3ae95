import { describe, expect, it } from 'vitest';
import {
  RATING_LEVELS,
  RATING_LEVEL_LABELS,
  applyFollowUpAction,
  checkOneRatingPerService,
  closureRate,
  defaultReasonList,
  followUpOverdue,
  isBadRating,
  openFollowUpTask,
  padReasons,
  ratingStats,
  parseReasonList,
  ratingLevelFromCode,
  ratingLevelToCode,
  validateRating,
  type FollowUpAction,
  type FollowUpTask,
} from '../../domain/rating';

function must(task: FollowUpTask, action: FollowUpAction): FollowUpTask {
  const r = applyFollowUpAction(task, action);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.task;
}

describe('rating levels and codes', () => {
  it('labels the five levels and marks 差评', () => {
    expect(RATING_LEVELS.map((l) => RATING_LEVEL_LABELS[l])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(RATING_LEVELS.filter(isBadRating)).toEqual(['dissatisfied', 'veryDissatisfied']);
  });

  it('maps GB/T 39046 codes and the reversed provincial codes at the edge', () => {
    expect(ratingLevelToCode('verySatisfied')).toBe(1);
    expect(ratingLevelToCode('veryDissatisfied')).toBe(5);
    expect(ratingLevelToCode('verySatisfied', 'provincialReversed')).toBe(5);
    expect(ratingLevelToCode('basic', 'provincialReversed')).toBe(3);
    expect(ratingLevelFromCode('1', 'provincialReversed')).toBe('veryDissatisfied');
    expect(ratingLevelFromCode(2)).toBe('satisfied');
    expect(ratingLevelFromCode(0)).toBeNull();
    expect(ratingLevelFromCode('6')).toBeNull();
    for (const l of RATING_LEVELS) for (const s of ['gb39046', 'provincialReversed'] as const) expect(ratingLevelFromCode(ratingLevelToCode(l, s), s)).toBe(l);
  });
});

describe('reason lists and validation', () => {
  it('loads the bundled versioned list as data and rejects a broken one', () => {
    expect(defaultReasonList.version).toBe('2025.1');
    const pad = padReasons(defaultReasonList);
    expect(pad.bad.length).toBeGreaterThanOrEqual(10);
    expect(pad.bad.every((r) => r.code.startsWith('B'))).toBe(true);
    expect(() => parseReasonList({ ...defaultReasonList, reasons: [...defaultReasonList.reasons, defaultReasonList.reasons[0]] })).toThrow('评价原因代码重复');
    expect(() => parseReasonList({ ...defaultReasonList, reasons: defaultReasonList.reasons.filter((r) => r.polarity === 'good') })).toThrow('缺少差评原因');
  });

  it('requires a reason for 差评 and checks codes against the list', () => {
    expect(validateRating({ level: 'satisfied', reasonCodes: [] }, defaultReasonList)).toEqual({ ok: true });
    expect(validateRating({ level: 'dissatisfied', reasonCodes: [] }, defaultReasonList)).toEqual({
      ok: false,
      problems: [{ code: 'RATING_REASON_REQUIRED', message: '差评须至少选择一项评价原因' }],
    });
    expect(validateRating({ level: 'veryDissatisfied', reasonCodes: ['B04', 'B08'], reasonListVersion: '2025.1' }, defaultReasonList)).toEqual({ ok: true });
    const codes = (r: ReturnType<typeof validateRating>) => (r.ok ? [] : r.problems.map((p) => p.code));
    expect(codes(validateRating({ level: 'dissatisfied', reasonCodes: ['X77'] }, defaultReasonList))).toEqual(['RATING_REASON_UNKNOWN']);
    expect(codes(validateRating({ level: 'verySatisfied', reasonCodes: ['B04'] }, defaultReasonList))).toEqual(['RATING_REASON_MISMATCH']);
    expect(codes(validateRating({ level: 'dissatisfied', reasonCodes: ['B99'] }, defaultReasonList))).toEqual(['RATING_REASON_TEXT_REQUIRED']);
    expect(validateRating({ level: 'dissatisfied', reasonCodes: ['B99'], text: '叫号屏不显示' }, defaultReasonList).ok).toBe(true);
    expect(codes(validateRating({ level: 'dissatisfied', reasonCodes: ['B01'], reasonListVersion: '2024.3' }, defaultReasonList))).toEqual([
      'RATING_REASON_LIST_VERSION',
    ]);
  });

  it('allows one rating per service, idempotent re-delivery and one follow-up', () => {
    const existing = [{ id: 'r1', ticketId: 't-A023' }];
    expect(checkOneRatingPerService(existing, { id: 'r1', ticketId: 't-A023' })).toEqual({ ok: true, idempotent: true, unchecked: false });
    expect(checkOneRatingPerService(existing, { id: 'r2', ticketId: 't-A023' })).toMatchObject({ ok: false, code: 'RATING_DUPLICATE', existingId: 'r1' });
    expect(checkOneRatingPerService(existing, { id: 'r3', ticketId: 't-A024' })).toMatchObject({ ok: true, idempotent: false });
    expect(checkOneRatingPerService(existing, { id: 'r4', ticketId: 't-A023', ratingCount: 2 })).toMatchObject({ ok: true });
    expect(
      checkOneRatingPerService([...existing, { id: 'r4', ticketId: 't-A023', ratingCount: 2 }], { id: 'r5', ticketId: 't-A023', ratingCount: 2 }),
    ).toMatchObject({ ok: false, code: 'RATING_FOLLOW_UP_DUPLICATE' });
    expect(checkOneRatingPerService([], { id: 'r6', caseNo: '330106202503030070001', ratingCount: 2 })).toMatchObject({
      ok: false,
      code: 'RATING_FOLLOW_UP_WITHOUT_FIRST',
    });
    expect(checkOneRatingPerService(existing, { id: 'r7' })).toEqual({ ok: true, idempotent: false, unchecked: true });
  });
});

describe('bad-rating follow-up', () => {
  const bad = { id: 'rating-9', level: 'veryDissatisfied' as const, clerkWorkNo: 'C0107', windowNo: 7, realName: true };

  it('opens a task with 15-working-day stage deadlines by default, across 国庆', () => {
    const t = openFollowUpTask(bad, '2025-09-26');
    // 15 working days from Fri 26 Sep: 28, 29, 30 Sep, 9, 10, 11 Oct, 13–17, 20–23 Oct
    expect(t.stages.callback.dueDate).toBe('2025-10-23');
    expect(t.stages.reply.dueDate).toBe('2025-10-23');
    expect(() => openFollowUpTask({ ...bad, level: 'basic' }, '2025-09-26')).toThrow('只有差评');
  });

  it('supports per-stage days (Shanghai 1/5/15) and counting from the previous stage', () => {
    const sh = openFollowUpTask(bad, '2025-03-03', { config: { stageDays: { callback: 1, rectification: 5, reply: 15 } } });
    expect([sh.stages.callback.dueDate, sh.stages.rectification.dueDate, sh.stages.reply.dueDate]).toEqual(['2025-03-04', '2025-03-10', '2025-03-24']);
    const chained = openFollowUpTask(bad, '2025-03-03', { config: { stageDays: { callback: 1, rectification: 5, reply: 5 }, countFrom: 'previousStage' } });
    expect(chained.stages.rectification.dueDate).toBeNull();
    const afterCall = must(chained, { type: 'callback', on: '2025-03-05', by: 'M01', note: '已电话联系', reached: true });
    expect(afterCall.stages.rectification.dueDate).toBe('2025-03-12');
  });

  it('runs callback → rectification → reply in order and computes closure rates', () => {
    let t = openFollowUpTask(bad, '2025-03-03', { config: { stageDays: { callback: 1, rectification: 5, reply: 15 } } });
    const early = applyFollowUpAction(t, { type: 'reply', on: '2025-03-04', by: 'M01', note: '答复' });
    expect(early).toMatchObject({ ok: false, code: 'FOLLOW_UP_STAGE_ORDER', message: '请先完成“回访”' });
    t = must(t, { type: 'callback', on: '2025-03-04', by: 'M01', note: '未接通', reached: false });
    expect(t.stages.callback.doneOn).toBeNull();
    expect(followUpOverdue(t, '2025-03-06')).toEqual([{ stage: 'callback', dueDate: '2025-03-04', overdueDays: 2, done: false }]);
    t = must(t, { type: 'callback', on: '2025-03-06', by: 'M01', note: '已联系评价人，了解情况', reached: true });
    t = must(t, { type: 'rectification', on: '2025-03-07', by: 'M01', note: '对窗口人员进行业务培训' });
    const open = t;
    t = must(t, { type: 'reply', on: '2025-03-10', by: 'M01', note: '已向评价人反馈整改情况' });
    expect(t.status).toBe('closed');
    expect(applyFollowUpAction(t, { type: 'appeal', on: '2025-03-11', by: 'C0107', reason: '误评' })).toMatchObject({ ok: false, code: 'FOLLOW_UP_FINISHED' });
    const anonymous = openFollowUpTask({ ...bad, id: 'rating-10', realName: false }, '2025-03-03');
    const rate = closureRate([t, open, anonymous]);
    expect(rate).toMatchObject({ total: 3, closed: 1, realNameTotal: 2, realNameClosed: 1, realNameRate: 0.5, closedOnTime: 0 });
    expect(rate.rate).toBeCloseTo(1 / 3);
  });

  it('handles appeal and review; an overturned rating leaves the closure rate', () => {
    let t = openFollowUpTask(bad, '2025-03-03');
    t = must(t, { type: 'appeal', on: '2025-03-04', by: 'C0107', reason: '评价人误触，监控可证' });
    expect(applyFollowUpAction(t, { type: 'callback', on: '2025-03-05', by: 'M01', note: 'x', reached: true })).toMatchObject({
      ok: false,
      code: 'FOLLOW_UP_APPEAL_PENDING',
    });
    expect(applyFollowUpAction(t, { type: 'review', on: '2025-03-05', by: 'C0107', decision: 'overturned', note: '' })).toMatchObject({
      ok: false,
      code: 'FOLLOW_UP_REVIEW_SELF',
    });
    const upheld = must(t, { type: 'review', on: '2025-03-05', by: 'M01', decision: 'upheld', note: '证据不足' });
    expect(upheld.status).toBe('open');
    expect(applyFollowUpAction(upheld, { type: 'appeal', on: '2025-03-06', by: 'C0107', reason: '再次申诉' })).toMatchObject({
      ok: false,
      code: 'FOLLOW_UP_APPEAL_REPEATED',
    });
    const overturned = must(t, { type: 'review', on: '2025-03-05', by: 'M01', decision: 'overturned', note: '监控确认误触' });
    expect(overturned.status).toBe('invalidated');
    expect(t.status).toBe('appealed'); // the input task is untouched
    expect(closureRate([overturned, upheld])).toMatchObject({ total: 1, closed: 0, invalidated: 1, rate: 0 });
    expect(closureRate([])).toMatchObject({ rate: 1, realNameRate: 1 });
  });
});

describe('rating statistics', () => {
  it('computes 好评率 and 差评率 without identities', () => {
    const s = ratingStats(['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'verySatisfied']);
    expect(s.counts).toEqual({ verySatisfied: 2, satisfied: 1, basic: 1, dissatisfied: 1, veryDissatisfied: 0 });
    expect(s.goodRate).toBeCloseTo(0.6);
    expect(s.badRate).toBeCloseTo(0.2);
    expect(ratingStats([]).goodRate).toBeNull();
  });
});
