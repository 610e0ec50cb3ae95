// Zod schemas on Fastify routes: zod validates (the validator compiler below), the OpenAPI
// document is generated from the same schemas (z.toJSONSchema), and responses are plain
// JSON.stringify (we trust our own shapes; tests parse them with the same schemas).
import { z, type ZodType } from 'zod';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { CodedError } from '../../domain/api/errors';

const PART_CODE: Record<string, string> = { body: 'invalid_body', querystring: 'invalid_query', params: 'invalid_params', headers: 'invalid_headers' };
const PART_MSG: Record<string, string> = {
  body: '请求内容不符合要求',
  querystring: '查询参数不符合要求',
  params: '路径参数不符合要求',
  headers: '请求头不符合要求',
};

const isZod = (s: unknown): s is ZodType => !!s && typeof s === 'object' && 'safeParse' in s;

export function useZod(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const part = httpPart ?? 'body';
    return (data: unknown) => {
      if (!isZod(schema)) return { value: data };
      // A POST without a body arrives as null; optional bodies treat it as absent.
      const r = schema.safeParse(part === 'body' && data === null ? undefined : data);
      if (r.success) return { value: r.data };
      const details = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      // A rule with its own code (e.g. weak_password) answers with that code and its message.
      const ruleCode = (i: (typeof r.error.issues)[number]) => (i.code === 'custom' && typeof i.params?.code === 'string' ? (i.params.code as string) : null);
      const coded = r.error.issues.find((i) => ruleCode(i) !== null);
      if (coded) return { error: new CodedError(ruleCode(coded)!, coded.message, 400, details) };
      return { error: new CodedError(PART_CODE[part] ?? 'invalid_request', PART_MSG[part] ?? '请求不符合要求', 400, details) };
    };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

function toJson(s: unknown, io: 'input' | 'output'): unknown {
  if (!isZod(s)) return s;
  return z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' });
}

/** @fastify/swagger transform: zod → JSON Schema for the OpenAPI document. */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  if (!schema) return { schema, url };
  const out: Record<string, unknown> = { ...schema };
  for (const part of ['body', 'querystring', 'params', 'headers'] as const)
    if (part in schema) out[part] = toJson((schema as Record<string, unknown>)[part], 'input');
  if (schema.response) {
    const resp: Record<string, unknown> = {};
    for (const [code, s] of Object.entries(schema.response as Record<string, unknown>)) resp[code] = toJson(s, 'output');
    out.response = resp;
  }
  return { schema: out as FastifySchema, url };
}
