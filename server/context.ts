// What every route module receives. A route module is `(app, ctx) => void`, listed once in
// routes/index.ts (a sync module joins with one line there).
import type { FastifyInstance } from 'fastify';
import type { AuthService } from './auth';
import type { HallStore } from './db/connection';
import type { EventHub } from './events/hub';
import type { HallEngine } from './queue/engine';
import type { FieldSealer } from '../native/crypto/fieldSealer';
import type { ProblemLog } from './health/problems';
import type { SignInThrottle } from './signin/throttle';
import type { UplinkClient } from './uplink/client';

export interface HallContext {
  store: HallStore;
  engine: HallEngine;
  auth: AuthService;
  hub: EventHub;
  demoMode: boolean;
  /** The citizen's phone (issue 17): where SMS go (none when unset), the purge/notify clock, and the key of the numbers (from the keyring). */
  phone?: { smsGatewayUrl?: string; now?: () => number; trackIntervalMs?: number; trackLineEveryMs?: number; phoneKey?: Buffer };
  /** Encrypts applicant fields at rest (null: plain, benchmarks' baseline). */
  sealer?: FieldSealer | null;
  /** Stored rows skipped and listeners that failed (GET /api/admin/problems). */
  problems: ProblemLog;
  /** Sign-in failures per 工号 and per address (429, then a 15-minute lock). */
  signIn: SignInThrottle;
  /** The city uplink when the hall runs with --central (null otherwise). */
  uplink?: UplinkClient | null;
}

export type RouteModule = (app: FastifyInstance, ctx: HallContext) => void | Promise<void>;
