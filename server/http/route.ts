// Registers one route of the hall API contract (domain/api/routes.ts): method, path, the zod
// schemas (validated by server/http/zod.ts, published by @fastify/swagger) and the role guard
// all come from the map entry; the module supplies only the handler.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { RouteAnswer, RouteDef, RouteParsed } from '../../domain/api/route';
import { apiErrorSchema } from '../../domain/api/errors';
import type { AuthService } from '../auth';
import { guard } from '../auth';
import type { Actor } from '../auth';

/** The request as the handler sees it: validated params, query and body, and the caller. */
export type RouteRequest<D extends RouteDef> = FastifyRequest & RouteParsed<D> & { actor: D['roles'] extends 'public' ? Actor | null : Actor };

type Answer<D extends RouteDef> = RouteAnswer<D> | FastifyReply | void;
export type RouteHandler<D extends RouteDef> = (req: RouteRequest<D>, reply: FastifyReply) => Answer<D> | Promise<Answer<D>>;

/** Fastify options beyond the contract (body limit). WebSocket routes register themselves
 *  with fastifySchema() and guardFor() (their handler takes a socket, not a reply). */
export type ExtraOptions = Pick<RouteShorthandOptions, 'bodyLimit'>;

export function fastifySchema(d: RouteDef): Record<string, unknown> {
  const response: Record<number, unknown> = { ...d.responses };
  for (const s of d.errors ?? []) response[s] = apiErrorSchema;
  return {
    tags: [...d.tags],
    summary: d.summary,
    ...(d.params ? { params: d.params } : {}),
    ...(d.query ? { querystring: d.query } : {}),
    ...(d.body ? { body: d.body } : {}),
    ...(Object.keys(response).length ? { response } : {}),
  };
}

/** The guard from the entry's roles (none for public routes; a WebSocket also takes ?token=). */
export function guardFor(auth: AuthService, d: RouteDef) {
  if (d.roles === 'public') return undefined;
  return guard(auth, d.roles === 'any' ? [] : [...d.roles], { queryToken: d.raw === 'websocket' });
}

/** `defineRoutes(app, auth)` gives a `serve(def, handler)` bound to this app. */
export function defineRoutes(app: FastifyInstance, auth: AuthService) {
  return function serve<D extends RouteDef>(d: D, handler: RouteHandler<D>, extra: ExtraOptions = {}): void {
    const g = guardFor(auth, d);
    app.route({
      method: d.method,
      url: d.path,
      schema: fastifySchema(d),
      ...extra,
      ...(g ? { preHandler: g } : {}),
      handler: handler as unknown as (req: FastifyRequest, reply: FastifyReply) => unknown,
    });
  };
}
