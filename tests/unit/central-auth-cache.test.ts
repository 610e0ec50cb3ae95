// A supervisor's session is re-read from the database at most every 5 s (central/auth.ts): logout
// ends it at once, expiry is still exact, and a session removed behind the process's back (another
// central process) stops working within those 5 s.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCentral, type CentralServer } from '../../central/app';
import { call, supervisorToken } from '../support/centralClient';

let c: CentralServer;
let clock = Date.parse('2026-12-07T01:00:00.000Z');

beforeAll(async () => {
  c = await startCentral({ seed: 'demo', logLevel: 'warn', now: () => clock });
});
afterAll(async () => {
  await c?.close();
});

const halls = (t: string) => call(c.url, 'GET', '/api/city/halls', t);

it('a session deleted elsewhere works for at most 5 s more', async () => {
  const t = await supervisorToken(c.url);
  expect((await halls(t)).status).toBe(200);
  await c.store.db.deleteFrom('city_sessions').execute();
  clock += 4_000;
  expect((await halls(t)).status).toBe(200);
  clock += 1_001;
  expect((await halls(t)).body.code).toBe('unauthorized');
});

it('expiry is exact even while the session is remembered; logout ends it at once', async () => {
  const t = await supervisorToken(c.url);
  clock += 12 * 3600_000 - 1_000; // one second before the 12-hour expiry: read and remembered
  expect((await halls(t)).status).toBe(200);
  clock += 1_000;
  expect((await halls(t)).body.code).toBe('token_expired');
  const u = await supervisorToken(c.url);
  expect((await halls(u)).status).toBe(200);
  expect((await call(c.url, 'POST', '/api/auth/logout', u)).status).toBe(200);
  expect((await halls(u)).status).toBe(401);
});
