// GET /api/catalogue/reference: what a counter needs besides the items to work like the hall
// offline — the 差评 reason list in force (the city's when it published one, else the bundled
// list) with its version, and the holiday overrides of the hall's working calendar (issue 14
// downlink). The counter caches the answer and builds its calendar with calendarFromOverrides.
import { z } from 'zod';
import { calendarOverridesSchema } from '../calendar/overrides';
import { ratingReasonSchema } from '../rating/reasons';

export const catalogueReferenceSchema = z.object({
  /** The city catalogue version the hall applied; 0 for a hall without a city. */
  catalogueVersion: z.number().int().min(0),
  /** domain/rating ReasonList (the counter re-checks it with parseReasonList). */
  reasons: z.object({
    version: z.string().min(1).max(32),
    issuer: z.string().max(200),
    effectiveFrom: z.string(),
    reasons: z.array(ratingReasonSchema).min(1),
  }),
  holidayOverrides: calendarOverridesSchema,
});
export type CatalogueReference = z.infer<typeof catalogueReferenceSchema>;
