// The counter's sync engine: a push loop and a pull loop against the hall server.
//
// Push: pending local events (the outbox IS the event log: origin 'local', no server version,
// not rejected) go up in seq order, in batches. The server answers per event; acks stamp the
// server version, rejections become dead letters — both in one local transaction. Network
// errors, 5xx, 401/403 retry with exponential backoff and full jitter, on a timer: a retry never
// waits for a new local write (the PowerSync complaint). Nothing is kept in memory: after a
// restart the loop simply starts again from the pending rows.
//
// Pull: GET /api/sync/pull?since=cursor (long-poll). Events are written and the cursor is saved
// in the SAME transaction, after the events (the CouchDB lesson), then the registered hook
// re-projects the touched cases, also inside that transaction.
import { HallClient, type FetchLike } from '../../../domain/api/hallClient';
import { CodedError } from '../../../domain/api/errors';
import { CASE_SCHEMA_VERSION } from '../../../domain/cases';
import { type PullResponse, type PushResponse, type WireEvent } from '../../../domain/sync/wire';
import type { DeadLetter, SyncStatus } from '../../../domain/contract/core';
import { getMeta, setMeta, type Db } from '../db';
import { appendRecord, pendingLocal, storeRemoteEvents, type StoredEvent } from './eventLog';
import { enrollCounter } from './takeOver';
import { countDeadLetters, listDeadLetters, resolveDeadLetter } from './deadLetters';

export interface CaseSyncChange {
  /** Cases whose event set or event order changed (remote events arrived, own events versioned). */
  caseIds: string[];
  /** Remote events newly stored (any stream). */
  inserted: StoredEvent[];
}

export interface SyncEngineOptions {
  db: Db;
  deviceId: string;
  hallUrl: string;
  /** Pull-only fallback when not enrolled: the signed-in clerk's token (push needs the device token). */
  token?: () => string | null;
  /** Enrollment code: traded once for a device token kept in meta 'sync.deviceToken'. */
  enrollCode?: string;
  fetch?: FetchLike;
  batchSize?: number;
  pullLimit?: number;
  longPollMs?: number;
  /** Local writes by other modules are noticed within this period even without kick(). */
  idleCheckMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Backlog size from which the indicator shows a progress bar. */
  backlogThreshold?: number;
  now?: () => Date;
  onStatus?: (s: SyncStatus) => void;
  onHallVersion?: (version: number) => void;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

const CURSOR = 'sync.pullCursor';
const TOKEN = 'sync.deviceToken';

export class SyncEngine {
  private readonly client: HallClient;
  private readonly hooks = new Set<(c: CaseSyncChange) => void>();
  private stopped = true;
  private wakePush: (() => void) | null = null;
  private wakePull: (() => void) | null = null;
  private pushLoopDone: Promise<void> | null = null;
  private pullLoopDone: Promise<void> | null = null;
  private pushFailures = 0;
  private pullFailures = 0;
  private batchSize: number;
  private online = false;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;
  private clockSkewMs: number | null = null;
  private hallVersion = -1;
  private backlog: { total: number; sent: number } | null = null;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly idle = new Set<() => void>();

  private readonly stopCtrl = new AbortController();

  constructor(private readonly o: SyncEngineOptions) {
    const base: FetchLike = o.fetch ?? (globalThis.fetch as unknown as FetchLike);
    // stop() aborts a long-poll or a slow push at once instead of waiting for it.
    const fetch: FetchLike = (url, init) =>
      base(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, this.stopCtrl.signal]) : this.stopCtrl.signal });
    this.client = new HallClient({ baseUrl: o.hallUrl, fetch, timeoutMs: (o.longPollMs ?? 20_000) + 15_000 });
    this.batchSize = o.batchSize ?? 500;
  }

  /** Register the projection hook (runs inside the transaction that stored the events). */
  onRemoteCaseEvents(fn: (c: CaseSyncChange) => void): () => void {
    this.hooks.add(fn);
    return () => this.hooks.delete(fn);
  }

  /** Starts both loops. An engine is single-use: after stop(), create a new one. */
  start(): void {
    if (!this.stopped) return;
    if (this.stopCtrl.signal.aborted) throw new Error('sync engine was stopped; create a new one');
    drainLegacyOutbox(this.o.db, this.o.deviceId);
    this.stopped = false;
    this.pushLoopDone = this.pushLoop();
    this.pullLoopDone = this.pullLoop();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopCtrl.abort();
    this.wakePush?.();
    this.wakePull?.();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    await Promise.all([this.pushLoopDone, this.pullLoopDone]);
  }

  /** A local write happened: push now instead of at the next idle check. */
  kick(): void {
    this.emitSoon();
    this.wakePush?.();
  }

  status(): SyncStatus {
    return {
      online: this.online,
      pending: this.pendingCount(),
      deadLetters: countDeadLetters(this.o.db),
      lastSuccessAt: this.lastSuccessAt,
      backlog: this.backlog,
      lastError: this.lastError,
      pulledVersion: Number(getMeta(this.o.db, CURSOR) ?? 0),
      clockSkewMs: this.clockSkewMs,
    };
  }

  deadLetters(includeResolved = false): DeadLetter[] {
    return listDeadLetters(this.o.db, includeResolved);
  }

  resolveDeadLetter(id: string, note: string): { resolved: boolean } {
    const resolved = resolveDeadLetter(this.o.db, id, note, this.now());
    this.emitSoon();
    return { resolved };
  }

  /** Resolves when nothing is pending and a pull found nothing new (tests, shutdown, updates). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private now(): Date {
    return (this.o.now ?? (() => new Date()))();
  }

  private pendingCount(): number {
    return (
      this.o.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE origin = 'local' AND server_version IS NULL AND rejected_code IS NULL`).get() as { n: number }
    ).n;
  }

  // ---- auth ---------------------------------------------------------------------------------

  private enrolling: Promise<string> | null = null;

  private async token(opts: { deviceOnly?: boolean } = {}): Promise<string | null> {
    const stored = getMeta(this.o.db, TOKEN);
    if (stored) return stored;
    if (this.o.enrollCode) {
      // Push and pull both ask at start: enroll ONCE (two device identities would lock each other out).
      this.enrolling ??= enrollCounter(this.o.db, { hallUrl: this.o.hallUrl, code: this.o.enrollCode, localId: this.o.deviceId, fetch: this.o.fetch })
        .then(({ token, deviceId }) => {
          // A replacement code handed this PC another log: it is adopted in the database; the
          // core writes under it from its next start (counterCore enrolls before it starts, so
          // this only happens when the hall was unreachable then).
          if (deviceId !== this.o.deviceId) this.o.log?.warn({ deviceId }, "took over a replaced counter's sync log: restart the counter core");
          return token;
        })
        .finally(() => (this.enrolling = null));
      return this.enrolling;
    }
    return opts.deviceOnly ? null : (this.o.token?.() ?? null);
  }

  // ---- push ---------------------------------------------------------------------------------

  private async pushLoop(): Promise<void> {
    while (!this.stopped) {
      const batch = pendingLocal(this.o.db, this.batchSize);
      if (batch.length === 0) {
        this.backlog = null;
        this.emitSoon();
        await this.sleep(this.o.idleCheckMs ?? 1000, 'push');
        continue;
      }
      if (!this.backlog) {
        const total = this.pendingCount();
        if (total >= (this.o.backlogThreshold ?? 200)) this.backlog = { total, sent: 0 };
      }
      try {
        const res = await this.pushBatch(batch);
        this.applyAck(batch, res);
        this.pushFailures = 0;
        this.markOnline();
        if (this.backlog) this.backlog.sent = Math.min(this.backlog.total, this.backlog.sent + res.results.length);
      } catch (err) {
        if (this.stopped) break;
        this.pushFailures++;
        this.markFailure(err);
        if (err instanceof CodedError && err.status === 413 && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
          continue;
        }
        await this.sleep(this.backoff(this.pushFailures), 'push');
      }
      this.emitSoon();
    }
  }

  private async pushBatch(batch: StoredEvent[]): Promise<PushResponse> {
    // Only a device token may push (the hall refuses staff tokens): without one, events wait here.
    const token = await this.token({ deviceOnly: true });
    if (!token) throw new CodedError('device_not_enrolled', '本机尚未注册为柜台设备（缺少注册码），办件事件暂存本机', 401);
    this.client.token = token;
    const events: WireEvent[] = batch.map((e) => ({
      id: e.id,
      stream: e.stream,
      streamId: e.streamId,
      deviceId: e.deviceId,
      seq: e.seq,
      kind: e.kind,
      at: e.at,
      actor: e.actor,
      payload: e.payload,
      schemaVersion: e.schemaVersion,
    }));
    const body = { deviceId: this.o.deviceId, schemaVersion: CASE_SCHEMA_VERSION, sentAt: this.now().toISOString(), events };
    return this.client.call('sync.push', { body });
  }

  /** Stamp versions and dead letters in one transaction; tell the projection hook. */
  private applyAck(batch: StoredEvent[], res: PushResponse): void {
    const db = this.o.db;
    const byId = new Map(batch.map((e) => [e.id, e]));
    const stamp = db.prepare('UPDATE events SET server_version = ? WHERE id = ? AND server_version IS NULL');
    const reject = db.prepare(
      'UPDATE events SET rejected_code = ?, rejected_message = ? WHERE device_id = ? AND seq = ? AND server_version IS NULL AND rejected_code IS NULL',
    );
    db.transaction(() => {
      const caseIds = new Set<string>();
      for (const r of res.results) {
        if (r.status === 'rejected') {
          if (reject.run(r.code, r.message, this.o.deviceId, r.seq).changes > 0) {
            this.o.log?.warn({ seq: r.seq, code: r.code }, 'sync event rejected by the hall server');
            const e = batch.find((x) => x.seq === r.seq);
            if (e?.stream === 'case') caseIds.add(e.streamId);
          }
          continue;
        }
        const e = r.id ? byId.get(r.id) : undefined;
        if (e && stamp.run(r.serverVersion, e.id).changes > 0 && e.stream === 'case') caseIds.add(e.streamId);
      }
      if (res.expectedSeq !== null) {
        // The server is behind our acks (e.g. restored from a backup): send again from there.
        db.prepare(`UPDATE events SET server_version = NULL WHERE device_id = ? AND origin = 'local' AND seq >= ? AND rejected_code IS NULL`).run(
          this.o.deviceId,
          res.expectedSeq,
        );
        this.o.log?.warn({ expectedSeq: res.expectedSeq }, 'hall server expects earlier events: resending');
      }
      if (caseIds.size) this.runHooks({ caseIds: [...caseIds], inserted: [] });
    })();
    this.clockSkewMs = res.clockSkewMs;
  }

  // ---- pull ---------------------------------------------------------------------------------

  private async pullLoop(): Promise<void> {
    let again = true; // the last pull brought events (or more wait): ask again without waiting
    while (!this.stopped) {
      try {
        this.client.token = await this.token();
        const since = Number(getMeta(this.o.db, CURSOR) ?? 0);
        const wait: number = again || this.pendingCount() > 0 ? 0 : (this.o.longPollMs ?? 20_000);
        const res: PullResponse = await this.client.call('sync.pull', {
          query: { since, limit: this.o.pullLimit ?? 1000, waitMs: wait, exclude: this.o.deviceId },
        });
        storeRemoteEvents(this.o.db, res.events, (inserted, stamped) => {
          const caseIds = new Set<string>();
          for (const e of [...inserted, ...stamped]) if (e.stream === 'case') caseIds.add(e.streamId);
          if (caseIds.size || inserted.length) this.runHooks({ caseIds: [...caseIds], inserted });
          if (res.next > since) setMeta(this.o.db, CURSOR, String(res.next));
        });
        again = res.hasMore || res.events.length > 0;
        this.pullFailures = 0;
        this.markOnline();
        if (res.hall.version !== this.hallVersion) {
          this.hallVersion = res.hall.version;
          this.o.onHallVersion?.(res.hall.version);
        }
        if (!again && this.pendingCount() === 0) {
          for (const r of [...this.idle]) r();
          this.idle.clear();
        }
        this.emitSoon();
        if (!again && wait === 0) await this.sleep(this.o.idleCheckMs ?? 1000, 'pull');
      } catch (err) {
        if (this.stopped) break;
        this.pullFailures++;
        this.markFailure(err);
        await this.sleep(this.backoff(this.pullFailures), 'pull');
      }
    }
  }

  private runHooks(c: CaseSyncChange): void {
    for (const h of this.hooks) h(c);
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private markOnline(): void {
    this.online = true;
    this.lastError = null;
    this.lastSuccessAt = this.now().toISOString();
  }

  private markFailure(err: unknown): void {
    const status = err instanceof CodedError ? err.status : 0;
    this.online = status !== 503 && status !== 0 && status < 500 ? this.online : false;
    this.lastError = err instanceof CodedError ? err.message : '同步失败，稍后自动重试';
    this.o.log?.warn({ code: err instanceof CodedError ? err.code : 'ERROR', status }, 'sync request failed; will retry');
    this.emitSoon();
  }

  /** Exponential backoff with full jitter (AWS style), capped. */
  private backoff(failures: number): number {
    const cap = Math.min(this.o.backoffMaxMs ?? 30_000, (this.o.backoffBaseMs ?? 500) * 2 ** Math.min(failures - 1, 16));
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }

  private sleep(ms: number, which: 'push' | 'pull'): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        if (which === 'push') this.wakePush = null;
        else this.wakePull = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      if (which === 'push') this.wakePush = done;
      else this.wakePull = done;
    });
  }

  private emitSoon(): void {
    // Never after stop(): the database may be closed by then.
    if (!this.o.onStatus || this.statusTimer || this.stopped) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (!this.stopped) this.o.onStatus?.(this.status());
    }, 100);
  }
}

/**
 * Ratings queued by the interim outbox (before the event log carried them) move into the log
 * once, as 'rating' records, so nothing queued by an older build is lost.
 */
export function drainLegacyOutbox(db: Db, deviceId: string): number {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`).get();
  if (!has) return 0;
  const rows = db.prepare(`SELECT id, kind, body FROM outbox WHERE state = 'pending' ORDER BY created_at, id`).all() as {
    id: string;
    kind: string;
    body: string;
  }[];
  let moved = 0;
  for (const r of rows) {
    if (r.kind !== 'rating') continue;
    const body = JSON.parse(r.body) as { clerkWorkNo?: string; windowNo?: number };
    appendRecord(
      db,
      deviceId,
      { stream: 'rating', streamId: r.id, kind: 'rated', actor: { workNo: body.clerkWorkNo || '-', windowNo: body.windowNo ?? null }, payload: body },
      () => {
        db.prepare(`UPDATE outbox SET state = 'moved' WHERE id = ?`).run(r.id);
      },
    );
    moved++;
  }
  return moved;
}
