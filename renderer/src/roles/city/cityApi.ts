// The city console's calls to the central (same origin: the central serves this renderer).
// Shapes from domain/api/city.ts and domain/api/uplink.ts.
import type { CityAuditEntry, CityCase, HallStatus, KpiResponse, OpenApplicantResponse, PersonalDataResponse } from '../../../../domain/api/city';
import type { CatalogueResponse, CityCatalogueBody } from '../../../../domain/api/uplink';
import { hallToday } from '../../../../domain/calendar/hallClock';
import { DEFAULT_HALL_TIME_ZONE } from '../../../../domain/calendar/hallTime';

const TOKEN_KEY = 'city-token';
export const cityToken = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (t: string | null) => (t ? localStorage.setItem(TOKEN_KEY, t) : localStorage.removeItem(TOKEN_KEY)),
};

export class CityApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function req<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = cityToken.get();
  const res = await fetch(path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const e = json as { code?: string; message?: string } | null;
    throw new CityApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? `请求失败（${res.status}）`);
  }
  return json as T;
}

export interface OverdueFollowUp {
  hallId: string;
  hallName: string;
  followUpId: string;
  ratingId: string;
  status: string;
  openedOn: string;
  dueDate: string;
}
export interface Rejection {
  seq: number;
  id: string | null;
  kind: string | null;
  code: string;
  message: string;
  receivedAt: string;
}

export const cityApi = {
  login: (workNo: string, password: string) => req<{ token: string; role: string; name: string }>('POST', '/api/auth/login', { workNo, password }),
  logout: () => req('POST', '/api/auth/logout', {}).catch(() => null),
  halls: () => req<{ halls: HallStatus[]; serverTime: string }>('GET', '/api/city/halls'),
  rejections: (hallId: string) => req<{ rejections: Rejection[] }>('GET', `/api/city/halls/${encodeURIComponent(hallId)}/rejections`),
  kpis: (from: string, to: string, hall?: string) =>
    req<KpiResponse>('GET', `/api/city/kpis?from=${from}&to=${to}${hall ? `&hall=${encodeURIComponent(hall)}` : ''}`),
  cases: (deadline: 'overdue' | 'dueSoon', hall?: string) =>
    req<{ asOf: string; cases: CityCase[] }>('GET', `/api/city/cases?deadline=${deadline}&limit=500${hall ? `&hall=${encodeURIComponent(hall)}` : ''}`),
  overdueFollowUps: () => req<{ asOf: string; followUps: OverdueFollowUp[] }>('GET', '/api/city/followups/overdue'),
  setPersonalData: (hallId: string, receive: boolean) =>
    req<PersonalDataResponse>('PUT', `/api/city/halls/${encodeURIComponent(hallId)}/personal-data`, { receive }),
  openApplicant: (hallId: string, caseId: string, reason: string) =>
    req<OpenApplicantResponse>('POST', `/api/city/halls/${encodeURIComponent(hallId)}/cases/${encodeURIComponent(caseId)}/applicant`, { reason }),
  audit: () => req<{ entries: CityAuditEntry[] }>('GET', '/api/city/audit?limit=50'),
  catalogue: () => req<CatalogueResponse>('GET', '/api/city/catalogue?since=0'),
  publish: (baseVersion: number, c: CityCatalogueBody) => req<{ version: number; publishedAt: string }>('POST', '/api/city/catalogue', { baseVersion, ...c }),
  async downloadKpis(from: string, to: string): Promise<void> {
    const res = await fetch(`/api/city/kpis.xlsx?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${cityToken.get()}` } });
    if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `导出失败（${res.status}）`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `全市指标-${from}_${to}.xlsx`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  },
};

export const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** China civil date of an instant, YYYY-MM-DD. */
/** The city's calendar date of an instant (Asia/Shanghai), whatever the PC's zone. */
export const chinaDay = (ms = Date.now()) => hallToday(DEFAULT_HALL_TIME_ZONE, ms);
