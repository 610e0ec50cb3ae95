// What every route module receives. A route module is `(app, ctx) => void`, listed once in
// routes/index.ts (a sync module joins with one line there).
import type { FastifyInstance } from 'fastify';
import type { AuthService } from './auth';
import type { HallStore } from './db/connection';
import type { EventHub } from './events/hub';
import type { HallEngine } from './queue/engine';
import type { FieldSealer } from '../native/crypto/fieldSealer';

export interface HallContext {
  store: HallStore;
  engine: HallEngine;
  auth: AuthService;
  hub: EventHub;
  demoMode: boolean;
  /** Encrypts applicant fields at rest (null: plain, benchmarks' baseline). */
  sealer?: FieldSealer | null;
}

export type RouteModule = (app: FastifyInstance, ctx: HallContext) => void | Promise<void>;
