// The shape of one hall HTTP route in the contract (domain/api/routes.ts): method, path, the zod
// schemas of its params, query, body and answers, and the roles allowed. The server registers
// and guards routes from these (server/http/route.ts); HallClient types every call by them.
import { z, type ZodType } from 'zod';

export const hallRoleSchema = z.enum(['clerk', 'manager', 'kiosk', 'display', 'pad', 'counter']);
export type HallRole = z.infer<typeof hallRoleSchema>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';
/** The success answers a route may give: JSON (200/201) or nothing (204). */
export type SuccessStatus = 200 | 201 | 204;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 423 | 429 | 502;

export interface RouteDef {
  method: HttpMethod;
  /** Fastify path, `:name` for params. */
  path: string;
  summary: string;
  tags: readonly string[];
  /** 'public': no token; 'any': any valid token; else the roles allowed. */
  roles: 'public' | 'any' | readonly HallRole[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  responses: Partial<Record<SuccessStatus, ZodType>>;
  errors?: readonly ErrorStatus[];
  /** Not JSON: a WebSocket upgrade or a file download; callers take the URL. */
  raw?: 'websocket' | 'file';
}

/** Identity, kept for inference: the map entry keeps its literal types. */
export const route = <const D extends RouteDef>(d: D): D => d;

/** A response whose shape is a domain type the server builds (not re-validated on receipt). */
export const typed = <T>() => z.custom<T>(() => true);

type Zin<S> = S extends ZodType ? z.input<S> : never;
type Zout<S> = S extends ZodType ? z.output<S> : never;

/** Keys a caller must send: required in the schema's input (not optional, no default, not coerced from anything). */
type RequiredInputKeys<S> = { [K in keyof Zin<S>]-?: object extends Pick<Zin<S>, K> ? never : K }[keyof Zin<S>];
/**
 * Params and query as a caller writes them: the parsed types (a window number is a number, even
 * though the wire carries text and the schema coerces it), required where the schema requires them.
 */
type UrlInput<S> = { [K in keyof Zout<S> as K extends RequiredInputKeys<S> ? K : never]: Zout<S>[K] } & {
  [K in keyof Zout<S> as K extends RequiredInputKeys<S> ? never : K]?: Zout<S>[K];
};

/** What a caller sends: params, query and body (the body as the schema accepts it, before defaults). */
export type RouteInput<D extends RouteDef> = (D['params'] extends ZodType ? { params: UrlInput<D['params']> } : { params?: undefined }) &
  (D['query'] extends ZodType
    ? object extends UrlInput<D['query']>
      ? { query?: UrlInput<D['query']> }
      : { query: UrlInput<D['query']> }
    : { query?: undefined }) &
  (D['body'] extends ZodType ? (undefined extends Zin<D['body']> ? { body?: Zin<D['body']> } : { body: Zin<D['body']> }) : { body?: undefined });

type SuccessOf<D extends RouteDef> = D['responses'];
/** What a caller receives: the parsed answer, or null for 204. */
export type RouteResult<D extends RouteDef> =
  | (SuccessOf<D>[200] extends ZodType ? Zout<SuccessOf<D>[200]> : never)
  | (SuccessOf<D>[201] extends ZodType ? Zout<SuccessOf<D>[201]> : never)
  | (SuccessOf<D>[204] extends ZodType ? null : never);

/** What the server's handler sees after validation (defaults applied). */
export interface RouteParsed<D extends RouteDef> {
  params: D['params'] extends ZodType ? Zout<D['params']> : undefined;
  query: D['query'] extends ZodType ? Zout<D['query']> : undefined;
  body: D['body'] extends ZodType ? Zout<D['body']> : undefined;
}

/** What the server's handler may answer (JSON bodies as the schemas accept them). */
export type RouteAnswer<D extends RouteDef> =
  (SuccessOf<D>[200] extends ZodType ? Zin<SuccessOf<D>[200]> : never) | (SuccessOf<D>[201] extends ZodType ? Zin<SuccessOf<D>[201]> : never);

/** Fills `:name` params into the path (each segment URI-encoded). */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_, k: string) => {
    const v = params?.[k];
    if (v === undefined || v === null) throw new Error(`missing path parameter ${k} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

/** `?a=1&b=x` from a flat object (undefined left out). */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
