// Trust (issue 12): a deactivated, reset or demoted person cannot sign in offline at the counter.
// A real hall server (in-process, real HTTP) and a real counter core; "offline" is the hall closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import { client, login } from './server-harness';

let hall: HallServer;
let core: CounterCore;
let hallStopped = false;
let manager: ReturnType<typeof client>;

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'trust-offline-'));
  core = await createCounterCore(coreConfigSchema.parse({ windowNo: 1, hallUrl: hall.url, dataDir: join(dir, 'counter') }));
  manager = client(hall.url, await login(hall.url, 'M001'));
  expect((await manager.post('/api/admin/staff', { workNo: 'M007', name: '冯主任', role: 'manager', password: 'feng2026' })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await core?.close();
  if (!hallStopped) await hall?.close();
});

const patchStaff = (workNo: string, body: unknown) =>
  fetch(`${hall.url}/api/admin/staff/${workNo}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${managerToken}` },
    body: JSON.stringify(body),
  });
let managerToken = '';

describe('offline sign-in follows what the hall last said', () => {
  it('prepares: C001 signs in online at window 1, M007 unlocks online (both cached)', async () => {
    managerToken = await login(hall.url, 'M001');
    expect((await core.host.call('session.login', { workNo: 'C001', password: 'demo' })).offlineSignIn).toBe(false);
    expect((await core.host.call('session.managerUnlock', { workNo: 'M007', password: 'feng2026' })).managerUnlock?.workNo).toBe('M007');
    await core.host.call('session.managerLock', {});
  });

  it("a password reset revokes C001's token: the core's next call gets 401 and drops his verifier", async () => {
    expect((await manager.post('/api/admin/staff/C001/password', { password: 'zhang2026' })).status).toBe(204);
    await expect(core.host.call('queue.callNext', {})).rejects.toMatchObject({ status: 401 });
  });

  it('a deactivated clerk: the online answer 401 drops the verifier', async () => {
    // C002 signs in here once (cached), is deactivated, then tries online again.
    await core.host.call('session.logout', {});
    // Window 1's rota (demo) has C002 as B behind C001, still seated: a manager's unlock seats him here.
    expect((await core.host.call('session.login', { workNo: 'C002', password: 'demo', unlock: { workNo: 'M001', password: 'demo' } })).offlineSignIn).toBe(
      false,
    );
    await core.host.call('session.logout', {});
    expect((await patchStaff('C002', { active: false })).status).toBe(200);
    await expect(core.host.call('session.login', { workNo: 'C002', password: 'demo' })).rejects.toMatchObject({ code: 'bad_credentials' });
  });

  it('a demoted manager: the online verify answers clerk, and the cached verifier stops counting as a manager', async () => {
    // A manager unlock needs a clerk signed in at the counter.
    // C004 is not on window 1's rota (demo): a manager's unlock seats him here.
    expect((await core.host.call('session.login', { workNo: 'C004', password: 'demo', unlock: { workNo: 'M001', password: 'demo' } })).offlineSignIn).toBe(
      false,
    );
    expect((await patchStaff('M007', { role: 'clerk' })).status).toBe(200);
    await expect(core.host.call('session.managerUnlock', { workNo: 'M007', password: 'feng2026' })).rejects.toMatchObject({ code: 'NOT_A_MANAGER' });
  });

  it('offline: none of them gets in', async () => {
    await hall.close();
    hallStopped = true;
    await expect(core.host.call('session.managerUnlock', { workNo: 'M007', password: 'feng2026' })).rejects.toMatchObject({ code: 'NOT_A_MANAGER' });
    await expect(core.host.call('session.login', { workNo: 'C001', password: 'demo' })).rejects.toMatchObject({ code: 'OFFLINE_SIGNIN_UNAVAILABLE' });
    await expect(core.host.call('session.login', { workNo: 'C002', password: 'demo' })).rejects.toMatchObject({ code: 'OFFLINE_SIGNIN_UNAVAILABLE' });
    // C004's verifier is still good, but he is off window 1's rota (demo): refused offline as online
    // (tests/integration/counter-offline-rota.test.ts has the rest of the rota offline).
    await expect(core.host.call('session.login', { workNo: 'C004', password: 'demo' })).rejects.toMatchObject({ code: 'off_rota' });
  });
});
