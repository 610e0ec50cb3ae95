// A local fake SMS gateway: what the demo and the tests send SMS to. It records every message
// in memory and shows them: POST /sms {to, template, params, text} → 202; GET /sms → {messages};
// DELETE /sms clears. Run alone: `npx tsx native/sms/fakeGateway.ts [--port N]` prints
// {"sms":"listening","url":…}. Never use it with real numbers outside a test hall.
import http from 'node:http';
import { pathToFileURL } from 'node:url';

export interface FakeSms {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
  receivedAt: string;
}
export interface FakeSmsGateway {
  url: string;
  messages: FakeSms[];
  close(): Promise<void>;
}

export function startFakeSmsGateway(port = 0, host = '127.0.0.1'): Promise<FakeSmsGateway> {
  const messages: FakeSms[] = [];
  const server = http.createServer((req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.url !== '/sms') return send(404, { code: 'not_found', message: '没有该路径' });
    if (req.method === 'GET') return send(200, { messages });
    if (req.method === 'DELETE') {
      messages.length = 0;
      return send(200, { ok: true });
    }
    if (req.method !== 'POST') return send(405, { code: 'method', message: '不支持的方法' });
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
      if (raw.length > 8192) req.destroy();
    });
    req.on('end', () => {
      try {
        const m = JSON.parse(raw) as Partial<FakeSms>;
        if (typeof m.to !== 'string' || !/^1\d{10}$/.test(m.to) || typeof m.text !== 'string') return send(400, { code: 'bad_sms', message: '短信内容不完整' });
        messages.push({
          to: m.to,
          template: String(m.template ?? ''),
          params: (m.params ?? {}) as Record<string, string>,
          text: m.text,
          receivedAt: new Date().toISOString(),
        });
        send(202, { ok: true });
      } catch {
        send(400, { code: 'bad_json', message: '不是 JSON' });
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const a = server.address();
      const p = typeof a === 'object' && a ? a.port : port;
      resolve({ url: `http://${host}:${p}/sms`, messages, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const g = await startFakeSmsGateway(i > 0 ? Number(process.argv[i + 1]) : 0);
  console.log(JSON.stringify({ sms: 'listening', url: g.url }));
}
