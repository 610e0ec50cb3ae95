// Who is signed in at this window. Online sign-in goes to the hall server; when the server is
// unreachable a clerk who signed in here before may sign in against the cached verifier.
import { CodedError } from '../../../domain/api/errors';
import { HallUnreachableError, type HallClient } from '../../../domain/api/hallClient';
import type { SessionState } from '../../../domain/contract/core';
import type { Db } from '../db';
import { checkCachedCredential, forgetCredential, offlineRefusalMessage, rememberCredential } from './credentialCache';

export class SessionService {
  private state: SessionState;
  constructor(
    private readonly db: Db,
    private readonly hall: HallClient,
    base: { windowNo: number; deviceId: string; hallUrl: string },
    private readonly onChange: (s: SessionState) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { ...base, online: false, clerk: null, offlineSignIn: false, managerUnlock: null };
  }

  get(): SessionState {
    return this.state;
  }

  setOnline(online: boolean): void {
    if (this.state.online === online) return;
    this.set({ online });
  }

  async login(workNo: string, password: string, unlock?: { workNo: string; password: string }): Promise<SessionState> {
    try {
      // Signed in at THIS counter's window: the hall checks the duty rota (A, B, leader) for it, or
      // the AB角 rule when the window has no rota; a manager's unlock lets anyone else sit here.
      const r = await this.hall.login(workNo, password, this.state.windowNo, unlock);
      const staff = r.staff ?? { workNo, name: workNo, stars: 0 };
      // The hall's answer replaces the cache: new verifier, current role, failures and age reset.
      rememberCredential(this.db, workNo, password, staff, r.windowNo ?? null, r.role, this.now());
      this.set({ clerk: staff, online: true, offlineSignIn: false });
    } catch (err) {
      // The hall says no (wrong password, deactivated): the old verifier must not let him in offline.
      if (err instanceof CodedError && err.status === 401) forgetCredential(this.db, workNo);
      if (!(err instanceof HallUnreachableError)) throw err;
      const cached = checkCachedCredential(this.db, workNo, password, this.now());
      if (!cached.ok) {
        const m = offlineRefusalMessage(cached);
        throw new CodedError(m.code, m.message, 401);
      }
      this.set({ clerk: cached.staff, online: false, offlineSignIn: true });
    }
    return this.state;
  }

  async logout(): Promise<SessionState> {
    try {
      await this.hall.logout();
    } catch {
      /* the token expires on the server anyway */
    }
    this.set({ clerk: null, offlineSignIn: false, managerUnlock: null });
    return this.state;
  }

  /**
   * The hall answered 401 to the signed-in clerk's token: revoked (deactivated, password reset,
   * signed in elsewhere). His cached verifier goes; an expiry after 12 h is no reason to drop it.
   */
  hallRejectedToken(code: string): void {
    const clerk = this.state.clerk;
    if (clerk && code !== 'token_expired') forgetCredential(this.db, clerk.workNo);
  }

  requireClerk() {
    if (!this.state.clerk) throw new CodedError('NOT_SIGNED_IN', '请先登录', 401);
    return this.state.clerk;
  }

  /** The manager unlock window shown in the state (ManagerUnlock decides when it opens and ends). */
  setManagerUnlock(u: SessionState['managerUnlock']): void {
    this.set({ managerUnlock: u });
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }
}
