// The kiosk's calls to the hall server (its own routes: config, category list, print-then-issue),
// through the typed contract (domain/api/routes.ts).
import { hallClient } from '../../bridge/hallBridge';

export type { KioskConfig, KioskCategories } from '../../../../domain/api/kiosk';

export const kioskConfig = () => hallClient('kiosk').call('kiosk.config');

/** The categories on offer: the server leaves out retired ones (no window serves them). */
export const kioskCategories = () => hallClient('kiosk').call('kiosk.categories');

export const kioskIssue = (input: { category: string; idNumber?: string; requestId: string }) => hallClient('kiosk').call('kiosk.issue', { body: input });

/** Appointment check-in by 6-digit booking code or ID number; a repeat returns the same ticket. */
export const kioskCheckIn = (input: { code: string } | { idNumber: string }) => hallClient('kiosk').call('appointments.checkIn', { body: input });

/** Leaves a mobile number for the SMS reminders of this ticket; the hall answers it masked. */
export async function kioskLeavePhone(ticketId: string, phone: string): Promise<{ phoneMasked: string }> {
  return hallClient('kiosk').call('tickets.phone', { params: { id: ticketId }, body: { phone } });
}

/** Today's opening and extended hours (duty rota, issue 16). */
export const kioskRotaToday = () => hallClient('kiosk').call('rota.today');
