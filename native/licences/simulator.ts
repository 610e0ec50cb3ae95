// A city 电子证照 library over HTTP, for the demo and the tests. Its shape follows the shared
// licence services cities run: query by holder (ID number or 统一社会信用代码) and licence type →
// a list of licences with identifier and metadata; fetch by identifier → the file and its
// metadata. Every query and fetch must carry the applicant's authorisation (consent id, window,
// case, licence types, expiry); the service refuses without one. A 亮证 code minted by the
// citizen's phone app can be redeemed once for the holder and the types he chose.
//   POST /api/v1/licences/query   {holderId, licenceTypes, authorization} → {licences:[…]}
//   POST /api/v1/licences/fetch   {holderId, licenceId, authorization}    → {metadata, file}
//   POST /api/v1/show-codes       {holderId, licenceTypes, ttlSeconds?}   → {code, expiresAt}   (the phone app)
//   POST /api/v1/show-codes/redeem {code}                                 → {holderId, holderName, licenceTypes, expiresAt}
//   POST /control/down {down:true|false}  · GET /control/requests (what was asked, without holder IDs)
// Errors: {code, message} with 400 bad request, 401 no app id, 403 LICENCE_NO_CONSENT, 404 LICENCE_NOT_FOUND,
// 409/410 for a used/expired code, 503 LICENCE_SERVICE_DOWN.
import http from 'node:http';
import { createHash, randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { licenceIdSchema, licenceTypeSchema, usableOn, type LicenceType } from '../../domain/licences';
import { demoLicences, type HeldLicence } from './fixtures';
import { licencePdf } from './document';
import { chinaDateOf } from '../../domain/calendar';

export interface LicenceSimulator {
  url: string;
  setDown(down: boolean): void;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

export interface LoggedRequest {
  at: string;
  path: string;
  status: number;
  code?: string;
  consentId?: string;
  caseRef?: string;
  licenceId?: string;
  licenceTypes?: string[];
}

const authorizationSchema = z.object({
  consentId: z.string().min(8).max(64),
  via: z.enum(['pad', 'showCode']),
  windowNo: z.number().int().min(1),
  caseRef: z.string().min(8).max(64),
  licenceTypes: z.array(licenceTypeSchema).min(1),
  expiresAt: z.string().datetime(),
});
const querySchema = z.object({
  holderId: z.string().min(6).max(32),
  licenceTypes: z.array(licenceTypeSchema).min(1).max(10),
  authorization: authorizationSchema.optional(),
});
const fetchSchema = z.object({ holderId: z.string().min(6).max(32), licenceId: licenceIdSchema, authorization: authorizationSchema.optional() });
const mintSchema = z.object({
  holderId: z.string().min(6).max(32),
  licenceTypes: z.array(licenceTypeSchema).min(1).max(10),
  ttlSeconds: z.number().int().min(1).max(600).default(300),
});
const redeemSchema = z.object({ code: z.string().regex(/^LZ[0-9]{10}$/) });

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const today = () => chinaDateOf(new Date());

export async function startLicenceSimulator(opts: { port?: number; host?: string; licences?: HeldLicence[] } = {}): Promise<LicenceSimulator> {
  const held = opts.licences ?? demoLicences();
  const codes = new Map<string, { holderId: string; licenceTypes: LicenceType[]; expiresAt: number; used: boolean }>();
  const requests: LoggedRequest[] = [];
  let down = false;

  const authorised = (auth: z.infer<typeof authorizationSchema> | undefined, types: readonly LicenceType[]) => {
    if (!auth) throw new HttpError(403, 'LICENCE_NO_CONSENT', '缺少申请人授权');
    if (Date.parse(auth.expiresAt) <= Date.now()) throw new HttpError(403, 'LICENCE_NO_CONSENT', '申请人授权已过期');
    const outside = types.filter((t) => !auth.licenceTypes.includes(t));
    if (outside.length) throw new HttpError(403, 'LICENCE_NO_CONSENT', `申请人未授权调取：${outside.join('、')}`);
  };
  const publicView = (l: HeldLicence) => {
    const { holderId: _h, ...rest } = l;
    void _h;
    return rest;
  };

  const handle = async (path: string, body: unknown, log: LoggedRequest): Promise<unknown> => {
    if (path === '/api/v1/licences/query') {
      const q = querySchema.parse(body);
      log.consentId = q.authorization?.consentId;
      log.caseRef = q.authorization?.caseRef;
      log.licenceTypes = q.licenceTypes;
      authorised(q.authorization, q.licenceTypes);
      const found = held.filter((l) => l.holderId === q.holderId.toUpperCase() && q.licenceTypes.includes(l.licenceType));
      if (!found.length) throw new HttpError(404, 'LICENCE_NOT_FOUND', '证照库中没有该持证人的这类证照');
      return { licences: found.map(publicView), total: found.length };
    }
    if (path === '/api/v1/licences/fetch') {
      const f = fetchSchema.parse(body);
      log.consentId = f.authorization?.consentId;
      log.caseRef = f.authorization?.caseRef;
      log.licenceId = f.licenceId;
      const l = held.find((x) => x.licenceId === f.licenceId && x.holderId === f.holderId.toUpperCase());
      authorised(f.authorization, l ? [l.licenceType] : []);
      if (!l) throw new HttpError(404, 'LICENCE_NOT_FOUND', '没有这份证照，或它不属于该持证人');
      const pdf = licencePdf([
        'Electronic licence (simulated licence library)',
        `Identifier: ${l.licenceId}`,
        `Type: ${l.licenceType}`,
        `Issued: ${l.issuedOn}  Valid: ${l.validFrom} - ${l.validTo ?? 'long-term'}`,
        `Status on ${today()}: ${usableOn(l, today()) ? 'valid' : l.status}`,
      ]);
      return {
        metadata: publicView(l),
        file: {
          mimeType: 'application/pdf',
          fileName: `${l.licenceId}.pdf`,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          contentBase64: pdf.toString('base64'),
        },
      };
    }
    if (path === '/api/v1/show-codes') {
      const m = mintSchema.parse(body);
      if (!held.some((l) => l.holderId === m.holderId.toUpperCase())) throw new HttpError(404, 'LICENCE_NOT_FOUND', '证照库中没有该持证人');
      const code = `LZ${String(randomInt(0, 1e10)).padStart(10, '0')}`;
      const expiresAt = Date.now() + m.ttlSeconds * 1000;
      codes.set(code, { holderId: m.holderId.toUpperCase(), licenceTypes: m.licenceTypes, expiresAt, used: false });
      log.licenceTypes = m.licenceTypes;
      return { code, expiresAt: new Date(expiresAt).toISOString() };
    }
    if (path === '/api/v1/show-codes/redeem') {
      const { code } = redeemSchema.parse(body);
      const c = codes.get(code);
      if (!c) throw new HttpError(404, 'SHOW_CODE_UNKNOWN', '亮证码无效');
      if (c.used) throw new HttpError(409, 'SHOW_CODE_USED', '该亮证码已使用，请申请人重新生成');
      if (c.expiresAt <= Date.now()) throw new HttpError(410, 'SHOW_CODE_EXPIRED', '亮证码已过期，请申请人重新生成');
      c.used = true;
      log.licenceTypes = c.licenceTypes;
      const holder = held.find((l) => l.holderId === c.holderId);
      return { holderId: c.holderId, holderName: holder?.holderName ?? '', licenceTypes: c.licenceTypes, expiresAt: new Date(c.expiresAt).toISOString() };
    }
    throw new HttpError(404, 'NOT_FOUND', '没有这个接口');
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      let raw = '';
      for await (const chunk of req) {
        raw += chunk;
        if (raw.length > 100_000) return send(413, { code: 'TOO_LARGE', message: '请求过大' });
      }
      const path = (req.url ?? '').split('?')[0]!;
      if (path === '/control/down' && req.method === 'POST') {
        down = Boolean((JSON.parse(raw || '{}') as { down?: boolean }).down);
        return send(200, { down });
      }
      if (path === '/control/requests' && req.method === 'GET') return send(200, { requests });
      const log: LoggedRequest = { at: new Date().toISOString(), path, status: 200 };
      const fail = (status: number, code: string, message: string) => {
        log.status = status;
        log.code = code;
        requests.push(log);
        send(status, { code, message });
      };
      if (down) return fail(503, 'LICENCE_SERVICE_DOWN', '电子证照库暂时无法访问');
      if (req.method !== 'POST') return fail(405, 'METHOD', '只支持 POST');
      if (!req.headers['x-app-id']) return fail(401, 'APP_ID_REQUIRED', '缺少接入应用标识 X-App-Id');
      try {
        const out = await handle(path, raw ? JSON.parse(raw) : {}, log);
        requests.push(log);
        send(200, out);
      } catch (err) {
        if (err instanceof HttpError) return fail(err.status, err.code, err.message);
        if (err instanceof z.ZodError || err instanceof SyntaxError) return fail(400, 'BAD_REQUEST', '请求格式不正确');
        fail(500, 'INTERNAL', (err as Error).message);
      }
    })();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => r()));
  const url = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    setDown: (d) => void (down = d),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
