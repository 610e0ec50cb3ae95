// 帮办代办 at the counter (issue 16): the signed-in clerk's 代办 services (read from the hall with
// his token: a clerk sees only the services he is 代办员 of), the service a case is accepted under
// (resolved online, so the 受理回执 prints the hall's 代办编号 and 代办员), and the hall link of
// that case. A link the hall did not take (network gone after the acceptance) is kept in the
// counter's meta table and sent again on every 我的代办 read and every minute — never dropped. The
// hall's link is idempotent per clerk and requestId, so a pending link is re-sent only with the token
// of the clerk who accepted the case (same requestId: a link the hall took but whose answer was lost
// answers the same).
import type { HallClient } from '../../../domain/api/hallClient';
import { CodedError } from '../../../domain/api/errors';
import type { ProxyServiceView } from '../../../domain/api/practices';
import type { ProxyMine, ReceiptProxy } from '../../../domain/contract/core';
import { getMeta, setMeta, type Db } from '../db';
import { logger } from '../logger';

const PENDING = 'proxy.pendingLinks';
interface PendingLink {
  serviceId: string;
  caseNo: string;
  itemCode: string | null;
  requestId: string;
  /** The clerk who accepted the case; only his token re-sends it. */
  workNo: string;
}

export class ProxyDesk {
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly db: Db,
    private readonly hall: HallClient,
    private readonly signedIn: () => string | null,
  ) {}

  private async list(): Promise<{ today: string; services: ProxyServiceView[] }> {
    if (!this.hall.token) throw new CodedError('NOT_SIGNED_IN', '请先登录', 401);
    try {
      return await this.hall.call('proxy.list', { query: {} });
    } catch (err) {
      if ((err as CodedError).code === 'HALL_UNREACHABLE')
        throw new CodedError('PROXY_OFFLINE', '未连接大厅服务器，读不到代办服务；联网后再试（可先不选代办服务受理）', 503);
      throw err;
    }
  }

  /** The clerk's services (his own, as the hall decides), with milestone states and pending links. */
  async mine(): Promise<ProxyMine> {
    await this.retry();
    const r = await this.list();
    const me = this.signedIn();
    return { today: r.today, services: r.services, pendingLinks: this.pending().filter((p) => p.workNo === me).length };
  }

  /** Before an acceptance under a service: the service must be open and this clerk's to use. */
  async resolve(serviceId: string, itemCode: string | null): Promise<ReceiptProxy & { serviceId: string }> {
    const s = (await this.list()).services.find((x) => x.id === serviceId);
    if (!s) throw new CodedError('PROXY_NOT_YOURS', '该代办服务不存在或不由您代办，不能按它受理', 403);
    if (s.status !== 'active') throw new CodedError('PROXY_COMPLETED', `代办服务 ${s.no} 已办结，不能再关联办件`, 409);
    if (itemCode && s.items.length && !s.items.includes(itemCode))
      throw new CodedError('PROXY_ITEM_NOT_COVERED', `事项 ${itemCode} 不在代办服务 ${s.no} 的范围内`, 409);
    return { serviceId: s.id, serviceNo: s.no, agentName: s.agentName, agentWorkNo: s.agentWorkNo };
  }

  /** Link an accepted case; kept for a retry if the hall does not answer. */
  async link(l: PendingLink): Promise<'linked' | 'pending'> {
    this.setPending([...this.pending().filter((p) => p.caseNo !== l.caseNo), l]);
    await this.retry();
    return this.pending().some((p) => p.caseNo === l.caseNo) ? 'pending' : 'linked';
  }

  pending(): PendingLink[] {
    const raw = getMeta(this.db, PENDING);
    return raw ? (JSON.parse(raw) as PendingLink[]) : [];
  }
  private setPending(list: PendingLink[]): void {
    setMeta(this.db, PENDING, JSON.stringify(list));
  }

  /** Send every pending link; the hall answers an already-made link as done (idempotent). */
  async retry(): Promise<void> {
    const me = this.signedIn();
    if (!this.hall.token || !me) return;
    for (const p of this.pending().filter((x) => x.workNo === me)) {
      try {
        await this.hall.call('proxy.linkCase', {
          params: { id: p.serviceId },
          body: { requestId: p.requestId, caseNo: p.caseNo, ...(p.itemCode ? { itemCode: p.itemCode } : {}) },
        });
        this.setPending(this.pending().filter((x) => x.caseNo !== p.caseNo));
      } catch (err) {
        const code = (err as CodedError).code;
        // Unreachable or a server hiccup: keep it. A refusal (4xx) will not change by retrying: keep it too, logged, so
        // 我的代办 shows it as not linked and the manager can link it by hand.
        logger.warn({ code, caseNo: p.caseNo }, 'proxy link not taken by the hall; kept for retry');
        if (code === 'HALL_UNREACHABLE') return;
      }
    }
  }

  start(everyMs = 60_000): void {
    this.timer = setInterval(() => void this.retry().catch(() => undefined), everyMs);
    this.timer.unref?.();
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
