// Wire shapes of the manager's admin API (/api/admin/*): staff, business categories, windows and
// the hall's name and display notice.
// The hall server validates with these and documents them in OpenAPI; the manager console
// reuses them for its forms. Messages are Chinese: they reach the manager's screen as they are.
import { z } from 'zod';

// ---- staff ----------------------------------------------------------------------------

export const STAFF_ROLES = ['clerk', 'manager'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES, { message: '角色应为 clerk（窗口人员）或 manager（大厅管理员）' });
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const workNoSchema = z.string({ message: '请填写工号' }).regex(/^[A-Za-z0-9_-]{1,32}$/, '工号为 1–32 位字母、数字、下划线或连字符');
const staffNameSchema = z.string({ message: '请填写姓名' }).trim().min(1, '请填写姓名').max(32, '姓名不超过 32 字');
const starsSchema = z.number({ message: '星级应为 1–5 的整数' }).int('星级应为 1–5 的整数').min(1, '星级应为 1–5 的整数').max(5, '星级应为 1–5 的整数');
const windowNoSchema = z
  .number({ message: '窗口号应为 1–9999 的整数' })
  .int('窗口号应为 1–9999 的整数')
  .min(1, '窗口号应为 1–9999 的整数')
  .max(9999, '窗口号应为 1–9999 的整数');
// Password policy (等保: 口令复杂度) for every password set through the API. The demo seed's
// 'demo' is not set through the API and is not subject to it.
export const PASSWORD_MIN = 8;
export const PASSWORD_RULE = `密码至少 ${PASSWORD_MIN} 位，且须同时包含字母和数字`;
/** Why a new password is refused, or null. Judged after NFKC, as it is hashed. */
export function passwordProblem(password: string): string | null {
  const p = password.normalize('NFKC');
  if ([...p].length < PASSWORD_MIN || !/\p{L}/u.test(p) || !/[0-9]/.test(p)) return PASSWORD_RULE;
  return null;
}
/** The issue carries code 'weak_password': the server answers 400 {code: 'weak_password'}. */
export const passwordSchema = z
  .string({ message: '请填写密码' })
  .max(128, '密码不超过 128 位')
  .superRefine((p, ctx) => {
    const m = passwordProblem(p);
    if (m) ctx.addIssue({ code: 'custom', message: m, params: { code: 'weak_password' } });
  });

/** What the manager sees of a staff member: never a password or its hash. */
export const adminStaffSchema = z.object({
  workNo: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  stars: z.number(),
  photoUrl: z.string().nullable(),
  homeWindow: z.number().int().nullable(),
  backupWorkNo: z.string().nullable(),
  active: z.boolean(),
});
export type AdminStaff = z.infer<typeof adminStaffSchema>;
export const adminStaffListSchema = z.object({ staff: z.array(adminStaffSchema) });

export const staffCreateSchema = z.object({
  workNo: workNoSchema,
  name: staffNameSchema,
  role: staffRoleSchema,
  stars: starsSchema.default(3),
  homeWindow: windowNoSchema.nullish(),
  backupWorkNo: workNoSchema.nullish(),
  password: passwordSchema,
});
export type StaffCreate = z.input<typeof staffCreateSchema>;

/** Only the fields sent change; `null` clears homeWindow / backupWorkNo. */
export const staffPatchSchema = z
  .object({
    name: staffNameSchema.optional(),
    role: staffRoleSchema.optional(),
    stars: starsSchema.optional(),
    homeWindow: windowNoSchema.nullable().optional(),
    backupWorkNo: workNoSchema.nullable().optional(),
    active: z.boolean({ message: '启用状态应为 true 或 false' }).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: '请至少修改一项' });
export type StaffPatch = z.infer<typeof staffPatchSchema>;

export const passwordResetSchema = z.object({ password: passwordSchema });

// ---- categories -----------------------------------------------------------------------

export const NUMBER_MIN = 1;
export const NUMBER_MAX = 9999;
const numberSchema = (what: string) =>
  z
    .number({ message: `${what}应为 ${NUMBER_MIN}–${NUMBER_MAX} 的整数` })
    .int(`${what}应为整数`)
    .min(NUMBER_MIN, `${what}不小于 ${NUMBER_MIN}`)
    .max(NUMBER_MAX, `${what}不大于 ${NUMBER_MAX}`);

export const categoryCodeSchema = z.string({ message: '请填写类别代码' }).regex(/^[A-Z][A-Z0-9]{0,3}$/, '类别代码为 1–4 位大写字母或数字，以字母开头');
export const prefixSchema = z.string({ message: '请填写号票前缀' }).regex(/^[A-Z]{1,2}$/, '号票前缀为 1–2 个大写字母');

const categoryFields = {
  name: z.string({ message: '请填写类别名称' }).trim().min(1, '请填写类别名称').max(32, '类别名称不超过 32 字'),
  prefix: prefixSchema,
  dailyReset: z.boolean({ message: '每日重置应为 true 或 false' }),
  rangeStart: numberSchema('号段起始号'),
  rangeEnd: numberSchema('号段结束号'),
  numberWidth: z.number({ message: '号码位数应为 1–4' }).int('号码位数应为 1–4').min(1, '号码位数应为 1–4').max(4, '号码位数应为 1–4'),
  serviceLevelMinutes: z
    .number({ message: '服务水平应为整数分钟' })
    .int('服务水平应为整数分钟')
    .min(1, '服务水平至少 1 分钟')
    .max(480, '服务水平不超过 480 分钟'),
  avgServiceMinutes: z.number({ message: '平均办理时长应为分钟数' }).positive('平均办理时长应大于 0').max(480, '平均办理时长不超过 480 分钟'),
  sort: z.number({ message: '排序应为整数' }).int('排序应为整数').min(0, '排序不小于 0').max(9999, '排序不大于 9999'),
};

export const adminCategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  prefix: z.string(),
  dailyReset: z.boolean(),
  rangeStart: z.number().int(),
  rangeEnd: z.number().int(),
  numberWidth: z.number().int(),
  serviceLevelMinutes: z.number(),
  avgServiceMinutes: z.number(),
  sort: z.number().int(),
  /** Windows serving it; empty means retired: no window calls it (the kiosk still lists it). */
  windows: z.array(z.number().int()),
});
export type AdminCategory = z.infer<typeof adminCategorySchema>;
export const adminCategoryListSchema = z.object({ categories: z.array(adminCategorySchema) });

export const categoryCreateSchema = z.object({
  code: categoryCodeSchema,
  name: categoryFields.name,
  prefix: prefixSchema,
  dailyReset: categoryFields.dailyReset.default(true),
  rangeStart: categoryFields.rangeStart.default(1),
  rangeEnd: categoryFields.rangeEnd.default(999),
  numberWidth: categoryFields.numberWidth.default(3),
  serviceLevelMinutes: categoryFields.serviceLevelMinutes.default(30),
  avgServiceMinutes: categoryFields.avgServiceMinutes.default(6),
  sort: categoryFields.sort.optional(),
});
export type CategoryCreate = z.input<typeof categoryCreateSchema>;

export const categoryPatchSchema = z
  .object(categoryFields)
  .partial()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: '请至少修改一项' });
export type CategoryPatch = z.infer<typeof categoryPatchSchema>;

/** The number range rule, for the server's check and the console's form alike. */
export function numberRangeProblem(start: number, end: number): string | null {
  return start < end ? null : `号段起始号（${start}）须小于结束号（${end}）`;
}

// ---- windows --------------------------------------------------------------------------

const windowNameSchema = z.string({ message: '请填写窗口名称' }).trim().min(1, '请填写窗口名称').max(32, '窗口名称不超过 32 字');

export const adminWindowSchema = z.object({
  no: z.number().int(),
  name: z.string(),
  status: z.string(),
  categories: z.array(z.object({ category: z.string(), weight: z.number() })),
});
export type AdminWindow = z.infer<typeof adminWindowSchema>;
export const adminWindowListSchema = z.object({ windows: z.array(adminWindowSchema) });

export const windowCreateSchema = z.object({ no: windowNoSchema, name: windowNameSchema });
export type WindowCreate = z.infer<typeof windowCreateSchema>;
export const windowPatchSchema = z.object({ name: windowNameSchema });
export type WindowPatch = z.infer<typeof windowPatchSchema>;

// ---- hall name and notice ------------------------------------------------------------

export const HALL_NAME_MAX = 40;
export const HALL_NOTICE_MAX = 200;
const hallNameSchema = z.string({ message: '请填写大厅名称' }).trim().min(1, '请填写大厅名称').max(HALL_NAME_MAX, `大厅名称不超过 ${HALL_NAME_MAX} 字`);
const hallNoticeSchema = z.string({ message: '大屏公告应为文字' }).trim().max(HALL_NOTICE_MAX, `大屏公告不超过 ${HALL_NOTICE_MAX} 字`);

/** The hall's name (tickets, display, receipts) and the notice the call display scrolls; '' = no notice. */
export const adminHallSchema = z.object({ name: z.string(), notice: z.string() });
export type AdminHall = z.infer<typeof adminHallSchema>;

/** Only the fields sent change; an empty notice removes it from the display. */
export const hallPatchSchema = z
  .object({ name: hallNameSchema.optional(), notice: hallNoticeSchema.optional() })
  .refine((p) => p.name !== undefined || p.notice !== undefined, { message: '请至少修改一项' });
export type HallPatch = z.infer<typeof hallPatchSchema>;
export const hallFieldSchemas = { name: hallNameSchema, notice: hallNoticeSchema };

// ---- path parameters ------------------------------------------------------------------

export const staffParamsSchema = z.object({ workNo: workNoSchema });
export const categoryParamsSchema = z.object({ code: categoryCodeSchema });
export const windowParamsSchema = z.object({ no: z.coerce.number().int().min(1).max(9999) });
