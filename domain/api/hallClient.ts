// The one typed HTTP client of the hall API, shared by the counter core (Node), the kiosk,
// display, pad and manager pages (browser), the benches and the tests. Every call names a route
// of the contract (domain/api/routes.ts): `call('windows.finish', { params, body })` is typed
// by that entry and its answer parsed with that entry's schema. I/O comes in through the
// injected fetch.
import { z } from 'zod';
import { CodedError, type ApiError } from './errors';
import type { LoginResponse, QueueSnapshot, Ticket, PriorityClass, TicketChannel, IssuedTicket, WindowActionResponse } from './hall';
import { hallRoutes, type HallRouteName, type HallRoutes, type WindowActionRoute } from './routes';
import { fillPath, queryString, type RouteDef, type RouteInput, type RouteResult } from './route';

/** The arguments of a call: the input may be left out when nothing in it is required. */
export type CallArgs<N extends HallRouteName> =
  object extends RouteInput<HallRoutes[N]> ? [input?: RouteInput<HallRoutes[N]>] : [input: RouteInput<HallRoutes[N]>];
export type CallResult<N extends HallRouteName> = RouteResult<HallRoutes[N]>;

/** Method, URL (path, params filled, query string) and JSON body of a call. Pure: used by tests and benches too. */
export function buildRequest<N extends HallRouteName>(name: N, ...[input]: CallArgs<N>): { method: string; url: string; body: unknown } {
  const d: RouteDef = hallRoutes[name];
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  return { method: d.method, url: fillPath(d.path, i.params) + queryString(i.query), body: i.body };
}

/** The answer's schema for a success status (none: the route does not answer JSON then). */
export function answerSchema(name: HallRouteName, status: number): z.ZodType | undefined {
  return (hallRoutes[name] as RouteDef).responses[status as 200 | 201 | 204];
}

/**
 * One call with its status, for tests and tools that look at refusals too: the body is the
 * route's answer (typed, unparsed) on success, else the `{code, message}` error.
 */
export async function callWithStatus<N extends HallRouteName>(
  baseUrl: string,
  token: string | null | undefined,
  name: N,
  ...args: CallArgs<N>
): Promise<{ status: number; body: NonNullable<CallResult<N>> & Partial<ApiError> }> {
  const { method, url, body } = buildRequest(name, ...args);
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await globalThis.fetch(baseUrl.replace(/\/$/, '') + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as NonNullable<CallResult<N>> & Partial<ApiError> };
}

export type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; ok: boolean; json(): Promise<unknown>; text(): Promise<string> }>;

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

  /** Calls one route of the contract; the answer is parsed with the route's schema (null for 204). */
  async call<N extends HallRouteName>(name: N, ...args: CallArgs<N>): Promise<CallResult<N>> {
    const { method, url, body } = buildRequest(name, ...args);
    return (await this.request(method, url, body, (status) => answerSchema(name, status))) as CallResult<N>;
  }

  /** Calls a route but leaves its answer unparsed (a caller that validates item by item, keeping the good ones). */
  async callRaw<N extends HallRouteName>(name: N, ...args: CallArgs<N>): Promise<unknown> {
    const { method, url, body } = buildRequest(name, ...args);
    return this.request(method, url, body, () => undefined);
  }

  /** The absolute URL of a route that is not JSON (the event WebSocket, a file download). */
  url<N extends HallRouteName>(name: N, ...args: CallArgs<N>): string {
    return this.baseUrl + buildRequest(name, ...args).url;
  }

  private async request(method: string, path: string, body: unknown, schemaFor: (status: number) => z.ZodType | undefined): Promise<unknown> {
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
    const schema = schemaFor(res.status);
    if (!schema) return json;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CodedError('HALL_BAD_RESPONSE', '大厅服务器返回的数据格式与本机版本不一致，请联系管理员', 502, parsed.error.issues);
    return parsed.data;
  }

  /** `unlock`: a manager's 工号 + password for a clerk the duty rota does not seat at `windowNo` (audited by the hall). */
  async login(workNo: string, password: string, windowNo?: number, unlock?: { workNo: string; password: string }): Promise<LoginResponse> {
    const r = await this.call('auth.login', { body: { workNo, password, ...(windowNo ? { windowNo } : {}), ...(unlock ? { unlock } : {}) } });
    this.token = r.token;
    return r;
  }

  /** Checks a staff member's credentials without signing him in (no token kept, nobody seated). */
  async verifyCredentials(workNo: string, password: string): Promise<CallResult<'auth.verify'>> {
    return this.call('auth.verify', { body: { workNo, password } });
  }

  async logout(): Promise<void> {
    if (!this.token) return;
    try {
      await this.call('auth.logout');
    } finally {
      this.token = null;
    }
  }

  async enroll(code: string, kind: 'kiosk' | 'display' | 'pad' | 'counter', name: string): Promise<string> {
    const r = await this.call('devices.enroll', { body: { code, kind, name } });
    this.token = r.token;
    return r.token;
  }

  async queue(): Promise<QueueSnapshot> {
    return this.call('queue.snapshot');
  }

  async issueTicket(input: {
    category: string;
    channel?: TicketChannel;
    priority?: PriorityClass;
    idNumber?: string;
    requestId?: string;
  }): Promise<IssuedTicket> {
    return this.call('tickets.issue', { body: input });
  }

  async callNext(windowNo: number, input: { category?: string; ticketId?: string; requestId?: string }): Promise<Ticket | null> {
    const r = await this.call('windows.callNext', { params: { windowNo }, body: input });
    return r ? r.ticket : null;
  }

  /** recall | no-show | start | finish | transfer | suspend | pause | resume | close …, by contract name. */
  async windowAction<
    N extends Exclude<
      WindowActionRoute,
      'windows.callNext' | 'windows.get' | 'windows.suspended' | 'windows.reportDevices' | 'windows.assignment' | 'windows.takeover'
    >,
  >(windowNo: number, name: N, body: RouteInput<HallRoutes[N]>['body']): Promise<WindowActionResponse> {
    return (await this.call(name as 'windows.transfer', { params: { windowNo }, body: body as RouteInput<HallRoutes['windows.transfer']>['body'] }))!;
  }
}
