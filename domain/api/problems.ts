// GET /api/admin/problems: what the hall server skipped instead of failing, by code.
import { z } from 'zod';

const problemSchema = z.object({ code: z.string(), where: z.string(), key: z.string().optional(), message: z.string(), at: z.string() });
export const problemsResponseSchema = z.object({ total: z.number().int(), counts: z.record(z.string(), z.number().int()), recent: z.array(problemSchema) });
