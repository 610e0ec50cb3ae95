// GET /api/ratings shapes: the manager's list (a clerk sees only his own).
import { z } from 'zod';
import { ratingLevelSchema } from './hall';
import { civilDateOrInstantSchema } from '../calendar/schemas';

export const ratingListQuerySchema = z.object({
  windowNo: z.coerce.number().int().optional(),
  level: ratingLevelSchema.optional(),
  /** A hall day (YYYY-MM-DD, from its first instant) or an ISO instant. */
  from: civilDateOrInstantSchema.optional(),
  /** A hall day (inclusive: up to the end of that day) or an ISO instant (exclusive). */
  to: civilDateOrInstantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const ratingListItemSchema = z.object({
  id: z.string(),
  windowNo: z.number().int(),
  clerkWorkNo: z.string(),
  ticketId: z.string().nullable(),
  level: ratingLevelSchema,
  reasonCodes: z.array(z.string()),
  ratedAt: z.string(),
  caseNo: z.string().nullish(),
  channel: z.string(),
});
export type RatingListItem = z.infer<typeof ratingListItemSchema>;
export const ratingListSchema = z.object({ items: z.array(ratingListItemSchema) });
