// Headline rating numbers for the clerk's own day and the manager console. Only aggregates:
// nothing here ties a level to a citizen.
import type { RatingLevel } from '../api/hall';
import { RATING_LEVELS, isBadRating, isGoodRating } from './levels';

export interface RatingStats {
  total: number;
  counts: Record<RatingLevel, number>;
  /** 好评率 = (非常满意 + 满意) / total; null with no ratings. */
  goodRate: number | null;
  /** 差评率 = (不满意 + 非常不满意) / total. */
  badRate: number | null;
}

export function ratingStats(levels: Iterable<RatingLevel>): RatingStats {
  const counts = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
  let total = 0;
  let good = 0;
  let bad = 0;
  for (const l of levels) {
    counts[l]++;
    total++;
    if (isGoodRating(l)) good++;
    if (isBadRating(l)) bad++;
  }
  return { total, counts, goodRate: total ? good / total : null, badRate: total ? bad / total : null };
}
