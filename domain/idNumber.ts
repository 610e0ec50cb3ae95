// Chinese ID numbers (GB 11643, ISO 7064 MOD 11-2): check digit, birth date, age, masking.
// Used by the ID reader, the kiosk (green channel by age), intake forms and the server.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'length' | 'characters' | 'birthDate' | 'checkDigit';

export interface IdNumberCheck {
  ok: boolean;
  problem?: IdNumberProblem;
  /** Chinese message for the clerk when not ok. */
  message?: string;
}

const MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号码应为18位',
  characters: '身份证号码只能包含数字，最后一位可以是X',
  birthDate: '身份证号码中的出生日期无效',
  checkDigit: '身份证号码校验位不正确，请核对',
};

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}

export function checkIdNumber(raw: string): IdNumberCheck {
  const id = normalizeIdNumber(raw);
  const fail = (problem: IdNumberProblem): IdNumberCheck => ({ ok: false, problem, message: MESSAGES[problem] });
  if (id.length !== 18) return fail('length');
  if (!/^\d{17}[\dX]$/.test(id)) return fail('characters');
  if (!birthDateOf(id)) return fail('birthDate');
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return fail('checkDigit');
  return { ok: true };
}

export function isValidIdNumber(raw: string): boolean {
  return checkIdNumber(raw).ok;
}

/** Birth date as YYYY-MM-DD, or null when digits 7–14 are not a real date. */
export function birthDateOf(idNumber: string): string | null {
  const id = normalizeIdNumber(idNumber);
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1850 || mo < 1 || mo > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Full years of age on `today` (YYYY-MM-DD), from the ID number's birth date. */
export function ageOn(idNumber: string, today: string): number | null {
  const birth = birthDateOf(idNumber);
  if (!birth) return null;
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** Sex from the 17th digit: odd = male (1), even = female (2). */
export function sexOf(idNumber: string): 1 | 2 | null {
  const d = normalizeIdNumber(idNumber)[16];
  if (d === undefined || !/\d/.test(d)) return null;
  return Number(d) % 2 === 1 ? 1 : 2;
}

/** `110105********002X`: region kept, birth date hidden, last four kept. */
export function maskIdNumber(idNumber: string): string {
  const id = normalizeIdNumber(idNumber);
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** `张*丰`, `李*`, `欧阳**`: first character kept (and last when longer than two). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** `138****5678` */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length < 7) return '*'.repeat(p.length);
  return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
}
