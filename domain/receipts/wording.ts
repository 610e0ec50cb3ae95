// Every sentence the printed 文书 say, in one table a hall can adjust (counter.json
// `receiptWording`, merged over these defaults by setReceiptWording): titles, the seal line,
// the legal bases that do not come from the item, consequences, the appeal notice.
// The item's own legal basis (catalogue field legalBasis) always wins over these defaults.
import { z } from 'zod';

export const DEFAULT_RECEIPT_WORDING = {
  /** The seal every 文书 carries at its foot: the unit's name with the seal's name. */
  sealName: '受理专用章',
  /** Fallback basis on a 受理回执 only for 行政许可 items without their own (居住证签注 or 社保卡 are not licences). */
  licenceAcceptanceBasis: '《中华人民共和国行政许可法》第三十二条第一款第（五）项',
  missingMaterialsBasis:
    '《中华人民共和国行政许可法》第三十二条第一款第（四）项：申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容',
  /** What happens when the materials are not supplied by the deadline (一次性告知书). */
  missingMaterialsConsequence: '逾期未补正的，视为申请人放弃本次申请，已收材料退还申请人；补齐材料后可重新提出申请。',
  conditionalConsequence: '逾期未补交容缺材料的，本次受理终止办理，已办理的审批结果不予发放，并记入申请人信用记录',
  /** 不予受理 bases by reason code (行政许可法 §32(1)); `other` when no code fits. */
  refusalBasis: {
    notRequired: '《中华人民共和国行政许可法》第三十二条第一款第（一）项：申请事项依法不需要取得行政许可',
    notCompetent:
      '《中华人民共和国行政许可法》第三十二条第一款第（二）项：申请事项依法不属于本行政机关职权范围的，应当即时作出不予受理的决定，并告知申请人向有关行政机关申请',
    notEligible: '《中华人民共和国行政许可法》第三十二条第一款',
    other: '《中华人民共和国行政许可法》第三十二条第一款',
  } as Record<string, string>,
  /** Printed under a 不予受理 for 不属于本机关职权范围: where to apply instead ({authority}). */
  competentAuthorityText: '请向{authority}提出申请。',
  appeal: '如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
  /** Marks a reprint (补打) so two papers for one act are told apart. */
  reprintMark: '（补打）',
  /** 一件事一次办: the one 受理回执 for a package and what it promises (一次告知、一表申请、一套材料、一窗受理、一次办结). */
  packageTitle: '一件事受理回执',
  packageIntro: '您申请的“一件事”已一窗受理，以下事项由各承办部门分别办理，全部办结后即为办结：',
  /** 免提交: a material satisfied by an e-licence fetched with the applicant's consent ({licenceId}). */
  licenceExemptNote: '免提交，电子证照 {licenceId}',
  /** The footnote under the materials when any was 免提交 ({n}). */
  licenceExemptFootnote: '标注“免提交”的{n}项材料经申请人授权从电子证照库调取，无需提交纸质材料',
  /** The licence service was unavailable: paper taken instead. */
  licencePaperFallbackNote: '电子证照服务不可用，已收纸质材料',
  /** The counter's 手机跟踪凭条 (the kiosk ticket's layout): its title and the line under the QR. */
  trackSlipTitle: '手机跟踪凭条',
  trackSlipNotice: '请用手机扫描上方二维码：转窗口后可看排队进度和叫号，受理后可查办件进度并评价',
};
export type ReceiptWording = typeof DEFAULT_RECEIPT_WORDING;

/** What a hall may override (every key optional; refusal bases merge per code). */
export const receiptWordingOverridesSchema = z
  .object({
    sealName: z.string().min(1).max(40),
    licenceAcceptanceBasis: z.string().min(1).max(500),
    missingMaterialsBasis: z.string().min(1).max(500),
    missingMaterialsConsequence: z.string().min(1).max(500),
    conditionalConsequence: z.string().min(1).max(500),
    refusalBasis: z.record(z.string().max(32), z.string().min(1).max(500)),
    competentAuthorityText: z
      .string()
      .min(1)
      .max(200)
      .refine((s) => s.includes('{authority}'), '须包含 {authority}'),
    appeal: z.string().min(1).max(500),
    reprintMark: z.string().min(1).max(20),
    packageTitle: z.string().min(1).max(40),
    packageIntro: z.string().min(1).max(300),
    licenceExemptNote: z
      .string()
      .min(1)
      .max(60)
      .refine((s) => s.includes('{licenceId}'), '须包含 {licenceId}'),
    licenceExemptFootnote: z.string().min(1).max(200),
    licencePaperFallbackNote: z.string().min(1).max(100),
    trackSlipTitle: z.string().min(1).max(40),
    trackSlipNotice: z.string().min(1).max(200),
  })
  .partial()
  .strict();
export type ReceiptWordingOverrides = z.infer<typeof receiptWordingOverridesSchema>;

let current: ReceiptWording = DEFAULT_RECEIPT_WORDING;

/** The wording in force (defaults plus the hall's overrides). */
export function receiptWording(): ReceiptWording {
  return current;
}

/** Installs a hall's overrides (validated); null restores the defaults. */
export function setReceiptWording(overrides: ReceiptWordingOverrides | null): ReceiptWording {
  const o = overrides ? receiptWordingOverridesSchema.parse(overrides) : {};
  current = { ...DEFAULT_RECEIPT_WORDING, ...o, refusalBasis: { ...DEFAULT_RECEIPT_WORDING.refusalBasis, ...(o.refusalBasis ?? {}) } };
  return current;
}

/** Legal basis of a 不予受理 by its reason code. */
export function refusalBasisFor(reasonCode: string | null | undefined): string {
  const w = current.refusalBasis;
  return (reasonCode && w[reasonCode]) || w.other!;
}

/** The reason code that obliges the notice to name the competent authority (行政许可法 §32(1)(二)). */
export const NOT_COMPETENT = 'notCompetent';

/** The receipt note of a material line (免提交 or paper fallback), or none. */
export function materialNote(m: { licence?: { licenceId: string }; paperFallback?: string }): string | undefined {
  if (m.licence) return current.licenceExemptNote.replace('{licenceId}', m.licence.licenceId);
  if (m.paperFallback === 'serviceDown') return current.licencePaperFallbackNote;
  return undefined;
}
