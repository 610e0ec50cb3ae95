// 全程留痕: every clerk action (who, when, window, what, before/after) is appended to a local
// table that SQLite itself refuses to change (UPDATE/DELETE triggers abort), and to the event
// log (stream 'audit') so it reaches the hall server. The app has no method that edits it.
// Before/after values carry no clear personal data: callers pass masked values only.
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import { appendRecord } from '../sync/eventLog';
import type { AuditEntry } from '../../../domain/contract/core';

export interface AuditInput {
  workNo: string;
  windowNo: number;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly deviceId: string,
  ) {}

  /** Append one entry (joins the caller's transaction when called inside one). */
  append(a: AuditInput): AuditEntry {
    const entry: AuditEntry = {
      id: uuidv7(),
      at: new Date().toISOString(),
      workNo: a.workNo || '-',
      windowNo: a.windowNo,
      action: a.action,
      target: a.target ?? null,
      before: a.before ?? null,
      after: a.after ?? null,
    };
    appendRecord(
      this.db,
      this.deviceId,
      { stream: 'audit', streamId: entry.id, kind: a.action, actor: { workNo: entry.workNo, windowNo: a.windowNo }, payload: entry },
      () => {
        this.db
          .prepare('INSERT INTO audit_log (id, at, work_no, window_no, action, target, before_json, after_json, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(
            entry.id,
            entry.at,
            entry.workNo,
            entry.windowNo,
            entry.action,
            entry.target,
            JSON.stringify(entry.before),
            JSON.stringify(entry.after),
            this.deviceId,
          );
      },
    );
    return entry;
  }

  list(limit: number, beforeId?: string): AuditEntry[] {
    const rows = (
      beforeId
        ? this.db.prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?').all(beforeId, limit)
        : this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
    ) as {
      id: string;
      at: string;
      work_no: string;
      window_no: number;
      action: string;
      target: string | null;
      before_json: string | null;
      after_json: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      workNo: r.work_no,
      windowNo: r.window_no,
      action: r.action,
      target: r.target,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
    }));
  }
}
