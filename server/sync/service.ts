// Sync ingest and pull for the hall server. One push = one SQLite transaction: every event is
// applied exactly once per (deviceId, seq), the device's lastSeq moves in the same transaction,
// rejected events are recorded (and lastSeq still advances — Replicache's rule, so a bad event
// never wedges the device), and every case touched is re-projected with the domain's
// projectCase over its events in server order.
import type { RevealedApplicant } from '../../domain/api/cases';
import type { Kysely } from 'kysely';
import { countMaterials, type MaterialStats } from '../../domain/licences/stats';
import { callListeners } from '../health/problems';
import type Database from 'better-sqlite3';
import { CodedError } from '../../domain/api/errors';
import { offlineWalkInSchema, ratingSubmissionSchema } from '../../domain/api/hall';
import {
  CASE_SCHEMA_VERSION,
  isCaseOpen,
  caseDeadline,
  overlayPackage,
  packageCaseStats,
  createCaseEvent,
  parseCaseEvent,
  redactForClerk,
  CaseEventError,
  type CaseEventKind,
  type CaseRow,
  type NewCaseEventInput,
} from '../../domain/cases';
import { chinaDateOf, hallTime } from '../../domain/calendar';
import {
  CLOCK_SKEW_LIMIT_MS,
  projectCaseLog,
  wireEventSchema,
  type PullResponse,
  type PulledEvent,
  type PushRequest,
  type PushResponse,
  type PushResult,
  type WireEvent,
} from '../../domain/sync/wire';
import type { HallContext } from '../context';
import type { FieldSealer } from '../../native/crypto/fieldSealer';
import { SEALED_CASE_FIELDS, SHREDDED_APPLICANT } from '../../domain/cases/sealedFields';
import type { HallDB } from '../db/schema';
import type { Actor } from '../auth';
import { tokenHash } from '../track/tokens';
import { outboxOf } from '../uplink/outbox';
import { type SyncDeviceRow, type SyncEventRow, type SyncTables } from './schema';
import { ClerkPresence } from '../trust/presence';
import { RatingAcceptance } from '../trust/ratingAcceptance';
import { TE } from '../trust/errors';
import { maskPulledEvent } from '../trust/applicantMask';
import { hallCalendar } from '../uplink/cityCalendar';

/** The hall server writes back-office events (办理/办结/出件) under this device id. */
export const BACK_OFFICE_DEVICE = 'hall-backoffice';
/** Sync ids the hall server writes under itself: no device may claim them (`hall-` is reserved). */
export function isReservedSyncId(id: string): boolean {
  return id === BACK_OFFICE_DEVICE || /^hall[-_]/i.test(id);
}
/** Streams other counters receive on pull. Ratings stay on the server (a clerk never sees levels). */
const PULL_STREAMS = ['case'];

export interface SyncServiceOptions {
  now?: () => number;
  /** Warn hook (no personal data is passed). */
  warn?: (obj: Record<string, unknown>, msg: string) => void;
  /** Encrypts applicant fields at rest (per-case data keys); defaults to the context's. */
  sealer?: FieldSealer | null;
}

const rejected = (seq: number, id: string | null, code: string, message: string): PushResult => ({ seq, id, status: 'rejected', code, message });

export class SyncService {
  readonly q: Kysely<HallDB & SyncTables>;
  private readonly raw: Database.Database;
  private readonly waiters = new Set<() => void>();
  private readonly sql;
  private readonly ratings: RatingAcceptance;
  readonly sealer: FieldSealer | null;

  constructor(
    private readonly ctx: HallContext,
    private readonly opts: SyncServiceOptions = {},
  ) {
    const { store } = ctx;
    this.sealer = opts.sealer !== undefined ? opts.sealer : (ctx.sealer ?? null);
    this.raw = store.raw;
    const q = (this.q = store.q.withTables<SyncTables>());
    const prep = (query: Parameters<typeof store.prepare>[0], n: number) => store.prepare(query, n);
    this.sql = {
      device: prep(q.selectFrom('sync_devices').selectAll().where('device_id', '=', '?'), 1),
      bySeq: prep(q.selectFrom('sync_events').select(['version', 'id']).where('device_id', '=', '?').where('seq', '=', 0), 2),
      rejection: prep(q.selectFrom('sync_rejections').select(['code', 'message', 'id']).where('device_id', '=', '?').where('seq', '=', 0), 2),
      insertEvent: prep(
        q.insertInto('sync_events').values({
          id: '?',
          stream: '?',
          stream_id: '?',
          device_id: '?',
          seq: 0,
          kind: '?',
          at: '?',
          actor: '?',
          payload: '?',
          schema_version: 0,
          state: '?',
          source: '?',
          received_at: 0,
        }),
        13,
      ),
      insertRejection: prep(
        q
          .insertInto('sync_rejections')
          .values({ device_id: '?', seq: 0, id: '?', stream: '?', stream_id: '?', kind: '?', code: '?', message: '?', received_at: 0 }),
        9,
      ),
      upsertDevice: prep(
        q
          .insertInto('sync_devices')
          .values({ device_id: '?', last_seq: 0, owner: '?', last_push_at: 0, clock_skew_ms: 0, schema_version: 0, accepted: 0, rejected: 0 })
          .onConflict((oc) =>
            oc.column('device_id').doUpdateSet((eb) => ({
              last_seq: eb.ref('excluded.last_seq'),
              owner: eb.fn.coalesce('sync_devices.owner', eb.ref('excluded.owner')),
              last_push_at: eb.ref('excluded.last_push_at'),
              clock_skew_ms: eb.ref('excluded.clock_skew_ms'),
              schema_version: eb.ref('excluded.schema_version'),
              accepted: eb('sync_devices.accepted', '+', eb.ref('excluded.accepted')),
              rejected: eb('sync_devices.rejected', '+', eb.ref('excluded.rejected')),
            })),
          ),
        8,
      ),
      caseEvents: prep(q.selectFrom('sync_events').selectAll().where('stream', '=', 'case').where('stream_id', '=', '?').orderBy('version'), 2),
      upsertCase: prep(
        q
          .insertInto('sync_cases')
          .values({
            case_id: '?',
            case_no: '?',
            status: '?',
            item_name: '?',
            window_no: 0,
            received_at: '?',
            due_date: '?',
            open: 0,
            conflicts: 0,
            deferred: 0,
            last_version: 0,
            row: '?',
            updated_at: 0,
          })
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet((eb) => ({
              case_no: eb.ref('excluded.case_no'),
              status: eb.ref('excluded.status'),
              item_name: eb.ref('excluded.item_name'),
              window_no: eb.ref('excluded.window_no'),
              received_at: eb.ref('excluded.received_at'),
              due_date: eb.ref('excluded.due_date'),
              open: eb.ref('excluded.open'),
              conflicts: eb.ref('excluded.conflicts'),
              deferred: eb.ref('excluded.deferred'),
              last_version: eb.ref('excluded.last_version'),
              row: eb.ref('excluded.row'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          ),
        13,
      ),
      upsertLink: prep(
        q
          .insertInto('case_links')
          .values({ case_id: '?', ticket_id: '?', token_hash: '?' })
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet((eb) => ({ ticket_id: eb.ref('excluded.ticket_id'), token_hash: eb.ref('excluded.token_hash') })),
          ),
        3,
      ),
      pull: prep(
        q.selectFrom('sync_events').selectAll().where('version', '>', 0).where('stream', 'in', PULL_STREAMS).orderBy('version').limit(0),
        2 + PULL_STREAMS.length,
      ),
      pullOthers: prep(
        q
          .selectFrom('sync_events')
          .selectAll()
          .where('version', '>', 0)
          .where('stream', 'in', PULL_STREAMS)
          .where('device_id', '!=', '?')
          .orderBy('version')
          .limit(0),
        3 + PULL_STREAMS.length,
      ),
      markDirty: prep(
        q
          .insertInto('sync_dirty')
          .values({ case_id: '?' })
          .onConflict((oc) => oc.column('case_id').doNothing()),
        1,
      ),
      isDirty: prep(q.selectFrom('sync_dirty').select('case_id').where('case_id', '=', '?'), 1),
      clean: prep(q.deleteFrom('sync_dirty').where('case_id', '=', '?'), 1),
      dirtyBatch: prep(q.selectFrom('sync_dirty').select('case_id').limit(0), 1),
      maxVersion: prep(
        q.selectFrom('sync_events').select((eb) => eb.fn.max('version').as('v')),
        0,
      ),
    };
    this.ratings = new RatingAcceptance(store);
    this.ownedBy = store.raw.prepare('SELECT device_id FROM sync_devices WHERE owner = ? AND device_id != ? LIMIT 1');
    this.replayDeferred();
    this.scheduleProjection();
  }

  private readonly ownedBy: Database.Statement;

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get version(): number {
    return (this.sql.maxVersion.get() as { v: number | null }).v ?? 0;
  }

  // ---- push ---------------------------------------------------------------------------------

  push(actor: Actor, body: PushRequest): PushResponse {
    const now = this.now();
    const sentAt = body.sentAt ? Date.parse(body.sentAt) : NaN;
    const skew = Number.isNaN(sentAt) ? null : sentAt - now;
    // Only a counter's device token pushes, only its own log, only as its own window. Staff
    // tokens never push (the back office writes through backOffice(), under its reserved id).
    if (actor.kind !== 'device' || actor.role !== 'counter') throw new CodedError('sync_push_device_only', '只有已注册的柜台设备可以推送同步事件', 403);
    if (isReservedSyncId(body.deviceId)) throw TE.reservedDeviceId(body.deviceId);
    const window = actor.windowNo;
    if (window == null) throw TE.noWindowDevice();
    const presence = new ClerkPresence(this.ctx.store);
    const out = this.ctx.store.tx(() => {
      const dev = this.sql.device.get(body.deviceId) as SyncDeviceRow | undefined;
      if (dev?.owner && dev.owner !== actor.subject) throw TE.deviceOwned();
      if (!dev?.owner) {
        // One sync log per enrollment: a device cannot start a second log under another id.
        const own = this.ownedBy.get(actor.subject, body.deviceId) as { device_id: string } | undefined;
        if (own) throw TE.notYourSyncId(own.device_id);
      }
      let lastSeq = dev?.last_seq ?? 0;
      let expectedSeq: number | null = null;
      let accepted = 0;
      let nRejected = 0;
      const results: PushResult[] = [];
      const touched = new Set<string>();
      for (const raw of body.events) {
        const seq = typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : NaN;
        const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
        if (!Number.isInteger(seq) || seq < 1) {
          // Without a seq there is nothing to advance: report it and go on with the rest.
          results.push(rejected(0, rawId, 'SYNC_EVENT_NO_SEQ', '同步事件缺少序号'));
          continue;
        }
        if (seq <= lastSeq) {
          results.push(this.replayResult(body.deviceId, seq, rawId));
          continue;
        }
        if (seq > lastSeq + 1) {
          expectedSeq = lastSeq + 1;
          break;
        }
        const r = this.applyOne(body.deviceId, raw, seq, rawId, now, touched, { window, presence, skew: skew ?? 0 });
        results.push(r);
        if (r.status === 'rejected') {
          this.sql.insertRejection.run(body.deviceId, seq, rawId, str(raw, 'stream'), str(raw, 'streamId'), str(raw, 'kind'), r.code, r.message, now);
          nRejected++;
        } else accepted++;
        lastSeq = seq;
      }
      this.sql.upsertDevice.run(body.deviceId, lastSeq, actor.subject, now, skew, body.schemaVersion, accepted, nRejected);
      for (const caseId of touched) this.sql.markDirty.run(caseId);
      return { results, lastSeq, expectedSeq, accepted };
    });
    if (skew !== null && Math.abs(skew) > CLOCK_SKEW_LIMIT_MS) this.opts.warn?.({ deviceId: body.deviceId, skewMs: skew }, 'device clock skew above 5 minutes');
    if (out.accepted > 0) {
      this.wake();
      this.scheduleProjection();
    }
    return {
      deviceId: body.deviceId,
      lastSeq: out.lastSeq,
      serverTime: new Date(now).toISOString(),
      results: out.results,
      expectedSeq: out.expectedSeq,
      clockSkewMs: skew,
    };
  }

  /** A resent event: answer as the first time (the version, or the same rejection). */
  private replayResult(deviceId: string, seq: number, id: string | null): PushResult {
    const ev = this.sql.bySeq.get(deviceId, seq) as { version: number; id: string } | undefined;
    if (ev) {
      if (id !== null && ev.id !== id) return rejected(seq, id, 'SYNC_SEQ_REUSED', `序号 ${seq} 已被另一条事件使用（设备数据可能被还原过）`);
      return { seq, id: ev.id, status: 'duplicate', serverVersion: ev.version };
    }
    const rj = this.sql.rejection.get(deviceId, seq) as { code: string; message: string } | undefined;
    if (rj) return rejected(seq, id, rj.code, rj.message);
    return rejected(seq, id, 'SYNC_SEQ_SKIPPED', `序号 ${seq} 早于服务器已处理的位置，无法补收`);
  }

  private applyOne(
    deviceId: string,
    raw: unknown,
    seq: number,
    rawId: string | null,
    now: number,
    touched: Set<string>,
    who: { window: number; presence: ClerkPresence; skew: number },
  ): PushResult {
    const env = wireEventSchema.safeParse(raw);
    if (!env.success) return rejected(seq, rawId, 'SYNC_EVENT_INVALID', `同步事件格式不正确：${env.error.issues[0]?.path.join('.') ?? ''}`);
    const e = env.data;
    if (e.deviceId !== deviceId) return rejected(seq, e.id, 'SYNC_DEVICE_MISMATCH', '事件的设备编号与推送设备不一致');
    // Signed as this device's window, by a clerk who was at that window then (device clock corrected by the measured skew).
    if (e.actor.windowNo !== who.window)
      return rejected(seq, e.id, 'SYNC_ACTOR_WRONG_WINDOW', `事件记录的窗口（${e.actor.windowNo ?? '无'}）不是本设备的 ${who.window} 号窗口`);
    const presence = who.presence.check(e.actor.workNo, who.window, Date.parse(e.at) - who.skew);
    if (!presence.ok) {
      return presence.reason === 'unknownStaff'
        ? rejected(seq, e.id, 'SYNC_ACTOR_UNKNOWN', `没有工号 ${e.actor.workNo} 的工作人员`)
        : rejected(seq, e.id, 'SYNC_ACTOR_NOT_AT_WINDOW', `工号 ${e.actor.workNo} 当时不在 ${who.window} 号窗口`);
    }
    let state = 'ok';
    if (e.stream === 'case') {
      const p = parseCaseEvent(caseEnvelope(e));
      if (p.status === 'invalid') return rejected(seq, e.id, p.code, p.message);
      if (p.status === 'deferred') state = 'deferred';
    } else if (e.stream === 'rating') {
      const r = ratingSubmissionSchema.safeParse(e.payload);
      if (!r.success) return rejected(seq, e.id, 'RATING_INVALID', `评价内容不正确：${r.error.issues[0]?.message ?? ''}`);
      // The rating row and its event stand or fall together (ratings cannot be deleted afterwards).
      this.raw.exec('SAVEPOINT rating_event');
      try {
        this.ratings.accept(r.data, who.window, now, who.presence, who.skew);
      } catch (err) {
        this.raw.exec('ROLLBACK TO rating_event; RELEASE rating_event');
        if (err instanceof CodedError) return rejected(seq, e.id, err.code, err.message);
        throw err;
      }
      const version = this.insert(e, state, 'device', now);
      if (version === null) {
        this.raw.exec('ROLLBACK TO rating_event; RELEASE rating_event');
        return rejected(seq, e.id, 'SYNC_ID_REUSED', '事件编号重复（与其他设备的事件冲突）');
      }
      this.raw.exec('RELEASE rating_event');
      return { seq, id: e.id, status: 'accepted', serverVersion: version, deferred: false };
    }
    const version = this.insert(e, state, 'device', now);
    if (version === null) return rejected(seq, e.id, 'SYNC_ID_REUSED', '事件编号重复（与其他设备的事件冲突）');
    if (e.stream === 'ticket' && e.kind === 'walkIn') {
      // An offline walk-in: one hall ticket per request id, shared with its timed-out online attempt.
      const w = offlineWalkInSchema.safeParse(e.payload);
      if (w.success)
        this.ctx.engine.recordOfflineWalkIn({
          requestId: w.data.requestId ?? `offline:${w.data.id}`,
          number: w.data.number,
          category: w.data.category,
          windowNo: w.data.windowNo,
          clerkWorkNo: e.actor.workNo,
          issuedAt: w.data.issuedAt,
        });
    }
    if (e.stream === 'case') touched.add(e.streamId);
    return { seq, id: e.id, status: 'accepted', serverVersion: version, deferred: state === 'deferred' };
  }

  private insert(e: WireEvent, state: string, source: string, now: number): number | null {
    try {
      const r = this.sql.insertEvent.run(
        e.id,
        e.stream,
        e.streamId,
        e.deviceId,
        e.seq,
        e.kind,
        e.at,
        JSON.stringify(e.actor),
        JSON.stringify(sealPayload(this.sealer, e.stream, e.streamId, e.payload ?? null)),
        e.schemaVersion,
        state,
        source,
        now,
      );
      const version = Number(r.lastInsertRowid);
      // The city gets every case event as ingested (applicant masked by the outbox, kept sealed beside it), with this version, in the same transaction.
      if (e.stream === 'case') outboxOf(this.ctx.store).caseEvent(version, e, now, this.sealer);
      return version;
    } catch (err) {
      // A constraint failure aborts only this statement, not the push transaction.
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) return null;
      throw err;
    }
  }

  // ---- projection ---------------------------------------------------------------------------

  caseEvents(caseId: string): SyncEventRow[] {
    return this.sql.caseEvents.all('case', caseId) as SyncEventRow[];
  }

  private toWire = (r: SyncEventRow) => rowToWire(r, this.sealer);

  project(caseId: string): CaseRow {
    const opts = { calendar: hallCalendar(this.ctx.store) };
    const row = projectCaseLog(this.caseEvents(caseId).map(this.toWire), opts);
    if (!row.packageInfo) return row;
    // 一件事: the package case's status and dates follow from its sub-cases (the counter does the same).
    const subs = row.packageInfo.subCases.map((s) => this.caseEvents(s.caseId)).filter((evs) => evs.length > 0);
    return overlayPackage(
      row,
      subs.map((evs) => projectCaseLog(evs.map(this.toWire), opts)),
    );
  }

  private projecting = false;
  private closed = false;
  private projectTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Re-project dirty cases after the push committed, 50 per tick so pushes and pulls interleave.
   * The cache is derived data: the events are the truth, and every read re-projects a dirty case
   * first, so a reader never sees a stale row.
   */
  private scheduleProjection(): void {
    if (this.closed) return;
    // Debounced: while a backlog is streaming in, ingest keeps the event loop; projection
    // catches up as soon as pushes pause for 100 ms (reads re-project on demand meanwhile).
    if (this.projectTimer) clearTimeout(this.projectTimer);
    this.projectTimer = setTimeout(() => {
      this.projectTimer = null;
      if (this.projecting) return;
      this.projecting = true;
      const step = () => {
        if (this.closed || this.projectTimer) return void (this.projecting = false);
        const n = this.projectDirty(50);
        if (n > 0) setImmediate(step);
        else this.projecting = false;
      };
      step();
    }, 100);
  }

  /** Re-project up to `limit` dirty cases now (all when Infinity). */
  projectDirty(limit = Infinity): number {
    let done = 0;
    const now = this.now();
    while (done < limit) {
      const ids = (this.sql.dirtyBatch.all(Math.min(200, limit - done)) as { case_id: string }[]).map((r) => r.case_id);
      if (!ids.length) break;
      this.ctx.store.tx(() => {
        for (const id of ids) {
          this.tryReproject(id, now, 'sync.projectDirty');
          this.sql.clean.run(id);
        }
      });
      done += ids.length;
    }
    return done;
  }

  ensureFresh(caseId: string): void {
    if (this.sql.isDirty.get(caseId))
      this.ctx.store.tx(() => {
        this.reproject(caseId, this.now());
        this.sql.clean.run(caseId);
      });
  }

  /** Background re-projection: a case whose stored log cannot be projected is reported and skipped. */
  private tryReproject(caseId: string, now: number, where: string): void {
    try {
      this.reproject(caseId, now);
    } catch (e) {
      this.ctx.problems?.report('STORED_CASE_UNPROJECTABLE', where, e, caseId);
    }
  }

  private reproject(caseId: string, now: number): CaseRow {
    const row = this.project(caseId);
    const windowNo = row.timeline.find((t) => t.kind === 'received')?.actor.windowNo ?? null;
    this.sql.upsertCase.run(
      caseId,
      row.caseNo,
      row.status,
      row.itemName,
      windowNo,
      row.receivedAt,
      row.dueDate,
      isCaseOpen(row) ? 1 : 0,
      row.conflicts.length,
      row.deferred.length,
      row.lastServerVersion ?? 0,
      JSON.stringify(this.sealer ? this.sealer.seal(caseId, row as unknown as Record<string, unknown>, SEALED_CASE_FIELDS, SHREDDED_APPLICANT) : row),
      now,
    );
    // What the citizen's phone needs (issue 17): the visit's ticket and the receipt token's hash.
    if (row.ticketId || row.trackToken) this.sql.upsertLink.run(caseId, row.ticketId, row.trackToken ? tokenHash(row.trackToken) : null);
    // A sub-case changed: its package row follows (once its package case has arrived).
    if (row.partOf && row.partOf.caseId !== caseId && this.caseEvents(row.partOf.caseId).length > 0) this.reproject(row.partOf.caseId, now);
    return row;
  }

  /**
   * Events stored as deferred by an older build: re-parse with this build's rules; what is now
   * understood is marked applied and its case re-projected. Runs at start (i.e. after upgrade).
   */
  replayDeferred(): number {
    const rows = this.ctx.store.all(this.q.selectFrom('sync_events').selectAll().where('state', '=', 'deferred'));
    if (!rows.length) return 0;
    let promoted = 0;
    const now = this.now();
    this.ctx.store.tx(() => {
      const cases = new Set<string>();
      for (const r of rows) {
        if (r.stream !== 'case') continue;
        let p: ReturnType<typeof parseCaseEvent>;
        try {
          p = parseCaseEvent(caseEnvelope(this.toWire(r)));
        } catch (e) {
          // A stored row this build cannot read stays deferred; it must not stop the start.
          this.ctx.problems?.report('STORED_EVENT_UNREADABLE', 'sync.replayDeferred', e, String(r.version));
          continue;
        }
        if (p.status !== 'ok') continue;
        this.ctx.store.run(this.q.updateTable('sync_events').set({ state: 'ok' }).where('version', '=', r.version));
        cases.add(r.stream_id);
        promoted++;
      }
      for (const c of cases) this.tryReproject(c, now, 'sync.replayDeferred');
    });
    return promoted;
  }

  // ---- pull ---------------------------------------------------------------------------------

  /**
   * `exclude`: the pulling device's own id — it learns its own versions from push acks (a lost
   * ack is answered again as `duplicate` on resend), so echoing its backlog back would only
   * double the work of a large flush.
   */
  pullNow(since: number, limit: number, exclude?: string, viewerWindow: number | null = null): PullResponse {
    const rows = (
      exclude ? this.sql.pullOthers.all(since, ...PULL_STREAMS, exclude, limit) : this.sql.pull.all(since, ...PULL_STREAMS, limit)
    ) as SyncEventRow[];
    const hasMore = rows.length === limit;
    // Nothing more of the pulled streams up to the newest version: the cursor may jump there.
    const next = hasMore ? rows[rows.length - 1]!.version : Math.max(since, this.version);
    // Full applicant data only for cases received at the viewer's own window; others masked.
    return {
      events: rows.map((r) => maskPulledEvent(this.toWire(r), viewerWindow)) as PulledEvent[],
      next,
      hasMore,
      hall: { version: this.ctx.engine.version },
    };
  }

  /** Long-poll: waits up to `waitMs` for a new version when there is nothing to send. */
  async pull(since: number, limit: number, waitMs: number, exclude?: string, viewerWindow: number | null = null): Promise<PullResponse> {
    const first = this.pullNow(since, limit, exclude, viewerWindow);
    if (first.events.length > 0 || waitMs <= 0 || this.version > since) return first;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, waitMs);
      this.waiters.add(done);
    });
    return this.pullNow(since, limit, exclude, viewerWindow);
  }

  private wake(): void {
    callListeners([...this.waiters], undefined, this.ctx.problems, 'sync.waiter');
  }

  /** Release long-polls (server closing). */
  close(): void {
    this.closed = true;
    if (this.projectTimer) clearTimeout(this.projectTimer);
    this.wake();
  }

  // ---- back office --------------------------------------------------------------------------

  /**
   * An event recorded at the hall server (back office or manager: 办理/办结/出件 …). Unlike a
   * counter's offline event, a person is looking at the current state, so an impossible
   * transition is refused (409) instead of being kept as a conflict.
   */
  backOffice(
    caseId: string,
    input: { kind: string; payload: unknown; eventId?: string },
    actor: Actor,
  ): { event: PulledEvent; case: ReturnType<typeof redactForClerk>; duplicate: boolean } {
    const now = this.now();
    const out = this.ctx.store.tx(() => {
      if (input.eventId) {
        const prior = this.ctx.store.get(this.q.selectFrom('sync_events').selectAll().where('id', '=', input.eventId));
        if (prior) {
          if (prior.stream_id !== caseId) throw new CodedError('event_id_reused', '事件编号已被使用', 409);
          return { event: this.toWire(prior) as PulledEvent, row: this.project(caseId), duplicate: true };
        }
      }
      const existing = this.caseEvents(caseId);
      if (!existing.length) throw new CodedError('case_not_found', '找不到该办件（尚未同步到大厅服务器）', 404);
      const dev = this.sql.device.get(BACK_OFFICE_DEVICE) as SyncDeviceRow | undefined;
      const seq = (dev?.last_seq ?? 0) + 1;
      let ev;
      try {
        ev = createCaseEvent(
          {
            caseId,
            deviceId: BACK_OFFICE_DEVICE,
            seq,
            kind: input.kind as CaseEventKind,
            at: new Date(now).toISOString(),
            actor: { workNo: actor.subject.slice(0, 32), windowNo: actor.windowNo },
            payload: input.payload as never,
          } as NewCaseEventInput<CaseEventKind>,
          input.eventId ? () => input.eventId! : undefined,
        );
      } catch (err) {
        if (err instanceof CaseEventError) throw new CodedError(err.code, err.message, 400, err.issues);
        throw err;
      }
      const trial = projectCaseLog([...existing.map(this.toWire), { ...ev, streamId: caseId, serverVersion: Number.MAX_SAFE_INTEGER }], {
        calendar: hallCalendar(this.ctx.store),
      });
      const conflict = trial.conflicts.find((c) => c.eventId === ev.id);
      if (conflict) throw new CodedError(conflict.code, conflict.message, 409);
      const wire: WireEvent = {
        id: ev.id,
        stream: 'case',
        streamId: caseId,
        deviceId: BACK_OFFICE_DEVICE,
        seq,
        kind: ev.kind,
        at: ev.at,
        actor: ev.actor,
        payload: ev.payload,
        schemaVersion: CASE_SCHEMA_VERSION,
      };
      const version = this.insert(wire, 'ok', 'backOffice', now);
      if (version === null) throw new CodedError('event_id_reused', '事件编号已被使用', 409);
      this.sql.upsertDevice.run(BACK_OFFICE_DEVICE, seq, null, now, 0, CASE_SCHEMA_VERSION, 1, 0);
      this.sql.clean.run(caseId);
      return { event: { ...wire, serverVersion: version } as PulledEvent, row: this.reproject(caseId, now), duplicate: false };
    });
    if (!out.duplicate) this.wake();
    return { event: out.event, case: redactForClerk(out.row), duplicate: out.duplicate };
  }

  // ---- manager views ------------------------------------------------------------------------

  listCases(
    f: { status?: string; deadline?: 'overdue' | 'dueSoon'; windowNo?: number; open?: boolean; limit: number; offset: number },
    today = chinaDateOf(new Date(this.now())),
  ) {
    this.projectDirty();
    let qb = this.q.selectFrom('sync_cases').select(['row', 'window_no']);
    if (f.status) qb = qb.where('status', '=', f.status);
    if (f.windowNo !== undefined) qb = qb.where('window_no', '=', f.windowNo);
    if (f.open !== undefined || f.deadline) qb = qb.where('open', '=', f.open === false ? 0 : 1);
    const rows = this.ctx.store.all(qb.orderBy('received_at', 'desc'));
    const items = [];
    let overdue = 0;
    let dueSoon = 0;
    let itemCount = 0;
    for (const r of rows) {
      const row = JSON.parse(r.row) as CaseRow;
      const d = caseDeadline(row, today);
      // A 一件事 package case only gathers its sub-cases (its dates are theirs): counting it too
      // would count the same work twice in 办件量 and in the overdue/due-soon marks.
      const container = row.packageInfo != null;
      if (!container && d.state === 'overdue') overdue++;
      if (!container && d.state === 'dueSoon') dueSoon++;
      if (f.deadline && d.state !== f.deadline) continue;
      if (!container) itemCount++;
      items.push({ ...redactForClerk(row), windowNo: r.window_no, deadline: d });
    }
    return { total: items.length, items: itemCount, overdue, dueSoon, cases: items.slice(f.offset, f.offset + f.limit) };
  }

  /** 办件量 / 按期办结率 of items and of 一件事 packages received on hall dates from..to. */
  packageStats(from: string, to: string, timeZone: string) {
    this.projectDirty();
    const rows = this.ctx.store.all(this.q.selectFrom('sync_cases').select(['row', 'received_at']).where('received_at', 'is not', null));
    const inRange = rows
      .filter((r) => {
        const d = hallTime(r.received_at!, timeZone).date;
        return d >= from && d <= to;
      })
      .map((r) => JSON.parse(r.row) as CaseRow);
    return { from, to, ...packageCaseStats(inRange) };
  }

  /** 免提交 KPI: materials of the cases received in [fromIso, toIso) (material lines are not sealed). */
  materialStats(fromIso: string, toIso: string): MaterialStats {
    this.projectDirty();
    const rows = this.ctx.store.all(this.q.selectFrom('sync_cases').select(['row']).where('received_at', '>=', fromIso).where('received_at', '<', toIso));
    return countMaterials(rows.map((r) => JSON.parse(r.row) as CaseRow));
  }

  caseDetail(caseId: string) {
    this.ensureFresh(caseId);
    const r = this.ctx.store.get(this.q.selectFrom('sync_cases').selectAll().where('case_id', '=', caseId));
    if (!r) throw new CodedError('case_not_found', '找不到该办件', 404);
    const row = this.openRow(r.case_id, r.row);
    return { ...redactForClerk(row), windowNo: r.window_no, timeline: row.timeline, deadline: caseDeadline(row, chinaDateOf(new Date(this.now()))) };
  }

  /** The full applicant of a case, from its 收件 event (for the audited reveal; never for lists). */
  revealApplicant(caseId: string): { caseNo: string | null; windowNo: number | null; applicant: RevealedApplicant['applicant'] } {
    const rows = this.caseEvents(caseId);
    if (!rows.length) throw new CodedError('case_not_found', '找不到该办件', 404);
    const received = rows.find((r) => r.kind === 'received');
    // Opened through the sealer: the stored payload is encrypted at rest.
    const payload = received ? (this.toWire(received).payload as { caseNo?: string; applicant?: RevealedApplicant['applicant'] } | null) : null;
    if (!received || !payload?.applicant) throw TE.noApplicant();
    return { caseNo: payload.caseNo ?? null, windowNo: (JSON.parse(received.actor) as { windowNo: number | null }).windowNo, applicant: payload.applicant };
  }

  /** A cached projection row, applicant opened (or the shredded tombstone). */
  openRow(caseId: string, json: string): CaseRow {
    const row = JSON.parse(json) as Record<string, unknown>;
    return (this.sealer ? this.sealer.open(caseId, row, SEALED_CASE_FIELDS, SHREDDED_APPLICANT) : row) as unknown as CaseRow;
  }

  devices() {
    const rows = this.ctx.store.all(this.q.selectFrom('sync_devices').selectAll().orderBy('device_id'));
    return rows.map((d) => ({
      deviceId: d.device_id,
      lastSeq: d.last_seq,
      lastPushAt: d.last_push_at ? new Date(d.last_push_at).toISOString() : null,
      clockSkewMs: d.clock_skew_ms,
      clockSkewed: d.clock_skew_ms !== null && Math.abs(d.clock_skew_ms) > CLOCK_SKEW_LIMIT_MS,
      schemaVersion: d.schema_version,
      accepted: d.accepted,
      rejected: d.rejected,
    }));
  }

  rejections(deviceId?: string) {
    let qb = this.q.selectFrom('sync_rejections').selectAll();
    if (deviceId) qb = qb.where('device_id', '=', deviceId);
    return this.ctx.store.all(qb.orderBy('received_at', 'desc').limit(500)).map((r) => ({
      deviceId: r.device_id,
      seq: r.seq,
      id: r.id,
      stream: r.stream,
      streamId: r.stream_id,
      kind: r.kind,
      code: r.code,
      message: r.message,
      receivedAt: new Date(r.received_at).toISOString(),
    }));
  }

  stats() {
    const c = this.raw.prepare(`SELECT COUNT(*) AS events, SUM(state = 'deferred') AS deferred FROM sync_events`).get() as {
      events: number;
      deferred: number | null;
    };
    const dirty = (this.raw.prepare('SELECT COUNT(*) AS n FROM sync_dirty').get() as { n: number }).n;
    return { events: c.events, deferred: c.deferred ?? 0, version: this.version, projectionBacklog: dirty };
  }
}

function str(raw: unknown, k: string): string | null {
  const v = (raw as Record<string, unknown> | null)?.[k];
  return typeof v === 'string' ? v.slice(0, 64) : null;
}

function caseEnvelope(e: WireEvent) {
  return {
    id: e.id,
    caseId: e.streamId,
    deviceId: e.deviceId,
    seq: e.seq,
    kind: e.kind,
    at: e.at,
    actor: e.actor,
    payload: e.payload,
    schemaVersion: e.schemaVersion,
  };
}

/** A stored event as sent on the wire: applicant fields opened with `sealer` (legacy plain rows pass through). */
export function rowToWire(r: SyncEventRow, sealer?: FieldSealer | null): WireEvent & { serverVersion: number } {
  let payload = JSON.parse(r.payload) as unknown;
  if (sealer && r.stream === 'case' && payload && typeof payload === 'object')
    payload = sealer.open(r.stream_id, payload as Record<string, unknown>, SEALED_CASE_FIELDS, SHREDDED_APPLICANT);
  return {
    id: r.id,
    stream: r.stream,
    streamId: r.stream_id,
    deviceId: r.device_id,
    seq: r.seq,
    kind: r.kind,
    at: r.at,
    actor: JSON.parse(r.actor) as WireEvent['actor'],
    payload,
    schemaVersion: r.schema_version,
    serverVersion: r.version,
  };
}

function sealPayload(sealer: FieldSealer | null, stream: string, streamId: string, payload: unknown): unknown {
  if (!sealer || stream !== 'case' || !payload || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  return sealer.seal(streamId, payload as Record<string, unknown>, SEALED_CASE_FIELDS, SHREDDED_APPLICANT);
}

const services = new WeakMap<object, SyncService>();
/** One SyncService per hall store (shared by the sync and cases route modules). */
export function syncServiceFor(ctx: HallContext, opts?: SyncServiceOptions): SyncService {
  let s = services.get(ctx.store);
  if (!s) {
    s = new SyncService(ctx, opts);
    services.set(ctx.store, s);
  }
  return s;
}
