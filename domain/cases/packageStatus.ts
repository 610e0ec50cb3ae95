// A 一件事 package case has no life of its own: its status, deadline and completion follow from
// its sub-cases (one per chosen item). Both the counter and the hall overlay the package row
// with packageStatus/overlayPackage after projecting, so they agree given the same events.
//
// Rules (explicit, tested):
//  - withdrawn sub-cases drop out (the applicant no longer wants that item); all withdrawn → 已撤回.
//  - while any remaining sub-case is open the package is open: 补齐补正 if any is, 已收件 while
//    none is accepted yet, 已受理 right after acceptance, 办理中 once any has moved on.
//  - none open: any terminated or refused → 已终止 (the life event was not done in full);
//    otherwise 办结 — 已出件 when every one was handed over, else 已办结.
import type { CivilDate } from '../calendar';
import { CASE_STATUS_LABELS, type CaseStatus } from './stateMachine';
import type { CaseRow } from './projection';

const OPEN: readonly CaseStatus[] = ['received', 'supplementing', 'accepted', 'processing', 'suspended'];
const DONE: readonly CaseStatus[] = ['completed', 'handedOver'];

export function packageStatus(subs: readonly { status: CaseStatus | 'none' }[]): { status: CaseStatus; label: string } {
  const out = (status: CaseStatus, label = CASE_STATUS_LABELS[status]) => ({ status, label });
  const live = subs.filter((s) => s.status !== 'withdrawn');
  if (subs.length === 0 || subs.every((s) => s.status === 'none')) return out('received');
  if (live.length === 0) return out('withdrawn');
  const open = live.filter((s) => s.status === 'none' || OPEN.includes(s.status));
  if (open.length > 0) {
    if (live.some((s) => s.status === 'supplementing')) return out('supplementing');
    if (live.every((s) => s.status === 'received' || s.status === 'none')) return out('received');
    if (live.some((s) => s.status === 'processing' || s.status === 'suspended' || DONE.includes(s.status as CaseStatus))) return out('processing');
    return out('accepted');
  }
  if (live.some((s) => s.status === 'terminated' || s.status === 'refused')) return out('terminated', '已终止（部分事项未办结）');
  return live.every((s) => s.status === 'handedOver') ? out('handedOver') : out('completed');
}

const maxDate = (ds: (CivilDate | null)[]): CivilDate | null => ds.reduce<CivilDate | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null);
const minDate = (ds: (CivilDate | null)[]): CivilDate | null => ds.reduce<CivilDate | null>((m, d) => (d !== null && (m === null || d < m) ? d : m), null);

/**
 * The package row with status and dates from its sub-cases: due on the latest sub-case's due
 * date, accepted with the first, completed with the last; on time only if every sub-case was.
 */
export function overlayPackage(pkg: CaseRow, subs: readonly CaseRow[]): CaseRow {
  if (!pkg.packageInfo) return pkg;
  const live = subs.filter((s) => s.status !== 'withdrawn');
  const { status, label } = packageStatus(subs);
  const done = status === 'completed' || status === 'handedOver';
  const open = live.filter((s) => OPEN.includes(s.status as CaseStatus));
  const stoppedOpen = open.some((s) => s.acceptedOn !== null && s.dueDate === null && s.completedOn === null);
  const acceptedAt =
    live
      .map((s) => s.acceptedAt)
      .filter((x): x is string => x !== null)
      .sort()[0] ?? null;
  return {
    ...pkg,
    status,
    statusLabel: label,
    caseType: 'joint',
    acceptedAt,
    acceptedOn: minDate(live.map((s) => s.acceptedOn)),
    dueDate: stoppedOpen ? null : maxDate(live.map((s) => s.dueDate)),
    clockStopped: stoppedOpen,
    completedOn: done ? maxDate(live.map((s) => s.completedOn)) : null,
    completedAt: done
      ? (live
          .map((s) => s.completedAt)
          .filter((x): x is string => x !== null)
          .sort()
          .at(-1) ?? null)
      : null,
    overdueDays: done ? Math.max(0, ...live.map((s) => s.overdueDays ?? 0)) : null,
    missingMaterials: live.flatMap((s) => s.missingMaterials).filter((m, i, all) => all.findIndex((x) => x.name === m.name) === i),
    machine: { ...pkg.machine, status },
  };
}
