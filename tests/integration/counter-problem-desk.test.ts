// 「办不成事登记」 at the counter against real parts: a hall server process (demo seed, window 9 is
// the 办不成事 window and C007 its clerk), the counter core at window 9 and a TCP printer sink
// decoding the ESC/POS it receives. The problem is recorded on the hall (its number, its ledger),
// the 反映回执 prints on the counter's printer with the number and the masked name; a replay of
// the same requestId is one problem; a wrong value is refused; a window that is not the desk and
// a clerk signed in elsewhere are refused by the hall; the hall gone says so in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { api, login } from '../e2e/managerHallApi';
import { startCounterAtDemoHall, type CounterAtHall } from '../support/counterAtDemoHall';
import type { ProblemLedger } from '../../domain/api/practices';
import type { CounterProblemInput } from '../../domain/contract/core';

let chain: CounterAtHall;
let managerToken: string;

const input = (requestId = uuidv7()): CounterProblemInput => ({
  requestId,
  applicant: { kind: 'person', name: '欧阳明华', idNumber: '11010519491231002X', phone: '13800138000' },
  tried: '想给孩子办理城乡居民医保参保登记',
  failedAt: { department: '区医保局', item: '城乡居民基本医疗保险参保登记' },
  cause: 'shuffled',
  asks: '希望明确由哪个部门办理',
  promisedDays: 5,
});

beforeAll(async () => {
  chain = await startCounterAtDemoHall({ prefix: 'counter-problem-desk', windowNo: 9, workNo: 'C007' });
  managerToken = await login(chain.base, 'M001');
}, 60_000);

afterAll(async () => {
  await chain?.close();
});

describe('办不成事登记 at window 9', () => {
  it('the hall names its 办不成事 windows: the counter at 9 is one; a kiosk may not ask', async () => {
    expect(await chain.core.host.call('problems.desk', {})).toEqual({ problemDesk: true, windowNo: 9 });
    const r = await api<{ windows: number[] }>(chain.base, 'GET', '/api/practices/problem-desks', managerToken);
    expect(r.body.windows).toEqual([9]);
    const kiosk = (await api<{ token: string }>(chain.base, 'POST', '/api/devices/enroll', undefined, { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k' })).body
      .token;
    expect((await api(chain.base, 'GET', '/api/practices/problem-desks', kiosk)).status).toBe(403);
  });

  let no = '';
  it('records on the hall and prints the 反映回执 on this window’s printer (number, masked name, promised date)', async () => {
    const before = chain.sink.receipts.length;
    const r = await chain.core.host.call('problems.record', input());
    no = r.problem.no;
    expect(no).toMatch(/^BBC-\d{8}-\d{3}$/);
    expect(r.problem.windowNo).toBe(9);
    expect(r.printedByHall).toBe(false);
    expect(r.print).not.toBeNull();
    const [slip] = (await chain.sink.waitForReceipts(before + 1, 10_000)).slice(before);
    const text = slip!.lines.join('\n');
    expect(text).toContain('「办不成事」反映回执');
    expect(text).toContain(no);
    expect(text).toContain('区医保局');
    expect(text).not.toContain('欧阳明华'); // masked on paper too
    expect(text).not.toContain('11010519491231002X');
    const ledger = await api<ProblemLedger>(chain.base, 'GET', '/api/practices/problems', managerToken);
    const onHall = ledger.body.problems.find((p) => p.no === no)!;
    expect(onHall).toMatchObject({ windowNo: 9, recordedBy: 'C007', cause: 'shuffled' });
  });

  it('the same requestId again is the same problem (a lost answer retried), not a second one', async () => {
    const id = uuidv7();
    const a = await chain.core.host.call('problems.record', input(id));
    const b = await chain.core.host.call('problems.record', input(id));
    expect(b.problem.no).toBe(a.problem.no);
    const ledger = await api<ProblemLedger>(chain.base, 'GET', '/api/practices/problems', managerToken);
    expect(ledger.body.problems.filter((p) => p.no === a.problem.no)).toHaveLength(1);
  });

  it('refuses a wrong value before the hall sees it, and a date from the future on the hall', async () => {
    await expect(chain.core.host.call('problems.record', { ...input(), cause: 'whatever' } as never)).rejects.toMatchObject({ name: 'ZodError' }); // INVALID_INPUT over the RPC
    await expect(chain.core.host.call('problems.record', { ...input(), windowNo: 1 } as never)).rejects.toMatchObject({ name: 'ZodError' }); // the window is this counter's
    await expect(chain.core.host.call('problems.record', { ...input(), on: '2099-01-01' })).rejects.toMatchObject({ code: 'problem_date_future' });
  });

  it('a clerk signed in at another window may not record (the hall decides, not the counter)', async () => {
    const c1 = (await api<{ token: string }>(chain.base, 'POST', '/api/auth/login', undefined, { workNo: 'C001', password: 'demo', windowNo: 1 })).body.token;
    const r = await api<{ code: string }>(chain.base, 'POST', '/api/practices/problems', c1, { ...input(), windowNo: 9 });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('not_problem_desk');
  });

  it('hall gone: the desk answer is the last known one and recording says so in Chinese', async () => {
    await chain.hall.stop();
    expect((await chain.core.host.call('problems.desk', {})).problemDesk).toBe(true);
    await expect(chain.core.host.call('problems.record', input())).rejects.toMatchObject({
      code: 'PROBLEM_OFFLINE',
      message: expect.stringContaining('未连接大厅服务器'),
    });
  });
});
