// Wire shapes of the hall server API (issue 3's contract). The server validates with these,
// the counter core, kiosk, display and manager parse answers with them. Extend, never fork.
import { z } from 'zod';

export const priorityClassSchema = z.enum(['normal', 'elderly', 'disabled', 'pregnant', 'vip', 'appointment']);
export type PriorityClass = z.infer<typeof priorityClassSchema>;

export const channelSchema = z.enum(['kiosk', 'appointment', 'manual', 'walkIn']);
export type TicketChannel = z.infer<typeof channelSchema>;

export const ticketStatusSchema = z.enum(['waiting', 'called', 'serving', 'suspended', 'done', 'noShow', 'transferred', 'removed']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

export const windowStatusSchema = z.enum(['open', 'serving', 'paused', 'closed']);
export type WindowStatus = z.infer<typeof windowStatusSchema>;

export const loginRequestSchema = z.object({ workNo: z.string().min(1).max(32), password: z.string().min(1).max(128) });
export const loginResponseSchema = z.object({
  token: z.string(),
  role: z.enum(['clerk', 'manager']),
  windowNo: z.number().int().optional(),
  staff: z.object({ workNo: z.string(), name: z.string(), stars: z.number().min(0).max(5), photoUrl: z.string().optional() }).optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const issueTicketRequestSchema = z.object({
  category: z.string().min(1).max(4),
  channel: channelSchema.optional(),
  priority: priorityClassSchema.optional(),
  idNumber: z.string().max(32).optional(),
  requestId: z.string().max(64).optional(),
});
export const issuedTicketSchema = z.object({
  id: z.string(),
  number: z.string(),
  category: z.string(),
  categoryName: z.string().optional(),
  priority: priorityClassSchema.optional(),
  ahead: z.number().int(),
  estimatedWaitMinutes: z.number(),
  issuedAt: z.string().optional(),
  hallName: z.string().optional(),
});
export type IssuedTicket = z.infer<typeof issuedTicketSchema>;

export const ticketSchema = z.object({
  id: z.string(),
  number: z.string(),
  category: z.string(),
  status: ticketStatusSchema,
  priority: priorityClassSchema,
  channel: channelSchema,
  issuedAt: z.string(),
  calledAt: z.string().nullish(),
  startedAt: z.string().nullish(),
  windowNo: z.number().int().nullish(),
  recallCount: z.number().int().default(0),
  idNumberMasked: z.string().nullish(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const staffCardSchema = z.object({ workNo: z.string(), name: z.string(), stars: z.number(), photoUrl: z.string().nullish() });
export type StaffCard = z.infer<typeof staffCardSchema>;

export const windowViewSchema = z.object({
  no: z.number().int(),
  name: z.string(),
  status: windowStatusSchema,
  pauseReason: z.string().nullish(),
  clerk: staffCardSchema.nullish(),
  current: ticketSchema.nullish(),
  categories: z.array(z.object({ category: z.string(), weight: z.number() })),
});
export type WindowView = z.infer<typeof windowViewSchema>;

export const categoryViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  estimatedWaitMinutes: z.number(),
});
export type CategoryView = z.infer<typeof categoryViewSchema>;

export const callRecordSchema = z.object({
  seq: z.number().int(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  windowNo: z.number().int(),
  windowName: z.string().optional(),
  kind: z.enum(['call', 'recall']),
  at: z.string(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

export const queueSnapshotSchema = z.object({
  version: z.number().int(),
  hall: z.object({ name: z.string(), notice: z.string().nullish() }),
  categories: z.array(categoryViewSchema),
  windows: z.array(windowViewSchema),
  recentCalls: z.array(callRecordSchema),
  waiting: z.array(ticketSchema).optional(),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/** What the WebSocket stream carries: a signal with a version; clients re-fetch snapshots. */
export const eventSignalSchema = z.object({ version: z.number().int(), type: z.string(), at: z.string().optional() });
export type EventSignal = z.infer<typeof eventSignalSchema>;

export const callNextResponseSchema = z.object({ ticket: ticketSchema });

export const finishOutcomeSchema = z.enum(['served', 'transferred', 'removed', 'noShow']);

export const ratingLevelSchema = z.enum(['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied']);
export type RatingLevel = z.infer<typeof ratingLevelSchema>;

export const ratingSubmissionSchema = z.object({
  id: z.string().min(8).max(64),
  windowNo: z.number().int(),
  clerkWorkNo: z.string(),
  ticketId: z.string().nullish(),
  caseNo: z.string().nullish(),
  level: ratingLevelSchema,
  dimensions: z.object({ efficiency: ratingLevelSchema, competence: ratingLevelSchema, attitude: ratingLevelSchema }).partial().optional(),
  reasonCodes: z.array(z.string()).default([]),
  reasonListVersion: z.string().optional(),
  text: z.string().max(500).optional(),
  channel: z.enum(['hallTablet', 'hallTerminal', 'keyBox', 'qrCode']),
  ratedAt: z.string(),
});
export type RatingSubmission = z.infer<typeof ratingSubmissionSchema>;
