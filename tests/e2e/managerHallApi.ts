// Small typed helpers the role e2e tests use to drive the real hall server over HTTP
// (sign in as a clerk or the manager, issue tickets, act at a window). `call` goes through the
// hall API contract (domain/api/routes.ts) and is typed by it; `api` is the raw door for the
// tests that send what the contract would not let them (wrong bodies, no token).
import { callWithStatus } from '../../domain/api/hallClient';

export const call = callWithStatus;

export async function api<T = unknown>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function login(base: string, workNo: string, password = 'demo'): Promise<string> {
  const r = await call(base, undefined, 'auth.login', { body: { workNo, password } });
  if (r.status !== 200) throw new Error(`login ${workNo}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export async function issue(
  base: string,
  token: string,
  category: string,
  extra: { priority?: 'normal' | 'elderly' | 'disabled' | 'pregnant' | 'vip' | 'appointment'; idNumber?: string } = {},
): Promise<{ id: string; number: string }> {
  const r = await call(base, token, 'tickets.issue', { body: { category, channel: 'manual', ...extra } });
  if (r.status !== 201) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function callNext(base: string, token: string, windowNo: number): Promise<{ number: string } | null> {
  const r = await call(base, token, 'windows.callNext', { params: { windowNo }, body: {} });
  if (r.status === 204) return null;
  if (r.status !== 200) throw new Error(`call-next: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.ticket;
}

/** Opens the manager console at 1440×900 and signs in as M001 (the board shows). */
export async function openManagerConsole(page: import('@playwright/test').Page, hall: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${hall}/#/manager`);
  await page.getByLabel('工号').fill('M001');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('manager-board').waitFor();
}
