// Demo mode only: three appointments for today with well-known booking codes, so the kiosk's
// 「预约签到」 can be tried at once (docs/appointments.md lists them). Added once per hall day.
import type { Actor } from '../auth';
import { idCheckChar } from '../../domain/idNumber';
import { serviceDay } from '../../domain/queue/numbering';
import type { AppointmentService } from './service';

/** A demo citizen (born 1950) who booked by ID number: valid check digit, not a real person. */
export const DEMO_APPOINTMENT_ID = ((b) => b + idCheckChar(b))('11010119500101123');
export const DEMO_CODES = { now: '100001', later: '100002', byId: '100003' } as const;

export function seedDemoAppointments(svc: AppointmentService, now = Date.now()): number {
  const day = serviceDay(new Date(now), svc.timeZone);
  if (svc.rows.onDay(day).length) return 0;
  const seed: Actor = { kind: 'staff', subject: 'seed', role: 'manager', windowNo: null };
  const half = 30 * 60_000;
  const slot = Math.floor(now / half) * half; // the current half hour: check-in is open now
  const at = (ms: number) => new Date(ms).toISOString();
  svc.create({ category: 'A', slotStart: at(slot), slotEnd: at(slot + 2 * half), name: '张建国', code: DEMO_CODES.now }, seed);
  svc.create({ category: 'B', slotStart: at(slot + 6 * half), slotEnd: at(slot + 7 * half), name: '李秀英', code: DEMO_CODES.later }, seed);
  svc.create({ category: 'C', slotStart: at(slot), slotEnd: at(slot + 2 * half), name: '王淑兰', idNumber: DEMO_APPOINTMENT_ID, code: DEMO_CODES.byId }, seed);
  return 3;
}
