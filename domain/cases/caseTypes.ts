// Case types (GB/T 39046 A.6: 1 即办件, 2 承诺件, 9 其他; local 上报件 and 联办件 map to 9) and the
// local 四办 service commitments, which decide how the due date is computed at acceptance.
import { z } from 'zod';
import { addWorkingDays, defaultCalendar, type CivilDate, type DeadlineOptions, type DeadlineResult } from '../calendar';

export const caseTypeSchema = z.enum(['immediate', 'committed', 'reported', 'joint', 'other']);
export type CaseType = z.infer<typeof caseTypeSchema>;

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  immediate: '即办件',
  committed: '承诺件',
  reported: '上报件',
  joint: '联办件',
  other: '其他',
};

/** GB/T 39046 A.6 code for exchange with provincial platforms. */
export const GB_CASE_TYPE_CODES: Record<CaseType, '1' | '2' | '9'> = {
  immediate: '1',
  committed: '2',
  reported: '9',
  joint: '9',
  other: '9',
};

export const commitmentSchema = z.enum(['instant', 'sameDay', 'timeLimited', 'agency']);
export type Commitment = z.infer<typeof commitmentSchema>;

export const COMMITMENT_LABELS: Record<Commitment, string> = {
  instant: '即收即办',
  sameDay: '当日办结',
  timeLimited: '限时办结',
  agency: '代办服务',
};

export interface DeadlinePlan {
  caseType: CaseType;
  /** Working days counted from the day after acceptance (0 = on the spot). */
  promisedDays: number;
  /** 当日办结: due on the acceptance day itself (or the next working day if accepted on a rest day). */
  sameDay: boolean;
}

/**
 * How a 四办 commitment maps onto case types and deadlines:
 * 即收即办 → 即办件, done on the spot; 当日办结 → 承诺件 due the same working day;
 * 限时办结 → 承诺件 within the item's promised working days; 代办服务 → 上报件 (forwarded/agency)
 * within the promised working days.
 */
export function planForCommitment(commitment: Commitment, promisedDays: number): DeadlinePlan {
  switch (commitment) {
    case 'instant':
      return { caseType: 'immediate', promisedDays: 0, sameDay: true };
    case 'sameDay':
      return { caseType: 'committed', promisedDays: 0, sameDay: true };
    case 'timeLimited':
      return { caseType: 'committed', promisedDays, sameDay: false };
    case 'agency':
      return { caseType: 'reported', promisedDays, sameDay: false };
  }
}

/** Due date for a case accepted on `acceptedOn` (China civil date of the acceptance). */
export function dueDateFor(
  plan: { caseType: CaseType; promisedDays: number; sameDay?: boolean },
  acceptedOn: CivilDate,
  opts: DeadlineOptions = {},
): DeadlineResult {
  if (plan.caseType === 'immediate') return addWorkingDays(acceptedOn, 0, opts);
  if (plan.sameDay || plan.promisedDays === 0) {
    const calendar = (opts.calendar ?? defaultCalendar).withOverrides(opts.overrides ?? []);
    return addWorkingDays(acceptedOn, calendar.isWorkingDay(acceptedOn) ? 0 : 1, opts);
  }
  return addWorkingDays(acceptedOn, plan.promisedDays, opts);
}
