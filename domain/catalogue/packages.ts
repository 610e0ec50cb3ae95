// 一件事 packages (一件事一次办): a life event handled as 一次告知、一表申请、一套材料、一窗受理、一次办结.
// A package names its items in order; optional items hang on yes/no questions (是否需要办理社保卡).
// The materials of the chosen items are merged so a material several items need is asked for
// once, with the items that use it. The same wire shape travels hall → counter (catalogue.get).
import { z } from 'zod';
import type { ItemMaterial } from './schema';

export const packageQuestionSchema = z.object({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, '问题编号只能包含字母、数字、下划线和连字符'),
  text: z.string().trim().min(1, '问题内容不能为空').max(200),
  /** The answer when the clerk has not changed it. */
  defaultAnswer: z.boolean().default(true),
});
export type PackageQuestion = z.infer<typeof packageQuestionSchema>;

export const packageItemSchema = z.object({
  itemCode: z.string().trim().min(1).max(64),
  /** Optional item: included only when the question is answered so. */
  when: z.object({ question: z.string().min(1).max(32), answer: z.boolean() }).optional(),
});
export type PackageItem = z.infer<typeof packageItemSchema>;

export const servicePackageSchema = z
  .object({
    code: z.string().trim().min(1, '一件事编码不能为空').max(32),
    name: z.string().trim().min(1, '一件事名称不能为空').max(100),
    /** 牵头部门 (the department that answers for the package as a whole). */
    leadDepartment: z.string().max(100).optional(),
    description: z.string().max(500).optional(),
    questions: z.array(packageQuestionSchema).max(20).default([]),
    items: z.array(packageItemSchema).min(2, '一件事至少包含两个事项').max(20),
    active: z.boolean().default(true),
  })
  .refine((p) => new Set(p.items.map((i) => i.itemCode)).size === p.items.length, { path: ['items'], message: '一件事中事项重复' })
  .refine((p) => new Set(p.questions.map((q) => q.id)).size === p.questions.length, { path: ['questions'], message: '问题编号重复' })
  .refine((p) => p.items.every((i) => !i.when || p.questions.some((q) => q.id === i.when!.question)), {
    path: ['items'],
    message: '可选事项引用了不存在的问题',
  });
export type ServicePackage = z.infer<typeof servicePackageSchema>;
export type ServicePackageInput = z.input<typeof servicePackageSchema>;

export type PackageAnswers = Record<string, boolean>;

/** Answers with the package's defaults filled in (unknown question ids are an error, not ignored). */
export function resolveAnswers(
  pkg: Pick<ServicePackage, 'questions'>,
  given: PackageAnswers,
): { ok: true; answers: PackageAnswers } | { ok: false; message: string } {
  const unknown = Object.keys(given).filter((k) => !pkg.questions.some((q) => q.id === k));
  if (unknown.length) return { ok: false, message: `一件事没有这些问题：${unknown.join('、')}` };
  return { ok: true, answers: Object.fromEntries(pkg.questions.map((q) => [q.id, given[q.id] ?? q.defaultAnswer])) };
}

/** The item codes the answers select, in the package's order. */
export function chooseItems(pkg: Pick<ServicePackage, 'questions' | 'items'>, answers: PackageAnswers): string[] {
  const a = Object.fromEntries(pkg.questions.map((q) => [q.id, answers[q.id] ?? q.defaultAnswer]));
  return pkg.items.filter((i) => !i.when || a[i.when.question] === i.when.answer).map((i) => i.itemCode);
}

export interface PackageSourceItem {
  code: string;
  name: string;
  materials: readonly Pick<ItemMaterial, 'name' | 'originalOrCopy' | 'count' | 'mayBeWaived' | 'required' | 'requirement'>[];
}

export interface MergedMaterial {
  name: string;
  originalOrCopy: ItemMaterial['originalOrCopy'];
  count: number;
  /** 容缺 only when EVERY item that uses it allows waiving it. */
  mayBeWaived: boolean;
  /** Required when any item requires it. */
  required: boolean;
  requirement: string;
  usedBy: { code: string; name: string }[];
}

type Form = ItemMaterial['originalOrCopy'];
/** Two items asking for the same material in different forms: ask for what satisfies both. */
function mergeForm(a: Form, b: Form): Form {
  if (a === b) return a;
  if (a === 'electronic') return b;
  if (b === 'electronic') return a;
  return 'both';
}

/** 一套材料: one line per material name, first-seen order, with the items that use it. */
export function mergeMaterials(items: readonly PackageSourceItem[]): MergedMaterial[] {
  const byName = new Map<string, MergedMaterial>();
  for (const it of items) {
    for (const m of it.materials) {
      const key = m.name.trim();
      const prev = byName.get(key);
      if (!prev) {
        byName.set(key, {
          name: key,
          originalOrCopy: m.originalOrCopy,
          count: m.count,
          mayBeWaived: m.mayBeWaived,
          required: m.required,
          requirement: m.requirement,
          usedBy: [{ code: it.code, name: it.name }],
        });
        continue;
      }
      prev.originalOrCopy = mergeForm(prev.originalOrCopy, m.originalOrCopy);
      prev.count = Math.max(prev.count, m.count);
      prev.mayBeWaived = prev.mayBeWaived && m.mayBeWaived;
      prev.required = prev.required || m.required;
      if (m.requirement && !prev.requirement.split('；').includes(m.requirement))
        prev.requirement = prev.requirement ? `${prev.requirement}；${m.requirement}` : m.requirement;
      if (!prev.usedBy.some((u) => u.code === it.code)) prev.usedBy.push({ code: it.code, name: it.name });
    }
  }
  return [...byName.values()];
}
