// Where the pad gets its reason list and the 差评 rule: from the domain's versioned data.
import type { RatingLevel } from '../../../domain/api/hall';
import type { RatingReason } from '../../../domain/contract/core';

export function isBadRating(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'veryDissatisfied';
}

export function ratingReasons(): { version: string; bad: RatingReason[] } {
  return { version: 'pending', bad: [] };
}
