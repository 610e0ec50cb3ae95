// What the hall prints for its practices (issue 16): the 办不成事 反映回执 decoded back from its
// ESC/POS bytes (problem number, promised answer date, masked name only), and a 受理回执 for a case
// accepted under a 帮办代办 service carrying the service number and the 代办员 (absent otherwise).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../native/printer/decode';
import { renderReceipt } from '../../native/printer/render';
import { problemSlipDoc, proxyNoteDoc, renderDoc } from '../../native/printer/slips';

const fixture = (t: string) => JSON.parse(readFileSync(`native/fixtures/receipts/${t}.json`, 'utf8')) as Record<string, unknown>;

describe('办不成事 反映回执', () => {
  it('decodes to the problem number, the promised answer date and the masked applicant', () => {
    for (const mm of [58, 80]) {
      const slip = renderDoc(
        problemSlipDoc({
          hallName: '示例市政务服务中心',
          problemNo: 'BBC-20261009-003',
          recordedAt: '2026年10月9日 09:30',
          applicantMasked: '欧**远',
          department: '不动产登记中心',
          asks: '书面说明不予受理的理由',
          promisedDate: '2026-10-16',
          windowNo: 9,
        }),
        mm,
      );
      const [decoded] = decodeEscPos(slip.bytes);
      const text = decoded!.lines.join('\n');
      expect(text).toContain('「办不成事」反映回执');
      expect(text).toContain('BBC-20261009-003');
      expect(text).toContain('2026年10月16日');
      expect(text).toContain('欧**远');
      expect(text).toContain('9号窗口');
      expect(decoded!.lines).toEqual(slip.lines);
    }
  });
});

describe('帮办代办 on the receipt', () => {
  it('a 受理回执 under a 代办 service prints the service number and the 代办员; without one, neither', () => {
    const base = fixture('acceptance');
    const plain = renderReceipt('acceptance', base as never, { widthMm: 80 }).lines.join('\n');
    expect(plain).not.toContain('代办');
    const proxied = renderReceipt('acceptance', { ...base, proxy: { serviceNo: 'DB-20261102-001', agentName: '张伟', agentWorkNo: 'C002' } } as never, {
      widthMm: 80,
    });
    const text = decodeEscPos(proxied.bytes)[0]!.lines.join('\n');
    expect(text).toContain('代办服务：DB-20261102-001');
    expect(text).toContain('代办员：张伟（工号C002）');
  });
  it('the 代办 note of a linked case names the case, the service and the 代办员', () => {
    const note = renderDoc(
      proxyNoteDoc({
        hallName: '示例市政务服务中心',
        caseNo: 'SL2026110200001',
        serviceNo: 'DB-20261102-001',
        project: '新厂房建设项目',
        agentName: '张伟',
        agentWorkNo: 'C002',
      }),
    );
    expect(note.lines.join('\n')).toMatch(/办件编号：SL2026110200001[\s\S]*代办服务：DB-20261102-001[\s\S]*代办员：张伟（工号C002）/);
  });
});
