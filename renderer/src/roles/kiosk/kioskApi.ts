// The kiosk's calls to the hall server (its own routes: config and print-then-issue).
import { hallClient } from '../../bridge/hallBridge';
import type { IssuedTicket } from '../../../../domain/api/hall';

export interface KioskConfig { printMode: 'printer' | 'screen'; widthMm: number | null; elderlyAge: number; hallName: string }

export async function kioskConfig(): Promise<KioskConfig> {
  return (await hallClient('kiosk').request<KioskConfig>('GET', '/api/kiosk/config'))!;
}

export async function kioskIssue(input: { category: string; idNumber?: string; requestId: string }): Promise<{ ticket: IssuedTicket; printed: boolean }> {
  return (await hallClient('kiosk').request<{ ticket: IssuedTicket; printed: boolean }>('POST', '/api/kiosk/tickets', input))!;
}

/** Appointment check-in by 6-digit booking code or ID number; a repeat returns the same ticket. */
export async function kioskCheckIn(input: { code: string } | { idNumber: string }): Promise<{ ticket: IssuedTicket; printed: boolean; repeated: boolean }> {
  return (await hallClient('kiosk').request<{ ticket: IssuedTicket; printed: boolean; repeated: boolean }>('POST', '/api/appointments/check-in', input))!;
}
