// Schema-driven fuzz of the hall server API (issue 12). Against the REAL server process: every
// route in /api/openapi.json gets plausible, mutated and random bodies, odd path params, query
// strings and headers, with every credential kind (none, a bad token, clerk, manager, and each
// device kind). Never a 5xx; a rejected write leaves the database as it was (fingerprint of every
// table before/after); afterwards the server is stopped and starts again on its data.
// Deterministic: FUZZ_SEED (default 12); FUZZ_ITER requests per route and credential (default 3).
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHall, tempDataDir, login, enroll, type HallProcess } from './server-harness';
import { HOSTILE_STRINGS, mutate, pick, plausible, randomJson, seeded, type JsonSchema, type Rng } from '../support/schemaFuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 12);
const ITER = Number(process.env.FUZZ_ITER ?? 3);

interface Op {
  method: string;
  path: string;
  params: { in: string; name: string; schema?: JsonSchema }[];
  body?: JsonSchema;
}

/** Routes that end or revoke the caller's credentials run last, so they do not starve the others. */
const LAST = [/\/logout$/, /\/revoke$/, /\/password$/, /^\/api\/admin\/staff\/\{workNo\}$/, /\/close$/];

/** Known-good values for named fields, so mutations reach past the first check. */
const HINTS: Record<string, unknown[]> = {
  windowNo: [1, 2, 3, 4, 99999, -1, 0],
  no: [1, 2, 3, 99999],
  workNo: ['C001', 'C002', 'M001', 'NOPE'],
  category: ['A', 'B', 'C', 'ZZ'],
  code: ['A', 'B', 'KIOSK-DEMO', 'WRONG-CODE'],
  kind: ['counter', 'kiosk', 'display', 'pad', 'robot'],
  level: ['veryDissatisfied', 'satisfied'],
  wait: [0, 5],
  waitMs: [0, 5],
  since: [0, 1, 1e9],
  limit: [1, 10, 1000],
  from: ['2026-03-01', '2026-02-30'],
  to: ['2026-03-31', '2026-13-45'],
  ratedAt: ['2026-03-02T10:00:00+08:00', '2026-13-45'],
  at: ['2026-03-02T10:00:00+08:00', '2026-13-45'],
  date: ['2026-03-02', '2026-02-30'],
  password: ['demo', 'abc12345', 'x'],
  idNumber: ['110105199001010011', '11010519900101001X', '123'],
};

let dataDir: string;
let hall: HallProcess;
let doc: { paths: Record<string, Record<string, { parameters?: Op['params']; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };
let creds: [string, string | null][];
let ro: Database.Database;
/** A manager the fuzz never uses (its own manager may log itself out or reset passwords). */
let observer: string;

/** Everything a rejected request must leave untouched (audit rows of failed sign-ins and derived caches aside). */
const EXCLUDED = new Set(['sessions', 'signin_throttle', 'idempotency', 'sync_cases', 'sync_dirty', 'schema_migrations', 'events']);
function fingerprint(): string {
  const h = crypto.createHash('sha256');
  const tables = (ro.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
  for (const t of tables) {
    if (EXCLUDED.has(t)) continue;
    h.update(t);
    for (const row of ro.prepare(`SELECT * FROM "${t}"`).raw().all())
      h.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('base64') : v)));
  }
  h.update(JSON.stringify(ro.prepare("SELECT COUNT(*), MAX(seq) FROM events WHERE type NOT LIKE 'auth.%'").raw().get()));
  return h.digest('hex');
}

function operations(): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  const rank = (o: Op) => (LAST.some((re) => re.test(o.path)) ? 1 : 0);
  return ops.sort((a, b) => rank(a) - rank(b));
}

/** A lone surrogate cannot be encoded: send its raw (invalid UTF-8) bytes instead. */
function encodePart(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

interface Built {
  url: string;
  init: RequestInit;
  desc: string;
}

function build(rng: Rng, op: Op, token: string | null): Built {
  let path = op.path;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const v = rng() < 0.6 ? plausible(rng, p.schema, HINTS, p.name) : pick(rng, HOSTILE_STRINGS);
    path = path.replace(`{${p.name}}`, encodePart(String(v === '' ? ' ' : v)));
  }
  const qs = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (rng() < 0.3) continue;
    const v = rng() < 0.6 ? plausible(rng, p.schema, HINTS, p.name) : mutate(rng, undefined, p.schema);
    // Long-polls wait at most a moment (a plausible wait would otherwise hold the request open).
    qs.set(p.name, /^wait/.test(p.name) && typeof v === 'number' ? String(Math.min(v, 20)) : typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  if (rng() < 0.2) qs.set(pick(rng, ['token', 'x', 'windowNo', '__proto__']), pick(rng, HOSTILE_STRINGS).replace(/[\uD800-\uDFFF]/g, ''));
  const headers: Record<string, string> = {};
  if (token) headers.authorization = rng() < 0.95 ? `Bearer ${token}` : pick(rng, [`bearer   ${token}  `, `Basic ${token}`, `Bearer ${token}x`]);
  if (rng() < 0.15)
    headers[pick(rng, ['x-forwarded-for', 'accept', 'x-request-id', 'origin', 'accept-language'])] = pick(
      rng,
      HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s)),
    );
  let body: string | undefined;
  let desc = 'no body';
  if (op.method !== 'GET') {
    const mode = rng();
    if (mode < 0.3) {
      body = JSON.stringify(plausible(rng, op.body, HINTS));
      desc = 'plausible';
    } else if (mode < 0.7) {
      let v = plausible(rng, op.body, HINTS);
      for (let i = 0; i < 1 + Math.floor(rng() * 3); i++) v = mutate(rng, v, op.body);
      body = JSON.stringify(v);
      desc = 'mutated';
    } else if (mode < 0.85) {
      body = JSON.stringify(randomJson(rng));
      desc = 'random';
    } else {
      body = pick(rng, ['{', '{"a":', 'null', '', '[]', '"x"', '{"__proto__":{"admin":true}}', 'x'.repeat(70_000), '\u0000']);
      desc = 'raw';
    }
    if (body !== undefined)
      headers['content-type'] =
        rng() < 0.93
          ? 'application/json'
          : pick(rng, ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=gbk', 'multipart/form-data']);
  }
  const q = qs.toString();
  return { url: `${hall.url}${path}${q ? `?${q}` : ''}`, init: { method: op.method, headers, body }, desc };
}

beforeAll(async () => {
  dataDir = tempDataDir();
  hall = await spawnHall({ dataDir });
  doc = (await (await fetch(`${hall.url}/api/openapi.json`)).json()) as typeof doc;
  creds = [
    ['none', null],
    ['bad token', 'not-a-real-token'],
    ['clerk', await login(hall.url, 'C002')],
    ['manager', await login(hall.url, 'M001')],
    ['counter', await enroll(hall.url, 'counter')],
    ['pad', await enroll(hall.url, 'pad')],
    ['kiosk', await enroll(hall.url, 'kiosk')],
    ['display', await enroll(hall.url, 'display')],
  ];
  ro = new Database(`${dataDir}/hall.sqlite`, { readonly: true, fileMustExist: true });
  const created = await fetch(`${hall.url}/api/admin/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${creds[3]![1]}` },
    body: JSON.stringify({ workNo: 'M050', name: '观察员', role: 'manager', password: 'observe2026' }),
  });
  expect(created.status).toBe(201);
  observer = await login(hall.url, 'M050', 'observe2026');
}, 60_000);

afterAll(async () => {
  ro?.close();
  await hall?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`API fuzz (seed ${SEED}, ${ITER} per route and credential)`, () => {
  it('covers every route in the OpenAPI document with every credential: no 5xx, nothing half-written', async () => {
    const rng = seeded(SEED);
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const op of ops) {
      for (const [credName, token] of creds) {
        for (let i = 0; i < ITER; i++) {
          const req = build(rng, op, token);
          const before = op.method === 'GET' ? null : fingerprint();
          let status: number;
          try {
            const res = await fetch(req.url, { ...req.init, signal: AbortSignal.timeout(15_000) });
            status = res.status;
            await res.arrayBuffer();
          } catch (e) {
            failures.push(`${op.method} ${op.path} [${credName}, ${req.desc}]: no answer (${(e as Error).message})`);
            continue;
          }
          sent++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500)
            failures.push(
              `${op.method} ${req.url.slice(hall.url.length, 200)} [${credName}, ${req.desc}] → ${status}; body ${String(req.init.body).slice(0, 200)}`,
            );
          else if (before !== null && status >= 400 && fingerprint() !== before)
            failures.push(`${op.method} ${op.path} [${credName}, ${req.desc}] → ${status} but the database changed`);
        }
      }
    }
    console.log(
      `fuzz: ${ops.length} routes × ${creds.length} credentials × ${ITER} = ${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(failures).toEqual([]);
    // Nothing accepted was unreadable later: the server skipped no stored row and no listener failed.
    const manager = observer;
    const problems = await fetch(`${hall.url}/api/admin/problems`, { headers: { authorization: `Bearer ${manager}` } });
    expect(problems.status).toBe(200);
    expect((await problems.json()) as { total: number; recent: unknown[] }).toMatchObject({ total: 0 });
    expect(hall.proc.exitCode).toBeNull();
    expect(hall.stderr()).not.toMatch(/"level":50/);
  }, 300_000);

  it('the server starts again on the data the fuzz left and answers', async () => {
    ro.close();
    await hall.stop();
    hall = await spawnHall({ dataDir, args: [] });
    ro = new Database(`${dataDir}/hall.sqlite`, { readonly: true, fileMustExist: true });
    expect((await fetch(`${hall.url}/api/health`)).status).toBe(200);
    const display = creds.find(([n]) => n === 'display')![1]!;
    const q = await fetch(`${hall.url}/api/queue`, { headers: { authorization: `Bearer ${display}` } });
    expect([200, 401]).toContain(q.status);
    expect((await fetch(`${hall.url}/api/kiosk/categories`)).status).toBeLessThan(500);
    const manager = observer;
    const problems = await fetch(`${hall.url}/api/admin/problems`, { headers: { authorization: `Bearer ${manager}` } });
    expect(problems.status).toBe(200);
    expect(((await problems.json()) as { counts: Record<string, number> }).counts).toEqual({});
  }, 60_000);
});
