// Personal data on the wire: a pulled 收件 event keeps its full applicant only for the window
// that received the case; every other puller (another window's counter, a manager, a clerk of
// another window) gets it masked. Only 'received' carries applicant data today; a future
// transfer event must add the receiving window here (the case's own windows).
import { maskApplicantForWire, type Applicant } from '../../domain/cases';
import type { WireEvent } from '../../domain/sync/wire';

export function maskPulledEvent<E extends WireEvent>(e: E, viewerWindow: number | null): E {
  if (e.stream !== 'case' || e.kind !== 'received') return e;
  if (viewerWindow != null && e.actor.windowNo === viewerWindow) return e;
  const p = e.payload as { applicant?: Applicant } | null;
  if (!p || typeof p !== 'object' || !p.applicant || typeof p.applicant !== 'object') return e;
  try {
    return { ...e, payload: { ...p, applicant: maskApplicantForWire(p.applicant) } };
  } catch {
    // An applicant of an unexpected shape: send none rather than something unmasked.
    return { ...e, payload: { ...p, applicant: { name: '*', idType: 'other', idNumber: '*', masked: true } } };
  }
}
