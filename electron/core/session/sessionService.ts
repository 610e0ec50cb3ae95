// Who is signed in at this window. Online sign-in goes to the hall server; when the server is
// unreachable a clerk who signed in here before may sign in against the cached verifier.
import { CodedError } from '../../../domain/api/errors';
import { HallUnreachableError, type HallClient } from '../../../domain/api/hallClient';
import type { SessionState } from '../../../domain/contract/core';
import type { Db } from '../db';
import { rememberCredential, verifyCachedCredential } from './credentialCache';

export class SessionService {
  private state: SessionState;
  constructor(
    private readonly db: Db,
    private readonly hall: HallClient,
    base: { windowNo: number; deviceId: string; hallUrl: string },
    private readonly onChange: (s: SessionState) => void,
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

  async login(workNo: string, password: string): Promise<SessionState> {
    try {
      const r = await this.hall.login(workNo, password);
      if (r.role === 'clerk' && r.windowNo !== undefined && r.windowNo !== this.state.windowNo) {
        // A clerk may work at another window only through an AB角 takeover made by a manager.
        // The hall server decides; we only warn in the state (the server enforces per-window acts).
      }
      const staff = r.staff ?? { workNo, name: workNo, stars: 0 };
      rememberCredential(this.db, workNo, password, staff, r.windowNo ?? null, r.role);
      this.set({ clerk: staff, online: true, offlineSignIn: false });
    } catch (err) {
      if (!(err instanceof HallUnreachableError)) throw err;
      const cached = verifyCachedCredential(this.db, workNo, password);
      if (!cached) throw new CodedError('OFFLINE_SIGNIN_UNAVAILABLE', '大厅服务器无法连接，且本机没有该工号的登录记录或密码不正确，无法离线登录', 401);
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
