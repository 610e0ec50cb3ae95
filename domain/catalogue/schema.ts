// Service items (政务服务事项) as the hall server maintains them and the counters cache them.
// Codes follow GB/T 39554.1: 基本编码 (≤10 chars) and 实施编码 (real ones are the 18-char
// 统一社会信用代码 of the office + 13 = 31 chars; the field allows up to 64).
import { z } from 'zod';
import { caseTypeSchema, commitmentSchema } from '../cases/caseTypes';
import { licenceTypeSchema } from '../licences/types';

export const itemKindSchema = z.enum(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20']);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** GB/T 39554.1 A.1 item kinds. */
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  '00': '行政权力',
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
};

export const originalOrCopyKindSchema = z.enum(['original', 'copy', 'both', 'electronic']);
export const ORIGINAL_OR_COPY_LABELS: Record<z.infer<typeof originalOrCopyKindSchema>, string> = {
  original: '原件',
  copy: '复印件',
  both: '原件和复印件',
  electronic: '电子材料',
};

export const itemMaterialSchema = z.object({
  name: z.string().trim().min(1, '材料名称不能为空').max(200),
  originalOrCopy: originalOrCopyKindSchema,
  count: z.number().int().min(0).max(99).default(1),
  /** Whether 容缺受理 may waive this material (to be supplied later). */
  mayBeWaived: z.boolean().default(false),
  required: z.boolean().default(true),
  /** Shown on the 一次性告知书 when the material is missing or wrong. */
  requirement: z.string().max(500).default(''),
  /** 免提交: the e-licence that satisfies this material when the applicant authorises a fetch. */
  licenceType: licenceTypeSchema.optional(),
});
export type ItemMaterial = z.infer<typeof itemMaterialSchema>;

export const itemFeeSchema = z.object({
  name: z.string().min(1).max(100),
  /** In fen (分), integer: no floating-point money. */
  amountFen: z.number().int().min(0),
  basis: z.string().max(300).optional(),
});

export const handlingFormSchema = z.enum(['window', 'online', 'mail']);

export const serviceItemSchema = z
  .object({
    name: z.string().trim().min(1, '事项名称不能为空').max(200),
    basicCode: z.string().trim().min(1, '基本编码不能为空').max(10, '基本编码不能超过10个字符'),
    implementationCode: z.string().trim().min(1, '实施编码不能为空').max(64, '实施编码不能超过64个字符'),
    itemKind: itemKindSchema,
    caseType: caseTypeSchema,
    /** Local 四办 commitment, if the hall publishes one for this item. */
    commitment: commitmentSchema.optional(),
    legalDays: z.number().int().min(0).max(3650),
    promisedDays: z.number().int().min(0).max(3650),
    materials: z.array(itemMaterialSchema).default([]),
    fees: z.array(itemFeeSchema).default([]),
    /** Queue category code (the ticket prefix, e.g. A). */
    category: z.string().min(1).max(4),
    department: z.string().max(100).optional(),
    legalBasis: z.string().max(1000).optional(),
    handlingForms: z.array(handlingFormSchema).default(['window']),
    active: z.boolean().default(true),
  })
  .refine((i) => i.promisedDays <= i.legalDays || i.legalDays === 0, { path: ['promisedDays'], message: '承诺时限不能超过法定时限' })
  .refine((i) => i.caseType !== 'immediate' || i.promisedDays === 0, { path: ['promisedDays'], message: '即办件的承诺时限应为0个工作日' })
  .refine((i) => i.commitment !== 'instant' || i.caseType === 'immediate', { path: ['commitment'], message: '“即收即办”事项应为即办件' })
  .refine((i) => new Set(i.materials.map((m) => m.name)).size === i.materials.length, { path: ['materials'], message: '材料名称重复' });
export type ServiceItem = z.infer<typeof serviceItemSchema>;
export type ServiceItemInput = z.input<typeof serviceItemSchema>;

export const catalogueSchema = z.object({
  version: z.number().int().min(0),
  items: z.array(serviceItemSchema),
});
export type Catalogue = z.infer<typeof catalogueSchema>;

/** Total fee in yuan text, e.g. "免费" or "¥15.00". */
export function feeText(item: Pick<ServiceItem, 'fees'>): string {
  const fen = item.fees.reduce((s, f) => s + f.amountFen, 0);
  return fen === 0 ? '免费' : `¥${(fen / 100).toFixed(2)}`;
}

/** Materials 容缺 may waive, for the conditional-acceptance dialog. */
export function waivableMaterials(item: Pick<ServiceItem, 'materials'>): ItemMaterial[] {
  return item.materials.filter((m) => m.mayBeWaived);
}
