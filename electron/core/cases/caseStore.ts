// The counter's case projection table: one row per case, a pure function of its events
// (domain/cases projectCase), rewritten in the same transaction as every event that changes it.
// Lists and search read only this table. It never holds a name or an ID number in clear: names
// and IDs are masked for display and keyed-hashed (HMAC, per-counter key) for exact lookup.
import { createHmac, randomBytes } from 'node:crypto';
import { getMeta, setMeta, type Db } from '../db';
import { streamEvents, type StoredEvent } from '../sync/eventLog';
import { keyringSecret } from '../privacy/atRest';
import { caseDeadline, overlayPackage, projectCase, CASE_TYPE_LABELS, type CaseEventEnvelope, type CaseRow } from '../../../domain/cases';
import { chinaDateOf, defaultCalendar, type CivilDate, type WorkingCalendar } from '../../../domain/calendar';
import { counterCalendar } from '../catalogue/referenceService';
import { normalizeIdNumber } from '../../../domain/idNumber';
import type { CaseListEntry, DeadlineMark } from '../../../domain/contract/core';

/** Per-counter key for the search hashes (an attacker with the DB alone cannot brute-force IDs without it). */
export function searchKey(db: Db): Buffer {
  // Kept in the keyring, not beside the hashes it keys (a DB alone does not allow brute-forcing IDs).
  const fromRing = keyringSecret(db, 'searchKey');
  if (fromRing) return Buffer.from(fromRing, 'base64');
  let k = getMeta(db, 'searchKey');
  if (!k) {
    k = randomBytes(32).toString('base64');
    setMeta(db, 'searchKey', k);
  }
  return Buffer.from(k, 'base64');
}

export function keyedHash(key: Buffer, kind: 'id' | 'name', value: string): string {
  const norm = kind === 'id' ? normalizeIdNumber(value) : value.normalize('NFKC').replace(/\s+/g, '');
  return createHmac('sha256', key).update(`${kind}:${norm}`).digest('base64url').slice(0, 22);
}

/** Next serial for `date` on this device; call inside the transaction that writes the case. */
export function nextCaseSerial(db: Db, date: CivilDate): number {
  const r = db.prepare('INSERT INTO case_serials (date, last) VALUES (?, 1) ON CONFLICT(date) DO UPDATE SET last = last + 1 RETURNING last').get(date) as {
    last: number;
  };
  return r.last;
}

export function toEnvelope(e: StoredEvent): CaseEventEnvelope {
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
    ...(e.serverVersion !== null ? { serverVersion: e.serverVersion } : {}),
  };
}

function projectStored(db: Db, caseId: string): CaseRow | null {
  const events = streamEvents(db, 'case', caseId);
  if (events.length === 0) return null;
  // The hall's working calendar (its city overrides, as cached): the same due date the hall computes.
  return projectCase(events.map(toEnvelope), { calendar: counterCalendar(db) });
}

/** A case's row; a 一件事 package case gets its status and dates from its sub-cases. */
export function loadCaseRow(db: Db, caseId: string): CaseRow | null {
  const row = projectStored(db, caseId);
  if (!row?.packageInfo) return row;
  const subs = row.packageInfo.subCases.map((s) => projectStored(db, s.caseId)).filter((r): r is CaseRow => r !== null);
  return overlayPackage(row, subs);
}

const OPEN_STATUSES = new Set(['received', 'supplementing', 'accepted', 'processing', 'suspended']);

/** Re-project one case from its events and upsert its row (inside the caller's transaction). */
export function refreshCaseRow(db: Db, key: Buffer, caseId: string): CaseRow | null {
  const row = loadCaseRow(db, caseId);
  if (!row || row.status === 'none' || !row.caseNo || !row.applicant || !row.receivedAt) return row;
  const first = row.timeline[0];
  db.prepare(
    `INSERT INTO cases (case_id, case_no, item_code, item_name, status, status_label, case_type, received_at, received_on, accepted_on, completed_on,
       due_date, days_left_at_stop, overdue_days, supply_deadline, outstanding, clerk_work_no, window_no, name_masked, id_masked, id_tail, id_hash, name_hash,
       rated, open, updated_at)
     VALUES (@caseId, @caseNo, @itemCode, @itemName, @status, @statusLabel, @caseType, @receivedAt, @receivedOn, @acceptedOn, @completedOn,
       @dueDate, @daysLeftAtStop, @overdueDays, @supplyDeadline, @outstanding, @clerk, @windowNo, @nameMasked, @idMasked, @idTail, @idHash, @nameHash,
       @rated, @open, @updatedAt)
     ON CONFLICT(case_id) DO UPDATE SET status = excluded.status, status_label = excluded.status_label, case_type = excluded.case_type,
       accepted_on = excluded.accepted_on, completed_on = excluded.completed_on, due_date = excluded.due_date, days_left_at_stop = excluded.days_left_at_stop,
       overdue_days = excluded.overdue_days, supply_deadline = excluded.supply_deadline, outstanding = excluded.outstanding, rated = excluded.rated,
       open = excluded.open, updated_at = excluded.updated_at`,
  ).run({
    caseId,
    caseNo: row.caseNo,
    itemCode: row.itemCode ?? '',
    itemName: row.itemName ?? '',
    status: row.status,
    statusLabel: row.statusLabel,
    caseType: row.caseType,
    receivedAt: row.receivedAt,
    receivedOn: chinaDateOf(row.receivedAt),
    acceptedOn: row.acceptedOn,
    completedOn: row.completedOn,
    dueDate: row.dueDate,
    daysLeftAtStop: row.workingDaysLeftAtStop,
    overdueDays: row.overdueDays,
    supplyDeadline: row.conditional?.supplyDeadline ?? null,
    outstanding: row.conditional?.outstanding.length ?? 0,
    clerk: first?.actor.workNo ?? '',
    windowNo: first?.actor.windowNo ?? 0,
    nameMasked: row.applicantMasked?.name ?? '',
    idMasked: row.applicantMasked?.idNumber ?? '',
    idTail: normalizeIdNumber(row.applicant.idNumber).slice(-4),
    idHash: keyedHash(key, 'id', row.applicant.idNumber),
    nameHash: keyedHash(key, 'name', row.applicant.name),
    rated: row.ratings.length > 0 ? 1 : 0,
    open: OPEN_STATUSES.has(row.status) ? 1 : 0,
    updatedAt: new Date().toISOString(),
  });
  // A sub-case changed: its package's status and dates follow.
  if (row.partOf && row.partOf.caseId !== caseId) refreshCaseRow(db, key, row.partOf.caseId);
  return row;
}

export interface CaseTableRow {
  case_id: string;
  case_no: string;
  item_code: string;
  item_name: string;
  status: string;
  status_label: string;
  case_type: string | null;
  received_at: string;
  received_on: string;
  accepted_on: string | null;
  completed_on: string | null;
  due_date: string | null;
  days_left_at_stop: number | null;
  overdue_days: number | null;
  supply_deadline: string | null;
  outstanding: number;
  clerk_work_no: string;
  window_no: number;
  name_masked: string;
  id_masked: string;
  rated: number;
  open: number;
}

export const LIST_COLUMNS = `case_id, case_no, item_code, item_name, status, status_label, case_type, received_at, received_on, accepted_on, completed_on,
  due_date, days_left_at_stop, overdue_days, supply_deadline, outstanding, clerk_work_no, window_no, name_masked, id_masked, rated, open`;

// caseDeadline counts working days one by one (an old overdue case costs ~1000 steps), and the
// answer depends only on these few columns and today, which repeat across rows: memoise it.
// One memo per calendar (a new city override set makes a new calendar).
const deadlineMemos = new WeakMap<WorkingCalendar, Map<string, ReturnType<typeof caseDeadline>>>();

/** List entry with its deadline mark as of `today` (domain/cases caseDeadline on the stored columns). */
export function toListEntry(r: CaseTableRow, today: CivilDate, dueSoonDays: number, calendar: WorkingCalendar = defaultCalendar): CaseListEntry {
  const key = `${today}|${dueSoonDays}|${r.status}|${r.completed_on}|${r.accepted_on === null}|${r.due_date}|${r.days_left_at_stop}|${r.overdue_days}|${r.supply_deadline}|${r.outstanding > 0}`;
  let memo = deadlineMemos.get(calendar);
  if (!memo) deadlineMemos.set(calendar, (memo = new Map()));
  let d = memo.get(key);
  if (!d) {
    d = deadlineOf(r, today, dueSoonDays, calendar);
    if (memo.size > 20_000) memo.clear();
    memo.set(key, d);
  }
  return entryOf(r, d);
}

function deadlineOf(r: CaseTableRow, today: CivilDate, dueSoonDays: number, calendar: WorkingCalendar): ReturnType<typeof caseDeadline> {
  const mini = {
    status: r.status,
    completedOn: r.completed_on,
    acceptedOn: r.accepted_on,
    dueDate: r.due_date,
    stops: [],
    workingDaysLeftAtStop: r.days_left_at_stop,
    overdueDays: r.overdue_days,
    conditional: r.supply_deadline ? { waivedMaterials: [], outstanding: r.outstanding > 0 ? ['?'] : [], supplyDeadline: r.supply_deadline } : null,
  } as unknown as CaseRow;
  return caseDeadline(mini, today, { dueSoonDays, calendar });
}

function entryOf(r: CaseTableRow, d: ReturnType<typeof caseDeadline>): CaseListEntry {
  return {
    caseId: r.case_id,
    caseNo: r.case_no,
    itemName: r.item_name,
    status: r.status,
    statusLabel: r.status_label,
    caseTypeLabel: r.case_type ? (CASE_TYPE_LABELS[r.case_type as keyof typeof CASE_TYPE_LABELS] ?? r.case_type) : null,
    caseType: r.case_type ?? null,
    applicantMasked: r.name_masked,
    idMasked: r.id_masked,
    receivedAt: r.received_at,
    dueDate: r.due_date,
    mark: d.state as DeadlineMark,
    workingDaysLeft: d.workingDaysLeft,
    overdueDays: d.overdueDays,
    clerkWorkNo: r.clerk_work_no,
    windowNo: r.window_no,
    rated: r.rated === 1,
    supplyOverdue: d.supplyOverdue,
  };
}
