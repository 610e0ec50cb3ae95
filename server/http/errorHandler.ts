// One shape for every rejection: 4xx {code, message[, details]} with a stable code and a Chinese
// message, including Fastify's own errors (malformed JSON, oversized body, wrong media type).
import type { FastifyError, FastifyInstance } from 'fastify';
import { CodedError } from '../../domain/api/errors';
import { E } from '../errors';

function mapError(err: FastifyError): CodedError {
  if (err instanceof CodedError) return err;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return E.bodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return E.unsupportedMediaType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return E.malformedJson();
  }
  if (err instanceof SyntaxError || (/JSON/i.test(err.message) && err.statusCode === 400)) return E.malformedJson();
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new CodedError('bad_request', '请求无效', err.statusCode);
  return new CodedError('internal', '服务器内部错误，请稍后重试', 500);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const mapped = mapError(err);
    // Never log bodies: they can carry ID numbers. Code and route are enough.
    if (mapped.status >= 500) req.log.error({ err: { message: err.message, stack: err.stack, code: err.code } }, 'request failed');
    else req.log.info({ code: mapped.code }, 'request rejected');
    void reply.code(mapped.status).type('application/json; charset=utf-8').send(JSON.stringify(mapped.toJSON()));
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(E.notFound().toJSON()));
  });
}
