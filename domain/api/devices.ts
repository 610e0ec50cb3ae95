// Wire schemas for the manager's device list and revocation (GET /api/devices,
// POST /api/devices/:id/revoke). Enrollment shapes stay in hall.ts.
import { z } from 'zod';

export const deviceListItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  enrolledAt: z.string(),
  /** The window a counter or pad is bound to (null for hall-wide devices). */
  windowNo: z.number().int().nullish(),
  /** The sync log (device id as the counter names it) this device pushes, when it has pushed. */
  syncDeviceId: z.string().nullish(),
  /** No live token left: the device must be enrolled again with a new code. */
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  /** The latest device-health report it sent (counters only); null when unknown. */
  lastSeenAt: z.string().nullable(),
});
export const deviceListSchema = z.object({ devices: z.array(deviceListItemSchema) });
export const deviceRevokeResponseSchema = z.object({ id: z.string(), kind: z.string(), revoked: z.literal(true), revokedAt: z.string().nullable() });

export type DeviceListItem = z.infer<typeof deviceListItemSchema>;
export type DeviceRevokeResponse = z.infer<typeof deviceRevokeResponseSchema>;

/** Replacing a broken counter PC: the old device's sync log (id and seq) moves to the new enrollment. */
export const deviceReplaceResponseSchema = z.object({
  /** The counter's sync log that moves: the new PC's enrollment continues it after lastSeq. */
  syncDeviceId: z.string(),
  from: z.string(),
  lastSeq: z.number().int(),
  windowNo: z.number().int().nullable(),
  /** One-time enrollment code for the new PC. */
  code: z.string(),
  expiresAt: z.string(),
});
export type DeviceReplaceResponse = z.infer<typeof deviceReplaceResponseSchema>;
