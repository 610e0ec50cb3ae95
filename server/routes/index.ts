// Every route module, registered in this order by server/app.ts. Add a module with one line.
import type { RouteModule } from '../context';
import authRoutes from './auth';
import ticketRoutes from './tickets';
import windowRoutes from './windows';
import queueRoutes from './queue';
import eventRoutes from './events';
import ratingRoutes from './ratings';
import ratingsQueryRoutes from './ratingsQuery';
import catalogueRoutes from './catalogue';
import deviceRoutes from './devices';
import kioskRoutes from './kiosk';
import followUpRoutes from './followups';
import exportRoutes from './exports';
import syncRoutes from './sync';
import caseRoutes from './cases';
import statsRoutes from './stats';
import appointmentRoutes from './appointments';
import deviceHealthRoutes from './deviceHealth';
import adminRoutes from './admin';
import settingsRoutes from './settings';
import trackRoutes from './track';
import problemRoutes from './problems';
import uplinkRoutes from './uplink';
import practiceRoutes from './practices';
import rotaRoutes from './rota';

export const routeModules: RouteModule[] = [
  authRoutes,
  ticketRoutes,
  windowRoutes,
  queueRoutes,
  eventRoutes,
  ratingRoutes,
  ratingsQueryRoutes,
  catalogueRoutes,
  deviceRoutes,
  syncRoutes,
  caseRoutes,
  statsRoutes,
  kioskRoutes,
  appointmentRoutes,
  deviceHealthRoutes,
  followUpRoutes,
  exportRoutes,
  adminRoutes,
  settingsRoutes,
  trackRoutes,
  problemRoutes,
  uplinkRoutes,
  practiceRoutes,
  rotaRoutes,
];
