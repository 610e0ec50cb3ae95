// Which event may follow which case status. One table, used three ways: the counter greys out
// buttons with it, the counter/server refuse to create an impossible event with it, and the
// projection uses it to turn concurrent transitions into recorded conflicts.
import { CASE_EVENT_LABELS, type CaseEventKind } from './events';

export type CaseStatus =
  'received' | 'supplementing' | 'accepted' | 'processing' | 'suspended' | 'completed' | 'handedOver' | 'refused' | 'withdrawn' | 'terminated';

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已收件',
  supplementing: '补齐补正',
  accepted: '已受理',
  processing: '办理中',
  suspended: '挂起',
  completed: '已办结',
  handedOver: '已出件',
  refused: '不予受理',
  withdrawn: '已撤回',
  terminated: '已终止',
};

/** Statuses in which the deadline clock is stopped (once the case was accepted). */
export const CLOCK_STOPPED_STATUSES: readonly CaseStatus[] = ['supplementing', 'suspended'];
export const FINAL_STATUSES: readonly CaseStatus[] = ['handedOver', 'refused', 'withdrawn', 'terminated'];

type From = CaseStatus | 'none';
/** 'same' keeps the status; 'resume' returns to the status before supplementing/suspension. */
type To = CaseStatus | 'same' | 'resume';

const OPEN: CaseStatus[] = ['received', 'supplementing', 'accepted', 'processing', 'suspended'];
const ANY: CaseStatus[] = ['received', 'supplementing', 'accepted', 'processing', 'suspended', 'completed', 'handedOver', 'refused', 'withdrawn', 'terminated'];

export const TRANSITIONS: Record<CaseEventKind, { from: readonly From[]; to: To }> = {
  received: { from: ['none'], to: 'received' },
  // The package case opens like a case; its status afterwards comes from its sub-cases (packageStatus.ts).
  packageReceived: { from: ['none'], to: 'received' },
  accepted: { from: ['received'], to: 'accepted' },
  conditionallyAccepted: { from: ['received'], to: 'accepted' },
  materialsRequested: { from: ['received', 'accepted', 'processing'], to: 'supplementing' },
  materialsSupplemented: { from: ['supplementing', 'accepted', 'processing'], to: 'resume' },
  refused: { from: ['received', 'supplementing'], to: 'refused' },
  processingStep: { from: ['accepted', 'processing'], to: 'processing' },
  suspended: { from: ['accepted', 'processing'], to: 'suspended' },
  resumed: { from: ['suspended'], to: 'resume' },
  completed: { from: ['accepted', 'processing'], to: 'completed' },
  handedOver: { from: ['completed'], to: 'handedOver' },
  evaluated: { from: ANY, to: 'same' },
  withdrawn: { from: OPEN, to: 'withdrawn' },
  terminated: { from: ['accepted', 'processing', 'supplementing', 'suspended'], to: 'terminated' },
};

/** What the state machine needs to know about a case beyond its status. */
export interface MachineState {
  status: CaseStatus | 'none';
  /** Status to return to after 补齐补正 or 挂起. */
  resumeTo: CaseStatus | null;
  /** Materials still owed (补正 request list, or 容缺 waived materials). */
  outstandingMaterials: readonly string[];
  /** Rating ids already attached, by ratingCount. */
  firstRatingId: string | null;
}

export const INITIAL_MACHINE_STATE: MachineState = { status: 'none', resumeTo: null, outstandingMaterials: [], firstRatingId: null };

export type TransitionCheck = { ok: true; next: CaseStatus } | { ok: false; code: string; message: string };

function statusLabel(s: CaseStatus | 'none'): string {
  return s === 'none' ? '尚未收件' : CASE_STATUS_LABELS[s];
}

/**
 * May an event of `kind` be applied now? Returns the next status, or a stable code with a
 * Chinese message. `detail` carries the bits some kinds need (supplement completeness, rating count).
 */
export function checkTransition(
  state: MachineState,
  kind: CaseEventKind,
  detail: { complete?: boolean; ratingCount?: 1 | 2; ratingId?: string } = {},
): TransitionCheck {
  const rule = TRANSITIONS[kind];
  const label = CASE_EVENT_LABELS[kind];
  const opening = kind === 'received' || kind === 'packageReceived';
  if (state.status === 'none' && !opening) {
    return { ok: false, code: 'CASE_NOT_RECEIVED', message: `办件尚未收件，不能${label}` };
  }
  if (opening && state.status !== 'none') {
    return { ok: false, code: 'CASE_ALREADY_RECEIVED', message: '该办件已收件，不能重复收件' };
  }
  if (!rule.from.includes(state.status)) {
    return {
      ok: false,
      code: 'CASE_TRANSITION_NOT_ALLOWED',
      message: `办件当前状态为“${statusLabel(state.status)}”，不能${label}`,
    };
  }
  const status = state.status as CaseStatus;
  if (kind === 'materialsSupplemented' && status !== 'supplementing' && state.outstandingMaterials.length === 0) {
    return { ok: false, code: 'CASE_NOTHING_OUTSTANDING', message: '该办件没有待补交的材料' };
  }
  // 容缺受理: the applicant promised the waived materials; until they are in, the case can be
  // neither completed nor handed over (only supplied, or formally terminated with a reason).
  if ((kind === 'completed' || kind === 'handedOver') && state.outstandingMaterials.length > 0) {
    return {
      ok: false,
      code: 'CASE_WAIVED_MATERIALS_OUTSTANDING',
      message: `容缺材料尚未补齐（${state.outstandingMaterials.join('、')}），不能${label}：请先补交材料，或依规终止办理`,
    };
  }
  if (kind === 'evaluated' && (detail.ratingCount ?? 1) === 1 && state.firstRatingId !== null && state.firstRatingId !== detail.ratingId) {
    return { ok: false, code: 'RATING_DUPLICATE', message: '该次服务已评价，一次服务只能评价一次' };
  }
  let next: CaseStatus;
  if (rule.to === 'same') next = status;
  else if (rule.to === 'resume') {
    // A partial supplement keeps the case in 补齐补正; supplementing 容缺 materials keeps the status.
    if (kind === 'materialsSupplemented' && (status !== 'supplementing' || !detail.complete)) next = status;
    else next = state.resumeTo ?? 'received';
  } else next = rule.to;
  return { ok: true, next };
}

/** Event kinds a clerk/back office may record now (for enabling buttons). */
export function allowedKinds(state: MachineState): CaseEventKind[] {
  return (Object.keys(TRANSITIONS) as CaseEventKind[]).filter((k) => checkTransition(state, k, { complete: true }).ok);
}

/**
 * Still 在办 (the manager's 「全部在办」, the hall's open flag): not final, and not a 即办件 already
 * completed (it is finished on the spot; nothing is left to hand over later).
 */
export function isCaseOpen(row: { status: CaseStatus | 'none'; caseType?: string | null }): boolean {
  if (row.status === 'none' || FINAL_STATUSES.includes(row.status)) return false;
  return !(row.status === 'completed' && row.caseType === 'immediate');
}
