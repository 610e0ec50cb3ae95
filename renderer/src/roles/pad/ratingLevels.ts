// The five levels as the pad shows them, best first.
import type { RatingLevel } from '../../../../domain/api/hall';

export const RATING_LEVELS: { level: RatingLevel; label: string; emoji: string }[] = [
  { level: 'verySatisfied', label: '非常满意', emoji: '😄' },
  { level: 'satisfied', label: '满意', emoji: '🙂' },
  { level: 'basic', label: '基本满意', emoji: '😐' },
  { level: 'dissatisfied', label: '不满意', emoji: '🙁' },
  { level: 'veryDissatisfied', label: '非常不满意', emoji: '😠' },
];

export function isBadLevel(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'veryDissatisfied';
}
