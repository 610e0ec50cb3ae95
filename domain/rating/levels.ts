// The five 好差评 levels. Inside the app there is ONE canonical enum (ratingLevelSchema in
// domain/api/hall.ts); numeric codes exist only at the edges, and their direction differs:
// GB/T 39046 uses 1 = 非常满意 … 5 = 非常不满意, several provincial interfaces the reverse.
import { ratingLevelSchema, type RatingLevel } from '../api/hall';

export { ratingLevelSchema, type RatingLevel };

export const RATING_LEVELS: readonly RatingLevel[] = ratingLevelSchema.options;

export const RATING_LEVEL_LABELS: Record<RatingLevel, string> = {
  verySatisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  veryDissatisfied: '非常不满意',
};

/** 差评 = 不满意 or 非常不满意. */
export function isBadRating(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'veryDissatisfied';
}

/** 好评 = 非常满意 or 满意 (基本满意 is 中评 in some localities, neither good nor bad). */
export function isGoodRating(level: RatingLevel): boolean {
  return level === 'verySatisfied' || level === 'satisfied';
}

export type RatingPolarity = 'good' | 'neutral' | 'bad';
export function polarityOf(level: RatingLevel): RatingPolarity {
  return isBadRating(level) ? 'bad' : isGoodRating(level) ? 'good' : 'neutral';
}

export type RatingCode = 1 | 2 | 3 | 4 | 5;
export type RatingCodeScheme = 'gb39046' | 'provincialReversed';

const GB_ORDER: readonly RatingLevel[] = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'];

/** Numeric code for an external system. gb39046: 1 = 非常满意; provincialReversed: 1 = 非常不满意. */
export function ratingLevelToCode(level: RatingLevel, scheme: RatingCodeScheme = 'gb39046'): RatingCode {
  const gb = (GB_ORDER.indexOf(level) + 1) as RatingCode;
  return scheme === 'gb39046' ? gb : ((6 - gb) as RatingCode);
}

/** Canonical level from an external numeric code; null for anything outside 1–5. */
export function ratingLevelFromCode(code: number | string, scheme: RatingCodeScheme = 'gb39046'): RatingLevel | null {
  const n = typeof code === 'string' ? Number(code.trim()) : code;
  if (!Number.isInteger(n) || n < 1 || n > 5) return null;
  const gb = scheme === 'gb39046' ? n : 6 - n;
  return GB_ORDER[gb - 1] ?? null;
}

export type RatingDimension = 'efficiency' | 'competence' | 'attitude';
export const RATING_DIMENSIONS: readonly RatingDimension[] = ['efficiency', 'competence', 'attitude'];
export const RATING_DIMENSION_LABELS: Record<RatingDimension, string> = {
  efficiency: '服务效率',
  competence: '服务水平',
  attitude: '服务态度',
};

/** GB/T 39046 table 9 rating channel codes for the channels a hall uses. */
export const RATING_CHANNEL_CODES = {
  pc: '1',
  mobile: '2',
  qrCode: '3',
  hallTablet: '4',
  hallTerminal: '5',
  keyBox: '5',
} as const;

/** One colour per level (charts): tied to the level, never to its position among the levels present. */
export const RATING_LEVEL_COLORS: Record<RatingLevel, string> = {
  verySatisfied: '#0f7b4a',
  satisfied: '#5fae5f',
  basic: '#d4a017',
  dissatisfied: '#d9702a',
  veryDissatisfied: '#b3261e',
};

/** Pie slices for the levels present, each coloured by its own level. */
export function ratingSlices(
  ratings: readonly { level: string }[],
  label: (l: RatingLevel) => string = (l) => RATING_LEVEL_LABELS[l],
): { name: string; value: number; itemStyle: { color: string } }[] {
  return RATING_LEVELS.map((l) => ({
    name: label(l),
    value: ratings.filter((r) => r.level === l).length,
    itemStyle: { color: RATING_LEVEL_COLORS[l] },
  })).filter((d) => d.value > 0);
}
