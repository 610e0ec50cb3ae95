// The messages between a counter core and its UIs, the same over an Electron MessagePort and
// over the browser-mode WebSocket.
import type { ApiError } from '../api/errors';

export type WireRequest = { t: 'call'; id: number; method: string; input: unknown };
export type WireReply = { t: 'reply'; id: number; result: unknown } | { t: 'error'; id: number; error: ApiError };
export type WirePush = { t: 'event'; event: string; payload: unknown };
export type WireToUi = WireReply | WirePush;

export function isWireRequest(v: unknown): v is WireRequest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return m.t === 'call' && typeof m.id === 'number' && typeof m.method === 'string';
}

/** The error a bridge call rejects with: carries the host's code and Chinese message. */
export class CoreCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CoreCallError';
  }
}
