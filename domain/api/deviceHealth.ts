// Wire schemas for counter device health reported to the hall (POST /api/windows/:no/devices)
// and read by the manager board (GET /api/devices/health). Kinds and states match DeviceStatus.
import { z } from 'zod';

export const DEVICE_KINDS = ['idReader', 'printer', 'evaluator', 'led'] as const;

export const reportedDeviceSchema = z.object({
  kind: z.enum(DEVICE_KINDS, { message: '设备类型应为 idReader、printer、evaluator 或 led' }),
  state: z.enum(['ok', 'offline', 'error', 'absent'], { message: '设备状态应为 ok、offline、error 或 absent' }),
  message: z.string({ message: '设备说明应为文字' }).max(200, '设备说明不超过 200 字'),
  code: z.string().max(64).optional(),
});

export const deviceReportSchema = z.object({
  devices: z.array(reportedDeviceSchema, { message: '请提供设备状态列表 devices' }).max(8, '设备不超过 8 个'),
});

export const windowDeviceHealthSchema = z.object({
  windowNo: z.number().int(),
  reportedAt: z.string(),
  reportedBy: z.string(),
  /** No report for longer than the threshold (2 minutes): the board shows 未上报. */
  stale: z.boolean(),
  devices: z.array(reportedDeviceSchema.extend({ at: z.string() })),
});

export const deviceHealthResponseSchema = z.object({ staleAfterMs: z.number(), windows: z.array(windowDeviceHealthSchema) });

export type DeviceReport = z.infer<typeof deviceReportSchema>;
export type WindowDeviceHealth = z.infer<typeof windowDeviceHealthSchema>;
export type DeviceHealthResponse = z.infer<typeof deviceHealthResponseSchema>;
