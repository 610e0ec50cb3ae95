// The hall's uplink to the city central (docs/central.md): enrolls with a one-time code, then
// pushes the outbox in order with counter sync's exactly-once rules — resend the same batch after
// a failure (the central answers `duplicate`), follow `expectedSeq` after a gap, renumber after
// UPLINK_SEQ_REUSED (this hall was restored from an older backup), keep rejections and move on.
// Never in the queue's way: batches of at most `batch` records read with one indexed query,
// a yield between batches, exponential backoff with jitter while the central is unreachable.
// Downlink: when the central announces a newer catalogue version it is pulled and applied.
import { CodedError } from '../../domain/api/errors';
import { catalogueResponseSchema, enrollResponseSchema, uplinkPushResponseSchema, uplinkStateSchema, type UplinkPushResponse } from '../../domain/api/uplink';
import type { HallUplinkStatus } from '../../domain/api/hallUplink';
import type { HallContext } from '../context';
import type { Keyring } from '../../native/crypto/keyring';
import { outboxOf, type Outbox } from './outbox';
import { applyCityCatalogue } from './downlink';
import type { UplinkTables } from './schema';

export interface UplinkOptions {
  centralUrl: string;
  enrollmentCode?: string;
  /** Records per push (the central takes up to 5,000). */
  batch?: number;
  /** Pause between batches while draining a backlog (ms). */
  pauseMs?: number;
  log?: (obj: Record<string, unknown>, msg: string) => void;
  /** Where the hall token is kept: the hall's keyring (outside the database). */
  keyring?: Keyring;
}

/** The keyring secret holding the hall's token at the central. */
export const UPLINK_TOKEN_SECRET = 'uplinkToken';

/** An idle hall asks the central for its settings this often (the personal-data switch takes effect within it). */
const SETTINGS_EVERY_MS = 15_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class UplinkClient {
  private readonly outbox: Outbox;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private state: HallUplinkStatus['state'] = 'enrolling';
  private failures = 0;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly ctx: HallContext,
    private readonly opts: UplinkOptions,
  ) {
    this.outbox = outboxOf(ctx.store);
  }

  private get(key: string): string | null {
    return this.outbox.state(key);
  }
  /**
   * The hall token proves this hall to the city, so it is kept in the keyring, not in the
   * database. A token an older hall stored in uplink_state moves there once; a keyring that
   * cannot be written back (HALL_KEYRING from the environment) leaves it in the database.
   */
  private token(): string | null {
    const ring = this.opts.keyring;
    const inDb = this.get('token');
    if (!ring) return inDb;
    const kept = ring.secret(UPLINK_TOKEN_SECRET);
    if (inDb && ring.onChange) {
      if (!kept) ring.setSecret(UPLINK_TOKEN_SECRET, inDb);
      this.ctx.store.raw.prepare(`DELETE FROM uplink_state WHERE key = 'token'`).run();
    }
    return kept ?? inDb;
  }
  private keepToken(token: string): Record<string, string> {
    const ring = this.opts.keyring;
    if (ring?.onChange) {
      ring.setSecret(UPLINK_TOKEN_SECRET, token);
      return {};
    }
    return { token };
  }
  private num(key: string): number {
    return Number(this.get(key) ?? 0);
  }
  private set(values: Record<string, string | number | null>): void {
    this.ctx.store.tx(() => {
      for (const [k, v] of Object.entries(values)) if (v !== null) this.outbox.setState(k, String(v));
    });
  }

  start(): void {
    this.loop = this.run();
    // A commit that wrote outbox rows wakes an idle uplink (signals come after the commit).
    this.ctx.engine.onSignal(() => this.wakeUp?.());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  private async request(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<unknown> {
    const res = await fetch(`${this.opts.centralUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (!res.ok) {
      let code = `http_${res.status}`;
      let message = text.slice(0, 200);
      try {
        const j = JSON.parse(text) as { code?: string; message?: string };
        code = j.code ?? code;
        message = j.message ?? message;
      } catch {
        /* not JSON */
      }
      throw new CodedError(code, message, res.status);
    }
    return JSON.parse(text) as unknown;
  }

  /** Trade the one-time code for a hall token; the central's code/name become this hall's identity. */
  private async enroll(): Promise<void> {
    const hallName = this.ctx.store.get(this.ctx.store.q.selectFrom('meta').select('value').where('key', '=', 'hall_name'))?.value;
    const r = enrollResponseSchema.parse(
      await this.request('/api/uplink/enroll', {
        method: 'POST',
        body: { enrollmentCode: this.opts.enrollmentCode, ...(hallName ? { hallName: hallName.slice(0, 100) } : {}) },
      }),
    );
    const acked = this.num('acked');
    const { store, engine } = this.ctx;
    engine.mutate(() => {
      this.set({
        central_url: this.opts.centralUrl,
        ...this.keepToken(r.hallToken),
        hall_id: r.hallId,
        code: r.code,
        name: r.name,
        enrolled_with: this.opts.enrollmentCode ?? '',
      });
      // The city names the hall (its 机构 name shows on the displays and tickets).
      store.run(
        store.q
          .insertInto('meta')
          .values({ key: 'hall_name', value: r.name })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: r.name })),
      );
      engine.adminEvent('admin.hall', { kind: 'device', subject: 'city-central', role: 'manager', windowNo: null }, { action: 'enrolled', code: r.code });
      // The city's view starts with today's staff and windows (they were seeded before the link).
      if (this.num('snapshot_sent') === 0) {
        this.snapshotReference();
        this.outbox.setState('snapshot_sent', '1');
      }
    });
    engine.reloadReference();
    // A hall the central already knows (re-enrolled with a fresh database): continue its numbering.
    if (acked === 0 && r.lastSeq > 0) this.set({ offset: r.lastSeq });
    this.opts.log?.({ hallId: r.hallId, code: r.code, lastSeq: r.lastSeq }, 'uplink enrolled');
  }

  private snapshotReference(): void {
    const { store } = this.ctx;
    const now = Date.now();
    for (const s of store.all(store.q.selectFrom('staff').select(['work_no', 'name', 'role', 'active']))) {
      this.outbox.append('staff', now, { workNo: s.work_no, name: s.name, role: s.role, active: s.active === 1 });
    }
    for (const w of store.all(store.q.selectFrom('windows').select(['no', 'name']))) {
      this.outbox.append('window', now, { windowNo: w.no, name: w.name, active: true, categories: this.ctx.engine.assignment(w.no).map((c) => c.category) });
    }
  }

  /** After a restart or restore: line our pointers up with what the central holds. */
  private async resume(): Promise<void> {
    const s = uplinkStateSchema.parse(await this.request('/api/uplink/state', { token: this.token() }));
    const offset = this.num('offset');
    const last = this.outbox.lastSeq;
    let acked = s.lastSeq - offset;
    let newOffset = offset;
    if (acked > last) {
      // The central holds more than this outbox ever had: restored from an older backup. What
      // the central has stays; new records continue after its lastSeq.
      newOffset = s.lastSeq - last;
      acked = last;
    }
    this.ctx.store.tx(() => {
      this.set({ acked: Math.max(0, acked), offset: newOffset, code: s.code, name: s.name, city_personal: s.receivePersonalData ? 1 : 0 });
      this.outbox.erasePersonal(Math.max(0, acked));
    });
    if (s.catalogueVersion > this.num('catalogue_version')) await this.pullCatalogue();
  }

  /**
   * While idle, learn the city's personal-data setting (a busy hall learns it from every push
   * answer): a case received after the city switched it on then goes up with its applicant.
   */
  private async refreshSettings(): Promise<void> {
    const s = uplinkStateSchema.parse(await this.request('/api/uplink/state', { token: this.token() }));
    this.set({ city_personal: s.receivePersonalData ? 1 : 0 });
  }

  private async run(): Promise<void> {
    let ready = false;
    let settingsAt = Date.now();
    while (!this.stopped) {
      try {
        if (!ready) {
          this.state = 'enrolling';
          const enrolledHere = this.token() && this.get('central_url') === this.opts.centralUrl;
          const newCode = this.opts.enrollmentCode && this.opts.enrollmentCode !== this.get('enrolled_with');
          if (!enrolledHere || newCode) {
            if (!this.opts.enrollmentCode) throw new CodedError('uplink_not_enrolled', '尚未登记到市级中心，请使用 --central-code 提供登记码', 400);
            await this.enroll();
          }
          await this.resume();
          ready = true;
        }
        const pushed = await this.pushBatch();
        this.failures = 0;
        if (pushed === 0) {
          this.state = 'idle';
          if (Date.now() - settingsAt >= SETTINGS_EVERY_MS) {
            settingsAt = Date.now();
            await this.refreshSettings();
          }
          // Queue commits wake it at once; counter pushes and follow-ups are seen within 2 s.
          await this.idle(2_000);
        } else {
          this.state = 'pushing';
          await sleep(this.opts.pauseMs ?? 20);
        }
      } catch (e) {
        this.failures++;
        this.state = e instanceof CodedError && (e.code === 'bad_enrollment_code' || e.code === 'uplink_not_enrolled') ? 'error' : 'backoff';
        const message = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
        this.set({ last_error: message.slice(0, 300), last_error_at: new Date().toISOString() });
        if (e instanceof CodedError && (e.status === 401 || e.status === 403)) ready = false;
        // 0.5 s, 1 s, 2 s … 30 s, each ±50 %: a city of halls coming back does not return in step.
        const base = Math.min(30_000, 500 * 2 ** Math.min(this.failures - 1, 6));
        this.opts.log?.({ failures: this.failures, retryMs: base, err: message.slice(0, 200) }, 'uplink push failed');
        await this.idle(base * (0.5 + Math.random()));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /** One push of up to `batch` records after the acknowledged ones; returns how many were sent. */
  private async pushBatch(): Promise<number> {
    const acked = this.num('acked');
    const offset = this.num('offset');
    const { rows, records } = this.outbox.read(acked, this.opts.batch ?? 500, offset);
    if (!records.length) return 0;
    // Applicants in clear only while the city says it receives them (its last answer); opened
    // from the sealed copy now, held in memory for this request only.
    if (this.get('city_personal') === '1') {
      for (const [i, row] of rows.entries()) {
        const personal = this.outbox.personalFor(row, this.ctx.sealer);
        if (personal) records[i]!.personal = personal;
      }
    }
    const backlog = Math.max(0, this.outbox.lastSeq - acked - records.length);
    const r = uplinkPushResponseSchema.parse(
      await this.request('/api/uplink/push', {
        method: 'POST',
        token: this.token(),
        body: { hallId: this.get('hall_id'), sentAt: new Date().toISOString(), backlog, records },
      }),
    );
    this.apply(r, acked, offset, records.length);
    if (r.catalogueVersion > this.num('catalogue_version')) await this.pullCatalogue();
    return records.length;
  }

  private apply(r: UplinkPushResponse, acked: number, offset: number, sent: number): void {
    const reused = r.results.find((x) => x.status === 'rejected' && x.code === 'UPLINK_SEQ_REUSED');
    const q = this.ctx.store.q.withTables<UplinkTables>();
    const now = Date.now();
    this.ctx.store.tx(() => {
      let nextAcked: number;
      let nextOffset = offset;
      if (reused) {
        // Restored from an older backup: the central's seqs up to lastSeq stay as they are; our
        // unsent records are renumbered to follow them.
        nextAcked = acked + r.results.findIndex((x) => x === reused);
        nextOffset = r.lastSeq - nextAcked;
      } else {
        nextAcked = Math.min(acked + sent, Math.max(0, r.lastSeq - offset));
        if (r.expectedSeq !== null) nextAcked = Math.max(0, Math.min(nextAcked, r.expectedSeq - 1 - offset));
      }
      for (const x of r.results) {
        if (x.status !== 'rejected' || x.code === 'UPLINK_SEQ_REUSED') continue;
        const row = x.seq - offset;
        this.ctx.store.run(
          q
            .insertInto('uplink_rejections')
            .values({ seq: row, id: x.id, kind: null, code: x.code, message: x.message, at: now })
            .onConflict((oc) => oc.column('seq').doNothing()),
        );
      }
      this.set({
        acked: nextAcked,
        offset: nextOffset,
        last_push_at: new Date(now).toISOString(),
        clock_skew_ms: r.clockSkewMs ?? null,
        last_error: '',
        city_personal: r.receivePersonalData ? 1 : 0,
      });
      // Acknowledged: the sealed applicants of those rows have served their purpose.
      this.outbox.erasePersonal(nextAcked);
    });
  }

  private async pullCatalogue(): Promise<void> {
    const have = this.num('catalogue_version');
    const r = catalogueResponseSchema.parse(await this.request(`/api/city/catalogue?since=${have}`, { token: this.token() }));
    if (!r.catalogue || r.version <= have) return;
    applyCityCatalogue(this.ctx, r.version, r.catalogue);
    // Tell the central which version this hall now holds (its hall list shows it).
    await this.request(`/api/city/catalogue?since=${r.version}`, { token: this.token() }).catch(() => null);
    this.opts.log?.({ version: r.version, items: r.catalogue.items.length }, 'city catalogue applied');
  }

  status(): HallUplinkStatus {
    return uplinkStatus(this.ctx, this.opts.centralUrl, this.state);
  }
}

/** The status tile's data; `state` 'off' when no uplink runs. */
export function uplinkStatus(ctx: HallContext, centralUrl: string | null, state: HallUplinkStatus['state']): HallUplinkStatus {
  const o = outboxOf(ctx.store);
  const q = ctx.store.q.withTables<UplinkTables>();
  const acked = Number(o.state('acked') ?? 0);
  const outboxSeq = o.lastSeq;
  const rej = ctx.store.all(q.selectFrom('uplink_rejections').selectAll().orderBy('seq', 'desc').limit(5));
  const count = ctx.store.get(q.selectFrom('uplink_rejections').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const skew = o.state('clock_skew_ms');
  return {
    configured: centralUrl !== null,
    centralUrl,
    hallId: o.state('hall_id'),
    code: o.state('code'),
    name: o.state('name'),
    state,
    outboxSeq,
    ackedSeq: acked,
    backlog: Math.max(0, outboxSeq - acked),
    lastPushAt: o.state('last_push_at'),
    lastError: o.state('last_error') || null,
    clockSkewMs: skew === null || skew === '' ? null : Number(skew),
    catalogueVersion: Number(o.state('catalogue_version') ?? 0),
    cityReceivesPersonalData: o.state('city_personal') === '1',
    rejected: Number(count),
    recentRejections: rej.map((x) => ({ seq: x.seq, kind: x.kind, code: x.code, message: x.message, at: new Date(x.at).toISOString() })),
  };
}
