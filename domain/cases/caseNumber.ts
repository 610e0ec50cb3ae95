// Case numbers (办件编号) that stay unique across counters while offline, with no coordination:
//
//   HHHHHH YYYYMMDD DDD SSSS   (21 digits, the common national form)
//   hall   date     dev serial
//
// - hall (6 digits): the hall's code, unique among halls (by default its 6-digit 行政区划代码;
//   a county with two halls gives each its own code);
// - date: the counter's China civil date when the case was received;
// - device (3 digits, 001–999): assigned by the hall server when the counter enrols, never
//   reused for another device in that hall;
// - serial (4 digits, 0001–9999): per device and per date, kept in the counter's own SQLite in
//   the same transaction as the case, and never reset by a clock change (the core keeps the
//   last serial per date string, so a clock jumping back continues that date's sequence).
// Two counters differ in the device code; one counter never repeats (date, serial); so no two
// case numbers collide even if every counter is offline all day.
import { z } from 'zod';
import { isCivilDate, type CivilDate } from '../calendar';

export interface CaseNoParts {
  hallCode: string;
  date: CivilDate;
  deviceCode: string;
  serial: number;
}

export type CaseNoCheck = { ok: true; parts: CaseNoParts } | { ok: false; code: string; message: string };

export const CASE_NO_RE = /^(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})(\d{4})$/;
export const MAX_DAILY_SERIAL = 9999;

/** Free-text case numbers from other systems (provincial platform imports): up to 50 chars. */
export const caseNoSchema = z.string().trim().min(1, '办件编号不能为空').max(50, '办件编号不能超过50个字符');

export function formatCaseNo(parts: CaseNoParts): string {
  const { hallCode, date, deviceCode, serial } = parts;
  if (!/^\d{6}$/.test(hallCode)) throw new RangeError('大厅编码应为6位数字');
  if (!/^\d{3}$/.test(deviceCode) || deviceCode === '000') throw new RangeError('设备编码应为001–999的3位数字');
  if (!isCivilDate(date)) throw new RangeError(`无效日期：${date}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_DAILY_SERIAL) {
    throw new RangeError(`当日流水号应在1–${MAX_DAILY_SERIAL}之间`);
  }
  return `${hallCode}${date.replaceAll('-', '')}${deviceCode}${String(serial).padStart(4, '0')}`;
}

export function checkCaseNo(raw: string): CaseNoCheck {
  const s = raw.trim();
  const m = CASE_NO_RE.exec(s);
  if (!m) return { ok: false, code: 'CASE_NO_FORMAT', message: '办件编号应为21位数字（大厅编码6位+日期8位+设备编码3位+流水号4位）' };
  const date = `${m[2]}-${m[3]}-${m[4]}`;
  if (!isCivilDate(date)) return { ok: false, code: 'CASE_NO_DATE', message: '办件编号中的日期无效' };
  if (m[5] === '000') return { ok: false, code: 'CASE_NO_DEVICE', message: '办件编号中的设备编码无效' };
  const serial = Number(m[6]);
  if (serial === 0) return { ok: false, code: 'CASE_NO_SERIAL', message: '办件编号中的流水号无效' };
  return { ok: true, parts: { hallCode: m[1]!, date, deviceCode: m[5]!, serial } };
}

export function isValidCaseNo(raw: string): boolean {
  return checkCaseNo(raw).ok;
}

/** Digits of the 查询码 printed on a receipt: the case number's last 8 (date's last digit, device, serial). */
export const QUERY_CODE_LENGTH = 8;

/** 查询码 of a case number (the counter's 查询 finds the case by it; several cases can share one over the years). */
export function queryCodeOf(caseNo: string): string {
  return caseNo.slice(-QUERY_CODE_LENGTH);
}
