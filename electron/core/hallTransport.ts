// How the counter core reaches its hall server. A non-loopback hall must be https: (an http:
// URL is refused unless `allowInsecureHall` says a test lab wants it). Over https the hall's
// certificate is pinned by its SHA-256 fingerprint — halls use self-signed certificates, so
// the usual CA check cannot tell the real hall from an impostor on the LAN: the fingerprint
// given at enrollment (or, without one, the one seen on first contact, stored in the counter
// DB) must match on every connection, checked before a single byte of a request is sent.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { CodedError } from '../../domain/api/errors';
import type { FetchLike } from '../../domain/api/hallClient';

export const normalizeFingerprint = (fp: string): string => fp.replace(/[^0-9a-f]/gi, '').toUpperCase();

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}

/** Refuses a plain-http hall on another machine unless explicitly allowed. */
export function checkHallUrl(hallUrl: string, allowInsecure: boolean): URL {
  const u = new URL(hallUrl);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new CodedError('HALL_URL_INVALID', `大厅服务器地址须为 https://（当前 ${u.protocol}）`, 400);
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !allowInsecure) {
    throw new CodedError(
      'HALL_INSECURE_URL',
      '大厅服务器地址须使用 https://（明文 http 会在局域网上暴露密码和证件号码）；测试环境可设置 allowInsecureHall',
      400,
    );
  }
  return u;
}

export interface PinOptions {
  /** The pinned fingerprint (null: not pinned yet). */
  pin: () => string | null;
  /** First contact without a pin: remember what was seen (trust on first use, at enrollment). */
  learn?: (fingerprint: string) => void;
}

/** An https Agent that lets a connection through only when the hall's certificate matches the pin. */
export class PinnedAgent extends https.Agent {
  constructor(
    private readonly pinOpts: PinOptions,
    opts: https.AgentOptions = {},
  ) {
    super({ keepAlive: true, ...opts });
  }

  override createConnection(options: https.RequestOptions, cb?: (err: Error | null, socket: Duplex) => void): Duplex | undefined {
    // The CA chain is not what is trusted here (self-signed); the pin is, checked below before
    // the socket is handed to the request, so nothing is written to an unverified peer.
    const sock = tls.connect({ ...(options as tls.ConnectionOptions), rejectUnauthorized: false });
    const fail = (err: Error) => {
      sock.destroy();
      cb?.(err, sock);
    };
    sock.once('error', fail);
    sock.once('secureConnect', () => {
      sock.removeListener('error', fail);
      const seen = normalizeFingerprint(sock.getPeerCertificate()?.fingerprint256 ?? '');
      const want = this.pinOpts.pin();
      if (!seen) return fail(new CodedError('HALL_CERT_MISSING', '大厅服务器没有出示证书', 502));
      if (want === null) this.pinOpts.learn?.(seen);
      else if (normalizeFingerprint(want) !== seen) {
        return fail(new CodedError('HALL_CERT_MISMATCH', '大厅服务器的证书与登记时的指纹不一致：可能连到了冒充的服务器，请联系管理员', 502, { seen }));
      }
      cb?.(null, sock);
    });
    return undefined;
  }
}

/** A FetchLike over node:https with `agent` (global fetch cannot take an Agent). */
export function agentFetch(agent: https.Agent): FetchLike {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const body = init?.body;
      const mod = u.protocol === 'https:' ? https : http;
      const req = mod.request(
        u,
        {
          method: init?.method ?? 'GET',
          headers: { ...init?.headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          agent: u.protocol === 'https:' ? agent : undefined,
          signal: init?.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            resolve({ status, ok: status >= 200 && status < 300, text: async () => text, json: async () => JSON.parse(text) as unknown });
          });
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
}

export interface HallTransport {
  /** undefined: the global fetch (a loopback or allowed http: hall). */
  fetch: FetchLike | undefined;
  createSocket(url: string): WebSocket;
  close(): void;
}

export function hallTransport(o: { hallUrl: string; allowInsecureHall?: boolean } & PinOptions): HallTransport {
  const u = checkHallUrl(o.hallUrl, o.allowInsecureHall ?? false);
  if (u.protocol !== 'https:') return { fetch: undefined, createSocket: (url) => new WebSocket(url), close: () => undefined };
  const agent = new PinnedAgent(o);
  return { fetch: agentFetch(agent), createSocket: (url) => new WebSocket(url, { agent }), close: () => agent.destroy() };
}
