// Browser mode: the same core, reached over a WebSocket instead of an Electron MessagePort.
// Serves the renderer build and /bridge. A counter connection is accepted from this machine
// only; a pad connection (the citizen's tablet) from this machine or with the pairing code,
// and a pad connection may call pad methods only.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import type { CoreHost } from './rpc/host';
import type { WireReply, WirePush } from '../../domain/contract/wire';
import { openConnection } from './rpc/connection';

export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss: http://127.0.0.1:* http://localhost:*; media-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export interface BrowserHostOptions {
  host: CoreHost;
  port: number;
  bindHost: string;
  rendererDir: string;
  /** Pairing code a networked tablet must present; generated when omitted. */
  pairCode?: string;
}

/**
 * A browser page may open /bridge only from the pages this host serves: any site the clerk
 * visits could otherwise open ws://127.0.0.1:7301/bridge (WebSockets are not bound by CORS)
 * and drive the counter. Clients that are not browsers send no Origin.
 */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host) return false;
  try {
    const o = new URL(origin);
    return (o.protocol === 'http:' || o.protocol === 'https:') && o.host === host.toLowerCase();
  } catch {
    return false;
  }
}

export function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || addr.startsWith('127.'));
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<{ app: FastifyInstance; url: string; pairCode: string; close(): Promise<void> }> {
  const pairCode = opts.pairCode ?? String(randomInt(100000, 999999));
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });

  app.get('/bridge', { websocket: true }, (socket, req) => {
    const q = req.query as { role?: string; pair?: string };
    const role = q.role === 'pad' ? 'pad' : 'counter';
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      socket.close(4403, 'origin not allowed');
      return;
    }
    const local = isLoopback(req.socket.remoteAddress);
    if (!local && !(role === 'pad' && q.pair === pairCode)) {
      socket.close(4403, role === 'pad' ? 'pairing code required' : 'counter UI is local only');
      return;
    }
    const send = (m: WireReply | WirePush) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    const conn = openConnection(opts.host, role, send);
    socket.on('message', (data: Buffer) => {
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString('utf8'));
      } catch {
        send({ t: 'error', id: -1, error: { code: 'BAD_MESSAGE', message: '消息格式不正确' } });
        return;
      }
      conn.receive(msg);
    });
    socket.on('close', conn.close);
  });

  app.get('/healthz', async () => ({ ok: true }));

  const root = resolve(opts.rendererDir);
  if (existsSync(root)) {
    app.addHook('onSend', async (_req, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').includes('text/html')) reply.header('content-security-policy', RENDERER_CSP);
      return payload;
    });
    await app.register(fastifyStatic, { root, prefix: '/' });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/plain; charset=utf-8').send(`界面尚未构建：请先运行 npm run build（缺少 ${root}）`));
  }

  const url = await app.listen({ port: opts.port, host: opts.bindHost });
  return { app, url, pairCode, close: () => app.close() };
}
