// Key box protocol (ours; see docs/devices.md). Small frames with preamble 5A A5 at 9600 8N1.
import { RATING_LEVEL_LABELS } from '../../domain/receipts/schemas';
import type { RatingLevel } from '../../domain/api/hall';
import { gb18030, fromGb18030 } from '../printer/text';

export const KEYBOX_PREAMBLE = [0x5a, 0xa5] as const;

export const KeyBoxCmd = {
  /** host → box: name 0x1F workNo 0x1F stars 0x1F caseLine (GB18030) */
  show: 0x01,
  clear: 0x02,
  /** host → box: timeoutSec (u8) then up to 9 bad-rating reason labels joined by 0x1F */
  requestRating: 0x03,
  cancel: 0x04,
  ping: 0x05,
  /** box → host: level key (1 非常满意 … 5 非常不满意), reason count, reason indexes (1-based) */
  keyPressed: 0x81,
} as const;

/** Key numbers on the box, left to right. GB/T 39046 order: 1 = 非常满意 … 5 = 非常不满意. */
export const KEY_LEVELS: readonly RatingLevel[] = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'];
export const KEY_LABELS = KEY_LEVELS.map((l) => RATING_LEVEL_LABELS[l]);

const US = 0x1f;

export function joinFields(fields: string[]): Buffer {
  const parts: Buffer[] = [];
  fields.forEach((f, i) => {
    if (i) parts.push(Buffer.from([US]));
    parts.push(gb18030(f.split('\u001f').join(' ')));
  });
  return Buffer.concat(parts);
}

export function splitFields(data: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= data.length; i++) {
    if (i === data.length || data[i] === US) {
      out.push(fromGb18030(data.subarray(start, i)));
      start = i + 1;
    }
  }
  return data.length ? out : [];
}
