// Rating reason lists are issued by the province and versioned: they are DATA, loaded and
// validated here, never hard-coded in screens. The bundled list is a default; the hall server
// distributes newer versions, and every rating records the version its reasons came from.
import { z } from 'zod';
import bundled from './data/reasons-2025.1.json' with { type: 'json' };

export const ratingReasonSchema = z.object({
  code: z.string().min(1).max(16),
  label: z.string().min(1).max(100),
  /** bad: offered for 不满意/非常不满意; good: optionally for 满意/非常满意. */
  polarity: z.enum(['good', 'bad']),
  dimension: z.enum(['efficiency', 'competence', 'attitude', 'other']),
  requiresText: z.boolean().optional(),
  retired: z.boolean().optional(),
});
export type RatingReasonEntry = z.infer<typeof ratingReasonSchema>;

export const reasonListSchema = z
  .object({
    version: z.string().min(1).max(32),
    issuer: z.string().max(200),
    effectiveFrom: z.string(),
    reasons: z.array(ratingReasonSchema).min(1),
  })
  .refine((l) => new Set(l.reasons.map((r) => r.code)).size === l.reasons.length, { message: '评价原因代码重复' })
  .refine((l) => l.reasons.some((r) => r.polarity === 'bad' && !r.retired), { message: '评价原因目录缺少差评原因' });
export type ReasonList = z.infer<typeof reasonListSchema>;

/** Parse a reason list from the hall server; throws ZodError with Chinese messages. */
export function parseReasonList(raw: unknown): ReasonList {
  return reasonListSchema.parse(raw);
}

export const defaultReasonList: ReasonList = parseReasonList(bundled);

/** What the evaluation pad shows (matches PadState.reasons in domain/contract/core.ts). */
export function padReasons(list: ReasonList): { version: string; bad: { code: string; label: string }[]; good: { code: string; label: string }[] } {
  const active = list.reasons.filter((r) => !r.retired);
  const pick = (p: 'good' | 'bad') => active.filter((r) => r.polarity === p).map(({ code, label }) => ({ code, label }));
  return { version: list.version, bad: pick('bad'), good: pick('good') };
}

export function reasonLabel(list: ReasonList, code: string): string | null {
  return list.reasons.find((r) => r.code === code)?.label ?? null;
}
