// One UI connection to the core, whatever carries it (WebSocket or MessagePort). The role
// scopes it: a pad (the citizen's screen) may only read the pad state and submit a rating,
// and receives only pad events.
import type { CoreHost, Sink } from './host';
import { isWireRequest } from '../../../domain/contract/wire';

export type ConnectionRole = 'counter' | 'pad';

const PAD_METHODS = new Set(['pad.get', 'pad.rate', 'pad.consent']);
const PAD_EVENTS = new Set(['pad']);

export function openConnection(host: CoreHost, role: ConnectionRole, send: Sink): { receive(raw: unknown): void; close(): void } {
  const detach = host.attach((m) => {
    if (role === 'pad' && m.t === 'event' && !PAD_EVENTS.has(m.event)) return;
    send(m);
  });
  return {
    receive(raw) {
      if (role === 'pad' && isWireRequest(raw) && !PAD_METHODS.has(raw.method)) {
        send({ t: 'error', id: raw.id, error: { code: 'FORBIDDEN_FOR_PAD', message: '评价器无权执行此操作' } });
        return;
      }
      void host.handle(raw, send);
    },
    close: detach,
  };
}
