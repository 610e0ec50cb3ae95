// HTTP client of the city's 电子证照 library (shape: native/licences/simulator.ts, docs/licences.md).
// Every call carries the consent it is made under; the library checks it too. Transport failures
// and 5xx become LICENCE_SERVICE_DOWN so the clerk is offered the paper fallback.
import { z } from 'zod';
import { CodedError } from '../../../domain/api/errors';
import {
  licenceFileSchema,
  licenceSummarySchema,
  type LicenceConsent,
  type LicenceSummary,
  type LicenceFile,
  type LicenceType,
} from '../../../domain/licences';

const querySchema = z.object({ licences: z.array(licenceSummarySchema) });
const fetchSchema = z.object({ metadata: licenceSummarySchema, file: licenceFileSchema });
const redeemSchema = z.object({ holderId: z.string(), holderName: z.string(), licenceTypes: z.array(z.string()), expiresAt: z.string() });

const DOWN_MESSAGE = '电子证照服务暂时无法访问，请改收纸质材料';

export class LicenceClient {
  constructor(
    private readonly baseUrl: string,
    private readonly appId: string,
    private readonly timeoutMs = 5000,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  private async post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-app-id': this.appId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new CodedError('LICENCE_SERVICE_DOWN', DOWN_MESSAGE, 503);
    }
    const json = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (res.status >= 500) throw new CodedError('LICENCE_SERVICE_DOWN', DOWN_MESSAGE, 503);
    if (res.status === 404)
      throw new CodedError(json?.code === 'SHOW_CODE_UNKNOWN' ? 'SHOW_CODE_UNKNOWN' : 'LICENCE_NOT_FOUND', json?.message ?? '证照库中没有找到', 404);
    if (res.status === 403) throw new CodedError('LICENCE_NO_CONSENT', `证照库拒绝：${json?.message ?? '缺少申请人授权'}`, 403);
    if (!res.ok)
      throw new CodedError(
        json?.code ?? 'LICENCE_SERVICE_ERROR',
        json?.message ?? `证照库返回 ${res.status}`,
        res.status === 409 || res.status === 410 ? 409 : 502,
      );
    const p = schema.safeParse(json);
    if (!p.success) throw new CodedError('LICENCE_SERVICE_BAD_REPLY', '证照库返回的数据格式不正确', 502);
    return p.data;
  }

  private static authorization(c: LicenceConsent) {
    return { consentId: c.consentId, via: c.via, windowNo: c.windowNo, caseRef: c.caseRef, licenceTypes: c.licenceTypes, expiresAt: c.expiresAt };
  }

  async query(holderId: string, licenceTypes: LicenceType[], consent: LicenceConsent): Promise<LicenceSummary[]> {
    return (await this.post('/api/v1/licences/query', { holderId, licenceTypes, authorization: LicenceClient.authorization(consent) }, querySchema)).licences;
  }

  async fetchLicence(holderId: string, licenceId: string, consent: LicenceConsent): Promise<{ metadata: LicenceSummary; file: LicenceFile }> {
    return this.post('/api/v1/licences/fetch', { holderId, licenceId, authorization: LicenceClient.authorization(consent) }, fetchSchema);
  }

  async redeemShowCode(code: string): Promise<z.infer<typeof redeemSchema>> {
    return this.post('/api/v1/show-codes/redeem', { code }, redeemSchema);
  }
}
