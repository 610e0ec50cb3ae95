// Ordering rules are data: versioned, stored by the hall server, edited by the manager, and
// applied by pickNext(). Changing a rule never needs a code change.
import { z } from 'zod';
import type { PriorityClass } from '../api/hall';

export const orderingRulesSchema = z.object({
  /** After `priority` consecutive priority calls at a window, the next call takes a normal ticket when one waits. */
  priorityRatio: z.object({ priority: z.number().int().min(1).max(20), normal: z.number().int().min(1).max(20) }),
  /** Ageing multiplier per priority class: score = categoryWeight × (classWeight + 1) × (minutes waited + 1). */
  classWeights: z.object({
    normal: z.number().min(0).max(20),
    elderly: z.number().min(0).max(20),
    disabled: z.number().min(0).max(20),
    pregnant: z.number().min(0).max(20),
    vip: z.number().min(0).max(20),
    appointment: z.number().min(0).max(20),
  }),
  /** A ticket waiting longer than this is called first, oldest first, whatever its weight (Qmatic "conditions first"). */
  urgentAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** An appointment becomes callable as priority this many minutes before its due time. */
  appointmentEarlyMinutes: z.number().int().min(0).max(240),
  /** Recalls allowed before a ticket becomes a no-show. */
  recallLimit: z.number().int().min(0).max(10),
  /** Seconds before the same ticket may be recalled again. */
  recallCooldownSeconds: z.number().int().min(0).max(3600),
  /** Green channel: age from the ID number at or above this is priority "elderly". */
  elderlyAge: z.number().int().min(50).max(100),
});
export type OrderingRules = z.infer<typeof orderingRulesSchema>;

export const DEFAULT_ORDERING_RULES: OrderingRules = {
  priorityRatio: { priority: 2, normal: 1 },
  classWeights: { normal: 0, elderly: 1, disabled: 1, pregnant: 1, vip: 1, appointment: 1 },
  urgentAfterMinutes: 60,
  appointmentEarlyMinutes: 5,
  recallLimit: 3,
  recallCooldownSeconds: 20,
  elderlyAge: 60,
};

export function isPriorityClass(p: PriorityClass): boolean {
  return p !== 'normal';
}
