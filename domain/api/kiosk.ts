// Kiosk routes' shapes: configuration, the categories offered, print-then-issue, printer setup.
import { z } from 'zod';
import { categoryViewSchema, issuedTicketSchema, issueTicketRequestSchema } from './hall';

export const kioskIssueSchema = issueTicketRequestSchema.omit({ channel: true });
export const kioskIssueResponseSchema = z.object({ ticket: issuedTicketSchema, printed: z.boolean() });
export const kioskConfigSchema = z.object({
  printMode: z.enum(['printer', 'screen']),
  widthMm: z.number().nullable(),
  elderlyAge: z.number().int(),
  hallName: z.string(),
});
export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export const kioskCategoriesSchema = z.object({ version: z.number().int(), hallName: z.string(), categories: z.array(categoryViewSchema) });
export type KioskCategories = z.infer<typeof kioskCategoriesSchema>;
export const printerBodySchema = z.object({
  deviceId: z.string().min(1).max(64).default('*'),
  address: z.string().max(200).nullable(),
  widthMm: z.union([z.literal(58), z.literal(80)]).default(80),
});
export const kioskPrintersSchema = z.object({ printers: z.array(z.object({ deviceId: z.string(), address: z.string(), widthMm: z.number() })) });
