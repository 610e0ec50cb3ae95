// The citizen-facing pad (second screen or paired tablet): idle shows the clerk's card; a
// rating request opens a timed window for exactly one rating (一次一评), then thanks, then idle.
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../../domain/api/errors';
import type { RatingLevel, StaffCard } from '../../../domain/api/hall';
import type { PadConsentRequest, PadState, RatingReason } from '../../../domain/contract/core';

export interface RatingInput {
  requestId: string;
  level: RatingLevel;
  dimensions?: Partial<Record<'efficiency' | 'competence' | 'attitude', RatingLevel>>;
  reasonCodes: string[];
  text?: string;
}

export interface CollectedRating extends RatingInput {
  ticketId: string | null;
  caseNo: string | null;
  ratedAt: string;
  reasonListVersion: string;
}

export interface PadEvaluatorOptions {
  windowNo: number;
  timeoutMs: number;
  thanksMs?: number;
  reasons: { version: string; bad: RatingReason[] };
  isBad: (level: RatingLevel) => boolean;
  onState: (s: PadState) => void;
  onRated: (r: CollectedRating) => void;
  /** The citizen answered a consent request (免提交): the core records it. */
  onConsent?: (requestId: string, agree: boolean) => void;
  now?: () => number;
}

export class PadEvaluator {
  private state: PadState;
  private context: { ticketId: string | null; caseNo: string | null } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly rated = new Set<string>();

  constructor(private readonly opts: PadEvaluatorOptions) {
    this.state = { phase: 'idle', windowNo: opts.windowNo, clerk: null, request: null, reasons: opts.reasons };
  }

  get(): PadState {
    return this.state;
  }

  /** A new reason list from the hall (issue 14 downlink): offered from the next screen on, its version on the next rating. */
  setReasons(reasons: { version: string; bad: RatingReason[] }): void {
    if (reasons.version === this.opts.reasons.version) return;
    this.opts.reasons = reasons;
    this.set({ reasons });
  }

  showClerk(clerk: StaffCard | null): void {
    this.set({ clerk });
  }

  request(input: { ticketId?: string; caseNo?: string; ticketNumber?: string | null; serviceName?: string }): { requestId: string } {
    if (!this.state.clerk) throw new CodedError('NOT_SIGNED_IN', '请先登录后再请求评价', 401);
    const now = this.opts.now?.() ?? Date.now();
    const requestId = uuidv7();
    this.context = { ticketId: input.ticketId ?? null, caseNo: input.caseNo ?? null };
    this.set({
      phase: 'rating',
      consent: null,
      request: { requestId, ticketNumber: input.ticketNumber ?? null, serviceName: input.serviceName ?? null, expiresAt: now + this.opts.timeoutMs },
    });
    this.arm(this.opts.timeoutMs, () => this.toIdle());
    return { requestId };
  }

  /** 免提交: show the citizen which licences the counter asks to fetch; one answer, or it lapses. */
  requestConsent(input: Omit<PadConsentRequest, 'requestId' | 'expiresAt'>): { requestId: string } {
    if (!this.state.clerk) throw new CodedError('NOT_SIGNED_IN', '请先登录', 401);
    if (this.state.phase === 'rating') throw new CodedError('PAD_BUSY', '评价器正在评价，请稍后再请申请人授权', 409);
    const now = this.opts.now?.() ?? Date.now();
    const requestId = uuidv7();
    this.set({ phase: 'consent', request: null, consent: { ...input, requestId, expiresAt: now + this.opts.timeoutMs } });
    this.arm(this.opts.timeoutMs, () => this.toIdle());
    return { requestId };
  }

  answerConsent(requestId: string, agree: boolean): void {
    const c = this.state.consent;
    if (this.state.phase !== 'consent' || !c || c.requestId !== requestId)
      throw new CodedError('CONSENT_NOT_REQUESTED', '授权确认已结束或未开始，请向工作人员确认', 409);
    this.opts.onConsent?.(requestId, agree);
    // Back to the clerk's card at once: the "thanks" screen speaks of a rating.
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.toIdle();
  }

  cancel(): boolean {
    if (this.state.phase === 'consent') {
      this.toIdle();
      return true;
    }
    if (this.state.phase !== 'rating') return false;
    this.toIdle();
    return true;
  }

  rate(input: RatingInput): void {
    const req = this.state.request;
    if (this.rated.has(input.requestId)) throw new CodedError('RATING_DUPLICATE', '本次服务已经评价过了，感谢您的参与', 409);
    if (this.state.phase !== 'rating' || !req || req.requestId !== input.requestId) {
      throw new CodedError('RATING_NOT_REQUESTED', '评价已结束或未开始，请向工作人员确认', 409);
    }
    if (this.opts.isBad(input.level) && input.reasonCodes.length === 0) {
      throw new CodedError('RATING_REASON_REQUIRED', '选择“不满意”或“非常不满意”时，请至少选择一项原因', 400);
    }
    const known = new Set(this.opts.reasons.bad.map((r) => r.code));
    const unknown = input.reasonCodes.filter((c) => !known.has(c));
    if (unknown.length) throw new CodedError('RATING_REASON_UNKNOWN', '评价原因不在当前原因清单中，请重新选择', 400, { unknown });
    this.rated.add(input.requestId);
    this.opts.onRated({
      ...input,
      ticketId: this.context?.ticketId ?? null,
      caseNo: this.context?.caseNo ?? null,
      ratedAt: new Date(this.opts.now?.() ?? Date.now()).toISOString(),
      reasonListVersion: this.opts.reasons.version,
    });
    this.set({ phase: 'thanks', request: null });
    this.arm(this.opts.thanksMs ?? 4000, () => this.toIdle());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private toIdle(): void {
    this.context = null;
    this.set({ phase: 'idle', request: null, consent: null });
  }

  private arm(ms: number, fn: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      fn();
    }, ms);
    this.timer.unref?.();
  }

  private set(patch: Partial<PadState>): void {
    this.state = { ...this.state, ...patch };
    this.opts.onState(this.state);
  }
}
