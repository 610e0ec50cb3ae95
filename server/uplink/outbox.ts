// The hall's uplink outbox (issue 14): everything the city needs, appended IN THE CALLER'S
// transaction (the hall's own change and its outbox row commit or roll back together). Personal
// data never enters it in clear: a `received` case event is masked with keyed hashes
// (maskReceivedPayload) before it is written, and the applicant itself is kept beside it only
// SEALED with the case's data key (column `personal`, for a city configured to receive it —
// opened at push time, erased once acknowledged: personalFor / erasePersonal); ratings carry no
// text or phone; ticket facts carry ids, category, window and clerk only. One Outbox per store
// (outboxOf), statements prepared once.
import crypto from 'node:crypto';
import type { HallStore } from '../db/connection';
import { maskReceivedPayload, uplinkPersonalSchema, type UplinkKind, type UplinkPersonal, type UplinkRecord } from '../../domain/api/uplink';
import { SEALED_CASE_FIELDS, SHREDDED_APPLICANT } from '../../domain/cases/sealedFields';
import { isSealed, type FieldSealer } from '../../native/crypto/fieldSealer';
import type { UplinkTables, OutboxRow } from './schema';

/** Queue event types → ticket facts (everything else in the queue log stays in the hall). */
const TICKET_FACT: Readonly<Record<string, 'issued' | 'called' | 'started' | 'done' | 'noShow'>> = {
  issue: 'issued',
  call: 'called',
  callBack: 'called',
  start: 'started',
  finish: 'done',
  noShow: 'noShow',
};

export interface CaseEventLike {
  id: string;
  streamId: string;
  deviceId: string;
  seq: number;
  kind: string;
  at: string;
  actor: unknown;
  payload: unknown;
  schemaVersion: number;
}

export class Outbox {
  private readonly sql;
  private key: string | null = null;
  /** Off only for the benchmark's "without outbox" baseline (HALL_OUTBOX=0). */
  readonly enabled = process.env.HALL_OUTBOX !== '0';

  constructor(private readonly store: HallStore) {
    const q = store.q.withTables<UplinkTables>();
    this.sql = {
      ticket: store.prepare(
        q.insertInto('uplink_outbox').values({ id: '?', kind: 'ticket', at_ms: 0, ticket_id: '?', fact: '?', category: '?', window_no: 0, clerk: '?' }),
        8,
      ),
      body: store.prepare(q.insertInto('uplink_outbox').values({ id: '?', kind: '?', at_ms: 0, body: '?' }), 4),
      withPersonal: store.prepare(q.insertInto('uplink_outbox').values({ id: '?', kind: '?', at_ms: 0, body: '?', personal: '?' }), 5),
      erasePersonal: store.raw.prepare('UPDATE uplink_outbox SET personal = NULL WHERE personal IS NOT NULL AND seq <= ?'),
      getState: store.prepare(q.selectFrom('uplink_state').select('value').where('key', '=', '?'), 1),
      setState: store.prepare(
        q
          .insertInto('uplink_state')
          .values({ key: '?', value: '?' })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))),
        2,
      ),
      range: store.prepare(q.selectFrom('uplink_outbox').selectAll().where('seq', '>', 0).orderBy('seq').limit(0), 2),
      maxSeq: store.prepare(
        q.selectFrom('uplink_outbox').select((eb) => eb.fn.max('seq').as('s')),
        0,
      ),
    };
  }

  /** A queue event from the engine's log; only ticket facts are kept. Hot path: no JSON. */
  queueEvent(type: string, at: number, ticketId: string | null, category: string | null, windowNo: number | null, actor: string | null): void {
    const fact = TICKET_FACT[type];
    if (!fact || !ticketId || !category || !this.enabled) return;
    // The kiosk (a device) issues; the clerk's 工号 is the actor of the other facts.
    this.sql.ticket.run(crypto.randomUUID(), 'ticket', at, ticketId, fact, category, windowNo, fact === 'issued' ? null : actor);
  }

  /**
   * A case event as the hall ingested it, with its server version; `received` goes up masked.
   * With a sealer (the hall encrypts at rest) the applicant is also kept sealed under the case's
   * data key, for a city configured to receive it; without one it is not kept at all.
   */
  caseEvent(version: number, e: CaseEventLike, now: number, sealer?: FieldSealer | null): void {
    if (!this.enabled) return;
    let payload = e.payload;
    let applicantKeys: unknown;
    let personal: string | null = null;
    const applicant = (payload as { applicant?: { idNumber?: unknown } } | null)?.applicant;
    if (applicant && typeof applicant.idNumber === 'string') {
      const m = maskReceivedPayload(payload as Parameters<typeof maskReceivedPayload>[0], (v) => this.hash(v));
      payload = m.payload;
      applicantKeys = m.applicantKeys;
      if (sealer) personal = JSON.stringify(sealer.seal(e.streamId, { applicant }, SEALED_CASE_FIELDS, null));
    }
    const event = {
      id: e.id,
      caseId: e.streamId,
      deviceId: e.deviceId,
      seq: e.seq,
      kind: e.kind,
      at: e.at,
      actor: e.actor,
      payload,
      schemaVersion: e.schemaVersion,
    };
    const body = { serverVersion: version, event, ...(applicantKeys ? { applicantKeys } : {}) };
    if (personal && personal.includes('"$sealed"')) this.sql.withPersonal.run(crypto.randomUUID(), 'caseEvent', now, JSON.stringify(body), personal);
    else this.append('caseEvent', now, body);
  }

  /**
   * The applicant of an outbox row in clear, for a push to a city that receives it: opened with
   * the case's data key; null when there is none, the case was shredded (retention) or it no
   * longer matches the contract (then the city gets the masked record only).
   */
  personalFor(row: OutboxRow, sealer: FieldSealer | null | undefined): UplinkPersonal | null {
    if (!row.personal || !sealer || row.kind !== 'caseEvent') return null;
    try {
      const stored = JSON.parse(row.personal) as Record<string, unknown>;
      if (!isSealed(stored.applicant)) return null;
      const caseId = (JSON.parse(row.body ?? 'null') as { event?: { caseId?: string } } | null)?.event?.caseId;
      if (!caseId) return null;
      const opened = sealer.open(caseId, stored, SEALED_CASE_FIELDS, SHREDDED_APPLICANT);
      if (opened.applicant === SHREDDED_APPLICANT) return null;
      const p = uplinkPersonalSchema.safeParse(opened);
      return p.success ? p.data : null;
    } catch {
      return null;
    }
  }

  /** Drop the sealed applicants of rows up to `seq` (the central acknowledged them). Returns how many. */
  erasePersonal(seq: number): number {
    return this.sql.erasePersonal.run(seq).changes;
  }

  /** A rating (好差评): level, window, clerk and reasons — never the rater's text or phone. */
  rating(
    r: { id: string; level: string; ratedAt: string; windowNo: number; clerkWorkNo: string; ticketId?: string | null; reasonCodes?: string[] },
    now: number,
    valid = true,
  ): void {
    this.append('rating', now, {
      ratingId: r.id,
      level: r.level,
      ratedAt: r.ratedAt,
      windowNo: r.windowNo,
      clerkWorkNo: r.clerkWorkNo,
      ticketId: r.ticketId ?? null,
      caseId: null,
      reasonCodes: r.reasonCodes ?? [],
      valid,
    });
  }

  /** A 差评 follow-up's whole state after each action (the central keeps the latest). */
  followUp(
    t: {
      id: string;
      ratingId: string;
      status: string;
      openedOn: string;
      stages: Record<string, { dueDate: string | null; doneOn: string | null }>;
      history: { action: string }[];
    },
    now: number,
  ): void {
    const last = t.stages.reply;
    this.append('followUp', now, {
      followUpId: t.id,
      ratingId: t.ratingId,
      status: t.status,
      openedOn: t.openedOn,
      dueDate: last?.dueDate ?? t.openedOn,
      closedOn: t.status === 'closed' ? (last?.doneOn ?? null) : null,
      action: t.history.at(-1)?.action ?? 'open',
    });
  }

  /** Any other kind: the body as the contract (domain/api/uplink.ts) wants it, no personal data. */
  append(kind: Exclude<UplinkKind, 'ticket'>, at: number, body: unknown): void {
    if (!this.enabled) return;
    this.sql.body.run(crypto.randomUUID(), kind, at, JSON.stringify(body));
  }

  /** HMAC-SHA256 with the city key (applicants can be counted across halls, never read). */
  hash(value: string): string {
    return crypto.createHmac('sha256', this.cityKey()).update(value).digest('hex');
  }

  private cityKey(): string {
    if (this.key) return this.key;
    let k = process.env.HALL_CITY_KEY || this.state('city_key');
    if (!k) {
      // No key configured: a per-hall random one (repeat applicants counted within this hall only).
      k = crypto.randomBytes(32).toString('hex');
      this.setState('city_key', k);
    }
    return (this.key = k);
  }

  state(key: string): string | null {
    return (this.sql.getState.get(key) as { value: string } | undefined)?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.sql.setState.run(key, value);
  }

  get lastSeq(): number {
    return (this.sql.maxSeq.get() as { s: number | null }).s ?? 0;
  }

  /** Outbox rows after `after` (outbox seq), as wire records with seq + offset. */
  read(after: number, limit: number, offset: number): { rows: OutboxRow[]; records: UplinkRecord[] } {
    const rows = this.sql.range.all(after, limit) as OutboxRow[];
    return { rows, records: rows.map((r) => toRecord(r, offset)) };
  }
}

export function toRecord(r: OutboxRow, offset: number): UplinkRecord {
  const at = new Date(r.at_ms).toISOString();
  const body =
    r.kind === 'ticket'
      ? { ticketId: r.ticket_id, fact: r.fact, at, category: r.category, windowNo: r.window_no, clerkWorkNo: r.clerk }
      : (JSON.parse(r.body ?? 'null') as unknown);
  return { seq: r.seq + offset, id: r.id, kind: r.kind as UplinkKind, at, body };
}

const outboxes = new WeakMap<HallStore, Outbox>();
/** The store's outbox (created on first use, after the migrations ran). */
export function outboxOf(store: HallStore): Outbox {
  let o = outboxes.get(store);
  if (!o) outboxes.set(store, (o = new Outbox(store)));
  return o;
}
