// The hall's own view of its city uplink: GET /api/uplink/status on the HALL server (manager),
// shown as the uplink tile on the manager's board.
import { z } from 'zod';

export const hallUplinkStatusSchema = z.object({
  /** False when the hall runs without --central. */
  configured: z.boolean(),
  centralUrl: z.string().nullable(),
  hallId: z.string().nullable(),
  /** 区划/机构 code and name as the city assigned them. */
  code: z.string().nullable(),
  name: z.string().nullable(),
  state: z.enum(['off', 'enrolling', 'pushing', 'idle', 'backoff', 'error']),
  /** Outbox records written so far, acknowledged by the central, still waiting. */
  outboxSeq: z.number().int(),
  ackedSeq: z.number().int(),
  backlog: z.number().int(),
  lastPushAt: z.string().nullable(),
  lastError: z.string().nullable(),
  clockSkewMs: z.number().nullable(),
  catalogueVersion: z.number().int(),
  /** The city receives this hall's applicants in clear (as the central last said; false by default). */
  cityReceivesPersonalData: z.boolean(),
  rejected: z.number().int(),
  recentRejections: z.array(z.object({ seq: z.number().int(), kind: z.string().nullable(), code: z.string(), message: z.string(), at: z.string() })),
});
export type HallUplinkStatus = z.infer<typeof hallUplinkStatusSchema>;
