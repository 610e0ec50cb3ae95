// Electronic licences (电子证照) as a city's licence library serves them. The identifier follows
// the shape GB/T 36903 gives the 电子证照标识 (type code, issuer's 统一社会信用代码, serial,
// version, check character); it never contains the holder's ID number, so it may be logged.
import { z } from 'zod';

/** The licence types this product knows (a city's catalogue has hundreds; these cover the demo items). */
export const LICENCE_TYPES = {
  idCard: { label: '居民身份证', labelEn: 'Resident ID card', code: '11100000000013127D001', holder: 'person' },
  household: { label: '居民户口簿', labelEn: 'Household register', code: '11100000000013127D002', holder: 'person' },
  marriage: { label: '结婚证', labelEn: 'Marriage certificate', code: '11100000000013100X001', holder: 'person' },
  birthCert: { label: '出生医学证明', labelEn: 'Medical birth certificate', code: '11100000MB0137855M001', holder: 'person' },
  propertyCert: { label: '不动产权证书', labelEn: 'Real estate title certificate', code: '11100000MB0316738C001', holder: 'person' },
  businessLicence: { label: '营业执照', labelEn: 'Business licence', code: '11100000MB0143028L001', holder: 'company' },
} as const;
export type LicenceType = keyof typeof LICENCE_TYPES;
export const licenceTypeSchema = z.enum(Object.keys(LICENCE_TYPES) as [LicenceType, ...LicenceType[]]);

export function licenceLabel(t: LicenceType): string {
  return LICENCE_TYPES[t].label;
}

/** 电子证照标识: type code . issuer credit code . serial . version . check (GB/T 36903 style). */
export const licenceIdSchema = z
  .string()
  .regex(/^[0-9A-Z]{21}\.[0-9A-Z]{18}\.[0-9]{10}\.[0-9]{3}\.[0-9A-Z]$/, '电子证照标识格式不正确')
  .refine((s) => licenceCheckChar(s.slice(0, -2)) === s.slice(-1), '电子证照标识校验位不正确');

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** ISO 7064 MOD 37,36 style check character over the identifier body (dots ignored). */
export function licenceCheckChar(body: string): string {
  let p = 36;
  for (const ch of body.replace(/\./g, '')) {
    const v = ALNUM.indexOf(ch);
    let s = (p + (v < 0 ? 0 : v)) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return ALNUM[(37 - p) % 36]!;
}

export function makeLicenceId(type: LicenceType, issuerCreditCode: string, serial: number, version = 1): string {
  const body = `${LICENCE_TYPES[type].code}.${issuerCreditCode}.${String(serial).padStart(10, '0')}.${String(version).padStart(3, '0')}`;
  return `${body}.${licenceCheckChar(body)}`;
}

/** One licence as the library lists it (GB/T 36902-style metadata, trimmed to what a counter uses). */
export const licenceSummarySchema = z.object({
  licenceId: licenceIdSchema,
  licenceType: licenceTypeSchema,
  name: z.string().min(1).max(100),
  /** 证照编号 (for an ID card this is the ID number itself: personal data, never logged). */
  number: z.string().min(1).max(64),
  holderName: z.string().min(1).max(100),
  issuer: z.string().min(1).max(100),
  issuerCode: z.string().length(18),
  issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** null = 长期 */
  validTo: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  status: z.enum(['valid', 'revoked', 'expired']),
});
export type LicenceSummary = z.infer<typeof licenceSummarySchema>;

export const licenceFileSchema = z.object({
  mimeType: z.enum(['application/pdf', 'image/png']),
  fileName: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentBase64: z.string().min(1).max(2_000_000),
});
export type LicenceFile = z.infer<typeof licenceFileSchema>;

/** Whether a licence can satisfy a material today (valid status and date). */
export function usableOn(l: Pick<LicenceSummary, 'status' | 'validFrom' | 'validTo'>, today: string): boolean {
  return l.status === 'valid' && l.validFrom <= today && (l.validTo === null || l.validTo >= today);
}
