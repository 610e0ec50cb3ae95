// Which case fields hold personal data to encrypt at rest (both the counter and the hall seal
// exactly these), and what a crypto-shredded applicant reads as afterwards.
import type { Applicant } from './events';

/** Top-level fields of an event payload or of a cached case projection. */
export const SEALED_CASE_FIELDS = ['applicant'] as const;

/** A shredded applicant: still a valid Applicant (idType 'other' has no checksum) so old logs project. */
export const SHREDDED_APPLICANT: Applicant = { name: '（已销毁）', idType: 'other', idNumber: '（已销毁）' };
