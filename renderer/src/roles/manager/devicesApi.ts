// The manager console's calls for devices: the list (revoked or not), revocation, and one-time
// enrollment codes. Answers are parsed with the schemas the hall server declares.
import { hallClient } from '../../bridge/hallBridge';
import { deviceListSchema, deviceRevokeResponseSchema } from '../../../../domain/api/devices';
import { enrollmentCodeResponseSchema } from '../../../../domain/api/hall';

export type EnrollKind = 'counter' | 'kiosk' | 'display' | 'pad';
export type { DeviceListItem } from '../../../../domain/api/devices';

const c = () => hallClient('manager');

export const devicesApi = {
  list: async () => (await c().request('GET', '/api/devices', undefined, deviceListSchema))!.devices,
  revoke: async (id: string) => (await c().request('POST', `/api/devices/${encodeURIComponent(id)}/revoke`, undefined, deviceRevokeResponseSchema))!,
  /** `kind` null: the code enrolls any kind of device. */
  createCode: async (kind: EnrollKind | null, ttlMinutes: number) =>
    (await c().request('POST', '/api/devices/enrollment-codes', { ...(kind ? { kind } : {}), ttlMinutes }, enrollmentCodeResponseSchema))!,
};
