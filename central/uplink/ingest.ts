// Uplink ingest: one push = one PostgreSQL transaction. The hall row is locked (FOR UPDATE) so
// two pushes of one hall serialize; every record is applied exactly once per (hall_id, seq); the
// hall's last_seq moves in the same transaction; rejected records are stored and still advance
// last_seq (a bad record never wedges the hall); a resend is answered as the first time.
import { sql } from 'kysely';
import { z } from 'zod';
import { parseCaseEventAt } from '../../domain/cases';
import {
  UPLINK_KINDS,
  caseEventBodySchema,
  maskReceivedPayload,
  uplinkBodySchemas,
  uplinkRecordSchema,
  type UplinkBody,
  type UplinkKind,
  type UplinkPushRequest,
  type UplinkPushResponse,
  type UplinkResult,
} from '../../domain/api/uplink';
import { CodedError } from '../../domain/api/errors';
import { isIsoInstant } from '../../domain/calendar/schemas';
import type { Kysely } from 'kysely';
import type { CentralDB } from '../db/schema';
import { num } from '../db/schema';
import { priorDaysCte, refreshDaily, rollupKeys } from '../db/dailyRollup';
import { slicer, type Slicer } from './slices';
import { Gate } from './gate';
import {
  projectionCtes,
  projectionRows,
  rebuildHall,
  withCtes,
  type AcceptedBody,
  type AcceptedRecord,
  type Db,
  type ParsedEvent,
  type ProjectionContext,
} from './project';
import type { CentralPersonalData } from '../personal/applicants';

export interface IngestDeps {
  db: Kysely<CentralDB>;
  projection: () => ProjectionContext;
  catalogueVersion: () => number;
  now?: () => number;
  /** Applicants in clear for halls the city configured (central/personal/applicants.ts); absent: never kept. */
  personal?: CentralPersonalData;
  /** Pushes at work at once (gate.ts; the rest of the pool stays free for city queries). */
  maxConcurrentPushes?: number;
}

/** The pool has 10 connections (connect.ts): 4 for pushes, the rest for queries and sign-ins. */
const MAX_CONCURRENT_PUSHES = 4;

const rejected = (seq: number, id: string | null, code: string, message: string): UplinkResult => ({ seq, id, status: 'rejected', code, message });

const caseEventHeadSchema = caseEventBodySchema.omit({ event: true }).extend({ event: z.unknown() });

/** Validate one record's body (envelope already checked). Returns the parsed body or a rejection. */
export function parseBody(
  kind: UplinkKind,
  body: unknown,
): { ok: true; body: AcceptedBody; ref: string | null; parsed?: ParsedEvent } | { ok: false; code: string; message: string } {
  if (kind === 'caseEvent') {
    // The event is checked once, by the domain's parser (the projection reuses the result); the
    // rest of the body by hand, zod only to word a rejection.
    if (!caseHeadOk(body)) {
      const head = caseEventHeadSchema.safeParse(body);
      if (!head.success) return invalid(head.error);
    }
    const h = body as { serverVersion: number; event: unknown };
    let p = parseCaseEventAt(h.event, h.serverVersion);
    if (p.status === 'invalid') return { ok: false, code: p.code, message: p.message };
    let b = body as UplinkBody<'caseEvent'>;
    // The city never stores an applicant unmasked, whatever a hall sends (masking is idempotent:
    // a hall that masked already is unchanged). Keyed hashes are the hall's to send.
    if (p.status === 'ok' && p.event.kind === 'received' && !isMasked(p.event.payload.applicant)) {
      const masked = maskReceivedPayload(p.event.payload as Parameters<typeof maskReceivedPayload>[0], () => '');
      b = { ...b, event: { ...b.event, payload: masked.payload } };
      p = parseCaseEventAt(b.event, b.serverVersion);
      if (p.status === 'invalid') return { ok: false, code: p.code, message: p.message };
    }
    return { ok: true, body: b, ref: p.event.caseId, parsed: p.event };
  }
  const r = uplinkBodySchemas[kind].safeParse(body);
  if (!r.success) return invalid(r.error);
  return { ok: true, body: r.data as AcceptedBody, ref: null };
}

const isMasked = (a: { idType: string; idNumber: string; agent?: { idType: string } }): boolean =>
  a.idType === 'other' && a.idNumber.includes('*') && (!a.agent || a.agent.idType === 'other');

function invalid(error: z.ZodError): { ok: false; code: string; message: string } {
  return {
    ok: false,
    code: 'UPLINK_BODY_INVALID',
    message: `上传记录内容不正确：${error.issues[0]?.path.join('.') ?? ''} ${error.issues[0]?.message ?? ''}`.trim(),
  };
}

/** What a record comes to, decided before the transaction (validation is pure). */
type Checked =
  | { seq: number; id: string | null; status: 'accepted'; row: string; rec: AcceptedRecord }
  | { seq: number; id: string | null; status: 'rejected'; row: string; code: string; message: string };

const KINDS = new Set<string>(UPLINK_KINDS);
// The record's `at` is z.string().datetime({ offset: true }): the domain's instant pattern (case-event-fast-path.test.ts compares them).
const isInstant = isIsoInstant;
const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;

/** The envelope, checked by hand (the common case); zod only to word a rejection. */
function envelopeOf(raw: unknown): { ok: true; kind: UplinkKind; at: string; body: unknown } | { ok: false; message: string } {
  const r = raw as Record<string, unknown> | null;
  if (r !== null && typeof r === 'object' && !Array.isArray(r) && str(r.id, 8, 64) && typeof r.kind === 'string' && KINDS.has(r.kind) && isInstant(r.at)) {
    return { ok: true, kind: r.kind as UplinkKind, at: r.at, body: r.body };
  }
  const env = uplinkRecordSchema.safeParse(raw);
  if (env.success) return { ok: true, kind: env.data.kind, at: env.data.at, body: env.data.body };
  return { ok: false, message: `上传记录格式不正确：${env.error.issues[0]?.path.join('.') ?? ''}` };
}

/** caseEventBodySchema without the event (the domain parses that), by hand; zod on a miss. */
function caseHeadOk(body: unknown): boolean {
  const b = body as Record<string, unknown> | null;
  if (b === null || typeof b !== 'object' || Array.isArray(b) || !Number.isSafeInteger(b.serverVersion) || (b.serverVersion as number) < 1) return false;
  const k = b.applicantKeys as Record<string, unknown> | null | undefined;
  if (k === undefined) return true;
  return (
    k !== null &&
    typeof k === 'object' &&
    !Array.isArray(k) &&
    str(k.idType, 0, 16) &&
    str(k.idNumberHash, 0, 128) &&
    (k.phoneHash === null || str(k.phoneHash, 0, 128))
  );
}

// PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate (JSON.stringify writes
// them as \u0000 / \udXXX): such a record would fail the whole push on every resend.
const UNSTORABLE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;
const unstorable = (json: string): boolean => json.includes('\\u') && UNSTORABLE.test(json);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (s: string | null): string | null => (s === null ? null : s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\ufffd'));

/** One uplink_records row as JSON (the batch goes to PostgreSQL as one document). */
function rowJson(
  seq: number,
  id: string | null,
  kind: string | null,
  ref: string | null,
  at: string | null,
  body: string | null,
  status: string,
  code: string | null,
  message: string | null,
): string {
  return `{"seq":${seq},"id":${JSON.stringify(id)},"kind":${JSON.stringify(kind)},"ref":${JSON.stringify(ref)},"at":${JSON.stringify(at)},"body":${body ?? 'null'},"status":"${status}","code":${JSON.stringify(code)},"message":${JSON.stringify(message)}}`;
}

function rejectedRow(seq: number, id: string | null, kind: string | null, at: string | null, body: string | null, code: string, message: string): Checked {
  let row = rowJson(seq, id, kind, null, at, body, 'rejected', code, message);
  if (unstorable(row)) row = rowJson(seq, clean(id), clean(kind), null, clean(at), null, 'rejected', code, clean(message)!);
  return { seq, id, status: 'rejected', row, code, message };
}

/** Validate one record (its seq already read) into the row to store and, if accepted, what to project. */
function checkRecord(raw: unknown, seq: number, rawId: string | null): Checked {
  const kind = typeof (raw as { kind?: unknown })?.kind === 'string' ? String((raw as { kind: string }).kind).slice(0, 32) : null;
  const env = envelopeOf(raw);
  // A rejected envelope is kept as sent, minus its personal fields (those are never kept in the stream).
  if (!env.ok) return rejectedRow(seq, rawId, kind, null, safeJson(withoutPersonal(raw)), 'UPLINK_RECORD_INVALID', env.message);
  const p = parseBody(env.kind, env.body);
  if (!p.ok) return rejectedRow(seq, rawId, kind, env.at, safeJson(env.body), p.code, p.message);
  const row = rowJson(seq, rawId, kind, p.ref, env.at, JSON.stringify(p.body), 'accepted', null, null);
  if (unstorable(row)) return rejectedRow(seq, rawId, kind, env.at, null, 'UPLINK_BODY_INVALID', '上传记录含有无法保存的字符（\\u0000 或不成对的代理字符）');
  const rec = (p.parsed ? { seq, kind: 'caseEvent', parsed: p.parsed } : { seq, kind: env.kind, body: p.body }) as AcceptedRecord;
  return { seq, id: rawId, status: 'accepted', row, rec };
}

const withoutPersonal = (raw: unknown): unknown => {
  if (raw === null || typeof raw !== 'object' || !('personal' in raw)) return raw;
  const { personal: _drop, ...rest } = raw as Record<string, unknown>;
  return rest;
};

/** A record without a usable seq (answered UPLINK_RECORD_NO_SEQ). */
type NoSeq = { seq: null; id: string | null };

/** checkRecord for each record of a push, in slices. */
async function checkAll(records: readonly unknown[], slice: Slicer): Promise<(Checked | NoSeq)[]> {
  const out: (Checked | NoSeq)[] = [];
  for (const raw of records) {
    if (slice.due()) await slice.pause();
    const seq = seqOf(raw);
    out.push(Number.isInteger(seq) && seq >= 1 ? checkRecord(raw, seq, idOf(raw)) : { seq: null, id: idOf(raw) });
  }
  return out;
}

/** What the transaction needs of a push, checked (the request itself is not kept: fewer live objects, less GC). */
interface CheckedPush {
  checked: (Checked | NoSeq)[];
  backlog: number;
  skew: number | null;
  personal: ReturnType<CentralPersonalData['prepare']>['items'];
  ctx: ProjectionContext;
}

type PushOutcome = { results: UplinkResult[]; lastSeq: number; expectedSeq: number | null };

const seqOf = (raw: unknown): number => (typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : NaN);
const idOf = (raw: unknown): string | null => (typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null);

export class UplinkIngest {
  private readonly gate: Gate;

  constructor(private readonly deps: IngestDeps) {
    this.gate = new Gate(deps.maxConcurrentPushes ?? MAX_CONCURRENT_PUSHES);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** `input`: the request, or what reads it (called in turn, at the gate: see app.ts). */
  async push(hallId: string, input: UplinkPushRequest | (() => UplinkPushRequest)): Promise<UplinkPushResponse> {
    const now = this.now();
    // Validation needs no database: done before the transaction, so the hall row is locked
    // only for the reads and the one write. (A resent record is checked for nothing — rare.)
    // In slices (see slices.ts): a city query need not wait for the whole push. Inside the gate:
    // a push waiting for its turn holds only its request, not the rows made from it (GC).
    const leave = await this.gate.enter();
    const slice = slicer();
    let push: CheckedPush;
    try {
      push = await this.check(hallId, input, now, slice);
    } catch (e) {
      leave(); // the place is given back whatever fails (else the gate would close for good)
      throw e;
    }
    const { checked, backlog, skew, personal, ctx } = push;
    const applied = this.deps.db.transaction().execute(async (tx): Promise<PushOutcome> => {
      const hall = (await sql<{ last_seq: number | string }>`SELECT last_seq FROM halls WHERE hall_id = ${hallId} FOR UPDATE`.execute(tx)).rows[0];
      if (!hall) throw new CodedError('HALL_UNKNOWN', '大厅未登记', 404);
      const stored = num(hall.last_seq);
      let lastSeq = stored;
      let expectedSeq: number | null = null;
      const results: UplinkResult[] = [];
      const rows: string[] = [];
      const accepted: AcceptedRecord[] = [];
      const replays: { index: number; seq: number; id: string | null }[] = [];
      for (const c of checked) {
        if (c.seq === null) {
          results.push(rejected(0, c.id, 'UPLINK_RECORD_NO_SEQ', '上传记录缺少序号'));
          continue;
        }
        if (c.seq <= lastSeq) {
          replays.push({ index: results.length, seq: c.seq, id: c.id });
          results.push(rejected(c.seq, c.id, 'UPLINK_SEQ_SKIPPED', '')); // filled in below
          continue;
        }
        if (c.seq > lastSeq + 1) {
          expectedSeq = lastSeq + 1;
          break;
        }
        lastSeq = c.seq;
        rows.push(c.row);
        if (c.status === 'accepted') {
          accepted.push(c.rec);
          results.push({ seq: c.seq, id: c.id, status: 'accepted' });
        } else results.push(rejected(c.seq, c.id, c.code, c.message));
      }
      if (replays.length) await this.answerReplays(tx, hallId, stored, replays, results);
      // Read what the projection needs BEFORE writing (the batch's cases' stored events), then
      // write the records, every projection table and the hall row in ONE statement, which also
      // returns the days the touched rows fell on before it (its snapshot); then the daily rollup
      // of the old and new days is recomputed from the facts (one more statement).
      const prows = accepted.length ? await projectionRows(tx, hallId, accepted, ctx, stored + 1, slice) : null;
      const ctes = prows ? projectionCtes(hallId, prows) : [];
      const roll = prows ? rollupKeys(prows) : null;
      const prior = roll ? priorDaysCte(roll.keys, hallId) : null;
      if (rows.length) {
        ctes.unshift(sql`p_records AS (INSERT INTO uplink_records (hall_id, seq, id, kind, ref, at, body, status, code, message, received_at)
          SELECT ${hallId}::text, r.seq, r.id, r.kind, r.ref, r.at, r.body, r.status, r.code, r.message, ${now}::bigint
          FROM jsonb_to_recordset(${`[${rows.join(',')}]`}::jsonb) AS r(seq bigint, id text, kind text, ref text, at text, body jsonb, status text, code text, message text))`);
      }
      const nRejected = rows.length - accepted.length;
      const hallUpdate = sql`UPDATE halls SET last_seq = ${lastSeq}::bigint, last_uplink_at = ${now}::bigint, backlog = ${backlog}::bigint,
        clock_skew_ms = ${skew}::bigint, accepted = accepted + ${accepted.length}::bigint, rejected = rejected + ${nRejected}::bigint WHERE hall_id = ${hallId}::text`;
      if (prior) {
        ctes.push(prior, sql`p_hall AS (${hallUpdate})`);
        const before = await withCtes(ctes, sql`SELECT DISTINCT day FROM prior_days WHERE day IS NOT NULL`).execute(tx);
        await refreshDaily(tx, hallId, [...roll!.days, ...(before.rows as { day: string }[]).map((r) => r.day)]);
      } else await withCtes(ctes, hallUpdate).execute(tx);
      if (personal.length && accepted.length) await this.deps.personal!.store(tx, hallId, personal, new Set(accepted.map((a) => a.seq)), now);
      return { results, lastSeq, expectedSeq };
    });
    const out = await applied.finally(leave);
    return {
      hallId,
      lastSeq: out.lastSeq,
      expectedSeq: out.expectedSeq,
      results: out.results,
      serverTime: new Date(now).toISOString(),
      clockSkewMs: skew,
      catalogueVersion: this.deps.catalogueVersion(),
    };
  }

  /** The request read (at the gate) and checked; only what the transaction needs leaves this frame. */
  private async check(hallId: string, input: UplinkPushRequest | (() => UplinkPushRequest), now: number, slice: Slicer): Promise<CheckedPush> {
    const req = typeof input === 'function' ? input() : input;
    const sentAt = Date.parse(req.sentAt);
    const ctx = this.deps.projection();
    const checked = await checkAll(req.records, slice);
    const personal = this.deps.personal?.prepare(hallId, req.records).items ?? [];
    return { checked, backlog: req.backlog, skew: Number.isNaN(sentAt) ? null : sentAt - now, personal, ctx };
  }

  /** Resent records: the first answer again, or SEQ_REUSED when the id differs (a restored hall). */
  private async answerReplays(
    tx: Db,
    hallId: string,
    lastSeq: number,
    replays: { index: number; seq: number; id: string | null }[],
    results: UplinkResult[],
  ): Promise<void> {
    const stored = await sql<{
      seq: number | string;
      id: string | null;
      status: string;
      code: string | null;
      message: string | null;
    }>`SELECT seq, id, status, code, message
      FROM uplink_records WHERE hall_id = ${hallId} AND seq = ANY(${replays.map((r) => r.seq)}::bigint[])`.execute(tx);
    const bySeq = new Map(stored.rows.map((s) => [num(s.seq), s]));
    for (const r of replays) {
      const s = bySeq.get(r.seq);
      if (!s) results[r.index] = rejected(r.seq, r.id, 'UPLINK_SEQ_SKIPPED', `序号 ${r.seq} 早于中心已处理的位置，无法补收`);
      else if (r.id !== null && s.id !== null && s.id !== r.id)
        results[r.index] = rejected(
          r.seq,
          r.id,
          'UPLINK_SEQ_REUSED',
          `序号 ${r.seq} 已被另一条记录使用（大厅数据可能从旧备份还原）：请从 ${lastSeq + 1} 起重新编号`,
        );
      else if (s.status === 'accepted') results[r.index] = { seq: r.seq, id: s.id, status: 'duplicate' };
      else results[r.index] = rejected(r.seq, r.id, s.code ?? 'UPLINK_REJECTED', s.message ?? '');
    }
  }
}

/** A rejected record's body as stored (JSON text; a huge one is replaced by a marker). */
function safeJson(v: unknown): string | null {
  try {
    const s = JSON.stringify(v ?? null);
    return s.length > 100_000 ? JSON.stringify({ truncated: true }) : s;
  } catch {
    return null;
  }
}

/** Rebuild one hall's projections from its accepted records (what a fresh projection gives). */
export async function rebuildHallProjections(db: Kysely<CentralDB>, hallId: string, ctx: ProjectionContext): Promise<void> {
  await rebuildHall(db, hallId, ctx, (kind, body) => {
    const p = parseBody(kind as UplinkKind, body);
    if (!p.ok) throw new Error(`stored accepted record no longer parses: ${p.code}`);
    return p.body;
  });
}
