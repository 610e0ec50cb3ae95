// GET /api/events: WebSocket of {version, type, at} signals (token as ?token=, resume with
// ?since=V: a newer version is signalled at once). GET /api/events/poll: the long-poll fallback.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard, READERS, tokenOf } from '../auth';
import { eventsPollResponseSchema } from '../../domain/api/hall';

const query = z.object({ since: z.coerce.number().int().min(0).optional(), token: z.string().optional() });

const eventRoutes: RouteModule = (app, { engine, auth, hub }) => {
  app.get('/api/events', {
    websocket: true,
    schema: { tags: ['events'], summary: 'WebSocket 事件流（信号 {version,type,at}；?token=令牌&since=版本）', querystring: query },
    preValidation: guard(auth, READERS, { queryToken: true }),
  }, (socket, req) => {
    const { since } = req.query as z.infer<typeof query>;
    const v = hub.announced;
    const catchUp = since === undefined || since < v ? { version: v, type: since === undefined ? 'hello' : 'resync', at: new Date().toISOString() } : null;
    const token = tokenOf(req, true);
    hub.add(socket, catchUp, req.actor!.subject, token ? auth.hashOf(token) : undefined);
  });

  app.get('/api/events/poll', {
    schema: {
      tags: ['events'], summary: '轮询（WebSocket 不可用时）：返回 since 之后的事件信号；没有时最多等待 wait 毫秒',
      querystring: z.object({ since: z.coerce.number().int().min(0).default(0), wait: z.coerce.number().int().min(0).max(25_000).default(0) }),
      response: { 200: eventsPollResponseSchema },
    },
    preHandler: guard(auth, READERS),
  }, async (req) => {
    const { since, wait } = req.query as { since: number; wait: number };
    if (hub.announced <= since && wait > 0) await hub.next(wait);
    const upTo = hub.announced;
    return { version: Math.max(upTo, since), events: engine.eventsSince(since).filter((e) => e.version <= upTo) };
  });
};
export default eventRoutes;
