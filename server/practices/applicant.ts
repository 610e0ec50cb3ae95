// The applicant of a practice record (a 办不成事 problem, a 代办 service): checked, masked for every
// list and view, and sealed at rest per record (native/crypto; scope `<kind>:<id>`), like a case's
// applicant (docs/security.md). Only masked forms leave the server.
import { z } from 'zod';
import { CodedError } from '../../domain/api/errors';
import { checkIdNumber, maskIdNumber, maskName, maskPhone, normalizeIdNumber } from '../../domain/idNumber';
import { checkCreditCode } from '../../domain/creditCode';
import type { applicantInputSchema } from '../../domain/api/practices';
import type { MaskedApplicant } from '../../domain/practices/problemLedger';
import type { FieldSealer } from '../../native/crypto/fieldSealer';

export type ApplicantInput = z.output<typeof applicantInputSchema>;
const SEALED_FIELDS = ['name', 'idNumber', 'phone', 'organisation', 'creditCode'] as const;

export function checkApplicant(a: ApplicantInput): ApplicantInput {
  const out = { ...a };
  if (a.idNumber) {
    const c = checkIdNumber(a.idNumber);
    if (!c.ok) throw new CodedError('invalid_id_number', c.message ?? '身份证号码不正确', 400);
    out.idNumber = normalizeIdNumber(a.idNumber);
  }
  if (a.creditCode) {
    const c = checkCreditCode(a.creditCode);
    if (!c.ok) throw new CodedError('invalid_credit_code', c.message ?? '统一社会信用代码不正确', 400);
  }
  if (a.kind === 'company' && !a.organisation) throw new CodedError('applicant_organisation_required', '企业反映须填写单位名称', 400);
  return out;
}

export function maskApplicant(a: ApplicantInput): MaskedApplicant {
  return {
    kind: a.kind,
    name: maskName(a.name),
    idNumber: a.idNumber ? maskIdNumber(a.idNumber) : null,
    phone: a.phone ? maskPhone(a.phone) : null,
    // A company's name is public (营业执照); the person speaking for it is not.
    organisation: a.organisation ?? null,
  };
}

/** The stored form: sealed when the hall encrypts at rest (null sealer: plain, as benchmarks run). */
export function sealApplicant(sealer: FieldSealer | null | undefined, scope: string, a: ApplicantInput): string {
  const obj = { ...a } as Record<string, unknown>;
  return JSON.stringify(sealer ? sealer.seal(scope, obj, SEALED_FIELDS) : obj);
}

export function openApplicant(sealer: FieldSealer | null | undefined, scope: string, stored: string): ApplicantInput {
  const obj = JSON.parse(stored) as Record<string, unknown>;
  return (sealer ? sealer.open(scope, obj, SEALED_FIELDS, '（已销毁）') : obj) as ApplicantInput;
}
