// The manager console's calls to the hall server, through the typed contract
// (domain/api/routes.ts): request and answer types come from its schemas, none redeclared here.
import { errorText } from '../../i18n/errorText';
import { hallClient } from '../../bridge/hallBridge';
import type { CallResult } from '../../../../domain/api/hallClient';
import type { OrderingRules } from '../../../../domain/queue/rules';
import type { FollowUpConfig } from '../../../../domain/rating/followUp';
import type { HallCaseItem, HallCaseList, RevealedApplicant } from '../../../../domain/api/cases';
import type { FollowUpList, FollowUpView } from '../../../../domain/api/followups';
import type { RatingListItem } from '../../../../domain/api/ratings';
import type { SyncDevice } from '../../../../domain/api/sync';
import type { HallRoutes, WindowActionRoute } from '../../../../domain/api/routes';
import type { RouteInput } from '../../../../domain/api/route';

const c = () => hallClient('manager');

export type Explain = CallResult<'queue.explain'>;
export type RulesVersion = CallResult<'rules.get'>;
export type CaseItem = HallCaseItem;
export type CaseList = HallCaseList;
export type RatingItem = RatingListItem;
export type { SyncDevice, FollowUpList, FollowUpView, RevealedApplicant };

/** The window actions the manager's board offers (open, pause, resume, close). */
export type ManagerWindowAction = Extract<WindowActionRoute, 'windows.open' | 'windows.pause' | 'windows.resume' | 'windows.close'>;
const MANAGER_ACTIONS: Record<string, ManagerWindowAction> = { open: 'windows.open', pause: 'windows.pause', resume: 'windows.resume', close: 'windows.close' };

export type CaseQuery = RouteInput<HallRoutes['cases.list']>['query'];
export type FollowUpActionBody = RouteInput<HallRoutes['followups.act']>['body'];
export type StatsGroupBy = NonNullable<RouteInput<HallRoutes['stats.get']>['query']['groupBy']>;

export const managerApi = {
  /** `action`: open | pause | resume | close (the board's menu keys). */
  windowAction: (no: number, action: string, body: { reason?: string } = {}) => {
    const name = MANAGER_ACTIONS[action];
    if (!name) throw new Error(`未知的窗口操作：${action}`);
    return c().windowAction(no, name, body);
  },
  takeover: (no: number, workNo: string) => c().call('windows.takeover', { params: { windowNo: no }, body: { workNo } }),
  assign: (no: number, categories: { category: string; weight: number }[]) =>
    c().call('windows.assignment', { params: { windowNo: no }, body: { categories } }),
  explain: (no: number) => c().call('queue.explain', { query: { windowNo: no } }),
  rules: () => c().call('rules.get'),
  /** The 差评 reason list in force (the city's when it sent one): labels of its codes. */
  reference: () => c().call('catalogue.reference'),
  saveRules: (r: Partial<OrderingRules>) => c().call('rules.put', { body: r }),
  stats: (from: string, to: string, groupBy: StatsGroupBy) => c().call('stats.get', { query: { from, to, groupBy } }),
  ratings: async (from: string, to: string) => (await c().call('ratings.list', { query: { from, to, limit: 1000 } })).items,
  deviceHealth: async () => (await c().call('devices.health')).windows,
  syncDevices: async () => (await c().call('sync.devices')).devices,
  cases: (q: CaseQuery) => c().call('cases.list', { query: q }),
  /** 查看留痕: the full applicant, only with a reason; the hall records who, when and why. */
  revealApplicant: (caseId: string, reason: string) => c().call('cases.reveal', { params: { caseId }, body: { reason } }),
  followups: (status?: 'open' | 'appealed' | 'closed' | 'invalidated') => c().call('followups.list', { query: status ? { status } : {} }),
  followupAction: (id: string, body: FollowUpActionBody) => c().call('followups.act', { params: { id }, body }),
  saveFollowupConfig: (cfg: FollowUpConfig) => c().call('followups.setConfig', { body: cfg }),
  /** The statistics export, downloaded through fetch (the token is a header, not a cookie). */
  async downloadStats(query: { from: string; to: string; groupBy: StatsGroupBy; format: 'csv' | 'xlsx' }, filename: string): Promise<void> {
    const res = await fetch(c().url('exports.stats', { query }), { headers: { authorization: `Bearer ${c().token}` } });
    if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `导出失败（${res.status}）`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  },
};

export function errText(e: unknown): string {
  return errorText(e);
}
