// The kiosk's calls to the hall server (its own routes: config, category list, print-then-issue).
import { hallClient } from '../../bridge/hallBridge';
import type { CategoryView, IssuedTicket } from '../../../../domain/api/hall';

export interface KioskConfig { printMode: 'printer' | 'screen'; widthMm: number | null; elderlyAge: number; hallName: string }

export async function kioskConfig(): Promise<KioskConfig> {
  return (await hallClient('kiosk').request<KioskConfig>('GET', '/api/kiosk/config'))!;
}

/** The categories on offer: the server leaves out retired ones (no window serves them). */
export interface KioskCategories { version: number; hallName: string; categories: CategoryView[] }

export async function kioskCategories(): Promise<KioskCategories> {
  return (await hallClient('kiosk').request<KioskCategories>('GET', '/api/kiosk/categories'))!;
}

export async function kioskIssue(input: { category: string; idNumber?: string; requestId: string }): Promise<{ ticket: IssuedTicket; printed: boolean }> {
  return (await hallClient('kiosk').request<{ ticket: IssuedTicket; printed: boolean }>('POST', '/api/kiosk/tickets', input))!;
}

/** Appointment check-in by 6-digit booking code or ID number; a repeat returns the same ticket. */
export async function kioskCheckIn(input: { code: string } | { idNumber: string }): Promise<{ ticket: IssuedTicket; printed: boolean; repeated: boolean }> {
  return (await hallClient('kiosk').request<{ ticket: IssuedTicket; printed: boolean; repeated: boolean }>('POST', '/api/appointments/check-in', input))!;
}

/** Leaves a mobile number for the SMS reminders of this ticket; the hall answers it masked. */
export async function kioskLeavePhone(ticketId: string, phone: string): Promise<{ phoneMasked: string }> {
  return (await hallClient('kiosk').request<{ ok: true; phoneMasked: string }>('PUT', `/api/tickets/${encodeURIComponent(ticketId)}/phone`, { phone }))!;
}
