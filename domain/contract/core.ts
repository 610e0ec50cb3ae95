// THE contract between a counter core and its UIs (counter window, pad window / tablet).
// Every method: zod input schema + output type. Every pushed event: payload type.
// Hosts validate inputs against these schemas; the renderer sees only the generated bridge.
import { z } from 'zod';
import { method, event, type ApiOf, type EventHandlers } from './define';
import type { CategoryView, QueueSnapshot, RatingLevel, StaffCard, Ticket, WindowView } from '../api/hall';
import { ratingLevelSchema, finishOutcomeSchema } from '../api/hall';

export interface SessionState {
  windowNo: number;
  deviceId: string;
  hallUrl: string;
  online: boolean;
  clerk: StaffCard | null;
  /** true when the clerk signed in offline with the cached verifier. */
  offlineSignIn: boolean;
}

export interface QueueView {
  online: boolean;
  version: number;
  window: WindowView | null;
  categories: CategoryView[];
  current: Ticket | null;
  hallName: string;
}

export type PadPhase = 'idle' | 'rating' | 'thanks';

export interface RatingReason {
  code: string;
  label: string;
}

export interface PadState {
  phase: PadPhase;
  windowNo: number;
  clerk: StaffCard | null;
  request: {
    requestId: string;
    ticketNumber: string | null;
    serviceName: string | null;
    /** ms epoch after which the request lapses back to idle. */
    expiresAt: number;
  } | null;
  reasons: { version: string; bad: RatingReason[] };
}

export interface DeviceStatus {
  kind: 'idReader' | 'printer' | 'evaluator' | 'led';
  state: 'ok' | 'offline' | 'error' | 'absent';
  message: string;
  code?: string;
}

export interface SyncStatus {
  online: boolean;
  pending: number;
  deadLetters: number;
  lastSuccessAt: string | null;
}

const empty = z.object({}).strict();
const ticketAction = z.object({ requestId: z.string().max(64).optional() }).strict();

export const coreMethods = {
  'session.get': method<SessionState>()(empty),
  'session.login': method<SessionState>()(z.object({ workNo: z.string().min(1).max(32), password: z.string().min(1).max(128) }).strict()),
  'session.logout': method<SessionState>()(empty),

  'queue.get': method<QueueView>()(empty),
  'queue.hall': method<QueueSnapshot | null>()(empty),
  'queue.callNext': method<Ticket | null>()(z.object({ category: z.string().max(4).optional(), requestId: z.string().max(64).optional() }).strict()),
  'queue.recall': method<Ticket>()(ticketAction),
  'queue.noShow': method<Ticket>()(ticketAction),
  'queue.start': method<Ticket>()(ticketAction),
  'queue.finish': method<Ticket>()(ticketAction.extend({ outcome: finishOutcomeSchema.default('served') })),
  'queue.pause': method<WindowView>()(z.object({ reason: z.string().min(1).max(100), requestId: z.string().max(64).optional() }).strict()),
  'queue.resume': method<WindowView>()(ticketAction),

  'pad.get': method<PadState>()(empty),
  'pad.rate': method<{ accepted: true }>()(
    z.object({
      requestId: z.string().min(1).max(64),
      level: ratingLevelSchema,
      dimensions: z.object({ efficiency: ratingLevelSchema, competence: ratingLevelSchema, attitude: ratingLevelSchema }).partial().optional(),
      reasonCodes: z.array(z.string().max(32)).max(10).default([]),
      text: z.string().max(500).optional(),
    }).strict(),
  ),
  'rating.request': method<{ requestId: string }>()(z.object({ ticketId: z.string().optional(), caseNo: z.string().optional(), serviceName: z.string().max(100).optional() }).strict()),
  'rating.cancel': method<{ cancelled: boolean }>()(empty),

  'devices.status': method<DeviceStatus[]>()(empty),
  'sync.status': method<SyncStatus>()(empty),
};

export const coreEvents = {
  session: event<SessionState>(),
  queue: event<{ version: number }>(),
  pad: event<PadState>(),
  rated: event<{ requestId: string; level: RatingLevel }>(),
  devices: event<DeviceStatus[]>(),
  sync: event<SyncStatus>(),
};

export type CoreMethods = typeof coreMethods;
export type CoreEvents = typeof coreEvents;
export type CoreMethodName = keyof CoreMethods;
export type CoreEventName = keyof CoreEvents;
export type CoreApi = ApiOf<CoreMethods>;
export type CoreEventHandlers = EventHandlers<CoreEvents>;
