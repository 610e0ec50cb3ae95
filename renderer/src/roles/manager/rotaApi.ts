// The duty rota's calls (domain/api/routes.ts 'rota.*'), typed by the contract.
import { hallClient } from '../../bridge/hallBridge';
import type { RouteInput } from '../../../../domain/api/route';
import type { HallRoutes } from '../../../../domain/api/routes';

export type RotaSaveBody = RouteInput<HallRoutes['rota.save']>['body'];
export type HallHoursBody = RouteInput<HallRoutes['rota.hours']>['body'];

const c = () => hallClient('manager');
export const rotaApi = {
  month: (month: string) => c().call('rota.month', { params: { month } }),
  save: (month: string, body: RotaSaveBody) => c().call('rota.save', { params: { month }, body }),
  hours: (body: HallHoursBody) => c().call('rota.hours', { body }),
};
