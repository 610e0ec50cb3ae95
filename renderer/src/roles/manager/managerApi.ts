// The manager console's calls to the hall server (typed by domain/api/hall where it has shapes).
import { errorText } from '../../i18n/errorText';
import { hallClient } from '../../bridge/hallBridge';
import type { StatsResponse, Ticket, PriorityClass } from '../../../../domain/api/hall';
import type { OrderingRules } from '../../../../domain/queue/rules';
import type { FollowUpConfig, FollowUpTask, ClosureRate, FollowUpStage } from '../../../../domain/rating/followUp';

import type { DeviceHealthResponse } from '../../../../domain/api/deviceHealth';

const c = () => hallClient('manager');

export interface Explain {
  windowNo: number; rulesVersion: number; next: Ticket | null; rule: string | null; steps: string[];
  candidates: { number: string; category: string; priority: PriorityClass; waitedMinutes: number; score: number; targeted: boolean }[];
}
export interface RulesVersion { version: number; rules: OrderingRules; createdAt: string; createdBy: string }
export interface SyncDevice { deviceId: string; lastSeq: number; lastPushAt: string | null; clockSkewMs: number | null; clockSkewed: boolean; accepted: number; rejected: number }
export interface CaseItem {
  caseId: string; caseNo: string | null; itemName: string | null; statusLabel: string; windowNo: number | null; dueDate: string | null; acceptedOn: string | null;
  completedOn: string | null; overdueDays: number | null; applicantMasked: { name?: string } | null;
  deadline: { state: string; workingDaysLeft: number | null; overdueDays: number };
}
export interface CaseList { total: number; overdue: number; dueSoon: number; cases: CaseItem[] }
export interface FollowUpView extends FollowUpTask { overdue: { stage: FollowUpStage; dueDate: string; overdueDays: number; done: boolean }[]; nextStage: FollowUpStage | null; ratedAt: string | null; reasonCodes: string[]; text: string | null }
export interface FollowUpList { today: string; tasks: FollowUpView[]; closure: ClosureRate; config: FollowUpConfig }
export interface RatingItem { id: string; windowNo: number; clerkWorkNo: string; level: string; reasonCodes: string[]; ratedAt: string }

export const managerApi = {
  windowAction: (no: number, action: string, body: Record<string, unknown> = {}) => c().request('POST', `/api/windows/${no}/${action}`, body),
  takeover: (no: number, workNo: string) => c().request('POST', `/api/windows/${no}/takeover`, { workNo }),
  assign: (no: number, categories: { category: string; weight: number }[]) => c().request('PUT', `/api/windows/${no}/assignment`, { categories }),
  explain: async (no: number) => (await c().request<Explain>('GET', `/api/queue/explain?windowNo=${no}`))!,
  rules: async () => (await c().request<RulesVersion>('GET', '/api/ordering-rules'))!,
  saveRules: async (r: Partial<OrderingRules>) => (await c().request<RulesVersion>('PUT', '/api/ordering-rules', r))!,
  stats: async (from: string, to: string, groupBy: string) => (await c().request<StatsResponse>('GET', `/api/stats?from=${from}&to=${to}&groupBy=${groupBy}`))!,
  ratings: async (from: string, to: string) => (await c().request<{ items: RatingItem[] }>('GET', `/api/ratings?from=${from}&to=${to}&limit=1000`))!.items,
  deviceHealth: async () => (await c().request<DeviceHealthResponse>('GET', '/api/devices/health'))?.windows ?? [],
  syncDevices: async () => (await c().request<{ devices: SyncDevice[] }>('GET', '/api/sync/devices'))?.devices ?? [],
  cases: async (q: string) => (await c().request<CaseList>('GET', `/api/cases?${q}`))!,
  followups: async (status?: string) => (await c().request<FollowUpList>('GET', `/api/followups${status ? `?status=${status}` : ''}`))!,
  followupAction: (id: string, body: Record<string, unknown>) => c().request<FollowUpView>('POST', `/api/followups/${encodeURIComponent(id)}/actions`, body),
  saveFollowupConfig: (cfg: FollowUpConfig) => c().request<FollowUpConfig>('PUT', '/api/followups/config', cfg),
  /** Downloads through fetch (the token is a header, not a cookie). */
  async download(path: string, filename: string): Promise<void> {
    const res = await fetch(c().baseUrl + path, { headers: { authorization: `Bearer ${c().token}` } });
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
