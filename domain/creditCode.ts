// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet, check by MOD 31.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function checkCreditCode(raw: string): { ok: boolean; message?: string } {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, message: '统一社会信用代码应为18位' };
  const check = creditCodeCheckChar(code.slice(0, 17));
  if (check === null) return { ok: false, message: '统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）' };
  if (check !== code[17]) return { ok: false, message: '统一社会信用代码校验位不正确，请核对' };
  return { ok: true };
}
