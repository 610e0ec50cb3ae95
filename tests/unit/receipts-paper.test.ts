// Issue 13 items 7 and 12: paper a lawyer would accept, in the hall's time zone. 不予受理 for
// 不属于本机关职权范围 names the competent authority (行政许可法 §32(1)(二)); every 文书 carries the
// seal line; the legal basis comes from the item (no licence law on a non-licence item); one date
// form per 文书; the 一次性告知书 says what happens when materials are late; reprints say 补打;
// an instant is printed in the hall's zone whatever the PC's zone.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../domain/idNumber';
import { createCaseEvent, projectCase, type CaseEventKind, type NewCaseEventInput, type CaseEvent } from '../../domain/cases';
import { renderReceipt } from '../../native/printer/render';
import { layoutDoc, plainLines } from '../../native/printer/layout';
import { acceptanceData, itemLegalBasis, missingMaterialsData, refusalDoc, type ReceiptContext } from '../../electron/core/receipts/receiptBuilder';
import { setReceiptWording, DEFAULT_RECEIPT_WORDING } from '../../domain/receipts/wording';
import { docDateTime, hallClockText, hallShort, hallToday } from '../../domain/calendar/hallClock';
import type { CounterItem } from '../../electron/core/catalogue/catalogueService';

const fixture = (t: string) => JSON.parse(readFileSync(`native/fixtures/receipts/${t}.json`, 'utf8'));
const ID = '11010519491231002' + idCheckChar('11010519491231002');
const CASE = '0190a1b2-0000-7000-8000-0000000000aa';
let n = 0;
function ev<K extends CaseEventKind>(kind: K, at: string, payload: NewCaseEventInput<K>['payload'], seq: number): CaseEvent {
  return createCaseEvent(
    { caseId: CASE, deviceId: 'dev-P', seq, kind, at, actor: { workNo: 'C001', windowNo: 1 }, payload },
    () => `evt-paper-${String(++n).padStart(4, '0')}`,
  );
}
const received = (itemName: string) =>
  ev(
    'received',
    '2026-12-07T00:40:00Z',
    {
      caseNo: '330106202612070010001',
      itemCode: '000101001000',
      itemName,
      applicant: { name: '张三', idType: 'residentId', idNumber: ID },
      materials: [{ name: '居住证', received: true, originalOrCopy: 'original', count: 1 }],
    },
    1,
  );
const ctx: ReceiptContext = {
  hallName: '示例市政务服务中心',
  unit: '示例市政务服务中心',
  windowNo: 1,
  clerk: { name: '王芳', workNo: 'C001' },
  publicBaseUrl: 'http://hall.test',
  timeZone: 'Asia/Shanghai',
};
const item = (over: Partial<CounterItem>): CounterItem =>
  ({
    name: '居住证签注',
    basicCode: '0001010010',
    implementationCode: '000101001000',
    code: '000101001000',
    itemKind: '20',
    caseType: 'immediate',
    commitment: 'instant',
    legalDays: 1,
    promisedDays: 0,
    materials: [],
    fees: [],
    category: 'A',
    department: '市公安局',
    handlingForms: ['window'],
    active: true,
    feeText: '免费',
    ...over,
  }) as CounterItem;
const lines = (doc: Parameters<typeof layoutDoc>[0]) => plainLines(layoutDoc(doc, 48));
const joined = (ls: string[]) => ls.join('\n').replace(/\s+/g, '');

afterEach(() => setReceiptWording(null));

describe('不予受理通知书', () => {
  it('for 不属于本机关职权范围 names the competent authority and cites §32(1)(二), with a seal line', () => {
    const row = projectCase([
      received('居住证签注'),
      ev(
        'refused',
        '2026-12-07T00:45:00Z',
        { reason: '申请事项依法不属于本机关职权范围', reasonCode: 'notCompetent', competentAuthority: '示例市出入境管理局' },
        2,
      ),
    ]);
    const text = joined(lines(refusalDoc(row, item({}), ctx)));
    expect(text).toContain('请向示例市出入境管理局提出申请');
    expect(text).toContain('第三十二条第一款第（二）项');
    expect(text).toContain('市公安局（受理专用章）');
    expect(text).toContain('2026年12月7日');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
  it('for another reason cites its own clause and names no authority', () => {
    const row = projectCase([
      received('居住证签注'),
      ev('refused', '2026-12-07T00:45:00Z', { reason: '申请事项依法不需要取得行政许可', reasonCode: 'notRequired' }, 2),
    ]);
    const text = joined(lines(refusalDoc(row, item({}), ctx)));
    expect(text).toContain('第三十二条第一款第（一）项');
    expect(text).not.toContain('提出申请。');
  });
});

describe('legal basis from the item', () => {
  it('a non-licence item without a basis prints none, never 行政许可法 §32', () => {
    expect(itemLegalBasis(item({ itemKind: '20' }))).toBeUndefined();
    const row = projectCase([
      received('居住证签注'),
      ev('accepted', '2026-12-07T00:41:00Z', { caseType: 'immediate', commitment: 'instant', promisedDays: 0, sameDay: true, dueDate: null }, 2),
    ]);
    const r = renderReceipt('acceptance', acceptanceData(row, item({ itemKind: '20' }), ctx));
    expect(r.lines.join('')).not.toContain('行政许可法');
    expect(r.lines.join('')).not.toContain('法律依据');
  });
  it('an item with its own basis prints it; a licence without one falls back to the licence law', () => {
    expect(itemLegalBasis(item({ legalBasis: '《居住证暂行条例》' }))).toBe('《居住证暂行条例》');
    expect(itemLegalBasis(item({ itemKind: '01' }))).toContain('行政许可法');
  });
});

describe('every 文书', () => {
  it('carries the seal line and one date form (YYYY年M月D日), times in the hall zone', () => {
    for (const t of ['acceptance', 'missing-materials', 'conditional-acceptance'] as const) {
      const text = joined(renderReceipt(t, fixture(t)).lines);
      expect(text, t).toContain('（受理专用章）');
      expect(text, t).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text, t).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    }
  });
  it('the 一次性告知书 says what happens if the materials are not supplied in time', () => {
    const text = joined(renderReceipt('missing-materials', fixture('missing-materials')).lines);
    expect(text).toContain('逾期后果');
    expect(text).toContain('视为申请人放弃本次申请');
  });
  it('the wording is one table a hall can adjust', () => {
    setReceiptWording({ sealName: '行政审批专用章', missingMaterialsConsequence: '逾期未补正的，本次申请退回。' });
    const text = joined(renderReceipt('missing-materials', fixture('missing-materials')).lines);
    expect(text).toContain('（行政审批专用章）');
    expect(text).toContain('逾期未补正的，本次申请退回。');
    expect(() => setReceiptWording({ competentAuthorityText: '请另行申请' })).toThrow();
    setReceiptWording(null);
    expect(joined(renderReceipt('acceptance', fixture('acceptance')).lines)).toContain(`（${DEFAULT_RECEIPT_WORDING.sealName}）`);
  });
  it('the 一次性告知书 built from a case dates itself in the hall zone', () => {
    // 23:30 UTC on the 6th is already the 7th in Shanghai.
    const row = projectCase([
      received('居住证签注'),
      ev('materialsRequested', '2026-12-06T23:30:00Z', { items: [{ name: '居住证', problem: 'missing', requirement: '原件' }] }, 2),
    ]);
    expect(missingMaterialsData(row, item({}), ctx, '2026-12-14').date).toBe('2026-12-07');
  });
  it('a reprint is marked 补打', () => {
    const first = renderReceipt('acceptance', fixture('acceptance'));
    const again = renderReceipt('acceptance', fixture('acceptance'), { reprint: true });
    expect(first.lines.join('')).not.toContain('补打');
    expect(again.lines[0]).toContain('补打');
  });
});

describe('hall clock (the PC may run in UTC)', () => {
  it('formats instants in the hall zone, not the process zone', () => {
    const at = '2026-12-07T00:40:05Z';
    expect(hallClockText(at)).toBe('08:40:05');
    expect(hallShort(at)).toBe('12-07 08:40');
    expect(hallToday('Asia/Shanghai', Date.parse('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(docDateTime(at)).toBe('2026年12月7日 08:40');
    expect(docDateTime('2026-11-24 09:42:10')).toBe('2026年11月24日 09:42');
  });
  it('a ticket whose issuedAt is an instant prints the hall time', () => {
    const r = renderReceipt('ticket', { ...fixture('ticket'), issuedAt: '2026-12-07T00:40:00.000Z', timeZone: 'Asia/Shanghai' });
    expect(r.lines.join('\n')).toContain('2026-12-07 08:40');
  });
});
