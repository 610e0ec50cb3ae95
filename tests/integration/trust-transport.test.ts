// Transport (issue 12): the hall server over HTTPS with a self-signed certificate, pinned by the
// counter core's transport (a wrong fingerprint is refused before any request is sent); a plain
// http: hall on another machine refused; the Host allowlist (421); staff WebSockets closed on
// logout and when a sign-in elsewhere revokes the token; the browser-mode bridge's Origin check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startHallServer } from '../../server/app';
import { makeSelfSignedCert, type CertPair } from '../../scripts/selfSignedCert';
import { agentFetch, checkHallUrl, hallTransport, PinnedAgent } from '../../electron/core/hallTransport';
import { HallClient } from '../../domain/api/hallClient';
import { startBrowserHost } from '../../electron/core/browserHost';
import type { CoreHost } from '../../electron/core/rpc/host';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-transport-'));
let cert: CertPair;
let hall: Awaited<ReturnType<typeof startHallServer>>;
const WRONG = 'AA:'.repeat(31) + 'AA';

beforeAll(async () => {
  cert = makeSelfSignedCert(path.join(dir, 'tls'));
  hall = await startHallServer({
    port: 0,
    dataDir: ':memory:',
    seed: 'demo',
    logLevel: 'silent',
    tls: { cert: cert.cert, key: cert.key },
    allowedHosts: ['hall.example.cn'],
  });
}, 30_000);
afterAll(async () => hall.close());

const pinned = (pin: string | null, learn?: (fp: string) => void) => hallTransport({ hallUrl: hall.url, pin: () => pin, learn });

describe('HTTPS with the certificate pinned', () => {
  it('serves https and answers through the pinned transport', async () => {
    expect(hall.url).toMatch(/^https:\/\//);
    const t = pinned(cert.fingerprint);
    const client = new HallClient({ baseUrl: hall.url, fetch: t.fetch });
    expect(await client.call('meta.health')).toMatchObject({ ok: true });
    const login = await client.login('C001', 'demo');
    expect(login.token).toBeTruthy();
    t.close();
  });

  it('refuses a hall whose certificate does not match the pin, before sending the request', async () => {
    const t = pinned(WRONG);
    const sessions = () => (hall.ctx.store.raw.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    const before = sessions();
    await expect(
      t.fetch!(`${hall.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workNo: 'C001', password: 'demo' }),
      }),
    ).rejects.toMatchObject({ code: 'HALL_CERT_MISMATCH' });
    expect(sessions()).toBe(before); // the password never reached the impostor (here: the hall itself)
    const client = new HallClient({ baseUrl: hall.url, fetch: t.fetch });
    await expect(client.call('meta.health')).rejects.toMatchObject({ code: 'HALL_UNREACHABLE' });
    const ws = t.createSocket(hall.url.replace('https', 'wss') + '/api/events');
    await expect(new Promise((resolve, reject) => (ws.on('open', resolve), ws.on('error', reject)))).rejects.toMatchObject({ code: 'HALL_CERT_MISMATCH' });
    t.close();
  });

  it('without a pin the first contact is remembered (enrollment), then enforced', async () => {
    let learnt: string | null = null;
    const t = pinned(null, (fp) => (learnt = fp));
    expect(await (await t.fetch!(`${hall.url}/api/health`)).json()).toMatchObject({ ok: true });
    expect(learnt).toBe(cert.fingerprint.replace(/:/g, ''));
    t.close();
  });

  it('the event WebSocket works through the pinned agent', async () => {
    const t = pinned(cert.fingerprint);
    const token = await new HallClient({ baseUrl: hall.url, fetch: t.fetch }).login('C002', 'demo').then((r) => r.token);
    const ws = t.createSocket(`${hall.url.replace('https', 'wss')}/api/events?token=${token}`);
    const first = await new Promise<string>((resolve, reject) => (ws.once('message', (d) => resolve(String(d))), ws.once('error', reject)));
    expect(JSON.parse(first)).toMatchObject({ type: 'hello' });
    ws.close();
    t.close();
  });

  it('refuses a non-loopback http: hall URL unless explicitly allowed', () => {
    expect(() => checkHallUrl('http://192.168.1.10:7300', false)).toThrow(expect.objectContaining({ code: 'HALL_INSECURE_URL' }));
    expect(() => hallTransport({ hallUrl: 'http://hall.example.cn:7300', pin: () => null })).toThrow(expect.objectContaining({ code: 'HALL_INSECURE_URL' }));
    expect(checkHallUrl('http://192.168.1.10:7300', true).hostname).toBe('192.168.1.10');
    expect(checkHallUrl('http://127.0.0.1:7300', false).protocol).toBe('http:');
    expect(checkHallUrl('https://192.168.1.10:7300', false).protocol).toBe('https:');
  });
});

function rawGet(host: string, p = '/api/health'): Promise<{ status: number; body: string }> {
  const agent = new PinnedAgent({ pin: () => cert.fingerprint });
  return new Promise((resolve, reject) => {
    const u = new URL(hall.url);
    const req = https.request({ host: u.hostname, port: u.port, path: p, agent, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => (agent.destroy(), resolve({ status: res.statusCode ?? 0, body })));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host header allowlist', () => {
  it('answers loopback and configured names, refuses any other Host with 421 and a code', async () => {
    const port = new URL(hall.url).port;
    expect((await rawGet(`127.0.0.1:${port}`)).status).toBe(200);
    expect((await rawGet(`localhost:${port}`)).status).toBe(200);
    expect((await rawGet(`hall.example.cn:${port}`)).status).toBe(200);
    const bad = await rawGet(`evil.example:${port}`);
    expect(bad.status).toBe(421);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'host_not_allowed' });
    expect((await rawGet(`evil.example:${port}`, '/')).status).toBe(421);
  });
});

describe('staff WebSockets end with the session', () => {
  const open = async (token: string) => {
    const ws = new WebSocket(`${hall.url.replace('https', 'wss')}/api/events?token=${token}`, { agent: new PinnedAgent({ pin: () => cert.fingerprint }) });
    await new Promise((resolve, reject) => (ws.once('message', resolve), ws.once('error', reject)));
    return ws;
  };
  const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const client = () => new HallClient({ baseUrl: hall.url, fetch: agentFetch(new PinnedAgent({ pin: () => cert.fingerprint })) });

  it('logout closes the sockets opened with that token (4401), not those of other sessions', async () => {
    const m = client();
    await m.login('M001', 'demo');
    const other = client();
    await other.login('C003', 'demo');
    const ws = await open(m.token!);
    const bystander = await open(other.token!);
    const code = closed(ws);
    await m.call('auth.logout');
    expect(await code).toBe(4401);
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    bystander.close();
  });

  it('a clerk signing in elsewhere closes the sockets of his old token', async () => {
    const first = client();
    await first.login('C004', 'demo');
    const ws = await open(first.token!);
    const code = closed(ws);
    await client().login('C004', 'demo');
    expect(await code).toBe(4401);
  });
});

describe('browser-mode bridge', () => {
  it('refuses a WebSocket from a page of another origin (4403), accepts its own pages and non-browser clients', async () => {
    const host = { call: async () => null, attach: () => () => undefined, emit: () => undefined } as unknown as CoreHost;
    const web = await startBrowserHost({ host, port: 0, bindHost: '127.0.0.1', rendererDir: path.join(dir, 'none') });
    const base = web.url.replace('http', 'ws');
    const result = (origin?: string) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(`${base}/bridge?role=counter`, origin ? { origin } : {});
        const t = setTimeout(() => (ws.close(), resolve('open')), 500);
        ws.once('close', (code) => (clearTimeout(t), resolve(code)));
      });
    expect(await result('https://evil.example')).toBe(4403);
    expect(await result('null')).toBe(4403);
    expect(await result(web.url)).toBe('open');
    expect(await result()).toBe('open');
    await web.close();
  });
});
