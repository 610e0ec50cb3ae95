// THE evaluator contract: show a clerk and a case, collect exactly one rating within a timeout, or
// cancel. Three adapters implement it: the serial key box (here), the pad window and the networked
// tablet (counter core). RatingSession does the exactly-once / timeout / cancel bookkeeping so an
// adapter only has to call `session.submit(...)` when its device reports a rating.
import { EventEmitter } from 'node:events';
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
  { kind: 'rated'; requestId: string; rating: Rating; ratedAt: string } | { kind: 'timeout'; requestId: string } | { kind: 'cancelled'; requestId: string };

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

/**
 * Base class for adapters: busy check, exactly-once outcome, timeout and cancel are done here.
 * An adapter implements showClerk/clear/status, `present` (put the rating UI up) and `dismiss`
 * (take it down), and calls `this.submit(requestId, rating)` when its device reports a rating.
 */
export abstract class SessionEvaluator extends EventEmitter<{ status: [EvaluatorStatus] }> implements Evaluator {
  abstract readonly kind: EvaluatorKind;
  private session: RatingSession | null = null;

  abstract showClerk(clerk: EvaluatorClerk): Promise<void>;
  abstract clear(): Promise<void>;
  abstract status(): EvaluatorStatus;
  protected abstract present(req: RatingRequest): Promise<void>;
  protected abstract dismiss(outcome: RatingOutcome): Promise<void> | void;

  /** The open request, if any. */
  get pending(): RatingRequest | null {
    return this.session?.open ? this.session.request : null;
  }

  async requestRating(req: RatingRequest): Promise<RatingOutcome> {
    if (this.session?.open) throw new CodedError('EVALUATOR_BUSY', '评价器正在等待上一次评价，请先取消', 409);
    const session = new RatingSession(req, (o) => {
      if (this.session === session) this.session = null;
      Promise.resolve()
        .then(() => this.dismiss(o))
        .catch(() => undefined);
    });
    this.session = session;
    try {
      await this.present(req);
    } catch (e) {
      session.cancel();
      throw e;
    }
    return session.promise;
  }

  /**
   * Deliver a rating from the device. false = no open request with this id (late or duplicate);
   * throws RATING_REASON_REQUIRED for a bad rating without a reason.
   */
  submit(requestId: string, rating: Rating): boolean {
    const s = this.session;
    if (!s?.open || s.request.requestId !== requestId) return false;
    return s.submit(rating);
  }

  async cancel(): Promise<void> {
    this.session?.cancel();
  }

  async close(): Promise<void> {
    this.session?.cancel();
  }
}
