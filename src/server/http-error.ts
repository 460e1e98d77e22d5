/**
 * The one HTTP error type, and the one error handler: domain errors become 4xx with what was
 * wrong and where; anything unexpected is logged and answered with a plain 500.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { InvalidInputError, NotFoundError } from '../domain/errors.js';
import { OverloadedError } from '../ingest/ingest-service.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof InvalidInputError) {
      return reply.status(400).send({ error: { code: 'invalid_input', message: err.message, problems: err.problems } });
    }
    if (err instanceof HttpError) return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    if (err instanceof NotFoundError) return reply.status(404).send({ error: { code: 'not_found', message: err.message } });
    if (err instanceof OverloadedError) return reply.status(503).header('retry-after', '1').send({ error: { code: 'overloaded', message: err.message } });
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (err as FastifyError).code ?? 'bad_request';
      const message =
        code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `request body is larger than the limit of ${app.initialConfig.bodyLimit} bytes`
          : code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? `${err.message}; send JSON with "Content-Type: application/json"`
            : err.message;
      return reply.status(status).send({ error: { code, message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error; see the server log' } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));
}
