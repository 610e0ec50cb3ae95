// Small HTTP helpers for central tests: a JSON call, sign-in, enrollment, and a snapshot of the
// projection tables (to compare with a fresh rebuild).
import type { Kysely } from 'kysely';
import type { CentralDB } from '../../central/db/schema';
import { PROJECTION_TABLES } from '../../central/uplink/project';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Reply<T = any> {
  status: number;
  body: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(url: string, method: string, path: string, token?: string | null, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function supervisorToken(url: string): Promise<string> {
  const r = await call<{ token: string }>(url, 'POST', '/api/auth/login', null, { workNo: 'S001', password: 'demo' });
  if (r.status !== 200) throw new Error(`login ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export async function enroll(url: string, enrollmentCode: string): Promise<{ hallId: string; hallToken: string; lastSeq: number }> {
  const r = await call(url, 'POST', '/api/uplink/enroll', null, { enrollmentCode });
  if (r.status !== 200) throw new Error(`enroll ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Every projection row of one hall (or all halls), ordered, without the updated_at stamp. */
export async function projectionSnapshot(db: Kysely<CentralDB>, hallId?: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of PROJECTION_TABLES) {
    let q = db.selectFrom(t).selectAll();
    if (hallId !== undefined) q = q.where('hall_id', '=', hallId);
    const rows = (await q.execute()) as Record<string, unknown>[];
    out[t] = rows
      .map((r) => {
        const { updated_at: _u, ...rest } = r;
        return JSON.parse(JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>;
      })
      .map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === 'string' && /^-?\d+$/.test(v) && k !== 'case_no' && !k.endsWith('_id') && k !== 'work_no' ? Number(v) : v,
          ]),
        ),
      )
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}
