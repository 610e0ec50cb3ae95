// Wire schemas for the manager's device list and revocation (GET /api/devices,
// POST /api/devices/:id/revoke). Enrollment shapes stay in hall.ts.
import { z } from 'zod';

export const deviceListItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  enrolledAt: z.string(),
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
