/**
 * The Fastify application: body limits and gzip bodies, rate limits per key, the OpenAPI
 * document (/openapi.json) and its docs page (/docs), and the routes. Validation is done by zod
 * in the handlers, so Fastify's own validator is switched off and schemas serve the docs only.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { createGunzip } from 'node:zlib';
import type { ServerContext } from './context.js';
import { HttpError, installErrorHandler } from './http-error.js';
import { analyticsRoutes } from './routes/analytics.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { customerRoutes } from './routes/customers.js';
import { feedbackRoutes } from './routes/feedback.js';
import { findingsRoutes } from './routes/findings.js';
import { inboxRoutes } from './routes/inbox.js';
import { mappingRoutes } from './routes/mapping.js';
import { mapRoutes } from './routes/maps.js';
import { peopleRoutes } from './routes/people.js';
import { posthogRoutes } from './routes/posthog.js';
import { segmentRoutes } from './routes/segment.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { landingPage } from './landing.js';
import { installReadAfterWrite } from './read-after-write.js';
import { webAppRoutes } from './web-app.js';

export async function buildApp(ctx: ServerContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: ctx.config.limits.maxBatchBytes,
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
  });
  app.setValidatorCompiler(() => () => true);
  installErrorHandler(app);
  installReadAfterWrite(app, ctx);

  // PostHog clients gzip their bodies (Content-Encoding: gzip, or ?compression=gzip-js).
  app.addHook('preParsing', async (req, _reply, payload) => {
    const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
    const query = req.query as Record<string, unknown>;
    if (encoding === 'gzip' || query.compression === 'gzip-js') {
      const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: Number(req.headers['content-length'] ?? 0) });
      payload.on('error', (err) => gunzip.destroy(err));
      return payload.pipe(gunzip);
    }
    if (encoding && encoding !== 'identity') throw new HttpError(415, 'unsupported_encoding', `Content-Encoding "${encoding}" is not supported; send gzip or nothing`);
    return payload;
  });
  // Ingest routes take the body as text: their decoder parses it off the event loop
  // (ingest-request.ts) and the inbox keeps it as it came. Other routes get parsed JSON.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (req.routeOptions.config?.ingest) done(null, String(body));
    else json(req, String(body), done);
  });
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (req, body, done) => {
    if (req.routeOptions.config?.ingest) {
      done(null, String(body));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(body));
    } catch {
      done(new HttpError(400, 'invalid_json', 'the body is not valid JSON'), undefined);
      return;
    }
    done(null, parsed);
  });

  await app.register(cookie);
  await app.register(rateLimit, {
    max: ctx.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => req.headers.authorization ?? req.ip,
    errorResponseBuilder: (_req, c) => ({ statusCode: 429, error: { code: 'rate_limited', message: `more than ${c.max} requests per minute for this key; retry after ${c.after}` } }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Waymark API', version: '0.1.0', description: 'Ingest (Segment and PostHog compatible), unified customers, touchpoints and stages.' },
      components: {
        securitySchemes: {
          writeKeyBasic: { type: 'http', scheme: 'basic', description: 'Workspace write key as the user name, empty password (Segment)' },
          secretKey: { type: 'http', scheme: 'bearer', description: 'Workspace secret key (sk_…)' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'WAYMARK_ADMIN_TOKEN' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html').send(landingPage()));
  await webAppRoutes(app);

  workspaceRoutes(app, ctx);
  peopleRoutes(app, ctx);
  mapRoutes(app, ctx);
  segmentRoutes(app, ctx);
  posthogRoutes(app, ctx);
  customerRoutes(app, ctx);
  catalogueRoutes(app, ctx);
  mappingRoutes(app, ctx);
  inboxRoutes(app, ctx);
  feedbackRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  findingsRoutes(app, ctx);
  return app;
}
