// Sign-in throttling (等保 登录失败处理) for POST /api/auth/login and /api/auth/verify, counted
// per work number AND per client address, so neither guessing one account from many places nor
// many accounts from one place gets far:
//   5 consecutive failures → 429 with Retry-After, growing (30 s, 60 s, 120 s, 240 s, 480 s);
//   10 → a 15-minute lock (423) during which even the right password is refused.
// A success clears both counters; a lock that ran out starts the count afresh; failures older
// than an hour are forgotten. State lives in signin_throttle, so a restart lifts nothing.
// The clock is injected (tests move it instead of sleeping).
import type { HallStore } from '../db/connection';
import type { SignInThrottleRow } from '../db/schema';
import { E } from '../errors';

export const SIGNIN_LIMITS = {
  /** Failures before the first 429. */
  throttleAfter: 5,
  /** Failures before the lock. */
  lockAfter: 10,
  lockMs: 15 * 60_000,
  /** First 429 delay; doubles with each further failure. */
  baseDelayMs: 30_000,
  /** Failures older than this no longer count as "in a row". */
  forgetAfterMs: 60 * 60_000,
} as const;

export type SignInKey = string;
export const workKey = (workNo: string): SignInKey => `work:${workNo.normalize('NFKC').toUpperCase()}`;
export const addrKey = (addr: string): SignInKey => `addr:${addr}`;

export interface Refusal {
  status: 429 | 423;
  retryAfterSeconds: number;
  key: SignInKey;
}
export interface FailureOutcome {
  failures: number;
  lockedNow: boolean;
  blockedMs: number;
}

export class SignInThrottle {
  constructor(
    private readonly store: HallStore,
    private readonly now: () => number = Date.now,
  ) {}

  private row(key: SignInKey): SignInThrottleRow | undefined {
    return this.store.get(this.store.q.selectFrom('signin_throttle').selectAll().where('key', '=', key));
  }

  /** Refuses before the password is even checked: a lock (423) wins over a wait (429). */
  check(keys: SignInKey[]): Refusal | null {
    const t = this.now();
    let best: Refusal | null = null;
    for (const key of keys) {
      const r = this.row(key);
      if (!r) continue;
      const sec = (until: number) => Math.max(1, Math.ceil((until - t) / 1000));
      if (r.locked_until > t) {
        if (!best || best.status !== 423 || sec(r.locked_until) > best.retryAfterSeconds) best = { status: 423, retryAfterSeconds: sec(r.locked_until), key };
      } else if (r.blocked_until > t && best?.status !== 423) {
        if (!best || sec(r.blocked_until) > best.retryAfterSeconds) best = { status: 429, retryAfterSeconds: sec(r.blocked_until), key };
      }
    }
    return best;
  }

  /** Records one failure on every key; returns the worst outcome (for the audit). */
  fail(keys: SignInKey[]): FailureOutcome {
    const t = this.now();
    let worst: FailureOutcome = { failures: 0, lockedNow: false, blockedMs: 0 };
    this.store.tx(() => {
      for (const key of keys) {
        const r = this.row(key);
        // A lock that has run out, or a long quiet spell, starts the count afresh.
        const fresh = !r || (r.locked_until > 0 && r.locked_until <= t) || t - r.last_failure_at > SIGNIN_LIMITS.forgetAfterMs;
        const failures = (fresh ? 0 : r.failures) + 1;
        let blocked = 0;
        let locked = 0;
        if (failures >= SIGNIN_LIMITS.lockAfter) locked = t + SIGNIN_LIMITS.lockMs;
        else if (failures >= SIGNIN_LIMITS.throttleAfter) blocked = t + SIGNIN_LIMITS.baseDelayMs * 2 ** (failures - SIGNIN_LIMITS.throttleAfter);
        const values = { key, failures, last_failure_at: t, blocked_until: blocked, locked_until: locked };
        this.store.run(
          this.store.q
            .insertInto('signin_throttle')
            .values(values)
            .onConflict((oc) => oc.column('key').doUpdateSet({ failures, last_failure_at: t, blocked_until: blocked, locked_until: locked })),
        );
        if (failures > worst.failures) worst = { failures, lockedNow: locked > 0, blockedMs: blocked ? blocked - t : 0 };
      }
    });
    return worst;
  }

  succeed(keys: SignInKey[]): void {
    this.store.run(this.store.q.deleteFrom('signin_throttle').where('key', 'in', keys));
  }
}

export function refusalError(r: Refusal) {
  const minutes = Math.ceil(r.retryAfterSeconds / 60);
  return r.status === 423 ? E.signInLocked(r.retryAfterSeconds, minutes) : E.signInThrottled(r.retryAfterSeconds);
}
