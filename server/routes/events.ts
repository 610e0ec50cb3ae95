// GET /api/events: WebSocket of {version, type, at} signals (token as ?token=, resume with
// ?since=V: a newer version is signalled at once). GET /api/events/poll: the long-poll fallback.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { tokenOf } from '../auth';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes, fastifySchema, guardFor } from '../http/route';

const eventRoutes: RouteModule = (app, { engine, auth, hub }) => {
  const serve = defineRoutes(app, auth);
  // A WebSocket handler takes the socket: registered by hand from the same map entry, guarded
  // before validation (?token= is the only way a browser socket carries it).
  const ws = R['events.stream'];
  app.get(ws.path, { websocket: true, schema: fastifySchema(ws), preValidation: guardFor(auth, ws) }, (socket, req) => {
    const { since } = req.query as z.output<typeof ws.query>;
    const v = hub.announced;
    const catchUp = since === undefined || since < v ? { version: v, type: since === undefined ? 'hello' : 'resync', at: new Date().toISOString() } : null;
    const token = tokenOf(req, true);
    hub.add(socket, catchUp, req.actor!.subject, token ? auth.hashOf(token) : undefined);
  });

  serve(R['events.poll'], async (req) => {
    const { since, wait } = req.query;
    if (hub.announced <= since && wait > 0) await hub.next(wait);
    const upTo = hub.announced;
    return { version: Math.max(upTo, since), events: engine.eventsSince(since).filter((e) => e.version <= upTo) };
  });
};
export default eventRoutes;
