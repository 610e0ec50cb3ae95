// Slips the hall prints outside the five 文书 templates (issue 16): the 办不成事 反映回执 the citizen
// takes away (problem number, promised answer date) and the 代办 note of a case accepted under a
// 帮办代办 service. Same layout and ESC/POS path as the receipts.
import type { Doc } from './doc';
import { columnsFor } from './doc';
import { layoutDoc, plainLines } from './layout';
import { toEscPos } from './escpos';
import { docDate, docDateTime } from '../../domain/calendar/hallClock';
import type { ProblemView } from '../../domain/api/practices';
import { proxyFields } from './templates';

export interface RenderedSlip {
  bytes: Buffer;
  lines: string[];
}

export function renderDoc(doc: Doc, widthMm = 80): RenderedSlip {
  const cols = columnsFor(widthMm);
  const laid = layoutDoc(doc, cols);
  return { bytes: toEscPos(laid, cols), lines: plainLines(laid) };
}

export interface ProblemSlipData {
  hallName: string;
  problemNo: string;
  recordedAt: string;
  applicantMasked: string;
  department: string;
  asks: string;
  promisedDate: string;
  windowNo: number | null;
  contactPhone?: string;
}

/** The slip of a problem just recorded (the hall's printer and the desk counter's print the same). */
export function problemSlipFor(problem: ProblemView, hall: { name: string; zone: string }, at = new Date().toISOString()): Doc {
  return problemSlipDoc({
    hallName: hall.name || '政务服务中心',
    problemNo: problem.no,
    recordedAt: docDateTime(at, hall.zone),
    applicantMasked: problem.applicant.organisation ?? problem.applicant.name,
    department: problem.failedAt.department,
    asks: problem.asks,
    promisedDate: problem.dueOn,
    windowNo: problem.windowNo,
  });
}

export function problemSlipDoc(d: ProblemSlipData): Doc {
  return {
    lines: [
      { kind: 'text', text: d.hallName, align: 'center', bold: true },
      { kind: 'text', text: '「办不成事」反映回执', align: 'center', bold: true },
      { kind: 'rule' },
      { kind: 'field', label: '问题编号', value: d.problemNo },
      { kind: 'field', label: '反映人', value: d.applicantMasked },
      { kind: 'field', label: '登记时间', value: d.recordedAt },
      { kind: 'field', label: '涉及部门', value: d.department },
      { kind: 'field', label: '诉求', value: d.asks },
      { kind: 'field', label: '承诺答复日期', value: docDate(d.promisedDate) },
      ...(d.windowNo ? [{ kind: 'field' as const, label: '登记窗口', value: `${d.windowNo}号窗口` }] : []),
      ...(d.contactPhone ? [{ kind: 'field' as const, label: '咨询电话', value: d.contactPhone }] : []),
      { kind: 'rule' },
      { kind: 'text', text: '我们将在承诺答复日期前答复您，办结后回访。查询进度请携带本回执到「办不成事」反映窗口。' },
    ],
  };
}

export interface ProxyNoteData {
  hallName: string;
  caseNo: string;
  serviceNo: string;
  project: string;
  agentName: string;
  agentWorkNo: string;
}

export function proxyNoteDoc(d: ProxyNoteData): Doc {
  return {
    lines: [
      { kind: 'text', text: d.hallName, align: 'center', bold: true },
      { kind: 'text', text: '帮办代办联系单', align: 'center', bold: true },
      { kind: 'rule' },
      { kind: 'field', label: '办件编号', value: d.caseNo },
      { kind: 'field', label: '代办项目', value: d.project },
      ...proxyFields({ serviceNo: d.serviceNo, agentName: d.agentName, agentWorkNo: d.agentWorkNo }),
      { kind: 'text', text: '本办件由代办员全程代办，进度请向代办员咨询。' },
    ],
  };
}
