// Uplink ingest: one push = one PostgreSQL transaction. The hall row is locked (FOR UPDATE) so
// two pushes of one hall serialize; every record is applied exactly once per (hall_id, seq); the
// hall's last_seq moves in the same transaction; rejected records are stored and still advance
// last_seq (a bad record never wedges the hall); a resend is answered as the first time.
import { sql } from 'kysely';
import { z } from 'zod';
import { parseCaseEvent } from '../../domain/cases';
import { caseEventBodySchema, maskReceivedPayload, uplinkBodySchemas, uplinkRecordSchema, type UplinkBody, type UplinkKind, type UplinkPushRequest, type UplinkPushResponse, type UplinkResult } from '../../domain/api/uplink';
import { CodedError } from '../../domain/api/errors';
import type { Kysely } from 'kysely';
import type { CentralDB } from '../db/schema';
import { num } from '../db/schema';
import { projectRecords, rebuildHall, type AcceptedRecord, type Db, type ParsedEvent, type ProjectionContext } from './project';

export interface IngestDeps {
  db: Kysely<CentralDB>;
  projection: () => ProjectionContext;
  catalogueVersion: () => number;
  now?: () => number;
}

const rejected = (seq: number, id: string | null, code: string, message: string): UplinkResult => ({ seq, id, status: 'rejected', code, message });

const caseEventHeadSchema = caseEventBodySchema.omit({ event: true }).extend({ event: z.unknown() });

/** Validate one record's body (envelope already checked). Returns the parsed body or a rejection. */
export function parseBody(kind: UplinkKind, body: unknown): { ok: true; body: AcceptedRecord['body']; ref: string | null; parsed?: ParsedEvent } | { ok: false; code: string; message: string } {
  if (kind === 'caseEvent') {
    // The event is checked once, by the domain's parser (the projection reuses the result).
    const head = caseEventHeadSchema.safeParse(body);
    if (!head.success) return invalid(head.error);
    let p = parseCaseEvent({ ...(head.data.event as object), serverVersion: head.data.serverVersion });
    if (p.status === 'invalid') return { ok: false, code: p.code, message: p.message };
    let b = body as UplinkBody<'caseEvent'>;
    // The city never stores an applicant unmasked, whatever a hall sends (masking is idempotent:
    // a hall that masked already is unchanged). Keyed hashes are the hall's to send.
    if (p.status === 'ok' && p.event.kind === 'received' && !isMasked(p.event.payload.applicant)) {
      const masked = maskReceivedPayload(p.event.payload as Parameters<typeof maskReceivedPayload>[0], () => '');
      b = { ...b, event: { ...b.event, payload: masked.payload } };
      p = parseCaseEvent({ ...b.event, serverVersion: b.serverVersion });
      if (p.status === 'invalid') return { ok: false, code: p.code, message: p.message };
    }
    return { ok: true, body: b, ref: p.event.caseId, parsed: p.event };
  }
  const r = uplinkBodySchemas[kind].safeParse(body);
  if (!r.success) return invalid(r.error);
  return { ok: true, body: r.data as AcceptedRecord['body'], ref: null };
}

const isMasked = (a: { idType: string; idNumber: string; agent?: { idType: string } }): boolean =>
  a.idType === 'other' && a.idNumber.includes('*') && (!a.agent || a.agent.idType === 'other');

function invalid(error: z.ZodError): { ok: false; code: string; message: string } {
  return { ok: false, code: 'UPLINK_BODY_INVALID', message: `上传记录内容不正确：${error.issues[0]?.path.join('.') ?? ''} ${error.issues[0]?.message ?? ''}`.trim() };
}

interface StoredRow {
  hall_id: string; seq: number; id: string | null; kind: string | null; ref: string | null; at: string | null; body: string | null;
  status: 'accepted' | 'rejected'; code: string | null; message: string | null; received_at: number;
}

export class UplinkIngest {
  constructor(private readonly deps: IngestDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async push(hallId: string, req: UplinkPushRequest): Promise<UplinkPushResponse> {
    const now = this.now();
    const sentAt = Date.parse(req.sentAt);
    const skew = Number.isNaN(sentAt) ? null : sentAt - now;
    const ctx = this.deps.projection();
    const out = await this.deps.db.transaction().execute(async (tx) => {
      const hall = await tx.selectFrom('halls').select(['last_seq']).where('hall_id', '=', hallId).forUpdate().executeTakeFirst();
      if (!hall) throw new CodedError('HALL_UNKNOWN', '大厅未登记', 404);
      let lastSeq = num(hall.last_seq);
      let expectedSeq: number | null = null;
      const results: UplinkResult[] = [];
      const rows: StoredRow[] = [];
      const accepted: AcceptedRecord[] = [];
      const replays: { index: number; seq: number; id: string | null }[] = [];
      for (const raw of req.records) {
        const seq = typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : NaN;
        const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
        if (!Number.isInteger(seq) || seq < 1) {
          results.push(rejected(0, rawId, 'UPLINK_RECORD_NO_SEQ', '上传记录缺少序号'));
          continue;
        }
        if (seq <= lastSeq) {
          replays.push({ index: results.length, seq, id: rawId });
          results.push(rejected(seq, rawId, 'UPLINK_SEQ_SKIPPED', '')); // filled in below
          continue;
        }
        if (seq > lastSeq + 1) {
          expectedSeq = lastSeq + 1;
          break;
        }
        lastSeq = seq;
        const env = uplinkRecordSchema.safeParse(raw);
        const kind = typeof (raw as { kind?: unknown })?.kind === 'string' ? String((raw as { kind: string }).kind).slice(0, 32) : null;
        const base = { hall_id: hallId, seq, id: rawId, kind, at: null as string | null, received_at: now };
        if (!env.success) {
          const msg = `上传记录格式不正确：${env.error.issues[0]?.path.join('.') ?? ''}`;
          rows.push({ ...base, ref: null, body: safeJson(raw), status: 'rejected', code: 'UPLINK_RECORD_INVALID', message: msg });
          results.push(rejected(seq, rawId, 'UPLINK_RECORD_INVALID', msg));
          continue;
        }
        const p = parseBody(env.data.kind, env.data.body);
        if (!p.ok) {
          rows.push({ ...base, at: env.data.at, ref: null, body: safeJson(env.data.body), status: 'rejected', code: p.code, message: p.message });
          results.push(rejected(seq, rawId, p.code, p.message));
          continue;
        }
        rows.push({ ...base, at: env.data.at, ref: p.ref, body: JSON.stringify(p.body), status: 'accepted', code: null, message: null });
        accepted.push({ seq, kind: env.data.kind, body: p.body, parsed: p.parsed } as AcceptedRecord);
        results.push({ seq, id: rawId, status: 'accepted' });
      }
      if (replays.length) await this.answerReplays(tx, hallId, num(hall.last_seq), replays, results);
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('uplink_records').values(rows.slice(i, i + 500)).execute();
      if (accepted.length) await projectRecords(tx, hallId, accepted, ctx);
      const nRejected = rows.length - accepted.length;
      await tx.updateTable('halls').set((eb) => ({
        last_seq: lastSeq, last_uplink_at: now, backlog: req.backlog, clock_skew_ms: skew,
        accepted: sql<number>`${eb.ref('accepted')} + ${accepted.length}`, rejected: sql<number>`${eb.ref('rejected')} + ${nRejected}`,
      })).where('hall_id', '=', hallId).execute();
      return { results, lastSeq, expectedSeq };
    });
    return { hallId, lastSeq: out.lastSeq, expectedSeq: out.expectedSeq, results: out.results, serverTime: new Date(now).toISOString(), clockSkewMs: skew, catalogueVersion: this.deps.catalogueVersion() };
  }

  /** Resent records: the first answer again, or SEQ_REUSED when the id differs (a restored hall). */
  private async answerReplays(tx: Db, hallId: string, lastSeq: number, replays: { index: number; seq: number; id: string | null }[], results: UplinkResult[]): Promise<void> {
    const stored = await tx.selectFrom('uplink_records').select(['seq', 'id', 'status', 'code', 'message']).where('hall_id', '=', hallId).where('seq', 'in', replays.map((r) => r.seq)).execute();
    const bySeq = new Map(stored.map((s) => [num(s.seq), s]));
    for (const r of replays) {
      const s = bySeq.get(r.seq);
      if (!s) results[r.index] = rejected(r.seq, r.id, 'UPLINK_SEQ_SKIPPED', `序号 ${r.seq} 早于中心已处理的位置，无法补收`);
      else if (r.id !== null && s.id !== null && s.id !== r.id) results[r.index] = rejected(r.seq, r.id, 'UPLINK_SEQ_REUSED', `序号 ${r.seq} 已被另一条记录使用（大厅数据可能从旧备份还原）：请从 ${lastSeq + 1} 起重新编号`);
      else if (s.status === 'accepted') results[r.index] = { seq: r.seq, id: s.id, status: 'duplicate' };
      else results[r.index] = rejected(r.seq, r.id, s.code ?? 'UPLINK_REJECTED', s.message ?? '');
    }
  }
}

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
