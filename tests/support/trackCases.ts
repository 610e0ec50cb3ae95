// A case received under a queue ticket with a receipt token, as a counter pushes it over sync:
// 收件 (with ticketId and trackToken) → 受理. For the phone tests (issue 17). Built without
// importing domain/cases (its calendar data is a JSON import Playwright's loader refuses); the
// hall validates every event with the domain's rules on push, so a wrong shape fails the test.
import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { caseDrafts } from './syncCases';

/** domain/cases CASE_SCHEMA_VERSION (the push is refused if this falls behind in a way that matters). */
export const CASE_SCHEMA = 1;

export const receiptToken = (): string => crypto.randomBytes(16).toString('base64url');

export interface TrackWireEvent {
  id: string;
  stream: 'case';
  streamId: string;
  deviceId: string;
  seq: number;
  kind: string;
  at: string;
  actor: { workNo: string; windowNo: number | null };
  payload: unknown;
  schemaVersion: number;
}

export function acceptedCaseEvents(o: {
  caseId: string;
  deviceId: string;
  firstSeq: number;
  windowNo: number;
  ticketId?: string;
  trackToken: string;
  at?: string;
}): { events: TrackWireEvent[]; caseNo: string } {
  const drafts = caseDrafts(o.caseId, o.firstSeq, o.windowNo, 2);
  const rec = drafts[0]!.payload as Record<string, unknown>;
  Object.assign(rec, { trackToken: o.trackToken, ...(o.ticketId ? { ticketId: o.ticketId } : {}) });
  const at = o.at ?? new Date().toISOString();
  const events = drafts.map((d, i): TrackWireEvent => ({
    id: uuidv7(),
    stream: 'case',
    streamId: o.caseId,
    deviceId: o.deviceId,
    seq: o.firstSeq + i,
    kind: d.kind,
    at,
    actor: d.actor,
    payload: d.payload,
    schemaVersion: CASE_SCHEMA,
  }));
  return { events, caseNo: String(rec.caseNo) };
}
