// One sign-in attempt (login and verify share it): refused up front while throttled or locked,
// the password checked, the outcome counted and audited. Audit rows are hall events
// ('auth.failed', 'auth.locked') naming the work number tried and the client address, never the
// password.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HallContext } from '../context';
import type { StaffRow } from '../db/schema';
import { E } from '../errors';
import { verifyPassword } from '../../platform/passwords';
import { addrKey, refusalError, workKey } from './throttle';

const DUMMY_HASH = 'scrypt$16384$8$1$AAAA$AAAA';

export async function attemptSignIn(
  ctx: Pick<HallContext, 'engine' | 'signIn'>,
  req: FastifyRequest,
  reply: FastifyReply,
  workNo: string,
  password: string,
  route: 'login' | 'verify' | 'unlock',
): Promise<StaffRow> {
  const { engine, signIn } = ctx;
  const keys = [workKey(workNo), addrKey(req.ip)];
  const refusal = signIn.check(keys);
  if (refusal) {
    void reply.header('Retry-After', String(refusal.retryAfterSeconds));
    throw refusalError(refusal);
  }
  const staff = engine.staff(workNo);
  // Verify even for unknown work numbers so timing does not reveal which exist.
  const ok = await verifyPassword(password, staff?.password_hash ?? DUMMY_HASH);
  if (staff && ok && staff.active === 1) {
    signIn.succeed(keys);
    return staff;
  }
  const outcome = signIn.fail(keys);
  const actor = { kind: 'staff' as const, subject: workNo, role: 'clerk' as const, windowNo: null };
  engine.mutate(() => {
    engine.adminEvent('auth.failed', actor, { route, addr: req.ip, failures: outcome.failures });
    if (outcome.lockedNow) engine.adminEvent('auth.locked', actor, { route, addr: req.ip, minutes: 15 });
  });
  req.log.warn({ code: outcome.lockedNow ? 'SIGNIN_LOCKED' : 'SIGNIN_FAILED', route, failures: outcome.failures }, 'sign-in failed');
  throw E.badCredentials();
}
