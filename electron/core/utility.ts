// Electron utilityProcess entry of the counter core. Main sends the config, then one
// MessagePort per renderer (counter window, pad window); each port speaks the wire protocol.
// No `electron` import here: the parent port is reached through process.parentPort.
import { coreConfigSchema } from './config';
import { createCounterCore, type CounterCore } from './counterCore';
import type { WireReply, WirePush } from '../../domain/contract/wire';
import { openConnection } from './rpc/connection';
import { logger } from './logger';

interface PortLike {
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
  on(event: 'close', fn: () => void): void;
  postMessage(data: unknown): void;
  start(): void;
}
interface ParentPortLike {
  on(event: 'message', fn: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(data: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) throw new Error('utility.ts must run inside an Electron utilityProcess');

let core: CounterCore | null = null;

parentPort.on('message', async (e) => {
  const msg = e.data as { type?: string; config?: unknown; role?: 'counter' | 'pad' };
  if (msg.type === 'config' && !core) {
    core = await createCounterCore(coreConfigSchema.parse(msg.config), { persistKeyring: (json) => parentPort.postMessage({ type: 'keyring', json }) });
    parentPort.postMessage({ type: 'ready' });
    return;
  }
  if (msg.type === 'port' && core && e.ports[0]) {
    const port = e.ports[0];
    const role = msg.role === 'pad' ? 'pad' : 'counter';
    const conn = openConnection(core.host, role, (m: WireReply | WirePush) => port.postMessage(m));
    port.on('message', (ev) => conn.receive(ev.data));
    port.on('close', conn.close);
    port.start();
  }
});

process.on('uncaughtException', (err) => logger.fatal({ err }, 'core crashed'));
