// 免提交 on the pad: the consent question (PadEvaluator) answers once, lapses, yields to a rating;
// a pad connection may answer it but may not fetch licences or read consents; bad input is refused.
import { describe, expect, it } from 'vitest';
import { PadEvaluator } from '../../electron/core/pad/padEvaluator';
import { createCoreHost, type CoreHandlers } from '../../electron/core/rpc/host';
import { openConnection } from '../../electron/core/rpc/connection';
import { CodedError } from '../../domain/api/errors';
import { coreMethods } from '../../domain/contract/core';
import type { WireReply, WirePush } from '../../domain/contract/wire';

const clerk = { workNo: 'C001', name: '李娜', stars: 5 } as never;
function pad(onConsent: (id: string, agree: boolean) => void = () => undefined, now = () => Date.now()) {
  const p = new PadEvaluator({
    windowNo: 1,
    timeoutMs: 60_000,
    reasons: { version: 'v1', bad: [] },
    isBad: () => false,
    onState: () => undefined,
    onRated: () => undefined,
    onConsent,
    now,
  });
  p.showClerk(clerk);
  return p;
}
const ask = {
  holderMasked: '张*丰',
  itemName: '城乡居民养老保险参保登记',
  licences: [{ licenceType: 'idCard' as const, label: '居民身份证' }],
  validMinutes: 15,
};
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as CodedError).code;
  }
};

describe('pad consent question', () => {
  it('shows the licences, takes one answer, then goes idle; a replayed answer is refused', () => {
    const answers: [string, boolean][] = [];
    const p = pad((id, a) => answers.push([id, a]));
    const { requestId } = p.requestConsent(ask);
    expect(p.get()).toMatchObject({ phase: 'consent', consent: { requestId, holderMasked: '张*丰' } });
    expect(codeOf(() => p.answerConsent('other-id', true))).toBe('CONSENT_NOT_REQUESTED');
    p.answerConsent(requestId, true);
    expect(answers).toEqual([[requestId, true]]);
    expect(p.get()).toMatchObject({ phase: 'idle', consent: null });
    expect(codeOf(() => p.answerConsent(requestId, true))).toBe('CONSENT_NOT_REQUESTED');
    expect(answers).toHaveLength(1);
    p.dispose();
  });
  it('is refused while a rating is open and before sign-in; a rating replaces an unanswered question', () => {
    const p = pad();
    p.request({ ticketNumber: 'A001' });
    expect(codeOf(() => p.requestConsent(ask))).toBe('PAD_BUSY');
    p.cancel();
    const { requestId } = p.requestConsent(ask);
    p.request({ ticketNumber: 'A002' });
    expect(p.get()).toMatchObject({ phase: 'rating', consent: null });
    expect(codeOf(() => p.answerConsent(requestId, true))).toBe('CONSENT_NOT_REQUESTED');
    p.showClerk(null);
    expect(codeOf(() => p.requestConsent(ask))).toBe('NOT_SIGNED_IN');
    p.dispose();
  });
});

describe('contract: licences.* and pad.consent', () => {
  const handlers = (over: Partial<CoreHandlers>): CoreHandlers => {
    const fail = () => {
      throw new CodedError('NOT_IN_TEST', '测试中未实现');
    };
    return { ...(Object.fromEntries(Object.keys(coreMethods).map((k) => [k, fail])) as unknown as CoreHandlers), ...over };
  };
  it('a pad connection may answer the consent question but not fetch licences or read consents', async () => {
    const host = createCoreHost(handlers({ 'pad.consent': () => ({ recorded: true as const }), 'licences.fetch': () => ({}) as never }));
    const out: (WireReply | WirePush)[] = [];
    const conn = openConnection(host, 'pad', (m) => out.push(m));
    conn.receive({ t: 'call', id: 1, method: 'pad.consent', input: { requestId: 'r1', agree: true } });
    conn.receive({
      t: 'call',
      id: 2,
      method: 'licences.fetch',
      input: { caseRef: 'req-00000001', material: '居民身份证', licenceType: 'idCard', applicant: { fromCard: 'x' } },
    });
    conn.receive({ t: 'call', id: 3, method: 'licences.consent', input: { caseRef: 'req-00000001' } });
    await new Promise((r) => setTimeout(r, 10));
    host.emit('licences', { caseRef: 'req-00000001', consent: null });
    conn.close();
    // (refusals answer at once, the handler's reply after it ran: compare by id; no licences event reaches the pad)
    expect([...out].sort((a, b) => ((a as { id: number }).id ?? 0) - ((b as { id: number }).id ?? 0))).toEqual([
      { t: 'reply', id: 1, result: { recorded: true } },
      { t: 'error', id: 2, error: { code: 'FORBIDDEN_FOR_PAD', message: '评价器无权执行此操作' } },
      { t: 'error', id: 3, error: { code: 'FORBIDDEN_FOR_PAD', message: '评价器无权执行此操作' } },
    ]);
  });
  it('wrong types are refused before any handler runs', async () => {
    let called = 0;
    const host = createCoreHost(handlers({ 'licences.fetch': () => (called++, {}) as never, 'licences.redeemCode': () => (called++, {}) as never }));
    const out: (WireReply | WirePush)[] = [];
    await host.handle(
      { t: 'call', id: 1, method: 'licences.fetch', input: { caseRef: 'req-00000001', material: '居民身份证', licenceType: 'passport', applicant: {} } },
      (m) => out.push(m),
    );
    await host.handle({ t: 'call', id: 2, method: 'licences.redeemCode', input: { caseRef: 'req-00000001', code: '123', applicant: {} } }, (m) => out.push(m));
    await host.handle({ t: 'call', id: 3, method: 'pad.consent', input: { requestId: 'r1', agree: 'yes' } }, (m) => out.push(m));
    expect(called).toBe(0);
    expect(out.map((m) => (m.t === 'error' ? m.error.code : 'ok'))).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
  });
});
