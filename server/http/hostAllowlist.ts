// Host header allowlist (DNS-rebinding defence): a page on an attacker's domain that resolves
// to the hall's address must not be able to talk to the hall as if same-origin. Allowed: the
// loopback names, this machine's own addresses and hostname, the bind address, and the names
// configured with --allowed-hosts. Anything else gets 421 Misdirected Request.
import os from 'node:os';
import type { FastifyInstance } from 'fastify';

export function defaultAllowedHosts(bindHost: string | undefined, extra: string[] = []): Set<string> {
  const names = new Set<string>(['localhost', '127.0.0.1', '::1', os.hostname().toLowerCase()]);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
  if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.toLowerCase());
  for (const e of extra) if (e.trim()) names.add(e.trim().toLowerCase());
  return names;
}

/** The host part of a Host header ("[::1]:7300" → "::1", "hall.local:443" → "hall.local"). */
export function hostOf(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(1, end) : null;
  }
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export function installHostAllowlist(app: FastifyInstance, allowed: Set<string>): void {
  app.addHook('onRequest', async (req, reply) => {
    const host = hostOf(req.headers.host);
    if (host !== null && (allowed.has(host) || host.startsWith('127.'))) return;
    await reply.code(421).send({ code: 'host_not_allowed', message: '请求的主机名不在本大厅服务器的允许列表中' });
  });
}
