// Hall settings the manager edits and devices follow (GET/PUT /api/hall/settings). Today: how
// the call display announces a call: how many times it says it, and the pause after each time.
import { z } from 'zod';

export const ANNOUNCE_REPEAT = { min: 1, max: 3, default: 2 } as const;
/** Pause after each spoken repetition, in ms (the display's former fixed 600 ms). */
export const ANNOUNCE_GAP_MS = { min: 0, max: 5000, default: 600 } as const;

export const announceRepeatSchema = z
  .number({ message: '播报次数应为数字' })
  .int('播报次数应为整数')
  .min(ANNOUNCE_REPEAT.min, `播报次数至少 ${ANNOUNCE_REPEAT.min} 次`)
  .max(ANNOUNCE_REPEAT.max, `播报次数最多 ${ANNOUNCE_REPEAT.max} 次`);

export const announceGapMsSchema = z
  .number({ message: '播报间隔应为数字（毫秒）' })
  .int('播报间隔应为整数毫秒')
  .min(ANNOUNCE_GAP_MS.min, '播报间隔不能为负数')
  .max(ANNOUNCE_GAP_MS.max, `播报间隔最长 ${ANNOUNCE_GAP_MS.max / 1000} 秒`);

/** Days after a case is closed until its applicant data is crypto-shredded (counters and hall). */
export const RETENTION_DAYS = { min: 30, max: 3650, default: 180 } as const;
export const retentionDaysSchema = z
  .number({ message: '保存天数应为数字' })
  .int('保存天数应为整数')
  .min(RETENTION_DAYS.min, `办结后申请人信息至少保存 ${RETENTION_DAYS.min} 天`)
  .max(RETENTION_DAYS.max, `办结后申请人信息最多保存 ${RETENTION_DAYS.max} 天`);

export const hallDisplaySettingsSchema = z.object({
  announceRepeat: announceRepeatSchema,
  announceGapMs: announceGapMsSchema,
  retentionDays: retentionDaysSchema,
});
export type HallDisplaySettings = z.infer<typeof hallDisplaySettingsSchema>;

export const DEFAULT_HALL_DISPLAY_SETTINGS: HallDisplaySettings = {
  announceRepeat: ANNOUNCE_REPEAT.default,
  announceGapMs: ANNOUNCE_GAP_MS.default,
  retentionDays: RETENTION_DAYS.default,
};

/** GET answer: the settings in force, and who changed them last (null while still the defaults). */
export const hallSettingsResponseSchema = hallDisplaySettingsSchema.extend({
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type HallSettingsResponse = z.infer<typeof hallSettingsResponseSchema>;

/** PUT body: any of the fields; unknown fields are refused (a typo must not pass as "saved"). */
export const hallSettingsUpdateSchema = z
  .strictObject(hallDisplaySettingsSchema.partial().shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? '只能修改 announceRepeat、announceGapMs、retentionDays' : '请求内容应为设置对象'),
  })
  .refine((o) => Object.keys(o).length > 0, { message: '请至少提供一项设置' });
export type HallSettingsUpdate = z.infer<typeof hallSettingsUpdateSchema>;
