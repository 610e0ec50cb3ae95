// GET /api/stats/packages: 办件量 and 按期办结率 of items and of 一件事 packages for a date range.
import { z } from 'zod';
import { civilDateSchema } from '../calendar/schemas';

export const packageStatsQuerySchema = z
  .object({ from: civilDateSchema, to: civilDateSchema })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });

const volume = {
  cases: z.number().int(),
  completed: z.number().int(),
  onTime: z.number().int(),
  overdue: z.number().int(),
  rate: z.number().nullable(),
  totalOverdueDays: z.number().int(),
};

export const packageStatsResponseSchema = z.object({
  from: civilDateSchema,
  to: civilDateSchema,
  items: z.object({ ...volume, inPackages: z.number().int() }),
  packages: z.object({ ...volume, byPackage: z.array(z.object({ code: z.string(), name: z.string(), ...volume })) }),
});
export type PackageStatsResponse = z.infer<typeof packageStatsResponseSchema>;
