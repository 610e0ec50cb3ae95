// A case received under a queue ticket with a receipt token, as a counter pushes it: 收件 (with
// ticketId and trackToken) → 受理. For the phone tests (issue 17).
import crypto from 'node:crypto';
import { createCaseEvent } from '../../domain/cases';
import type { WireEvent } from '../../domain/sync/wire';
import { caseDrafts } from './syncCases';

export const receiptToken = (): string => crypto.randomBytes(16).toString('base64url');

export function acceptedCaseEvents(o: { caseId: string; deviceId: string; firstSeq: number; windowNo: number; ticketId?: string; trackToken: string; at?: string }): { events: WireEvent[]; caseNo: string } {
  const drafts = caseDrafts(o.caseId, o.firstSeq, o.windowNo, 2);
  const rec = drafts[0]!.payload as Record<string, unknown>;
  Object.assign(rec, { trackToken: o.trackToken, ...(o.ticketId ? { ticketId: o.ticketId } : {}) });
  const at = o.at ?? new Date().toISOString();
  const events = drafts.map((d, i) => {
    const e = createCaseEvent({ ...d, deviceId: o.deviceId, seq: o.firstSeq + i, at } as never);
    return { id: e.id, stream: 'case', streamId: o.caseId, deviceId: o.deviceId, seq: e.seq, kind: e.kind, at: e.at, actor: e.actor, payload: e.payload, schemaVersion: e.schemaVersion } as WireEvent;
  });
  return { events, caseNo: String(rec.caseNo) };
}
