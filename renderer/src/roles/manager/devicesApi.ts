// The manager console's calls for devices: the list (revoked or not), revocation, and one-time
// enrollment codes, through the typed contract (domain/api/routes.ts).
import { hallClient } from '../../bridge/hallBridge';

export type EnrollKind = 'counter' | 'kiosk' | 'display' | 'pad';
export type { DeviceListItem } from '../../../../domain/api/devices';

const c = () => hallClient('manager');

export const devicesApi = {
  list: async () => (await c().call('devices.list')).devices,
  revoke: (id: string) => c().call('devices.revoke', { params: { id } }),
  /** `kind` null: the code enrolls any kind of device (except counters and pads, which need `windowNo`). */
  createCode: (kind: EnrollKind | null, ttlMinutes: number, windowNo?: number) =>
    c().call('devices.enrollmentCode', { body: { ...(kind ? { kind } : {}), ...(windowNo !== undefined ? { windowNo } : {}), ttlMinutes } }),
  /** A broken counter PC: revoke it and get a code whose enrollment continues its sync log. */
  replace: (id: string, ttlMinutes: number) => c().call('devices.replace', { params: { id }, body: { ttlMinutes } }),
};
