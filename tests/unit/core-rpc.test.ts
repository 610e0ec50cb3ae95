import { describe, expect, it } from 'vitest';
import { createCoreHost, type CoreHandlers } from '../../electron/core/rpc/host';
import { openConnection } from '../../electron/core/rpc/connection';
import { CodedError } from '../../domain/api/errors';
import { coreMethods } from '../../domain/contract/core';
import type { WireReply, WirePush } from '../../domain/contract/wire';

function handlers(over: Partial<CoreHandlers> = {}): CoreHandlers {
  const fail = () => {
    throw new CodedError('NOT_IN_TEST', '测试中未实现');
  };
  const all = Object.fromEntries(Object.keys(coreMethods).map((k) => [k, fail])) as unknown as CoreHandlers;
  return { ...all, ...over };
}

function collect() {
  const out: (WireReply | WirePush)[] = [];
  return { out, sink: (m: WireReply | WirePush) => out.push(m) };
}

describe('core RPC host', () => {
  it('answers a valid call with the handler result', async () => {
    const host = createCoreHost(handlers({ 'queue.callNext': async ({ category }) => ({ id: 't1', number: `${category}001` }) as never }));
    const { out, sink } = collect();
    await host.handle({ t: 'call', id: 7, method: 'queue.callNext', input: { category: 'A' } }, sink);
    expect(out).toEqual([{ t: 'reply', id: 7, result: { id: 't1', number: 'A001' } }]);
  });

  it('rejects input that does not match the schema with INVALID_INPUT in Chinese', async () => {
    const host = createCoreHost(handlers());
    const { out, sink } = collect();
    await host.handle({ t: 'call', id: 1, method: 'session.login', input: { workNo: '', password: 'x' } }, sink);
    const r = out[0] as Extract<WireReply, { t: 'error' }>;
    expect(r.t).toBe('error');
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toMatch(/输入内容不正确/);
  });

  it('rejects unknown fields (strict schemas) and unknown methods', async () => {
    const host = createCoreHost(handlers({ 'pad.get': () => ({}) as never }));
    const { out, sink } = collect();
    await host.handle({ t: 'call', id: 2, method: 'pad.get', input: { extra: 1 } }, sink);
    await host.handle({ t: 'call', id: 3, method: '__proto__', input: {} }, sink);
    await host.handle({ t: 'call', id: 4, method: 'fs.readFile', input: {} }, sink);
    expect(out.map((m) => (m.t === 'error' ? m.error.code : 'ok'))).toEqual(['INVALID_INPUT', 'UNKNOWN_METHOD', 'UNKNOWN_METHOD']);
  });

  it('passes a coded error through and hides internal errors', async () => {
    const seen: string[] = [];
    const host = createCoreHost(
      handlers({
        'queue.recall': () => {
          throw new CodedError('RECALL_LIMIT', '已达到重呼次数上限');
        },
        'queue.start': () => {
          throw new Error('secret stack detail');
        },
      }),
      (_e, m) => seen.push(m),
    );
    const { out, sink } = collect();
    await host.handle({ t: 'call', id: 1, method: 'queue.recall', input: {} }, sink);
    await host.handle({ t: 'call', id: 2, method: 'queue.start', input: {} }, sink);
    expect(out[0]).toMatchObject({ t: 'error', error: { code: 'RECALL_LIMIT', message: '已达到重呼次数上限' } });
    expect(out[1]).toMatchObject({ t: 'error', error: { code: 'INTERNAL' } });
    expect(JSON.stringify(out[1])).not.toContain('secret');
    expect(seen).toEqual(['queue.start']);
  });

  it('answers a malformed message with BAD_MESSAGE', async () => {
    const host = createCoreHost(handlers());
    const { out, sink } = collect();
    await host.handle({ hello: 'world' }, sink);
    expect(out[0]).toMatchObject({ t: 'error', error: { code: 'BAD_MESSAGE' } });
  });

  it('a pad connection may only read the pad and rate, and sees only pad events', async () => {
    const host = createCoreHost(handlers({ 'pad.get': () => ({ phase: 'idle' }) as never }));
    const { out, sink } = collect();
    const conn = openConnection(host, 'pad', sink);
    conn.receive({ t: 'call', id: 1, method: 'queue.callNext', input: {} });
    conn.receive({ t: 'call', id: 2, method: 'pad.get', input: {} });
    await new Promise((r) => setTimeout(r, 10));
    host.emit('queue', { version: 3 });
    host.emit('pad', { phase: 'idle' } as never);
    conn.close();
    host.emit('pad', { phase: 'thanks' } as never);
    expect(out).toEqual([
      { t: 'error', id: 1, error: { code: 'FORBIDDEN_FOR_PAD', message: '评价器无权执行此操作' } },
      { t: 'reply', id: 2, result: { phase: 'idle' } },
      { t: 'event', event: 'pad', payload: { phase: 'idle' } },
    ]);
  });
});
