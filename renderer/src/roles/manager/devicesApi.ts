// The manager console's calls for devices: the list (revoked or not), revocation, and one-time
// enrollment codes. Answers are parsed with the schemas the hall server declares.
import { hallClient } from '../../bridge/hallBridge';
import { deviceListSchema, deviceReplaceResponseSchema, deviceRevokeResponseSchema } from '../../../../domain/api/devices';
import { enrollmentCodeResponseSchema } from '../../../../domain/api/hall';

export type EnrollKind = 'counter' | 'kiosk' | 'display' | 'pad';
export type { DeviceListItem } from '../../../../domain/api/devices';

const c = () => hallClient('manager');

export const devicesApi = {
  list: async () => (await c().request('GET', '/api/devices', undefined, deviceListSchema))!.devices,
  revoke: async (id: string) => (await c().request('POST', `/api/devices/${encodeURIComponent(id)}/revoke`, undefined, deviceRevokeResponseSchema))!,
  /** `kind` null: the code enrolls any kind of device (except counters and pads, which need `windowNo`). */
  createCode: async (kind: EnrollKind | null, ttlMinutes: number, windowNo?: number) =>
    (await c().request('POST', '/api/devices/enrollment-codes', { ...(kind ? { kind } : {}), ...(windowNo !== undefined ? { windowNo } : {}), ttlMinutes }, enrollmentCodeResponseSchema))!,
  /** A broken counter PC: revoke it and get a code whose enrollment continues its sync log. */
  replace: async (id: string, ttlMinutes: number) =>
    (await c().request('POST', `/api/devices/${encodeURIComponent(id)}/replace`, { ttlMinutes }, deviceReplaceResponseSchema))!,
};
