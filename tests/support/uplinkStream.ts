// A simulated hall outbox for central tests and the central benchmark: numbered uplink records
// (case lifecycles with masked applicants, ratings, follow-ups, ticket facts, staff, windows)
// exactly as the hall side is to produce them (domain/api/uplink.ts).
import crypto from 'node:crypto';
import { maskReceivedPayload, type UplinkRecord } from '../../domain/api/uplink';
import type { UplinkPushResponse } from '../../domain/api/uplink';

const IDS = ['11010519491231002X', '440524188001010014', '110101199003074477'];
const cityKey = 'test-city-key';
const hash = (v: string) => crypto.createHmac('sha256', cityKey).update(v).digest('hex');

let idCounter = 0;
const rid = (p: string) => `${p}-${(++idCounter).toString(36).padStart(8, '0')}-${crypto.randomBytes(4).toString('hex')}`;

export interface CaseSpec {
  caseId?: string;
  /** Acceptance instant (ISO). */
  at: string;
  promisedDays?: number;
  /** 'accepted' stops after acceptance (open case), 'completed' completes at completedAt. */
  until?: 'received' | 'accepted' | 'completed' | 'handedOver';
  completedAt?: string;
  itemCode?: string;
  windowNo?: number;
}

export class HallOutbox {
  readonly records: UplinkRecord[] = [];
  private serverVersion = 0;
  private deviceSeq = 0;

  constructor(
    readonly hallId: string,
    readonly deviceId = 'hall-backoffice',
  ) {}

  get lastSeq(): number {
    return this.records.length;
  }

  /** A hall restored from a backup taken when its outbox held the first `kept` records. */
  static restoredFrom(old: HallOutbox, kept: number): HallOutbox {
    const o = new HallOutbox(old.hallId, `${old.deviceId}-restored`);
    o.records.push(...old.records.slice(0, kept).map((r) => ({ ...r })));
    o.serverVersion = 1_000_000;
    return o;
  }

  /** Renumber the records from seq `from` on so they start at `start` (after a restore). */
  renumber(from: number, start: number): void {
    const tail = this.records.splice(from - 1);
    // Placeholders never sent: the central already holds these seqs from before the restore.
    while (this.records.length < start - 1) this.records.push({ seq: this.records.length + 1, id: 'held-by-central', kind: 'staff', at: '', body: null });
    for (const r of tail) this.records.push({ ...r, seq: this.records.length + 1 });
  }

  private push(kind: UplinkRecord['kind'], at: string, body: unknown): UplinkRecord {
    const r: UplinkRecord = { seq: this.records.length + 1, id: rid('r'), kind, at, body };
    this.records.push(r);
    return r;
  }

  private caseEvent(caseId: string, kind: string, at: string, windowNo: number, payload: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
    const event = {
      id: rid('e'),
      caseId,
      deviceId: this.deviceId,
      seq: ++this.deviceSeq,
      kind,
      at,
      actor: { workNo: `C00${windowNo}`, windowNo },
      payload,
      schemaVersion: 1,
    };
    this.push('caseEvent', at, { serverVersion: ++this.serverVersion, event, ...extra });
  }

  /** A case's events: 收件 → 受理 [→ 办结 → 出件]. Returns the case id. */
  addCase(spec: CaseSpec): string {
    const caseId = spec.caseId ?? rid('case');
    const w = spec.windowNo ?? 1;
    const n = this.serverVersion;
    const received = {
      caseNo: `9999012026${String(n).padStart(8, '0')}`,
      itemCode: spec.itemCode ?? '000107001',
      itemName: '个体工商户设立登记',
      channel: 'window',
      applicant: { name: '测试申请人', idType: 'residentId', idNumber: IDS[n % IDS.length]!, phone: '13800138000' },
      materials: [{ name: '身份证复印件', received: true, originalOrCopy: 'copy', count: 1 }],
    };
    const masked = maskReceivedPayload(received, hash);
    this.caseEvent(caseId, 'received', spec.at, w, masked.payload, { applicantKeys: masked.applicantKeys });
    const until = spec.until ?? 'handedOver';
    if (until === 'received') return caseId;
    this.caseEvent(caseId, 'accepted', spec.at, w, { caseType: 'committed', commitment: 'timeLimited', promisedDays: spec.promisedDays ?? 5, dueDate: null });
    if (until === 'accepted') return caseId;
    const done = spec.completedAt ?? spec.at;
    this.caseEvent(caseId, 'completed', done, w, { result: 'approved', mailed: false });
    if (until === 'completed') return caseId;
    this.caseEvent(caseId, 'handedOver', done, w, { method: 'window' });
    return caseId;
  }

  addRating(level: string, at: string, windowNo = 1, caseId: string | null = null): string {
    const ratingId = rid('rating');
    this.push('rating', at, { ratingId, level, ratedAt: at, windowNo, clerkWorkNo: `C00${windowNo}`, ticketId: null, caseId, reasonCodes: [] });
    return ratingId;
  }

  addFollowUp(ratingId: string, openedOn: string, dueDate: string, closedOn: string | null): void {
    this.push('followUp', `${openedOn}T02:00:00.000Z`, {
      followUpId: `fu-${ratingId}`,
      ratingId,
      status: closedOn ? 'closed' : 'open',
      openedOn,
      dueDate,
      closedOn,
      action: closedOn ? 'reply' : 'open',
    });
  }

  /** A ticket: issued, then called after waitMin minutes (and done), or a no-show. */
  addTicket(issuedAt: string, waitMin: number, opts: { noShow?: boolean; windowNo?: number; category?: string } = {}): string {
    const ticketId = rid('t');
    const category = opts.category ?? 'A';
    const windowNo = opts.windowNo ?? 1;
    const t0 = Date.parse(issuedAt);
    const iso = (ms: number) => new Date(ms).toISOString();
    this.push('ticket', issuedAt, { ticketId, fact: 'issued', at: issuedAt, category });
    this.push('ticket', iso(t0 + waitMin * 60_000), {
      ticketId,
      fact: 'called',
      at: iso(t0 + waitMin * 60_000),
      category,
      windowNo,
      clerkWorkNo: `C00${windowNo}`,
    });
    if (opts.noShow)
      this.push('ticket', iso(t0 + (waitMin + 2) * 60_000), { ticketId, fact: 'noShow', at: iso(t0 + (waitMin + 2) * 60_000), category, windowNo });
    else
      this.push('ticket', iso(t0 + (waitMin + 8) * 60_000), {
        ticketId,
        fact: 'done',
        at: iso(t0 + (waitMin + 8) * 60_000),
        category,
        windowNo,
        clerkWorkNo: `C00${windowNo}`,
      });
    return ticketId;
  }

  addStaff(workNo: string, name: string): void {
    this.push('staff', new Date().toISOString(), { workNo, name, role: 'clerk', active: true });
  }

  addWindow(windowNo: number): void {
    this.push('window', new Date().toISOString(), { windowNo, name: `${windowNo}号窗口`, active: true, categories: ['A'] });
  }

  /** A record that fails validation (kept as a rejection by the central). */
  addBroken(): void {
    this.push('rating', new Date().toISOString(), { ratingId: 'short', level: 'wonderful' });
  }
}

/**
 * Push records in batches until the central acknowledged them all — the reference behaviour for
 * the hall's uplink client: follow `expectedSeq`; on UPLINK_SEQ_REUSED (the hall was restored
 * from an older backup and its numbering fell behind the central's) renumber the unsent records
 * from lastSeq + 1 and go on; with `retry`, keep resending the same batch through network
 * errors and 5xx until `retryForMs` has passed.
 */
export async function pushAll(
  url: string,
  token: string,
  outbox: HallOutbox,
  opts: { batch?: number; from?: number; retry?: boolean; retryForMs?: number; onBatch?: (r: UplinkPushResponse) => void } = {},
): Promise<UplinkPushResponse[]> {
  const batch = opts.batch ?? 200;
  const out: UplinkPushResponse[] = [];
  let next = opts.from ?? 1;
  let failingSince = 0;
  while (next <= outbox.lastSeq) {
    const records = outbox.records.slice(next - 1, next - 1 + batch);
    try {
      const res = await fetch(`${url}/api/uplink/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          hallId: outbox.hallId,
          sentAt: new Date().toISOString(),
          backlog: Math.max(0, outbox.lastSeq - (next - 1 + records.length)),
          records,
        }),
        signal: AbortSignal.timeout(60_000),
      });
      if (!res.ok) throw new Error(`push ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as UplinkPushResponse;
      out.push(body);
      opts.onBatch?.(body);
      failingSince = 0;
      if (body.results.some((r) => r.status === 'rejected' && r.code === 'UPLINK_SEQ_REUSED')) {
        outbox.renumber(next, body.lastSeq + 1);
        next = body.lastSeq + 1;
        continue;
      }
      next = body.expectedSeq ?? body.lastSeq + 1;
    } catch (e) {
      if (!opts.retry) throw e;
      failingSince ||= Date.now();
      if (Date.now() - failingSince > (opts.retryForMs ?? 180_000)) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return out;
}
