// The applicant's authorisation to fetch his licences (the rule the adapter checks before EVERY
// query or fetch): a consent is recorded for one window, one intake or case, one holder (a keyed
// hash of his ID number or credit code, never the number), a list of licence types, and lapses
// at its expiry. It comes from the citizen confirming on the pad, or from a 亮证 code he shows.
import { z } from 'zod';
import { licenceTypeSchema, type LicenceType } from './types';

export const consentViaSchema = z.enum(['pad', 'showCode']);
export type ConsentVia = z.infer<typeof consentViaSchema>;

export interface LicenceConsent {
  consentId: string;
  windowNo: number;
  /** The intake's request id (before the case exists) or the case id. */
  caseRef: string;
  subjectKey: string;
  licenceTypes: LicenceType[];
  via: ConsentVia;
  grantedAt: string;
  expiresAt: string;
  /** The citizen declined on the pad: recorded, never usable. */
  declined: boolean;
}

/** How long a pad consent lasts: long enough for one intake, short enough not to outlive it. */
export const DEFAULT_CONSENT_MS = 15 * 60_000;
/** A consent is never longer than this, whatever a 亮证 code says. */
export const MAX_CONSENT_MS = 60 * 60_000;

export const consentRequestSchema = z.object({
  caseRef: z.string().min(8).max(64),
  licenceTypes: z.array(licenceTypeSchema).min(1, '请至少选择一种电子证照').max(10),
});

export interface ConsentUse {
  windowNo: number;
  caseRef: string;
  subjectKey: string;
  licenceType: LicenceType;
  now: Date;
}

export type ConsentCheck = { ok: true; consent: LicenceConsent } | { ok: false; code: string; message: string };

/** The one rule: no query or fetch without a recorded, unexpired consent covering this use. */
export function checkConsent(consent: LicenceConsent | null | undefined, use: ConsentUse): ConsentCheck {
  if (!consent) return { ok: false, code: 'LICENCE_CONSENT_REQUIRED', message: '尚未取得申请人授权，请先请申请人在评价器上确认或出示亮证码' };
  if (consent.declined) return { ok: false, code: 'LICENCE_CONSENT_DECLINED', message: '申请人未同意调取电子证照，请收取纸质材料' };
  if (consent.windowNo !== use.windowNo) return { ok: false, code: 'LICENCE_CONSENT_OTHER_WINDOW', message: '该授权不是在本窗口作出的' };
  if (consent.caseRef !== use.caseRef) return { ok: false, code: 'LICENCE_CONSENT_OTHER_CASE', message: '该授权属于另一次办理，请重新请申请人授权' };
  if (consent.subjectKey !== use.subjectKey) return { ok: false, code: 'LICENCE_CONSENT_OTHER_APPLICANT', message: '授权人与本次申请人（证照持有人）不一致' };
  if (!consent.licenceTypes.includes(use.licenceType))
    return { ok: false, code: 'LICENCE_CONSENT_TYPE', message: '申请人授权的证照中不包括这一种，请重新授权' };
  if (Date.parse(consent.grantedAt) > use.now.getTime() + 60_000)
    return { ok: false, code: 'LICENCE_CONSENT_FUTURE', message: '授权时间晚于当前时间，请检查本机时钟后重新授权' };
  if (Date.parse(consent.expiresAt) <= use.now.getTime()) return { ok: false, code: 'LICENCE_CONSENT_EXPIRED', message: '申请人授权已过期，请重新授权' };
  return { ok: true, consent };
}

/** The expiry of a new consent: the default, or a code's own expiry when sooner, never past the maximum. */
export function consentExpiry(grantedAt: Date, opts: { ttlMs?: number; notAfter?: string } = {}): string {
  const ttl = Math.min(opts.ttlMs ?? DEFAULT_CONSENT_MS, MAX_CONSENT_MS);
  let end = grantedAt.getTime() + ttl;
  if (opts.notAfter) end = Math.min(end, Date.parse(opts.notAfter));
  return new Date(end).toISOString();
}

/** Of the consents recorded for one intake, the one that decides: the latest (a later 不同意 revokes an earlier 同意). */
export function currentConsent(all: readonly LicenceConsent[]): LicenceConsent | null {
  return [...all].sort((a, b) => a.grantedAt.localeCompare(b.grantedAt)).at(-1) ?? null;
}
