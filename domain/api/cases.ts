// Hall-side case (办件) routes' shapes. Answers are the domain's projection types.
import { z } from 'zod';
import { typed } from './route';
import type { CaseListItem, CaseRow, caseDeadline } from '../cases/projection';
import type { PulledEvent } from '../sync/wire';

export const caseListQuerySchema = z.object({
  status: z.string().max(32).optional(),
  deadline: z.enum(['overdue', 'dueSoon']).optional(),
  windowNo: z.coerce.number().int().optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const caseParamsSchema = z.object({ caseId: z.string().min(8).max(64) });
export const caseEventBodySchema = z.object({ kind: z.string().min(1).max(64), payload: z.unknown(), eventId: z.uuid().optional() });

export type HallCaseItem = CaseListItem & { windowNo: number | null; deadline: ReturnType<typeof caseDeadline> };
export interface HallCaseList {
  /** Rows matching the filter (for paging), 一件事 package cases included. */
  total: number;
  /** 办件量: the matching cases that are items — a 一件事 package case is counted through its sub-cases. */
  items: number;
  /** Overdue / due-soon items (package cases not counted again). */
  overdue: number;
  dueSoon: number;
  cases: HallCaseItem[];
}
export const caseListSchema = typed<HallCaseList>();
export const caseDetailSchema = typed<HallCaseItem & { timeline: CaseRow['timeline'] }>();
export const caseEventResponseSchema = typed<{ event: PulledEvent; case: CaseListItem; duplicate: boolean }>();

/** POST /api/cases/:caseId/reveal (查看留痕): a manager's reason, and the full applicant it unlocks. */
export const revealRequestSchema = z.object({ reason: z.string().trim().min(2, '请填写查看理由').max(200) });
export const revealResponseSchema = z.object({
  caseId: z.string(),
  caseNo: z.string().nullable(),
  windowNo: z.number().nullable(),
  applicant: z.object({ name: z.string(), idType: z.string(), idNumber: z.string(), phone: z.string().optional() }).passthrough(),
  reason: z.string(),
});
export type RevealedApplicant = z.infer<typeof revealResponseSchema>;
