// 差评 follow-up routes' shapes. Views are the domain's task types plus the rating's context.
import { z } from 'zod';
import { typed } from './route';
import { civilDateSchema } from '../calendar/schemas';
import { followUpConfigSchema, type ClosureRate, type FollowUpConfig, type FollowUpStage, type FollowUpTask } from '../rating/followUp';

const day = civilDateSchema.optional();
export const followUpActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('callback'), note: z.string().min(1).max(1000), reached: z.boolean().default(true), on: day }),
  z.object({ type: z.literal('rectification'), note: z.string().min(1).max(1000), on: day }),
  z.object({ type: z.literal('reply'), note: z.string().min(1).max(1000), on: day }),
  z.object({ type: z.literal('appeal'), reason: z.string().min(1).max(1000), on: day }),
  z.object({ type: z.literal('review'), decision: z.enum(['upheld', 'overturned']), note: z.string().max(1000).default(''), on: day }),
]);
export const followUpListQuerySchema = z.object({
  status: z.enum(['open', 'appealed', 'closed', 'invalidated']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const followUpParamsSchema = z.object({ id: z.string().min(1).max(128) });

export interface FollowUpView extends FollowUpTask {
  overdue: { stage: FollowUpStage; dueDate: string; overdueDays: number; done: boolean }[];
  /** The stage to do next (null when closed or invalidated). */
  nextStage: FollowUpStage | null;
  ratedAt: string | null;
  reasonCodes: string[];
  text: string | null;
}
export interface FollowUpList {
  today: string;
  tasks: FollowUpView[];
  closure: ClosureRate;
  config: FollowUpConfig;
}
export const followUpViewSchema = typed<FollowUpView>();
export const followUpListSchema = typed<FollowUpList>();
export { followUpConfigSchema };
