// The 256-byte text block (UCS-2LE, space padded) of all four card kinds, parse and build.
// Layouts follow ../shared/reference/idcard-sam-protocol.md; the 'Y' layout is the least certain.
import { z } from 'zod';
import { CodedError } from '../../domain/api/errors';
import { checkIdNumber } from '../../domain/idNumber';
import { nationLabel, sexLabel } from './codes';

export const cardKindSchema = z.enum(['resident', 'hmtPermit', 'foreignPermanentOld', 'foreignPermanent']);
export type CardKind = z.infer<typeof cardKindSchema>;

export const CARD_KIND_LABEL: Record<CardKind, string> = {
  resident: '居民身份证',
  hmtPermit: '港澳台居民居住证',
  foreignPermanentOld: '外国人永久居留证（旧版）',
  foreignPermanent: '外国人永久居留身份证',
};

/** Card-type flag at bytes 248–249 (one UCS-2 char). */
const FLAG: Record<CardKind, string> = { resident: ' ', hmtPermit: 'J', foreignPermanentOld: 'I', foreignPermanent: 'Y' };

/** What a technician / the counter core gets for one card. Dates are YYYY-MM-DD; validTo may be 长期. */
export const idCardSchema = z.object({
  kind: cardKindSchema,
  kindLabel: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  sex: z.string(),
  sexCode: z.string(),
  nation: z.string().nullable(),
  nationCode: z.string().nullable(),
  birthDate: z.string().nullable(),
  address: z.string().nullable(),
  idNumber: z.string(),
  /** null when the number has no GB 11643 check digit (old 15-char foreign permanent resident number). */
  idNumberValid: z.boolean().nullable(),
  idNumberProblem: z.string().nullable(),
  authority: z.string().nullable(),
  authorityCode: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  longTerm: z.boolean(),
  expired: z.boolean(),
  passNumber: z.string().nullable(),
  issueCount: z.string().nullable(),
  nationality: z.string().nullable(),
  cardVersion: z.string().nullable(),
  appendedAddress: z.string().nullable(),
});
export type IdCard = z.infer<typeof idCardSchema>;

/** Input for building a text block (fixtures, simulator). Dates YYYYMMDD, validTo may be '长期'. */
export interface CardFields {
  kind: CardKind;
  name: string;
  nameEn?: string;
  sexCode: string;
  nationCode?: string;
  birthDate: string;
  address?: string;
  idNumber: string;
  authority?: string;
  authorityCode?: string;
  validFrom: string;
  validTo: string;
  passNumber?: string;
  issueCount?: string;
  nationality?: string;
  cardVersion?: string;
}

type FieldName = Exclude<keyof CardFields, 'kind'>;
/** [field, byte offset, length in UCS-2 units] */
type Layout = ReadonlyArray<readonly [FieldName, number, number]>;

const RESIDENT: Layout = [
  ['name', 0, 15],
  ['sexCode', 30, 1],
  ['nationCode', 32, 2],
  ['birthDate', 36, 8],
  ['address', 52, 35],
  ['idNumber', 122, 18],
  ['authority', 158, 15],
  ['validFrom', 188, 8],
  ['validTo', 204, 8],
];
const LAYOUTS: Record<CardKind, Layout> = {
  resident: RESIDENT,
  hmtPermit: [...RESIDENT.filter(([f]) => f !== 'nationCode'), ['passNumber', 220, 9], ['issueCount', 238, 2]],
  foreignPermanentOld: [
    ['nameEn', 0, 60],
    ['sexCode', 120, 1],
    ['idNumber', 122, 15],
    ['nationality', 152, 3],
    ['name', 158, 15],
    ['validFrom', 188, 8],
    ['validTo', 204, 8],
    ['birthDate', 220, 8],
    ['cardVersion', 236, 2],
    ['authorityCode', 240, 4],
  ],
  foreignPermanent: [
    ['name', 0, 15],
    ['sexCode', 30, 1],
    ['birthDate', 36, 8],
    ['nameEn', 52, 35],
    ['idNumber', 122, 18],
    ['authority', 158, 15],
    ['validFrom', 188, 8],
    ['validTo', 204, 8],
    ['nationality', 242, 3],
  ],
};

export const TEXT_BLOCK_SIZE = 256;

function stripPad(s: string): string {
  // Fields are padded with spaces; some readers zero-fill instead.
  return s.split('\u0000').join(' ').trim();
}

function ucs2(block: Buffer, offset: number, units: number): string {
  return stripPad(block.toString('utf16le', offset, offset + units * 2));
}

export function cardKindOf(block: Buffer): CardKind {
  const flag = block.toString('utf16le', 248, 250);
  const kind = (Object.keys(FLAG) as CardKind[]).find((k) => FLAG[k] === flag);
  // Old cards may leave the reserved area zero-filled; anything not J/I/Y is a resident card.
  return kind ?? 'resident';
}

const isoDate = (s: string | undefined): string | null => {
  if (!s) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
};

export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface ParseOptions {
  /** YYYY-MM-DD used for the expired flag; defaults to the local date. */
  today?: string;
}

export function parseTextBlock(text: Uint8Array, opts: ParseOptions = {}): IdCard {
  if (text.length < TEXT_BLOCK_SIZE) throw new CodedError('IDCARD_TEXT_SHORT', `证件文字信息不完整（${text.length} 字节）`);
  const block = Buffer.from(text.buffer, text.byteOffset, TEXT_BLOCK_SIZE);
  const kind = cardKindOf(block);
  const f: Partial<Record<FieldName, string>> = {};
  for (const [name, off, units] of LAYOUTS[kind]) f[name] = ucs2(block, off, units);

  const idNumber = f.idNumber ?? '';
  if (!idNumber) throw new CodedError('IDCARD_TEXT_NO_NUMBER', '证件信息中没有证件号码，请重新读卡');
  const hasCheckDigit = idNumber.length === 18;
  const check = hasCheckDigit ? checkIdNumber(idNumber) : null;
  const longTerm = (f.validTo ?? '').startsWith('长期');
  const validTo = longTerm ? '长期' : isoDate(f.validTo);
  const today = opts.today ?? localToday();
  const expired = !longTerm && validTo !== null && validTo < today;
  const nationCode = kind === 'resident' ? f.nationCode || null : null;

  return {
    kind,
    kindLabel: CARD_KIND_LABEL[kind],
    name: f.name ?? '',
    nameEn: f.nameEn || null,
    sex: sexLabel(f.sexCode ?? ''),
    sexCode: f.sexCode ?? '',
    nation: nationCode ? nationLabel(nationCode) : null,
    nationCode,
    birthDate: isoDate(f.birthDate),
    address: f.address || null,
    idNumber,
    idNumberValid: check ? check.ok : null,
    idNumberProblem: check && !check.ok ? (check.message ?? null) : null,
    authority: f.authority || null,
    authorityCode: f.authorityCode || null,
    validFrom: isoDate(f.validFrom),
    validTo,
    longTerm,
    expired,
    passNumber: f.passNumber || null,
    issueCount: f.issueCount || null,
    nationality: f.nationality || null,
    cardVersion: f.cardVersion || null,
    appendedAddress: null,
  };
}

function putUcs2(block: Buffer, offset: number, units: number, value: string): void {
  const enc = Buffer.from(value, 'utf16le');
  if (enc.length > units * 2) throw new CodedError('IDCARD_FIELD_TOO_LONG', `字段过长：${value.length} 字`);
  block.fill(Buffer.from(' ', 'utf16le'), offset, offset + units * 2);
  enc.copy(block, offset);
}

/** Encode fields as the SAM delivers them (used by fixtures and the simulator). */
export function buildTextBlock(card: CardFields): Buffer {
  const block = Buffer.alloc(TEXT_BLOCK_SIZE);
  block.fill(Buffer.from(' ', 'utf16le'));
  for (const [name, off, units] of LAYOUTS[card.kind]) {
    const v = card[name];
    if (v === undefined) continue;
    // 长期 is stored as 7F 95 1F 67 followed by spaces.
    putUcs2(block, off, units, v);
  }
  putUcs2(block, 248, 1, FLAG[card.kind]);
  return block;
}

/** 30 03 reply data: 70 bytes UCS-2LE (35 chars). */
export function parseAppendedAddress(data: Uint8Array): string | null {
  if (data.length < 2) return null;
  const raw = Buffer.from(data.buffer, data.byteOffset, Math.min(70, data.length)).toString('utf16le');
  const s = stripPad(raw);
  return s || null;
}

export function buildAppendedAddress(address: string): Buffer {
  const b = Buffer.alloc(70);
  putUcs2(b, 0, 35, address);
  return b;
}
