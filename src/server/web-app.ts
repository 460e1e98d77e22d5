/**
 * Serving the built web app (web/dist, `npm run build:web`) under /app/: hashed files under
 * /app/assets/ are cached for a year (immutable), everything else is revalidated; any other
 * GET /app/* that is not a file answers index.html so the single-page app's routes can be
 * reloaded and linked to. `/` redirects to /app/ when the app is built; otherwise `/` stays the
 * landing page (src/server/landing.ts), which then says how to build the UI.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` writes the app. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function isWebAppBuilt(distDir = WEB_DIST_DIR): boolean {
  return existsSync(join(distDir, 'index.html'));
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', REVALIDATE).sendFile('index.html');
}

/** Registers /app/* (and the `/` redirect) on the root instance; does nothing but log when unbuilt. */
export async function webAppRoutes(app: FastifyInstance, opts: { distDir?: string } = {}): Promise<void> {
  const distDir = opts.distDir ?? WEB_DIST_DIR;
  if (!isWebAppBuilt(distDir)) {
    app.log.warn(`web app not built (${distDir} has no index.html): run \`npm run build:web\``);
    return;
  }

  // `/` → /app/ (the landing route in app.ts answers `/` only while the app is unbuilt).
  app.addHook('onRequest', async (req, reply) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (req.url === '/' || req.url.startsWith('/?'))) {
      return reply.redirect('/app/', 302);
    }
  });
  app.get('/app', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/app/', 301));

  await app.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root: distDir,
        prefix: '/',
        index: ['index.html'],
        cacheControl: false,
        setHeaders: (reply, filePath) => {
          reply.header('cache-control', filePath.startsWith(join(distDir, 'assets')) ? IMMUTABLE : REVALIDATE);
        },
      });
      // Not a file: the SPA's own route (index.html), except missing assets and non-GETs.
      scope.setNotFoundHandler(async (req, reply) => {
        const path = req.url.split('?')[0] ?? '';
        if ((req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/app/assets/')) return sendIndex(reply);
        return reply.status(404).send({ error: { code: 'not_found', message: `no file ${path}` } });
      });
    },
    { prefix: '/app' },
  );
}
