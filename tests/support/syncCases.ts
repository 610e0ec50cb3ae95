// Valid case-event drafts for sync tests and benchmarks: 收件 → 受理 → 办理 → 办结 → 出件.
import type { CaseEventDraft } from '../../electron/core/sync/eventLog';

// Valid resident ID numbers (check digits correct); never real people.
const IDS = ['11010519491231002X', '440524188001010014', '110101199003074477'];

export function caseDrafts(caseId: string, n: number, windowNo: number, kinds = 5): CaseEventDraft[] {
  const actor = { workNo: `C00${windowNo}`, windowNo };
  const all: CaseEventDraft[] = [
    {
      caseId,
      kind: 'received',
      actor,
      payload: {
        caseNo: `330106202503030${String(windowNo).padStart(2, '0')}${String(n % 10000).padStart(4, '0')}`,
        itemCode: 'ITEM-001',
        itemName: '个体工商户登记',
        channel: 'window',
        applicant: { name: '测试申请人', idType: 'residentId', idNumber: IDS[n % IDS.length]! },
        materials: [{ name: '身份证复印件', received: true, originalOrCopy: 'copy', count: 1 }],
      },
    },
    { caseId, kind: 'accepted', actor, payload: { caseType: 'committed', commitment: 'timeLimited', promisedDays: 5, dueDate: null } },
    { caseId, kind: 'processingStep', actor, payload: { step: '审核', outcome: 'pass', handler: { workNo: actor.workNo }, opinion: '' } },
    { caseId, kind: 'completed', actor, payload: { result: 'approved', mailed: false } },
    { caseId, kind: 'handedOver', actor, payload: { method: 'window' } },
  ];
  return all.slice(0, kinds);
}
