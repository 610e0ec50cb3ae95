// THE evaluator contract: show a clerk and a case, collect exactly one rating within a timeout, or
// cancel. Three adapters implement it: the serial key box (here), the pad window and the networked
// tablet (counter core). RatingSession does the exactly-once / timeout / cancel bookkeeping so an
// adapter only has to call `session.submit(...)` when its device reports a rating.
import { ratingLevelSchema, type RatingLevel } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';

export { ratingLevelSchema };
export type { RatingLevel };

export interface EvaluatorClerk {
  name: string;
  workNo: string;
  /** URL or data: URL; adapters without a screen (key box) ignore it. */
  photo?: string | null;
  /** 0–5 */
  stars: number;
}

export interface EvaluatorCase {
  ticketNumber?: string | null;
  serviceName?: string | null;
  caseNo?: string | null;
}

export interface RatingReason {
  code: string;
  label: string;
}

export interface RatingRequest {
  requestId: string;
  clerk: EvaluatorClerk;
  case: EvaluatorCase;
  /** How long the citizen has to rate, ms (key boxes traditionally ~10 s). */
  timeoutMs: number;
  /** Reasons offered for 不满意 / 非常不满意 (provincial list, loaded as data). */
  badReasons?: RatingReason[];
}

export interface Rating {
  level: RatingLevel;
  reasonCodes: string[];
  text?: string;
}

export type RatingOutcome =
  | { kind: 'rated'; requestId: string; rating: Rating; ratedAt: string }
  | { kind: 'timeout'; requestId: string }
  | { kind: 'cancelled'; requestId: string };

export type EvaluatorKind = 'keyBox' | 'padWindow' | 'tablet';

export interface EvaluatorStatus {
  state: 'ok' | 'offline' | 'error' | 'absent';
  code: string;
  message: string;
}

export interface Evaluator {
  readonly kind: EvaluatorKind;
  /** Idle display: the clerk's card. */
  showClerk(clerk: EvaluatorClerk): Promise<void>;
  clear(): Promise<void>;
  /** Resolves exactly once: rated, timeout or cancelled. Rejects EVALUATOR_BUSY if one is open. */
  requestRating(req: RatingRequest): Promise<RatingOutcome>;
  /** Cancel the open request (no-op when none). */
  cancel(): Promise<void>;
  status(): EvaluatorStatus;
  close(): Promise<void>;
}

export const BAD_LEVELS: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'veryDissatisfied']);

/** Exactly-once bookkeeping for one rating request. */
export class RatingSession {
  private done = false;
  private timer: NodeJS.Timeout;
  readonly promise: Promise<RatingOutcome>;
  private resolveFn!: (o: RatingOutcome) => void;

  constructor(
    readonly request: RatingRequest,
    onEnd: (o: RatingOutcome) => void = () => undefined,
  ) {
    this.promise = new Promise((r) => (this.resolveFn = r)).then((o) => {
      onEnd(o as RatingOutcome);
      return o as RatingOutcome;
    }) as Promise<RatingOutcome>;
    this.timer = setTimeout(() => this.end({ kind: 'timeout', requestId: request.requestId }), request.timeoutMs);
  }

  get open(): boolean {
    return !this.done;
  }

  /**
   * Accept a rating. Returns false when the session already ended (a second press is ignored).
   * Throws RATING_REASON_REQUIRED for a bad rating without a reason (national rule).
   */
  submit(rating: Rating): boolean {
    if (this.done) return false;
    const level = ratingLevelSchema.parse(rating.level);
    const known = new Set((this.request.badReasons ?? []).map((r) => r.code));
    const reasonCodes = rating.reasonCodes.filter((c) => known.size === 0 || known.has(c));
    if (BAD_LEVELS.has(level) && reasonCodes.length === 0 && !rating.text?.trim()) {
      throw new CodedError('RATING_REASON_REQUIRED', '不满意或非常不满意时须选择或填写原因');
    }
    this.end({
      kind: 'rated',
      requestId: this.request.requestId,
      rating: { level, reasonCodes, ...(rating.text?.trim() ? { text: rating.text.trim().slice(0, 500) } : {}) },
      ratedAt: new Date().toISOString(),
    });
    return true;
  }

  cancel(): void {
    this.end({ kind: 'cancelled', requestId: this.request.requestId });
  }

  private end(o: RatingOutcome): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.resolveFn(o);
  }
}
