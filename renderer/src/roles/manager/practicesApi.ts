// The manager console's calls for the hall practices (issue 16), through the typed contract.
// Every write carries a fresh requestId, so a retried click is answered once.
import { hallClient } from '../../bridge/hallBridge';
import type { HallRoutes } from '../../../../domain/api/routes';
import type { RouteInput } from '../../../../domain/api/route';

const c = () => hallClient('manager');

/** A request id per user action (the hall answers a retry with the first answer). */
export function newRequestId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `r-${Date.now()}-${Math.random().toString(36).slice(2, 12)}`;
}

export type ProblemRecordBody = Omit<RouteInput<HallRoutes['problems.record']>['body'], 'requestId'>;
export type ProblemActionBody = RouteInput<HallRoutes['problems.act']>['body'] extends infer B
  ? B extends { requestId: string }
    ? Omit<B, 'requestId'>
    : never
  : never;
export type ProblemListQuery = RouteInput<HallRoutes['problems.list']>['query'];
export type ProxyCreateBody = Omit<RouteInput<HallRoutes['proxy.create']>['body'], 'requestId'>;

export const practicesApi = {
  recordProblem: (body: ProblemRecordBody) => c().call('problems.record', { body: { ...body, requestId: newRequestId() } }),
  ledger: (query: ProblemListQuery) => c().call('problems.list', { query }),
  problem: (id: string) => c().call('problems.get', { params: { id } }),
  act: (id: string, body: ProblemActionBody) => c().call('problems.act', { params: { id }, body: { ...body, requestId: newRequestId() } as never }),
  proxies: () => c().call('proxy.list', { query: {} }),
  createProxy: (body: ProxyCreateBody) => c().call('proxy.create', { body: { ...body, requestId: newRequestId() } }),
  linkCase: (id: string, caseNo: string, itemCode?: string) =>
    c().call('proxy.linkCase', { params: { id }, body: { requestId: newRequestId(), caseNo, ...(itemCode ? { itemCode } : {}) } }),
  milestoneDone: (id: string, key: string) => c().call('proxy.milestoneDone', { params: { id, key }, body: { requestId: newRequestId() } }),
  staff: () => c().call('admin.staff'),
  /** The ledger export, downloaded through fetch (the token is a header, not a cookie). */
  async downloadLedger(filename: string): Promise<void> {
    const res = await fetch(c().url('exports.problems', { query: {} }), { headers: { authorization: `Bearer ${c().token}` } });
    if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `导出失败（${res.status}）`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  },
};
