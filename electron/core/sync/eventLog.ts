// The counter's local event log: every case event (and every other synced record) is appended
// here with the device's own gapless seq, in ONE SQLite transaction together with whatever
// local projection the caller updates. Rows with server_version NULL and origin 'local' are
// the outbox: the push loop sends them in seq order; the server's ack stamps server_version.
// Events pulled from the server are stored with origin 'remote'. Rows are never edited except
// for the ack/rejection stamps.
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import { CASE_SCHEMA_VERSION, createCaseEvent, type CaseEvent, type CaseEventKind, type NewCaseEventInput } from '../../../domain/cases';
import { SEALED_CASE_FIELDS, SHREDDED_APPLICANT } from '../../../domain/cases/sealedFields';
import { sealerOf } from '../privacy/atRest';

export interface StoredEvent {
  id: string;
  stream: string;
  streamId: string;
  deviceId: string;
  seq: number;
  kind: string;
  at: string;
  actor: { workNo: string; windowNo: number | null };
  payload: unknown;
  schemaVersion: number;
  origin: 'local' | 'remote';
  serverVersion: number | null;
}

interface Row {
  id: string;
  stream: string;
  stream_id: string;
  device_id: string;
  seq: number;
  kind: string;
  at: string;
  actor: string;
  payload: string;
  schema_version: number;
  origin: 'local' | 'remote';
  server_version: number | null;
}

/** A stored row as an event; applicant fields opened when the DB has a sealer (plain legacy rows pass through). */
export function rowToEvent(r: Row, db?: Db): StoredEvent {
  let payload = JSON.parse(r.payload) as unknown;
  const sealer = db ? sealerOf(db) : null;
  if (sealer && r.stream === 'case' && isRecord(payload)) payload = sealer.open(r.stream_id, payload, SEALED_CASE_FIELDS, SHREDDED_APPLICANT);
  return {
    id: r.id,
    stream: r.stream,
    streamId: r.stream_id,
    deviceId: r.device_id,
    seq: r.seq,
    kind: r.kind,
    at: r.at,
    actor: JSON.parse(r.actor) as StoredEvent['actor'],
    payload,
    schemaVersion: r.schema_version,
    origin: r.origin,
    serverVersion: r.server_version,
  };
}

export function nextSeq(db: Db, deviceId: string): number {
  // A replacement PC continues the old PC's log after the seq the hall had (meta sync.seqBase:<id>).
  const r = db
    .prepare(
      `SELECT MAX(m) AS m FROM (SELECT MAX(seq) AS m FROM events WHERE device_id = ?
    UNION ALL SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync.seqBase:' || ?)`,
    )
    .get(deviceId, deviceId) as { m: number | null };
  return (r.m ?? 0) + 1;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function insert(db: Db, e: StoredEvent): void {
  const sealer = sealerOf(db);
  const payload = sealer && e.stream === 'case' && isRecord(e.payload) ? sealer.seal(e.streamId, e.payload, SEALED_CASE_FIELDS, SHREDDED_APPLICANT) : e.payload;
  db.prepare(
    `INSERT INTO events (id, stream, stream_id, device_id, seq, kind, at, actor, payload, schema_version, origin, server_version)
     VALUES (@id, @stream, @streamId, @deviceId, @seq, @kind, @at, @actor, @payload, @schemaVersion, @origin, @serverVersion)`,
  ).run({ ...e, actor: JSON.stringify(e.actor), payload: JSON.stringify(payload) });
}

export interface CaseEventDraft<K extends CaseEventKind = CaseEventKind> {
  caseId: string;
  kind: K;
  actor: NewCaseEventInput<K>['actor'];
  payload: NewCaseEventInput<K>['payload'];
}

/**
 * Validate and append case events of this device, then run `alsoInTx` (e.g. update the local
 * case projection) — all in one transaction: either everything is written or nothing.
 */
export function appendCaseEvents(
  db: Db,
  deviceId: string,
  drafts: CaseEventDraft[],
  alsoInTx?: (events: CaseEvent[]) => void,
  now: () => Date = () => new Date(),
): CaseEvent[] {
  const tx = db.transaction(() => {
    let seq = nextSeq(db, deviceId);
    const out: CaseEvent[] = [];
    for (const d of drafts) {
      const ev = createCaseEvent({
        caseId: d.caseId,
        deviceId,
        seq: seq++,
        kind: d.kind,
        at: now().toISOString(),
        actor: d.actor,
        payload: d.payload,
      } as NewCaseEventInput<CaseEventKind>);
      insert(db, {
        id: ev.id,
        stream: 'case',
        streamId: ev.caseId,
        deviceId,
        seq: ev.seq,
        kind: ev.kind,
        at: ev.at,
        actor: ev.actor,
        payload: ev.payload,
        schemaVersion: ev.schemaVersion,
        origin: 'local',
        serverVersion: null,
      });
      out.push(ev);
    }
    alsoInTx?.(out);
    return out;
  });
  return tx();
}

/** Append a non-case record (rating, audit entry…) of this device to the log. */
export function appendRecord(
  db: Db,
  deviceId: string,
  rec: { stream: string; streamId: string; kind: string; actor: StoredEvent['actor']; payload: unknown },
  alsoInTx?: () => void,
  now: () => Date = () => new Date(),
): StoredEvent {
  return db.transaction(() => {
    const e: StoredEvent = {
      id: uuidv7(),
      deviceId,
      seq: nextSeq(db, deviceId),
      at: now().toISOString(),
      schemaVersion: CASE_SCHEMA_VERSION,
      origin: 'local',
      serverVersion: null,
      ...rec,
    };
    insert(db, e);
    alsoInTx?.();
    return e;
  })();
}

/**
 * Store events pulled from the server (idempotent by id). Our own events coming back only get
 * their server version stamped. `alsoInTx` runs in the same transaction (the pull cursor is
 * saved there, AFTER the events — the CouchDB lesson) with what was inserted and stamped.
 */
export function storeRemoteEvents(
  db: Db,
  events: (Omit<StoredEvent, 'origin'> & { serverVersion: number })[],
  alsoInTx?: (inserted: StoredEvent[], stamped: StoredEvent[]) => void,
): StoredEvent[] {
  const find = db.prepare('SELECT origin, server_version FROM events WHERE id = ?');
  const stamp = db.prepare('UPDATE events SET server_version = ? WHERE id = ? AND server_version IS NULL');
  return db.transaction(() => {
    const inserted: StoredEvent[] = [];
    const stamped: StoredEvent[] = [];
    for (const e of events) {
      const existing = find.get(e.id) as { origin: string; server_version: number | null } | undefined;
      if (existing) {
        if (existing.server_version === null && stamp.run(e.serverVersion, e.id).changes > 0) stamped.push({ ...e, origin: 'local' });
        continue;
      }
      const ev: StoredEvent = { ...e, origin: 'remote' };
      insert(db, ev);
      inserted.push(ev);
    }
    alsoInTx?.(inserted, stamped);
    return inserted;
  })();
}

export function pendingLocal(db: Db, limit: number): StoredEvent[] {
  return (
    db.prepare(`SELECT * FROM events WHERE origin = 'local' AND server_version IS NULL AND rejected_code IS NULL ORDER BY seq LIMIT ?`).all(limit) as Row[]
  ).map((r) => rowToEvent(r, db));
}

/**
 * One stream's events for projection. Events the server rejected (dead letters) are left out:
 * the server never versions them, so keeping them would make this counter's projection differ
 * from the hall's.
 */
export function streamEvents(db: Db, stream: string, streamId: string): StoredEvent[] {
  return (
    db
      .prepare('SELECT * FROM events WHERE stream = ? AND stream_id = ? AND rejected_code IS NULL ORDER BY COALESCE(server_version, 9e18), at, device_id, seq')
      .all(stream, streamId) as Row[]
  ).map((r) => rowToEvent(r, db));
}
