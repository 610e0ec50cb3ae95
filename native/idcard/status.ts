// SW3 status bytes of the SAM (GA/T 467) → a stable code for logs and a Chinese message for the clerk.
export interface SamStatus {
  sw3: number;
  code: string;
  message: string;
  ok: boolean;
}

const TABLE: Record<number, [code: string, message: string]> = {
  0x90: ['SAM_OK', '操作成功'],
  0x9f: ['SAM_FIND_OK', '寻卡成功'],
  0x91: ['SAM_ITEM_EMPTY', '证件上没有该项信息（无追加地址或指纹）'],
  0x10: ['SAM_HOST_CHECKSUM', '阅读器收到的命令校验和错误，请重试'],
  0x11: ['SAM_HOST_LENGTH', '阅读器收到的命令长度错误，请重试'],
  0x21: ['SAM_COMMAND_ERROR', '阅读器不支持该命令'],
  0x23: ['SAM_UNAUTHORISED_OPERATION', '越权操作，阅读器拒绝执行'],
  0x24: ['SAM_UNRECOGNISED_ERROR', '阅读器发生无法识别的错误，请重试'],
  0x31: ['SAM_CARD_AUTH_SAM_FAILED', '证件认证阅读器失败，请重新放置证件'],
  0x32: ['SAM_SAM_AUTH_CARD_FAILED', '阅读器认证证件失败，证件可能非法或已损坏'],
  0x33: ['SAM_VERIFY_ERROR', '证件信息验证错误，请重新放置证件'],
  0x40: ['SAM_UNKNOWN_CARD_TYPE', '无法识别的卡片类型，请放置身份证件'],
  0x41: ['SAM_READ_FAILED', '读证失败，请重新放置证件'],
  0x47: ['SAM_RANDOM_FAILED', '取随机数失败，请重新放置证件'],
  0x60: ['SAM_SELF_TEST_FAILED', '阅读器安全模块自检失败，请联系技术人员'],
  0x66: ['SAM_NOT_AUTHORISED', '阅读器安全模块未经授权，无法使用'],
  0x80: ['SAM_FIND_FAILED', '未找到证件，请将证件放在阅读器上'],
  0x81: ['SAM_SELECT_FAILED', '选卡失败，请重新放置证件'],
};

export const KNOWN_SW3 = Object.keys(TABLE).map(Number);

export function samStatus(sw3: number): SamStatus {
  const hit = TABLE[sw3];
  const ok = sw3 === 0x90 || sw3 === 0x9f;
  if (hit) return { sw3, code: hit[0], message: hit[1], ok };
  const hex = sw3.toString(16).toUpperCase().padStart(2, '0');
  return { sw3, code: `SAM_STATUS_${hex}`, message: `阅读器返回未知状态（${hex}），请重试或联系技术人员`, ok: false };
}
