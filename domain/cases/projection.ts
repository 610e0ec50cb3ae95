// projectCase(events) → CaseRow: the case row is a pure function of its event log. The same
// code runs on the counter and on the hall server, so given the same events (in any order, with
// duplicates) and the same calendar, both produce the same row.
//
// Conflict rule: events are applied in the order of orderCaseEvents(); an event the state
// machine does not allow from the status reached so far is NOT applied — it stays in the log
// and is listed in `conflicts` (and in the timeline as a conflict) for a person to resolve.
// Events of a kind this build does not know are listed in `deferred` and skipped.
import {
  chinaDateOf,
  defaultCalendar,
  overdueWorkingDays,
  deadlineState,
  workingDaysBetween,
  type CalendarWarning,
  type CivilDate,
  type DeadlineState,
  type StoppedInterval,
  type WorkingCalendar,
} from '../calendar';
import { maskIdNumber, maskName, maskPhone } from '../idNumber';
import type { RatingLevel } from '../api/hall';
import { CASE_TYPE_LABELS, COMMITMENT_LABELS, dueDateFor, type CaseType, type Commitment } from './caseTypes';
import { CASE_EVENT_LABELS, isKnownKind, type Actor, type Applicant, type CaseEvent, type CaseEventEnvelope, type MaterialLine } from './events';
import { orderCaseEvents } from './order';
import { CASE_STATUS_LABELS, INITIAL_MACHINE_STATE, checkTransition, type CaseStatus, type MachineState, type TransitionCheck } from './stateMachine';

export interface CaseWarning {
  code: string;
  message: string;
  year?: number;
}

export interface CaseTimelineEntry {
  eventId: string;
  kind: string;
  label: string;
  at: string;
  actor: Actor;
  deviceId: string;
  seq: number;
  serverVersion: number | null;
  outcome: 'applied' | 'conflict' | 'deferred';
  /** Short Chinese description with no personal data and no rating level. */
  summary: string;
  conflict?: { code: string; message: string };
}

export interface MaskedApplicant {
  name: string;
  idNumber: string;
  phone: string | null;
  agentName: string | null;
  companyName: string | null;
}

export interface CaseRow {
  caseId: string;
  caseNo: string | null;
  /** The queue ticket the case was received under (links the citizen's tracking page to it). */
  ticketId: string | null;
  /** The receipt's QR token (/c/<token>, /r/<token>); null for cases received before it existed. */
  trackToken: string | null;
  itemCode: string | null;
  itemName: string | null;
  status: CaseStatus | 'none';
  statusLabel: string;
  caseType: CaseType | null;
  commitment: Commitment | null;
  promisedDays: number | null;
  /** Full applicant: for the detail view and receipts only. Lists use applicantMasked. */
  applicant: Applicant | null;
  applicantMasked: MaskedApplicant | null;
  receivedAt: string | null;
  acceptedAt: string | null;
  acceptedOn: CivilDate | null;
  completedAt: string | null;
  completedOn: CivilDate | null;
  handedOverAt: string | null;
  /** 承诺办结日期 as printed on the acceptance receipt. */
  printedDueDate: CivilDate | null;
  /** Due date extended by stopped-clock days; null while the clock is stopped (see workingDaysLeftAtStop). */
  dueDate: CivilDate | null;
  clockStopped: boolean;
  workingDaysLeftAtStop: number | null;
  stops: StoppedInterval[];
  stoppedWorkingDays: number;
  /** 超期天数 once completed (0 = on time); open cases: use caseDeadline(row, today). */
  overdueDays: number | null;
  conditional: { waivedMaterials: string[]; outstanding: string[]; supplyDeadline: CivilDate } | null;
  materials: MaterialLine[];
  /** The latest 一次性告知 list while materials are owed. */
  missingMaterials: { name: string; problem: 'missing' | 'incorrect'; requirement: string }[];
  refusal: { reason: string; reasonCode: string | null; competentAuthority?: string | null } | null;
  steps: { step: string; outcome: 'pass' | 'return'; handlerWorkNo: string; at: string }[];
  result: { result: 'approved' | 'denied' | 'other'; licenceNo: string | null; mailed: boolean } | null;
  handover: { method: 'window' | 'mail' | 'electronic'; trackingNo: string | null; carrier: string | null } | null;
  /** 终止办理 (e.g. 容缺 materials not supplied in time). */
  termination: { reason: string; reasonCode: 'waivedNotSupplied' | 'other' } | null;
  /** Ratings attached (level included for the server and statistics; see redactForClerk). */
  ratings: { ratingId: string; level: RatingLevel | null; ratingCount: 1 | 2; at: string }[];
  timeline: CaseTimelineEntry[];
  conflicts: { eventId: string; kind: string; code: string; message: string }[];
  deferred: { eventId: string; kind: string; schemaVersion: number }[];
  warnings: CaseWarning[];
  eventCount: number;
  lastServerVersion: number | null;
  /** State-machine state after the last applied event: feed to allowedKinds()/checkCaseEvent(). */
  machine: MachineState;
  /** A 一件事 package case: its sub-cases (status and dates are overlaid from them, see packageStatus.ts). */
  packageInfo: PackageInfo | null;
  /** A sub-case of a 一件事 package: the package case. */
  partOf: { caseId: string; caseNo: string; code: string; name: string } | null;
}

export interface PackageInfo {
  code: string;
  name: string;
  answers: { question: string; answer: boolean }[];
  subCases: { caseId: string; caseNo: string; itemCode: string; itemName: string; department: string | null; promisedDays: number; caseType: CaseType }[];
  /** The merged materials list: which item codes use each material. */
  usedBy: Record<string, string[]>;
}

export interface ProjectOptions {
  calendar?: WorkingCalendar;
}

function maskApplicant(a: Applicant): MaskedApplicant {
  return {
    name: maskName(a.name),
    idNumber: maskIdNumber(a.idNumber),
    phone: a.phone ? maskPhone(a.phone) : null,
    agentName: a.agent ? maskName(a.agent.name) : null,
    companyName: a.company?.name ?? null,
  };
}

function summaryOf(e: CaseEvent): string {
  const label = CASE_EVENT_LABELS[e.kind];
  switch (e.kind) {
    case 'received':
      return `${label}：${e.payload.itemName}（${e.payload.caseNo}）${e.payload.package ? `，属“${e.payload.package.name}”（${e.payload.package.caseNo}）` : ''}`;
    case 'packageReceived':
      return `${label}：${e.payload.packageName}（${e.payload.caseNo}），含 ${e.payload.subCases.length} 个事项：${e.payload.subCases.map((x) => x.itemName).join('、')}`;
    case 'accepted':
    case 'conditionallyAccepted': {
      const type = CASE_TYPE_LABELS[e.payload.caseType];
      const c = e.payload.commitment ? `，${COMMITMENT_LABELS[e.payload.commitment]}` : '';
      const due = e.payload.dueDate ? `，承诺办结日期 ${e.payload.dueDate}` : '';
      const extra = e.kind === 'conditionallyAccepted' ? `；容缺材料 ${e.payload.waivedMaterials.length} 项，补交期限 ${e.payload.supplyDeadline}` : '';
      return `${label}（${type}${c}${due}）${extra}`;
    }
    case 'materialsRequested':
      return `${label}：需补交 ${e.payload.items.length} 项材料（${e.payload.items.map((i) => i.name).join('、')}）`;
    case 'materialsSupplemented':
      return `${label}：${e.payload.materials.join('、')}${e.payload.complete ? '（已补齐）' : ''}`;
    case 'refused':
      return `${label}：${e.payload.reason}`;
    case 'processingStep':
      return `${label}·${e.payload.step}：${e.payload.outcome === 'pass' ? '通过' : '退回'}（${e.payload.handler.workNo}）`;
    case 'suspended':
      return `${label}：${e.payload.reason}`;
    case 'resumed':
      return label;
    case 'completed':
      return `${label}${e.payload.licenceNo ? `，证照编号 ${e.payload.licenceNo}` : ''}${e.payload.mailed ? '，邮寄' : ''}`;
    case 'handedOver':
      return `${label}${e.payload.method === 'mail' ? `：邮寄，单号 ${e.payload.trackingNo ?? ''}` : e.payload.method === 'electronic' ? '：电子送达' : '：窗口领取'}`;
    case 'evaluated':
      return e.payload.ratingCount === 2 ? '已追评' : '已评价';
    case 'withdrawn':
    case 'terminated':
      return `${label}：${e.payload.reason}`;
  }
}

function transitionDetail(e: CaseEvent): { complete?: boolean; ratingCount?: 1 | 2; ratingId?: string } {
  if (e.kind === 'materialsSupplemented') return { complete: e.payload.complete };
  if (e.kind === 'evaluated') return { ratingCount: e.payload.ratingCount, ratingId: e.payload.ratingId };
  return {};
}

function emptyRow(caseId: string): CaseRow {
  return {
    caseId,
    caseNo: null,
    ticketId: null,
    trackToken: null,
    itemCode: null,
    itemName: null,
    status: 'none',
    statusLabel: '尚未收件',
    caseType: null,
    commitment: null,
    promisedDays: null,
    applicant: null,
    applicantMasked: null,
    receivedAt: null,
    acceptedAt: null,
    acceptedOn: null,
    completedAt: null,
    completedOn: null,
    handedOverAt: null,
    printedDueDate: null,
    dueDate: null,
    clockStopped: false,
    workingDaysLeftAtStop: null,
    stops: [],
    stoppedWorkingDays: 0,
    overdueDays: null,
    conditional: null,
    materials: [],
    missingMaterials: [],
    refusal: null,
    steps: [],
    result: null,
    handover: null,
    termination: null,
    ratings: [],
    timeline: [],
    conflicts: [],
    deferred: [],
    warnings: [],
    eventCount: 0,
    lastServerVersion: null,
    machine: INITIAL_MACHINE_STATE,
    packageInfo: null,
    partOf: null,
  };
}

/** One timeline line, built as one literal (a spread of a shared base per event cost the central ~40 % of projectCase). */
function timelineEntry(e: CaseEvent | CaseEventEnvelope, label: string, outcome: CaseTimelineEntry['outcome'], summary: string): CaseTimelineEntry {
  return {
    eventId: e.id,
    kind: e.kind,
    at: e.at,
    actor: e.actor,
    deviceId: e.deviceId,
    seq: e.seq,
    serverVersion: e.serverVersion ?? null,
    label,
    outcome,
    summary,
  };
}

/**
 * Project one case's events (any order, duplicates allowed; all must share one caseId).
 * Known-kind events are expected to be validated already (parseCaseEvent at ingest).
 */
export function projectCase(events: readonly (CaseEvent | CaseEventEnvelope)[], opts: ProjectOptions = {}): CaseRow {
  const calendar = opts.calendar ?? defaultCalendar;
  const ordered = orderCaseEvents(events);
  const row = emptyRow(ordered[0]?.caseId ?? '');
  let m: MachineState = INITIAL_MACHINE_STATE;
  let sameDay = false;
  let openStop: StoppedInterval | null = null;

  for (const raw of ordered) {
    row.eventCount++;
    if (raw.serverVersion !== undefined) row.lastServerVersion = Math.max(row.lastServerVersion ?? 0, raw.serverVersion);
    if (raw.caseId !== row.caseId) {
      const c = { code: 'CASE_EVENT_OTHER_CASE', message: '该事件属于另一个办件' };
      row.conflicts.push({ eventId: raw.id, kind: raw.kind, ...c });
      continue;
    }
    if (!isKnownKind(raw.kind)) {
      row.deferred.push({ eventId: raw.id, kind: raw.kind, schemaVersion: raw.schemaVersion });
      row.timeline.push(timelineEntry(raw, raw.kind, 'deferred', '新版本事件，升级后生效'));
      continue;
    }
    const e = raw as CaseEvent;
    const check = checkTransition(m, e.kind, transitionDetail(e));
    const label = CASE_EVENT_LABELS[e.kind];
    if (!check.ok) {
      row.conflicts.push({ eventId: e.id, kind: e.kind, code: check.code, message: check.message });
      const entry = timelineEntry(e, label, 'conflict', summaryOf(e));
      entry.conflict = { code: check.code, message: check.message };
      row.timeline.push(entry);
      continue;
    }
    const prev = m.status;
    const day = chinaDateOf(e.at);
    const accepted = row.acceptedOn !== null;
    let resumeTo = m.resumeTo;
    let outstanding = [...m.outstandingMaterials];
    let firstRatingId = m.firstRatingId;

    switch (e.kind) {
      case 'received':
        row.caseNo = e.payload.caseNo;
        row.ticketId = e.payload.ticketId ?? null;
        row.trackToken = e.payload.trackToken ?? null;
        row.itemCode = e.payload.itemCode;
        row.itemName = e.payload.itemName;
        row.applicant = e.payload.applicant;
        row.applicantMasked = maskApplicant(e.payload.applicant);
        row.materials = e.payload.materials.map((x) => ({ ...x }));
        row.receivedAt = e.at;
        row.partOf = e.payload.package ? { ...e.payload.package } : null;
        break;
      case 'packageReceived':
        row.caseNo = e.payload.caseNo;
        row.ticketId = e.payload.ticketId ?? null;
        row.trackToken = e.payload.trackToken ?? null;
        row.itemCode = e.payload.packageCode;
        row.itemName = e.payload.packageName;
        row.applicant = e.payload.applicant;
        row.applicantMasked = maskApplicant(e.payload.applicant);
        row.materials = e.payload.materials.map(({ usedBy: _u, ...x }) => ({ ...x }));
        row.receivedAt = e.at;
        row.packageInfo = {
          code: e.payload.packageCode,
          name: e.payload.packageName,
          answers: e.payload.answers.map((a) => ({ ...a })),
          subCases: e.payload.subCases.map((x) => ({ ...x })),
          usedBy: Object.fromEntries(e.payload.materials.map((m) => [m.name, [...m.usedBy]])),
        };
        break;
      case 'accepted':
      case 'conditionallyAccepted':
        row.caseType = e.payload.caseType;
        row.commitment = e.payload.commitment ?? null;
        row.promisedDays = e.payload.promisedDays;
        row.printedDueDate = e.payload.dueDate;
        row.acceptedAt = e.at;
        row.acceptedOn = day;
        sameDay = e.payload.sameDay ?? false;
        if (e.kind === 'conditionallyAccepted') {
          row.conditional = {
            waivedMaterials: [...e.payload.waivedMaterials],
            outstanding: [...e.payload.waivedMaterials],
            supplyDeadline: e.payload.supplyDeadline,
          };
          outstanding = [...e.payload.waivedMaterials];
        }
        break;
      case 'materialsRequested':
        row.missingMaterials = e.payload.items.map((i) => ({ ...i }));
        outstanding = [...new Set([...outstanding, ...e.payload.items.map((i) => i.name)])];
        resumeTo = prev as CaseStatus;
        if (accepted) {
          openStop = { from: day, to: null, reason: 'supplementing' };
          row.stops.push(openStop);
        }
        break;
      case 'materialsSupplemented': {
        const got = new Set(e.payload.materials);
        outstanding = outstanding.filter((x) => !got.has(x));
        if (row.conditional) row.conditional.outstanding = row.conditional.outstanding.filter((x) => !got.has(x));
        for (const mat of row.materials) if (got.has(mat.name)) mat.received = true;
        if (check.next !== prev) {
          row.missingMaterials = [];
          if (e.payload.complete) outstanding = outstanding.filter((x) => row.conditional?.outstanding.includes(x));
          if (openStop) openStop.to = day;
          openStop = null;
          resumeTo = null;
        }
        break;
      }
      case 'refused':
        row.refusal = { reason: e.payload.reason, reasonCode: e.payload.reasonCode ?? null, competentAuthority: e.payload.competentAuthority ?? null };
        break;
      case 'processingStep':
        row.steps.push({ step: e.payload.step, outcome: e.payload.outcome, handlerWorkNo: e.payload.handler.workNo, at: e.at });
        break;
      case 'suspended':
        resumeTo = prev as CaseStatus;
        openStop = { from: day, to: null, reason: 'suspended' };
        row.stops.push(openStop);
        break;
      case 'resumed':
        if (openStop) openStop.to = day;
        openStop = null;
        resumeTo = null;
        break;
      case 'completed':
        row.completedAt = e.at;
        row.completedOn = day;
        row.result = { result: e.payload.result, licenceNo: e.payload.licenceNo ?? null, mailed: e.payload.mailed };
        break;
      case 'handedOver':
        row.handedOverAt = e.at;
        row.handover = { method: e.payload.method, trackingNo: e.payload.trackingNo ?? null, carrier: e.payload.carrier ?? null };
        break;
      case 'evaluated':
        if (e.payload.ratingCount === 1) firstRatingId = e.payload.ratingId;
        if (!row.ratings.some((r) => r.ratingId === e.payload.ratingId)) {
          row.ratings.push({ ratingId: e.payload.ratingId, level: e.payload.level, ratingCount: e.payload.ratingCount, at: e.at });
        }
        break;
      case 'withdrawn':
      case 'terminated':
        if (openStop) openStop.to = day;
        openStop = null;
        if (e.kind === 'terminated') row.termination = { reason: e.payload.reason, reasonCode: e.payload.reasonCode };
        break;
    }
    m = { status: check.next, resumeTo, outstandingMaterials: outstanding, firstRatingId };
    row.timeline.push(timelineEntry(e, label, 'applied', summaryOf(e)));
  }

  row.machine = m;
  row.status = m.status;
  row.statusLabel = m.status === 'none' ? '尚未收件' : CASE_STATUS_LABELS[m.status];
  row.clockStopped = openStop !== null;
  computeDeadline(row, calendar, sameDay);
  return row;
}

function pushCalendarWarnings(row: CaseRow, warnings: CalendarWarning[]): void {
  for (const w of warnings) if (!row.warnings.some((x) => x.code === w.code && x.year === w.year)) row.warnings.push({ ...w });
}

function computeDeadline(row: CaseRow, calendar: WorkingCalendar, sameDay: boolean): void {
  if (row.acceptedOn === null || row.caseType === null || row.promisedDays === null) return;
  const plan = { caseType: row.caseType, promisedDays: row.promisedDays, sameDay };
  const base = dueDateFor(plan, row.acceptedOn, { calendar });
  // Without a clock stop both are the same computation (the central projects every case: hot path).
  const withStops = row.stops.length ? dueDateFor(plan, row.acceptedOn, { calendar, stoppedIntervals: row.stops }) : base;
  pushCalendarWarnings(row, base.warnings);
  pushCalendarWarnings(row, withStops.warnings);
  row.dueDate = withStops.date;
  row.stoppedWorkingDays = withStops.stoppedWorkingDays;
  if (withStops.date === null) row.workingDaysLeftAtStop = withStops.remainingWorkingDays;
  if (row.printedDueDate !== null && base.date !== row.printedDueDate) {
    row.warnings.push({
      code: 'DUE_DATE_RECALCULATED',
      message: `回执上的承诺办结日期 ${row.printedDueDate} 与按当前日历计算的 ${base.date ?? '（暂停中）'} 不一致，请核对节假日安排`,
    });
  }
  if (row.conditional && row.dueDate !== null && row.conditional.supplyDeadline > row.dueDate) {
    row.warnings.push({ code: 'SUPPLY_DEADLINE_AFTER_DUE', message: '容缺材料补交期限晚于承诺办结日期' });
  }
  if (row.completedOn !== null && row.dueDate !== null) {
    const od = overdueWorkingDays(row.dueDate, row.completedOn, { calendar, stoppedIntervals: row.stops });
    pushCalendarWarnings(row, od.warnings);
    row.overdueDays = od.days;
  }
}

/**
 * Would `event` be applied if it came next after the events behind `row`? The counter calls
 * this before writing an event (and shows the Chinese message); the hall server may call it at
 * ingest to flag — not reject — a conflicting transition, since projection records it anyway.
 */
export function checkCaseEvent(row: CaseRow, event: CaseEvent): TransitionCheck {
  if (row.caseId !== '' && event.caseId !== row.caseId) return { ok: false, code: 'CASE_EVENT_OTHER_CASE', message: '该事件属于另一个办件' };
  return checkTransition(row.machine, event.kind, transitionDetail(event));
}

export type CaseDeadlineState = DeadlineState | 'notAccepted' | 'stopped' | 'completed' | 'closed';

/** Deadline view of a case on a given day (for "my cases": due soon / overdue marks). */
export function caseDeadline(
  row: CaseRow,
  asOf: CivilDate,
  opts: { calendar?: WorkingCalendar; dueSoonDays?: number } = {},
): { state: CaseDeadlineState; workingDaysLeft: number | null; overdueDays: number; supplyOverdue: boolean } {
  const calendar = opts.calendar ?? defaultCalendar;
  const supplyOverdue = row.conditional !== null && row.conditional.outstanding.length > 0 && asOf > row.conditional.supplyDeadline;
  if (row.status === 'refused' || row.status === 'withdrawn' || row.status === 'terminated')
    return { state: 'closed', workingDaysLeft: null, overdueDays: 0, supplyOverdue: false };
  if (row.completedOn !== null) return { state: 'completed', workingDaysLeft: null, overdueDays: row.overdueDays ?? 0, supplyOverdue: false };
  if (row.acceptedOn === null) return { state: 'notAccepted', workingDaysLeft: null, overdueDays: 0, supplyOverdue: false };
  if (row.dueDate === null) return { state: 'stopped', workingDaysLeft: row.workingDaysLeftAtStop, overdueDays: 0, supplyOverdue };
  const d = deadlineState(row.dueDate, asOf, { calendar, stoppedIntervals: row.stops, dueSoonDays: opts.dueSoonDays });
  const overdueDays = d.state === 'overdue' ? overdueWorkingDays(row.dueDate, asOf, { calendar, stoppedIntervals: row.stops }).days : 0;
  return { state: d.state, workingDaysLeft: d.workingDaysLeft, overdueDays, supplyOverdue };
}

/** Working days a completed case took (acceptance → completion, stops excluded). */
export function workingDaysUsed(row: CaseRow, calendar: WorkingCalendar = defaultCalendar): number | null {
  if (row.acceptedOn === null || row.completedOn === null) return null;
  return workingDaysBetween(row.acceptedOn, row.completedOn, { calendar, stoppedIntervals: row.stops }).days;
}

export type CaseListItem = Omit<CaseRow, 'applicant' | 'timeline' | 'ratings' | 'machine'> & { rated: boolean };

/**
 * What a clerk's list and the counter UI get: no full applicant data, no rating levels (the
 * clerk must never learn which citizen gave which rating).
 */
export function redactForClerk(row: CaseRow): CaseListItem {
  const { applicant: _a, timeline: _t, ratings, machine: _m, ...rest } = row;
  return { ...rest, rated: ratings.length > 0 };
}

export interface OnTimeStats {
  completed: number;
  onTime: number;
  overdue: number;
  /** 按期办结率 = onTime / completed; null when nothing was completed. */
  rate: number | null;
  totalOverdueDays: number;
}

/** 按期办结率 over projected rows (only completed cases with a due date count). */
export function onTimeStats(rows: Iterable<Pick<CaseRow, 'completedOn' | 'overdueDays'>>): OnTimeStats {
  let completed = 0;
  let overdue = 0;
  let totalOverdueDays = 0;
  for (const r of rows) {
    if (r.completedOn === null || r.overdueDays === null) continue;
    completed++;
    if (r.overdueDays > 0) {
      overdue++;
      totalOverdueDays += r.overdueDays;
    }
  }
  return { completed, onTime: completed - overdue, overdue, rate: completed ? (completed - overdue) / completed : null, totalOverdueDays };
}
