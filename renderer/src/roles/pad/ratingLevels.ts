// The five levels as the pad shows them, best first, with a face and a colour each.
import type { RatingLevel } from '../../../../domain/api/hall';
import { RATING_DIMENSIONS, RATING_LEVEL_LABELS, isBadRating, type RatingDimension } from '../../../../domain/rating/levels';

export const RATING_LEVELS: { level: RatingLevel; label: string; mood: number; color: string }[] = [
  { level: 'verySatisfied', label: RATING_LEVEL_LABELS.verySatisfied, mood: 2, color: '#0f7b4a' },
  { level: 'satisfied', label: RATING_LEVEL_LABELS.satisfied, mood: 1, color: '#3b8f3b' },
  { level: 'basic', label: RATING_LEVEL_LABELS.basic, mood: 0, color: '#a77b00' },
  { level: 'dissatisfied', label: RATING_LEVEL_LABELS.dissatisfied, mood: -1, color: '#c2561a' },
  { level: 'veryDissatisfied', label: RATING_LEVEL_LABELS.veryDissatisfied, mood: -2, color: '#b3261e' },
];

export const DIMENSIONS: readonly RatingDimension[] = RATING_DIMENSIONS;

export function isBadLevel(level: RatingLevel): boolean {
  return isBadRating(level);
}
