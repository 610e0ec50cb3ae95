// The applicant of a 收件 event as another window's counter receives it: name 张*三, ID
// 110105********002X, phone 138****5678, the agent likewise, marked `masked` so the event still
// parses (a masked ID has no check digit to verify). Company name and credit code are public
// register data and stay. Uses the same mask helpers as every list (domain/idNumber.ts).
import { maskIdNumber, maskName, maskPhone } from '../idNumber';
import type { Applicant } from './events';

type Person = { name: string; idType: string; idNumber: string; phone?: string; masked?: true };

function maskPerson<P extends Person>(p: P): P {
  return { ...p, name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), ...(p.phone ? { phone: maskPhone(p.phone) } : {}), masked: true };
}

export function maskApplicantForWire(a: Applicant): Applicant {
  return { ...maskPerson(a), ...(a.agent ? { agent: maskPerson(a.agent) } : {}) };
}

/** True when the applicant carries full data (not masked by the hall). */
export function isFullApplicant(a: { masked?: true } | null | undefined): boolean {
  return !!a && !a.masked;
}
