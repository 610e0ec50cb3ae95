// Hall practices routes' shapes (issue 16): the 办不成事 problem ledger and 帮办代办 services.
// Every write carries a requestId (a retry answers the first answer again) and the views carry
// masked applicants only.
import { z } from 'zod';
import { typed } from './route';
import { civilDateSchema } from '../calendar/schemas';
import { PROBLEM_CAUSES, PROBLEM_STATUSES, SATISFACTION_LEVELS, type LedgerCounts, type ProblemDeadline, type ProblemRecord } from '../practices/problemLedger';
import type { AgentWorkload, MilestoneState, ProxyService } from '../practices/proxyService';

const requestId = z.string().min(8).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const applicantInputSchema = z.object({
  kind: z.enum(['person', 'company']).default('person'),
  name: text(60),
  idNumber: z.string().trim().max(32).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确')
    .optional(),
  organisation: z.string().trim().max(100).optional(),
  creditCode: z.string().trim().max(18).optional(),
});

export const problemRecordSchema = z.object({
  requestId,
  windowNo: z.number().int().min(1).max(999).optional(),
  applicant: applicantInputSchema,
  tried: text(500),
  failedAt: z.object({ department: text(60), item: z.string().trim().max(100).optional(), caseNo: z.string().trim().max(40).optional() }),
  cause: z.enum(PROBLEM_CAUSES),
  asks: text(500),
  promisedDays: z.number().int().min(1).max(60).default(5),
  /** The day it was raised, when recorded afterwards (default today; never in the future). */
  on: civilDateSchema.optional(),
});

export const problemActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('assign'),
    requestId,
    department: text(60),
    assignee: text(40),
    days: z.number().int().min(1).max(60).optional(),
    on: civilDateSchema.optional(),
  }),
  z.object({ type: z.literal('note'), requestId, note: text(1000), on: civilDateSchema.optional() }),
  z.object({ type: z.literal('resolve'), requestId, note: text(1000), on: civilDateSchema.optional() }),
  z.object({
    type: z.literal('callback'),
    requestId,
    satisfaction: z.enum(SATISFACTION_LEVELS),
    note: z.string().trim().max(1000).default(''),
    on: civilDateSchema.optional(),
  }),
]);

export const problemParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const problemListQuerySchema = z.object({
  status: z.enum(['open', 'overdue', 'closed', ...PROBLEM_STATUSES]).optional(),
  department: z.string().max(60).optional(),
  cause: z.enum(PROBLEM_CAUSES).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export const problemExportQuerySchema = z.object({ status: z.enum(['open', 'overdue', 'closed', ...PROBLEM_STATUSES]).optional() });

export interface ProblemEventView {
  seq: number;
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}
export interface ProblemView extends ProblemRecord {
  deadline: ProblemDeadline;
}
export interface ProblemDetail extends ProblemView {
  events: ProblemEventView[];
}
/** The slip the citizen takes away: its plain lines, and whether a printer took it. */
export interface ProblemSlip {
  lines: string[];
  printed: boolean;
  printError: string | null;
}
export interface ProblemRecorded {
  problem: ProblemView;
  slip: ProblemSlip;
}
export interface ProblemLedger {
  today: string;
  counts: LedgerCounts;
  problems: ProblemView[];
}
export const problemViewSchema = typed<ProblemView>();
export const problemDetailSchema = typed<ProblemDetail>();
/** The hall's 办不成事 windows (categories of kind problemDesk). */
export const problemDesksSchema = z.object({ windows: z.array(z.number().int()) });
export const problemRecordedSchema = typed<ProblemRecorded>();
export const problemLedgerSchema = typed<ProblemLedger>();

// ---- 帮办代办 ----

export const proxyCreateSchema = z.object({
  requestId,
  applicant: applicantInputSchema,
  project: text(100),
  agentWorkNo: text(16),
  items: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  milestones: z
    .array(z.object({ title: text(60), days: z.number().int().min(0).max(365) }))
    .min(1)
    .max(20),
  /** The day the service started, when registered afterwards (default today; never in the future). */
  startedOn: civilDateSchema.optional(),
});
export const proxyParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const proxyMilestoneParamsSchema = z.object({ id: z.string().min(1).max(64), key: z.string().min(1).max(16) });
export const proxyLinkSchema = z.object({
  requestId,
  caseNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, '办件编号只能含字母、数字和连字符'),
  itemCode: z.string().trim().max(40).optional(),
  on: civilDateSchema.optional(),
});
export const proxyMilestoneDoneSchema = z.object({ requestId, on: civilDateSchema.optional() });
export const proxyListQuerySchema = z.object({ agent: z.string().max(16).optional(), status: z.enum(['active', 'completed']).optional() });

export interface ProxyServiceView extends ProxyService {
  milestoneStates: MilestoneState[];
  overdueMilestones: number;
}
export interface ProxyServiceList {
  today: string;
  services: ProxyServiceView[];
  workload: AgentWorkload[];
}
/** A case linked to a service: the lines of its 代办 note (the case's receipt carries the link and the 代办员). */
export interface ProxyLinked {
  service: ProxyServiceView;
  receiptLines: string[];
}
export const proxyServiceViewSchema = typed<ProxyServiceView>();
export const proxyServiceListSchema = typed<ProxyServiceList>();
export const proxyLinkedSchema = typed<ProxyLinked>();
