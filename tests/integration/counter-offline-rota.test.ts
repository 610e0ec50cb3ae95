// The duty rota holds at a counter cut off from the hall: every online sign-in brings the window's
// rota for the next 14 days (domain/rota/ahead.ts), and a sign-in against the cached verifier
// follows it as the hall would — A yes, B on leave no, a clerk off the rota no — unless a manager
// whose verifier is cached here unlocks. A real hall server (in-process, real HTTP, demo rota:
// window 1's A is C001, B is C002 every day) and a real counter core; "offline" is the hall closed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import { client, login } from './server-harness';
import { hallTime } from '../../domain/calendar/hallTime';

let hall: HallServer;
let core: CounterCore;
let hallStopped = false;
const today = hallTime(Date.now(), 'Asia/Shanghai').date;
const month = today.slice(0, 7);

const signIn = (workNo: string, unlock?: { workNo: string; password: string }) =>
  core.host.call('session.login', { workNo, password: 'demo', ...(unlock ? { unlock } : {}) });

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'offline-rota-'));
  core = await createCounterCore(coreConfigSchema.parse({ windowNo: 1, hallUrl: hall.url, dataDir: join(dir, 'counter') }));
}, 60_000);
afterAll(async () => {
  await core?.close();
  if (!hallStopped) await hall?.close();
});

describe('offline sign-in follows the duty rota the hall last sent', () => {
  it('online: each sign-in caches the verifier and the window’s next 14 days; C002 is put on leave today', async () => {
    // C004 is off window 1's rota: a manager's unlock seats him online (his verifier is cached).
    expect((await signIn('C004', { workNo: 'M001', password: 'demo' })).offlineSignIn).toBe(false);
    // M001 unlocks admin actions at this counter online: his verifier is cached as a manager's.
    expect((await core.host.call('session.managerUnlock', { workNo: 'M001', password: 'demo' })).managerUnlock?.workNo).toBe('M001');
    await core.host.call('session.managerLock', {});
    await core.host.call('session.logout', {});
    // B signs in while A is not seated (allowed online), so C002's verifier is cached too.
    expect((await signIn('C002')).offlineSignIn).toBe(false);
    await core.host.call('session.logout', {});

    // The manager puts C002 on leave today; C001's sign-in afterwards brings that to the counter.
    const manager = client(hall.url, await login(hall.url, 'M001'));
    const m = (await manager.get(`/api/rota/${month}`)).body as { cells: unknown[]; days: unknown[]; leave: { workNo: string; date: string }[] };
    const put = await manager.put(`/api/rota/${month}`, { cells: m.cells, days: m.days, leave: [...m.leave, { workNo: 'C002', date: today }] });
    expect(put.status).toBe(200);
    expect((await signIn('C001')).offlineSignIn).toBe(false);
    await core.host.call('session.logout', {});
    const cached = core.db.prepare('SELECT window_no, body FROM rota_ahead').get() as { window_no: number; body: string };
    expect(cached.window_no).toBe(1);
    const days = (JSON.parse(cached.body) as { days: { date: string; a: string; b: string; away: string[] }[] }).days;
    expect(days).toHaveLength(14);
    expect(days[0]).toMatchObject({ date: today, a: 'C001', b: 'C002', away: ['C002'] });
  });

  it('offline: A gets in; B on leave and a clerk off the rota are refused with the hall’s codes; only a cached manager unlocks', async () => {
    await hall.close();
    hallStopped = true;
    const a = await signIn('C001');
    expect(a).toMatchObject({ offlineSignIn: true, clerk: { workNo: 'C001' } });
    await core.host.call('session.logout', {});

    await expect(signIn('C002')).rejects.toMatchObject({ code: 'on_leave', status: 403 });
    const offRota = signIn('C004');
    await expect(offRota).rejects.toMatchObject({ code: 'off_rota', status: 403, details: { windowNo: 1 } });
    await expect(offRota).rejects.toThrow(/1 号窗口/);
    // A wrong manager password, or a clerk as the "manager": refused.
    await expect(signIn('C004', { workNo: 'M001', password: 'wrong' })).rejects.toMatchObject({ code: 'unlock_bad_credentials' });
    await expect(signIn('C004', { workNo: 'C001', password: 'demo' })).rejects.toMatchObject({ code: 'unlock_not_manager' });
    // A manager never cached at this counter cannot unlock offline.
    await expect(signIn('C004', { workNo: 'M009', password: 'demo' })).rejects.toMatchObject({ code: 'unlock_bad_credentials' });
    expect(await core.host.call('session.get', {})).toMatchObject({ clerk: null });

    const unlocked = await signIn('C004', { workNo: 'M001', password: 'demo' });
    expect(unlocked).toMatchObject({ offlineSignIn: true, clerk: { workNo: 'C004' } });
    const audit = await core.host.call('audit.list', { limit: 20 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['session.loginOffline', 'session.rotaUnlock']));
    expect(audit.find((e) => e.action === 'session.rotaUnlock')).toMatchObject({ workNo: 'M001', target: 'C004' });
    await core.host.call('session.logout', {});
  });

  it('a cached rota that no longer parses counts as none: sign-in works as before the rota came to the counter', async () => {
    core.db.prepare(`UPDATE rota_ahead SET body = '{"windowNo":1,"zone":"Mars/Olympus","days":[]}'`).run();
    expect((await signIn('C004')).offlineSignIn).toBe(true);
    await core.host.call('session.logout', {});
  });
});
