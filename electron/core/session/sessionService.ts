// Who is signed in at this window. Online sign-in goes to the hall server; when the server is
// unreachable a clerk who signed in here before may sign in against the cached verifier.
import { CodedError } from '../../../domain/api/errors';
import { HallUnreachableError, type HallClient } from '../../../domain/api/hallClient';
import type { SessionState } from '../../../domain/contract/core';
import type { Db } from '../db';
import { offlineSignInVerdict } from '../../../domain/rota/ahead';
import { cachedRotaAhead, rememberRotaAhead } from './rotaAhead';
import { checkCachedCredential, checkCachedManager, forgetCredential, offlineRefusalMessage, rememberCredential } from './credentialCache';

const OFFLINE_ROTA_MESSAGES = {
  off_rota: (_w: string, no: number) => `大厅服务器无法连接：按排班您今日不在 ${no} 号窗口，请管理员授权登录`,
  on_leave: (w: string, no: number) => `大厅服务器无法连接：工号 ${w} 今日请假，不能在 ${no} 号窗口登录，请管理员授权`,
  a_present: (_w: string, no: number) => `${no} 号窗口的A角正在岗，B角不能接替，请管理员授权`,
  window_uncovered: (_w: string, no: number) => `大厅服务器无法连接：${no} 号窗口今日没有排班，请管理员授权登录`,
} as const;

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
      if (r.rotaAhead) rememberRotaAhead(this.db, r.rotaAhead, this.now());
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
      this.checkRotaOffline(workNo, unlock);
      this.set({ clerk: cached.staff, online: false, offlineSignIn: true });
    }
    return this.state;
  }

  /**
   * Offline, the rota the hall sent with the last online sign-in here decides as the hall would
   * (A, B, leader, leave); a refusal is lifted only by a manager whose verifier is cached here.
   * No cached day for today (a counter that never signed in online since the update): as before.
   */
  private checkRotaOffline(workNo: string, unlock?: { workNo: string; password: string }): void {
    const ahead = cachedRotaAhead(this.db);
    const verdict = ahead && offlineSignInVerdict(ahead, { workNo, windowNo: this.state.windowNo, at: this.now() });
    if (!verdict || verdict.ok) return;
    const windowNo = this.state.windowNo;
    if (!unlock) throw new CodedError(verdict.code, OFFLINE_ROTA_MESSAGES[verdict.code](workNo, windowNo), 403, { windowNo });
    const m = checkCachedManager(this.db, unlock.workNo, unlock.password, this.now());
    if (!m.ok && m.reason === 'not_manager') throw new CodedError('unlock_not_manager', '授权人不是大厅管理员，不能授权登录', 403);
    if (!m.ok) throw new CodedError('unlock_bad_credentials', '授权管理员的工号或密码不正确（离线时只认本机登录过的管理员）', 401);
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
