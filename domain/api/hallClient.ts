// A typed HTTP client for the hall server, shared by the counter core (Node) and the kiosk,
// display and manager pages (browser). I/O comes in through the injected fetch.
import { z } from 'zod';
import { CodedError } from './errors';
import {
  issuedTicketSchema, loginResponseSchema, verifyCredentialsResponseSchema, queueSnapshotSchema, ticketSchema,
  type IssuedTicket, type LoginResponse, type QueueSnapshot, type RatingSubmission, type Ticket, type PriorityClass, type TicketChannel,
} from './hall';

export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{ status: number; ok: boolean; json(): Promise<unknown>; text(): Promise<string> }>;

export interface HallClientOptions {
  baseUrl: string;
  fetch?: FetchLike;
  token?: string | null;
  timeoutMs?: number;
  /** A request made with a token answered 401 (the code tells revoked from expired). */
  onUnauthorized?: (code: string) => void;
}

/** Thrown when the hall server cannot be reached at all (network down, timeout). */
export class HallUnreachableError extends CodedError {
  constructor(cause: string) {
    super('HALL_UNREACHABLE', '无法连接大厅服务器，请检查网络', 503, { cause });
  }
}

export class HallClient {
  token: string | null;
  private readonly fetchFn: FetchLike;
  constructor(private readonly opts: HallClientOptions) {
    this.token = opts.token ?? null;
    this.fetchFn = opts.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  get baseUrl(): string {
    return this.opts.baseUrl.replace(/\/$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown, schema?: z.ZodType<T>): Promise<T | null> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.opts.timeoutMs ?? 8000);
    let res;
    try {
      res = await this.fetchFn(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: ctrl.signal });
    } catch (err) {
      throw new HallUnreachableError(err instanceof Error ? err.message : String(err));
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 204) return null;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new CodedError('HALL_BAD_RESPONSE', '大厅服务器返回了无法识别的内容', 502);
    }
    if (!res.ok) {
      const e = json as { code?: string; message?: string } | null;
      if (res.status === 401 && headers.authorization) this.opts.onUnauthorized?.(e?.code ?? 'unauthorized');
      throw new CodedError(e?.code ?? `HTTP_${res.status}`, e?.message ?? `大厅服务器拒绝了请求（${res.status}）`, res.status, json);
    }
    if (!schema) return json as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CodedError('HALL_BAD_RESPONSE', '大厅服务器返回的数据格式与本机版本不一致，请联系管理员', 502, parsed.error.issues);
    return parsed.data;
  }

  async login(workNo: string, password: string): Promise<LoginResponse> {
    const r = await this.request('POST', '/api/auth/login', { workNo, password }, loginResponseSchema);
    this.token = r!.token;
    return r!;
  }

  /** Checks a staff member's credentials without signing him in (no token kept, nobody seated). */
  async verifyCredentials(workNo: string, password: string): Promise<z.infer<typeof verifyCredentialsResponseSchema>> {
    return (await this.request('POST', '/api/auth/verify', { workNo, password }, verifyCredentialsResponseSchema))!;
  }

  async logout(): Promise<void> {
    if (!this.token) return;
    try {
      await this.request('POST', '/api/auth/logout', {});
    } finally {
      this.token = null;
    }
  }

  async enroll(code: string, kind: 'kiosk' | 'display' | 'pad' | 'counter' | 'manager', name: string): Promise<string> {
    const r = await this.request<{ token: string }>('POST', '/api/devices/enroll', { code, kind, name });
    this.token = r!.token;
    return r!.token;
  }

  async queue(): Promise<QueueSnapshot> {
    return (await this.request('GET', '/api/queue', undefined, queueSnapshotSchema))!;
  }

  async issueTicket(input: { category: string; channel?: TicketChannel; priority?: PriorityClass; idNumber?: string; requestId?: string }): Promise<IssuedTicket> {
    return (await this.request('POST', '/api/tickets', input, issuedTicketSchema))!;
  }

  async callNext(windowNo: number, input: { category?: string; requestId?: string }): Promise<Ticket | null> {
    const r = await this.request('POST', `/api/windows/${windowNo}/call-next`, input, z.object({ ticket: ticketSchema }));
    return r ? r.ticket : null;
  }

  /** recall | no-show | start | finish | transfer | suspend | pause | resume | close … */
  async windowAction<T = unknown>(windowNo: number, action: string, input: Record<string, unknown>): Promise<T | null> {
    return this.request<T>('POST', `/api/windows/${windowNo}/${action}`, input);
  }

  async submitRating(rating: RatingSubmission): Promise<void> {
    await this.request('POST', '/api/ratings', rating);
  }
}
