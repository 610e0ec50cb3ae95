// The core side of the contract: validates every call's input against its zod schema, runs
// the handler and answers a typed error. Transports (WebSocket, MessagePort) only move JSON.
import { z } from 'zod';
import '../../../domain/zodLocale';
import { CodedError } from '../../../domain/api/errors';
import type { WireReply, WirePush } from '../../../domain/contract/wire';
import { isWireRequest } from '../../../domain/contract/wire';
import { coreMethods, type CoreMethods, type CoreEvents } from '../../../domain/contract/core';
import type { InputOf, OutputOf, PayloadOf } from '../../../domain/contract/define';

export type CoreHandlers = {
  [K in keyof CoreMethods]: (input: z.output<CoreMethods[K]['input']>) => Promise<OutputOf<CoreMethods, K>> | OutputOf<CoreMethods, K>;
};

export type Sink = (message: WireReply | WirePush) => void;

export interface CoreHost {
  /** Handle one raw message from a UI; the answer goes to `reply`. */
  handle(raw: unknown, reply: Sink): Promise<void>;
  /** Register a UI connection for pushed events; returns the unsubscribe. */
  attach(sink: Sink): () => void;
  emit<E extends keyof CoreEvents>(event: E, payload: PayloadOf<CoreEvents, E>): void;
  /** Direct typed call, for tests and in-process callers. */
  call<K extends keyof CoreMethods>(method: K, input: InputOf<CoreMethods, K>): Promise<OutputOf<CoreMethods, K>>;
}

export function toApiError(err: unknown): { code: string; message: string; details?: unknown } {
  if (err instanceof CodedError) return err.toJSON();
  if (err instanceof z.ZodError) {
    return {
      code: 'INVALID_INPUT',
      message: '输入内容不正确：' + err.issues.map((i) => `${i.path.join('.') || '参数'} ${i.message}`).join('；'),
      details: err.issues,
    };
  }
  return { code: 'INTERNAL', message: '系统内部错误，请稍后重试或联系管理员' };
}

export function createCoreHost(handlers: CoreHandlers, onInternalError?: (err: unknown, method: string) => void): CoreHost {
  const sinks = new Set<Sink>();

  async function invoke(method: string, input: unknown): Promise<unknown> {
    if (!Object.hasOwn(coreMethods, method)) throw new CodedError('UNKNOWN_METHOD', `未知的操作：${method}`);
    const name = method as keyof CoreMethods;
    const parsed = coreMethods[name].input.parse(input ?? {});
    const handler = handlers[name] as (i: unknown) => unknown;
    return await handler(parsed);
  }

  return {
    async handle(raw, reply) {
      if (!isWireRequest(raw)) {
        reply({ t: 'error', id: -1, error: { code: 'BAD_MESSAGE', message: '消息格式不正确' } });
        return;
      }
      try {
        const result = await invoke(raw.method, raw.input);
        reply({ t: 'reply', id: raw.id, result: result ?? null });
      } catch (err) {
        const error = toApiError(err);
        if (error.code === 'INTERNAL') onInternalError?.(err, raw.method);
        reply({ t: 'error', id: raw.id, error });
      }
    },
    attach(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    emit(event, payload) {
      const msg: WirePush = { t: 'event', event, payload };
      for (const s of sinks) {
        try {
          s(msg);
        } catch {
          sinks.delete(s);
        }
      }
    },
    call(method, input) {
      return invoke(method, input) as never;
    },
  };
}
