// The counter's other local records, each appended to the event log for sync in the same
// transaction as its local row:
// - ratings (一次一评): one per service; stored with case, clerk, window and channel;
// - service sessions (start/finish of a ticket) for the clerk's mean service time;
// - walk-in tickets issued locally while the hall server is unreachable (prefix L, daily serial).
// "My day" aggregates these; it never tells which citizen (or case) gave which rating.
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import { appendCaseEvents, appendRecord } from '../sync/eventLog';
import { CodedError } from '../../../domain/api/errors';
import type { OfflineWalkIn, RatingSubmission } from '../../../domain/api/hall';
import { checkOneRatingPerService, RATING_LEVELS } from '../../../domain/rating';
import { chinaDateOf } from '../../../domain/calendar';
import type { MyDay, WalkInTicket } from '../../../domain/contract/core';
import { refreshCaseRow, searchKey } from './caseStore';

/** How a ticket left this window (the 日结单 counts each; table window_tickets, migration 730). */
export type WindowTicketOutcome = 'served' | 'noShow' | 'transferred' | 'suspended';

export class CounterRecords {
  private readonly key: Buffer;
  constructor(
    private readonly db: Db,
    private readonly deviceId: string,
    private readonly windowNo: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = searchKey(db);
  }

  /** Store one rating (idempotent by id; a second first-rating for the same service is refused). Returns the case id it attached to. */
  recordRating(r: RatingSubmission, caseId: string | null): { duplicate: boolean } {
    const existing = this.db
      .prepare(
        'SELECT id, ticket_id AS ticketId, case_no AS caseNo, rating_count AS ratingCount FROM ratings_local WHERE id = ? OR (ticket_id IS NOT NULL AND ticket_id = ?) OR (case_no IS NOT NULL AND case_no = ?)',
      )
      .all(r.id, r.ticketId ?? null, r.caseNo ?? null) as { id: string; ticketId: string | null; caseNo: string | null; ratingCount: 1 | 2 }[];
    const check = checkOneRatingPerService(existing, { id: r.id, ticketId: r.ticketId ?? null, caseNo: r.caseNo ?? null, ratingCount: 1 });
    if (!check.ok) throw new CodedError(check.code, check.message, 409);
    if (check.idempotent) return { duplicate: true };
    const actor = { workNo: r.clerkWorkNo || '-', windowNo: this.windowNo };
    this.db.transaction(() => {
      appendRecord(
        this.db,
        this.deviceId,
        { stream: 'rating', streamId: r.id, kind: 'rated', actor, payload: r },
        () => {
          this.db
            .prepare(
              'INSERT INTO ratings_local (id, ticket_id, case_id, case_no, rating_count, level, clerk_work_no, window_no, channel, rated_on, rated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)',
            )
            .run(r.id, r.ticketId ?? null, caseId, r.caseNo ?? null, r.level, r.clerkWorkNo, this.windowNo, r.channel, chinaDateOf(r.ratedAt), r.ratedAt);
        },
        this.now,
      );
      if (caseId) {
        appendCaseEvents(
          this.db,
          this.deviceId,
          [
            {
              caseId,
              kind: 'evaluated',
              actor,
              payload: {
                ratingId: r.id,
                level: r.level,
                ratingCount: 1,
                reasonCodes: r.reasonCodes,
                reasonListVersion: r.reasonListVersion,
                channel: r.channel,
              },
            },
          ],
          () => {
            refreshCaseRow(this.db, this.key, caseId);
          },
          this.now,
        );
      }
    })();
    return { duplicate: false };
  }

  serviceStarted(ticket: { id: string; number: string }, workNo: string): void {
    const at = this.now().toISOString();
    this.db
      .prepare('INSERT OR IGNORE INTO service_log (ticket_id, ticket_number, clerk_work_no, started_at, day) VALUES (?, ?, ?, ?, ?)')
      .run(ticket.id, ticket.number, workNo, at, chinaDateOf(at));
  }

  /** A ticket called (or called back) to this window; its wait counts once, at its first call. */
  ticketCalled(t: { id: string; number: string; issuedAt: string; calledAt?: string | null; channel?: string }, workNo: string): void {
    const at = t.calledAt ?? this.now().toISOString();
    // A walk-in never waited in line: it would pull the mean wait towards zero.
    const waited = t.channel === 'walkIn' ? NaN : Math.max(0, Date.parse(at) - Date.parse(t.issuedAt));
    this.db
      .prepare(
        `INSERT INTO window_tickets (ticket_id, ticket_number, clerk_work_no, day, called_at, waited_ms) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(ticket_id) DO UPDATE SET outcome = NULL, ended_at = NULL, clerk_work_no = excluded.clerk_work_no`,
      )
      .run(t.id, t.number, workNo, chinaDateOf(at), at, Number.isFinite(waited) ? waited : null);
  }

  /** The ticket left this window (finished, no-show, transferred, suspended). */
  ticketEnded(ticketId: string, outcome: WindowTicketOutcome): void {
    this.db
      .prepare('UPDATE window_tickets SET outcome = ?, ended_at = ? WHERE ticket_id = ? AND outcome IS NULL')
      .run(outcome, this.now().toISOString(), ticketId);
  }

  /** The 日结单's counted figures for one clerk and day (tickets, mean wait, overdue cases). */
  dayTickets(
    workNo: string,
    day: string,
  ): { served: number; noShow: number; transferred: number; suspended: number; avgWaitMinutes: number | null; overdueCases: number } {
    const rows = this.db.prepare('SELECT outcome, COUNT(*) AS n FROM window_tickets WHERE clerk_work_no = ? AND day = ? GROUP BY outcome').all(workNo, day) as {
      outcome: string | null;
      n: number;
    }[];
    const n = (o: string) => rows.find((r) => r.outcome === o)?.n ?? 0;
    const wait = this.db
      .prepare('SELECT AVG(waited_ms) AS w FROM window_tickets WHERE clerk_work_no = ? AND day = ? AND waited_ms IS NOT NULL')
      .get(workNo, day) as { w: number | null };
    // 超期: completed today after the due date, or still open with the due date passed.
    const overdue = this.db
      .prepare(
        'SELECT COUNT(*) AS n FROM cases WHERE clerk_work_no = ? AND ((completed_on = ? AND overdue_days > 0) OR (completed_on IS NULL AND open = 1 AND due_date IS NOT NULL AND due_date < ?))',
      )
      .get(workNo, day, day) as { n: number };
    return {
      served: n('served'),
      noShow: n('noShow'),
      transferred: n('transferred'),
      suspended: n('suspended'),
      avgWaitMinutes: wait.w === null ? null : Math.round((wait.w / 60_000) * 10) / 10,
      overdueCases: overdue.n,
    };
  }

  serviceFinished(ticketId: string): void {
    this.db.prepare('UPDATE service_log SET finished_at = ? WHERE ticket_id = ? AND finished_at IS NULL').run(this.now().toISOString(), ticketId);
  }

  /** requestId: the one the online attempt carried, so the hall keeps one ticket if that attempt landed after all. */
  issueLocalTicket(category: string, workNo: string, requestId?: string): WalkInTicket {
    const at = this.now().toISOString();
    const day = chinaDateOf(at);
    const id = uuidv7();
    let ticket!: WalkInTicket;
    this.db.transaction(() => {
      const serial = ((this.db.prepare('SELECT MAX(serial) AS m FROM local_tickets WHERE day = ?').get(day) as { m: number | null }).m ?? 0) + 1;
      const number = `L${String(serial).padStart(3, '0')}`;
      ticket = { id, number, category, createdAt: at, synced: false };
      appendRecord(
        this.db,
        this.deviceId,
        {
          stream: 'ticket',
          streamId: id,
          kind: 'walkIn',
          actor: { workNo, windowNo: this.windowNo },
          payload: {
            id,
            ...(requestId ? { requestId } : {}),
            number,
            category,
            windowNo: this.windowNo,
            issuedAt: at,
            channel: 'walkIn',
            offline: true,
          } satisfies OfflineWalkIn,
        },
        () => {
          this.db
            .prepare('INSERT INTO local_tickets (id, number, category, day, serial, clerk_work_no, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(id, number, category, day, serial, workNo, at);
        },
        this.now,
      );
    })();
    this.serviceStarted({ id, number: ticket.number }, workNo);
    return ticket;
  }

  localTickets(): WalkInTicket[] {
    const day = chinaDateOf(this.now());
    const rows = this.db
      .prepare(
        `SELECT t.id, t.number, t.category, t.created_at, e.server_version FROM local_tickets t LEFT JOIN events e ON e.stream = 'ticket' AND e.stream_id = t.id WHERE t.day = ? ORDER BY t.serial DESC`,
      )
      .all(day) as { id: string; number: string; category: string; created_at: string; server_version: number | null }[];
    return rows.map((r) => ({ id: r.id, number: r.number, category: r.category, createdAt: r.created_at, synced: r.server_version !== null }));
  }

  myDay(workNo: string, date?: string): MyDay {
    const day = date ?? chinaDateOf(this.now());
    const from = new Date(`${day}T00:00:00+08:00`).toISOString();
    const to = new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
    const kinds = this.db
      .prepare(`SELECT kind, COUNT(*) AS n FROM events WHERE stream = 'case' AND at >= ? AND at < ? AND json_extract(actor, '$.workNo') = ? GROUP BY kind`)
      .all(from, to, workNo) as { kind: string; n: number }[];
    const k = (name: string) => kinds.find((x) => x.kind === name)?.n ?? 0;
    const svc = this.db
      .prepare(
        `SELECT COUNT(*) AS n, AVG((julianday(finished_at) - julianday(started_at)) * 1440.0) AS mean FROM service_log WHERE clerk_work_no = ? AND day = ? AND finished_at IS NOT NULL`,
      )
      .get(workNo, day) as { n: number; mean: number | null };
    const levels = this.db
      .prepare('SELECT level, COUNT(*) AS n FROM ratings_local WHERE clerk_work_no = ? AND rated_on = ? GROUP BY level')
      .all(workNo, day) as { level: string; n: number }[];
    const ratings = Object.fromEntries(RATING_LEVELS.map((l) => [l, levels.find((x) => x.level === l)?.n ?? 0])) as MyDay['ratings'];
    return {
      date: day,
      workNo,
      cases: {
        received: k('received'),
        accepted: k('accepted'),
        conditionallyAccepted: k('conditionallyAccepted'),
        missingNotices: k('materialsRequested'),
        refused: k('refused'),
        completed: k('completed'),
      },
      served: svc.n,
      meanServiceMinutes: svc.mean === null ? null : Math.round(svc.mean * 10) / 10,
      ratings,
      ratingCount: levels.reduce((s, x) => s + x.n, 0),
    };
  }
}
