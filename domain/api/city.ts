// Wire shapes of the city API served by the central (issue 14): the city console and the
// scripts a city writes use these. Sign-in is the hall's (POST /api/auth/login).
import { z } from 'zod';
import { applicantSchema } from '../cases/events';

const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const cityRoleSchema = z.enum(['supervisor']);
export const cityLoginResponseSchema = z.object({ token: z.string(), role: cityRoleSchema, name: z.string() });
export type CityLoginResponse = z.infer<typeof cityLoginResponseSchema>;

/** POST /api/city/halls (supervisor): register a hall; the enrollment code is shown once. */
export const createHallRequestSchema = z.object({
  /** 区划/机构 code, e.g. 440305-01. */
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{2,32}$/, '机构代码只能包含数字、字母和连字符（2–32 位）'),
  name: z.string().trim().min(1, '大厅名称不能为空').max(100),
});
export const createHallResponseSchema = z.object({ hallId: z.string(), code: z.string(), name: z.string(), enrollmentCode: z.string() });
export type CreateHallResponse = z.infer<typeof createHallResponseSchema>;

export const hallStatusSchema = z.object({
  hallId: z.string(),
  code: z.string(),
  name: z.string(),
  enrolled: z.boolean(),
  lastSeq: z.number().int(),
  /** When the hall last pushed (ISO), null before its first push. */
  lastUplinkAt: z.string().nullable(),
  /** Records the hall reported still waiting in its outbox. */
  backlog: z.number().int(),
  /** Hall clock minus central clock at the last push (ms). */
  clockSkewMs: z.number().nullable(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  catalogueVersion: z.number().int().nullable(),
  /** The city receives this hall's applicants in clear (off by default; see personalDataRequestSchema). */
  receivePersonalData: z.boolean(),
});
export type HallStatus = z.infer<typeof hallStatusSchema>;
export const hallListResponseSchema = z.object({ halls: z.array(hallStatusSchema), serverTime: z.string() });

export const rejectionSchema = z.object({
  seq: z.number().int(),
  id: z.string().nullable(),
  kind: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  receivedAt: z.string(),
});
export const rejectionListResponseSchema = z.object({ hallId: z.string(), rejections: z.array(rejectionSchema) });

/** GET /api/city/kpis?from&to&hall= — the range is of civil dates (China time), inclusive. */
export const kpiQuerySchema = z
  .object({ from: civilDate, to: civilDate, hall: z.string().max(64).optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });

export const kpiSchema = z.object({
  /** 办件量: cases accepted in the range. */
  cases: z.number().int(),
  /** Cases completed in the range (the denominator of onTimeRate). */
  completed: z.number().int(),
  /** 按期办结率 (null when nothing was completed). */
  onTimeRate: z.number().nullable(),
  ratings: z.number().int(),
  /** 好评率 = (非常满意 + 满意) / valid ratings. */
  goodRate: z.number().nullable(),
  /** 差评数. */
  badCount: z.number().int(),
  /** 差评整改按期率: follow-ups due in the range closed by their due date / due in the range. */
  followUpOnTimeRate: z.number().nullable(),
  /** Tickets issued in the range. */
  tickets: z.number().int(),
  avgWaitMinutes: z.number().nullable(),
  p90WaitMinutes: z.number().nullable(),
  /** 过号率 = no-shows / tickets called. */
  noShowRate: z.number().nullable(),
});
export type Kpi = z.infer<typeof kpiSchema>;
export const kpiResponseSchema = z.object({
  from: civilDate,
  to: civilDate,
  city: kpiSchema,
  halls: z.array(kpiSchema.extend({ hallId: z.string(), code: z.string(), name: z.string() })),
});
export type KpiResponse = z.infer<typeof kpiResponseSchema>;

/** GET /api/city/cases?hall=&deadline=overdue|dueSoon&limit= — 电子监察 across halls. */
export const cityCasesQuerySchema = z.object({
  hall: z.string().max(64).optional(),
  deadline: z.enum(['overdue', 'dueSoon']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const cityCaseSchema = z.object({
  hallId: z.string(),
  hallName: z.string(),
  caseId: z.string(),
  caseNo: z.string().nullable(),
  status: z.string(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  department: z.string().nullable(),
  acceptedOn: z.string().nullable(),
  dueDate: z.string().nullable(),
  /** Masked (张*丰) — the city never gets the full name by default. */
  applicantMasked: z.string().nullable(),
  deadline: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue', 'completed', 'closed', 'notAccepted', 'stopped']),
  /** Working days past due (red mark when > 0). */
  overdueDays: z.number().int(),
  /** Working days left (yellow mark when due soon). */
  workingDaysLeft: z.number().int().nullable(),
});
export type CityCase = z.infer<typeof cityCaseSchema>;
export const cityCasesResponseSchema = z.object({ asOf: civilDate, cases: z.array(cityCaseSchema) });

// ---- personal data (issue 14: "masked plus keyed hashes unless the city is configured to receive it")

/** PUT /api/city/halls/:hallId/personal-data (supervisor, audited): receive this hall's applicants in clear, or stop.
 *  Turning it off also erases the applicants already held for that hall. */
export const personalDataRequestSchema = z.object({ receive: z.boolean() }).strict();
export const personalDataResponseSchema = z.object({
  hallId: z.string(),
  receivePersonalData: z.boolean(),
  /** False for a replay (the setting already had this value): nothing changed, nothing audited. */
  changed: z.boolean(),
  /** Applicants erased at the central by turning it off. */
  erased: z.number().int(),
});
export type PersonalDataResponse = z.infer<typeof personalDataResponseSchema>;

/** POST /api/city/halls/:hallId/cases/:caseId/applicant (supervisor, audited with the reason): one case's applicant in clear. */
export const openApplicantRequestSchema = z.object({ reason: z.string().trim().min(2, '请说明查看理由（至少 2 个字）').max(200) }).strict();
export const openApplicantResponseSchema = z.object({
  hallId: z.string(),
  caseId: z.string(),
  applicant: applicantSchema,
  /** When the central received it (ISO). */
  receivedAt: z.string(),
});
export type OpenApplicantResponse = z.infer<typeof openApplicantResponseSchema>;

/** GET /api/city/audit?hall=&limit= (supervisor): the central's audit trail, newest first — never personal data. */
export const cityAuditQuerySchema = z.object({
  hall: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const cityAuditEntrySchema = z.object({
  hallId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(['hall.personalData', 'applicant.open', 'applicant.expired']),
  /** hall.personalData: {receive, erased}; applicant.open: {caseId, reason}. */
  detail: z.record(z.string(), z.unknown()),
});
export type CityAuditEntry = z.infer<typeof cityAuditEntrySchema>;
export const cityAuditResponseSchema = z.object({ entries: z.array(cityAuditEntrySchema) });
