// Counter ⇄ hall sync routes' query shapes and the manager's sync views (push/pull bodies are
// domain/sync/wire.ts).
import { z } from 'zod';

export const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  waitMs: z.coerce.number().int().min(0).max(30_000).default(0),
  /** Leave out this device's own events (it knows their versions from push acks). */
  exclude: z.string().max(64).optional(),
});
export const syncDeviceSchema = z.object({
  deviceId: z.string(),
  lastSeq: z.number(),
  lastPushAt: z.string().nullable(),
  clockSkewMs: z.number().nullable(),
  clockSkewed: z.boolean(),
  schemaVersion: z.number().nullable(),
  accepted: z.number(),
  rejected: z.number(),
});
export type SyncDevice = z.infer<typeof syncDeviceSchema>;
export const syncDevicesSchema = z.object({
  devices: z.array(syncDeviceSchema),
  events: z.number(),
  deferred: z.number(),
  version: z.number(),
  projectionBacklog: z.number(),
});
export const rejectionsQuerySchema = z.object({ deviceId: z.string().max(64).optional() });
export const syncRejectionSchema = z.object({
  deviceId: z.string(),
  seq: z.number(),
  id: z.string().nullable(),
  stream: z.string().nullable(),
  streamId: z.string().nullable(),
  kind: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  receivedAt: z.string(),
});
export const syncRejectionsSchema = z.object({ rejections: z.array(syncRejectionSchema) });
