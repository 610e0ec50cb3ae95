// Manager unlock (管理员授权): a hall manager types his 工号 and password at the counter and admin
// actions (resolving a rejected sync event…) are allowed for a short window. Online the hall
// server decides (its login must answer role 'manager'); offline only a cached verifier that was
// cached for a manager counts. The clerk's own session and token are never touched.
import { CodedError } from '../../../domain/api/errors';
import { HallClient, HallUnreachableError, type FetchLike } from '../../../domain/api/hallClient';
import type { ManagerUnlockState } from '../../../domain/contract/core';
import type { Db } from '../db';
import { checkCachedManager, forgetCredential, rememberCredential, setCachedRole } from './credentialCache';

export interface ManagerUnlockOptions {
  db: Db;
  hallUrl: string;
  /** The core's pinned transport (https halls). */
  fetch?: FetchLike;
  windowNo: number;
  /** How long an unlock lasts (ms). */
  windowMs: number;
  /** Injected for tests. */
  now?: () => number;
  /** Called whenever the unlock opens, ends or lapses. */
  onChange: (u: ManagerUnlockState | null) => void;
}

export class ManagerUnlock {
  private state: ManagerUnlockState | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  constructor(private readonly opts: ManagerUnlockOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The active unlock, or null (an expired one is ended here, so callers never see it). */
  current(): ManagerUnlockState | null {
    if (this.state && Date.parse(this.state.until) <= this.now()) this.end();
    return this.state;
  }

  /** Throws MANAGER_UNLOCK_REQUIRED unless a manager has unlocked this window. */
  require(): ManagerUnlockState {
    const u = this.current();
    if (!u) throw new CodedError('MANAGER_UNLOCK_REQUIRED', '此操作需要大厅管理员授权', 403);
    return u;
  }

  async unlock(workNo: string, password: string): Promise<ManagerUnlockState> {
    const staff = await this.verify(workNo, password);
    const u: ManagerUnlockState = { workNo: staff.workNo, name: staff.name, until: new Date(this.now() + this.opts.windowMs).toISOString() };
    this.state = u;
    this.arm();
    this.opts.onChange(u);
    return u;
  }

  /** Ends the unlock; returns the one that was active (for the audit), or null. */
  lock(): ManagerUnlockState | null {
    const was = this.state;
    this.end();
    return was;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async verify(workNo: string, password: string): Promise<{ workNo: string; name: string }> {
    // A client of its own and the verify endpoint, not login: the clerk's token in the core's
    // HallClient stays as it is, and a clerk typing his credentials here is not re-seated.
    const client = new HallClient({ baseUrl: this.opts.hallUrl, fetch: this.opts.fetch, timeoutMs: 5000 });
    let r;
    try {
      r = await client.verifyCredentials(workNo, password);
    } catch (err) {
      // Unreachable, or a hall server too old to have /api/auth/verify: the cached verifier decides.
      if (err instanceof HallUnreachableError || (err instanceof CodedError && err.status === 404)) return this.verifyOffline(workNo, password);
      if (err instanceof CodedError && err.status === 401) forgetCredential(this.opts.db, workNo);
      if (err instanceof CodedError && (err.status === 401 || err.status === 403)) throw failed();
      throw err;
    }
    if (r.role !== 'manager') {
      // Demoted: a manager verifier cached earlier must not unlock anything offline.
      setCachedRole(this.opts.db, workNo, 'clerk');
      throw notAManager();
    }
    const staff = r.staff ?? { workNo, name: workNo, stars: 0 };
    rememberCredential(this.opts.db, workNo, password, staff, null, 'manager');
    return staff;
  }

  private verifyOffline(workNo: string, password: string): { workNo: string; name: string } {
    const r = checkCachedManager(this.opts.db, workNo, password, this.now());
    if (r.ok) return r.staff;
    if (r.reason === 'not_manager') throw notAManager();
    throw new CodedError('MANAGER_UNLOCK_FAILED', '大厅服务器无法连接，且本机没有该管理员的授权记录或密码不正确，无法离线授权', 401);
  }

  private arm(): void {
    this.dispose();
    const ms = Math.max(0, Date.parse(this.state!.until) - this.now());
    // Lapses on its own so the UI learns the window closed even when nobody calls in.
    this.timer = setTimeout(() => this.current(), ms + 50);
    this.timer.unref?.();
  }

  private end(): void {
    this.dispose();
    if (!this.state) return;
    this.state = null;
    this.opts.onChange(null);
  }
}

const notAManager = () => new CodedError('NOT_A_MANAGER', '该工号不是大厅管理员，不能授权此操作', 403);
const failed = () => new CodedError('MANAGER_UNLOCK_FAILED', '管理员工号或密码不正确，授权失败', 401);
