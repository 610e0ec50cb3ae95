// Manager unlock at the counter (issue 5): admin actions (resolving a dead letter) need a hall
// manager's 工号 + password; a clerk's do not count; the unlock is audited and lapses on its own.
// Against a real hall server (in-process, real HTTP on 127.0.0.1) and a real counter core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { startHallServer, type HallServer } from '../../server/app';
import type { HallContext } from '../../server/context';
import { createCounterCore, type CounterCore } from '../../electron/core/counterCore';
import { coreConfigSchema } from '../../electron/core/config';
import type { SessionState } from '../../domain/contract/core';
import { waitFor } from '../support/waitFor';

const UNLOCK_MS = 1500;
let hall: HallServer & { ctx: HallContext };
let core: CounterCore;
let hallStopped = false;
const sessions: SessionState[] = [];

/** A local event the hall server rejected for good, as the sync engine would have stamped it. */
function deadLetter(): string {
  const id = uuidv7();
  const seq = (core.db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM events WHERE device_id = 'W9-test'`).get() as { n: number }).n;
  core.db
    .prepare(
      `INSERT INTO events (id, stream, stream_id, device_id, seq, kind, at, actor, payload, schema_version, origin, rejected_code, rejected_message)
    VALUES (?, 'case', ?, 'W9-test', ?, 'accepted', ?, '{"workNo":"C009","windowNo":9}', '{}', 1, 'local', 'CASE_EVENT_PAYLOAD_INVALID', '受理事件内容不完整')`,
    )
    .run(id, uuidv7(), seq, new Date().toISOString());
  return id;
}

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'counter-unlock-'));
  core = await createCounterCore(coreConfigSchema.parse({ windowNo: 1, hallUrl: hall.url, dataDir: join(dir, 'counter'), managerUnlockMs: UNLOCK_MS }));
  core.host.attach((m) => {
    if (m.t === 'event' && m.event === 'session') sessions.push(m.payload as SessionState);
  });
  await core.host.call('session.login', { workNo: 'C001', password: 'demo' });
}, 60_000);

afterAll(async () => {
  await core?.close();
  if (!hallStopped) await hall?.close();
});

describe('manager unlock for admin actions at the counter', () => {
  it('refuses to resolve a dead letter without an unlock', async () => {
    const id = deadLetter();
    expect((await core.host.call('session.get', {})).managerUnlock).toBeNull();
    await expect(core.host.call('sync.resolveDeadLetter', { id, note: '已重新录入' })).rejects.toMatchObject({
      code: 'MANAGER_UNLOCK_REQUIRED',
      message: '此操作需要大厅管理员授权',
    });
    expect((await core.host.call('sync.deadLetters', { includeResolved: false })).map((d) => d.id)).toContain(id);
  });

  it("refuses a clerk's credentials and a wrong password, without touching anyone's seat or token", async () => {
    const seatOf = (no: number) => hall.ctx.engine.window(no).clerk_work_no;
    const window2 = seatOf(2);
    await expect(core.host.call('session.managerUnlock', { workNo: 'C002', password: 'demo' })).rejects.toMatchObject({ code: 'NOT_A_MANAGER' });
    await expect(core.host.call('session.managerUnlock', { workNo: 'C001', password: 'demo' })).rejects.toMatchObject({ code: 'NOT_A_MANAGER' });
    await expect(core.host.call('session.managerUnlock', { workNo: 'M001', password: 'wrong' })).rejects.toMatchObject({ code: 'MANAGER_UNLOCK_FAILED' });
    // verify is not login: C001 is still seated at window 1 with a working token, C002 was not seated.
    expect(seatOf(1)).toBe('C001');
    expect(seatOf(2)).toBe(window2);
    expect((await core.host.call('queue.get', {})).online).toBe(true);
    expect((await core.host.call('session.get', {})).managerUnlock).toBeNull();
    const audit = await core.host.call('audit.list', { limit: 50 });
    expect(
      audit
        .filter((e) => e.action === 'session.managerUnlockFailed')
        .map((e) => e.target)
        .sort(),
    ).toEqual(['C001', 'C002', 'M001']);
    expect(JSON.stringify(audit)).not.toContain('wrong');
  });

  it('a manager unlocks, the resolve goes through and both are audited; the unlock lapses by itself', async () => {
    const id = deadLetter();
    const s = await core.host.call('session.managerUnlock', { workNo: 'M001', password: 'demo' });
    expect(s.clerk?.workNo).toBe('C001'); // the clerk stays signed in
    expect(s.managerUnlock).toMatchObject({ workNo: 'M001', name: '王建国' });
    const until = Date.parse(s.managerUnlock!.until);
    expect(until - Date.now()).toBeGreaterThan(0);
    expect(until - Date.now()).toBeLessThanOrEqual(UNLOCK_MS);
    expect(sessions.at(-1)?.managerUnlock?.workNo).toBe('M001');

    expect(await core.host.call('sync.resolveDeadLetter', { id, note: '已重新录入' })).toEqual({ resolved: true });
    const audit = await core.host.call('audit.list', { limit: 50 });
    const unlock = audit.find((e) => e.action === 'session.managerUnlock')!;
    expect(unlock).toMatchObject({ workNo: 'M001', target: 'C001', windowNo: 1 });
    expect((unlock.after as { until: string }).until).toBe(s.managerUnlock!.until);
    expect(audit.find((e) => e.action === 'sync.resolveDeadLetter' && e.target === id)?.after).toMatchObject({ authorizedBy: 'M001', note: '已重新录入' });

    // Expiry: the core pushes a session without the unlock, and the next resolve is refused.
    const next = deadLetter();
    await waitFor(() => sessions.at(-1)?.managerUnlock === null, UNLOCK_MS + 3000);
    expect((await core.host.call('session.get', {})).managerUnlock).toBeNull();
    await expect(core.host.call('sync.resolveDeadLetter', { id: next, note: '已处理' })).rejects.toMatchObject({ code: 'MANAGER_UNLOCK_REQUIRED' });
  });

  it('结束授权 ends the unlock at once and is audited', async () => {
    await core.host.call('session.managerUnlock', { workNo: 'M001', password: 'demo' });
    const s = await core.host.call('session.managerLock', {});
    expect(s.managerUnlock).toBeNull();
    const [id] = (await core.host.call('sync.deadLetters', { includeResolved: false })).map((d) => d.id);
    await expect(core.host.call('sync.resolveDeadLetter', { id: id!, note: '已处理' })).rejects.toMatchObject({ code: 'MANAGER_UNLOCK_REQUIRED' });
    const audit = await core.host.call('audit.list', { limit: 50 });
    expect(audit.some((e) => e.action === 'session.managerLock' && e.target === 'M001' && e.workNo === 'C001')).toBe(true);
  });

  it('offline: only a manager credential cached from an earlier online unlock counts', async () => {
    await hall.close();
    hallStopped = true;
    // C001's verifier is cached (he signed in online) but as a clerk.
    await expect(core.host.call('session.managerUnlock', { workNo: 'C001', password: 'demo' })).rejects.toMatchObject({ code: 'NOT_A_MANAGER' });
    await expect(core.host.call('session.managerUnlock', { workNo: 'M001', password: 'wrong' })).rejects.toMatchObject({ code: 'MANAGER_UNLOCK_FAILED' });
    await expect(core.host.call('session.managerUnlock', { workNo: 'M002', password: 'demo' })).rejects.toMatchObject({ code: 'MANAGER_UNLOCK_FAILED' });
    const s = await core.host.call('session.managerUnlock', { workNo: 'M001', password: 'demo' });
    expect(s.managerUnlock?.workNo).toBe('M001');
    const [id] = (await core.host.call('sync.deadLetters', { includeResolved: false })).map((d) => d.id);
    expect(await core.host.call('sync.resolveDeadLetter', { id: id!, note: '离线授权处理' })).toEqual({ resolved: true });
    await core.host.call('session.managerLock', {});
  });
});
