// Appointment routes' shapes: booking, the day list, kiosk check-in.
import { z } from 'zod';
import { issuedTicketSchema } from './hall';
import { civilDateSchema } from '../calendar/schemas';

const iso = z.string().datetime({ offset: true });
export const appointmentCreateSchema = z.object({
  category: z.string().min(1).max(4),
  slotStart: iso,
  slotEnd: iso,
  idNumber: z.string().max(32).optional(),
  name: z.string().max(40).optional(),
});
export const appointmentViewSchema = z.object({
  id: z.string(),
  category: z.string(),
  categoryName: z.string().optional(),
  slotStart: z.string(),
  slotEnd: z.string(),
  code: z.string(),
  idNumberMasked: z.string().nullable(),
  nameMasked: z.string().nullable(),
  status: z.enum(['booked', 'checkedIn', 'expired', 'cancelled']),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
});
export const appointmentListQuerySchema = z.object({ date: civilDateSchema.optional() });
export const appointmentListSchema = z.object({ date: z.string(), appointments: z.array(appointmentViewSchema) });
export const checkInSchema = z.object({
  code: z
    .string()
    .regex(/^\d{6}$/, '预约码为 6 位数字')
    .optional(),
  idNumber: z.string().max(32).optional(),
});
export const checkInResponseSchema = z.object({ ticket: issuedTicketSchema, appointment: appointmentViewSchema, repeated: z.boolean(), printed: z.boolean() });
