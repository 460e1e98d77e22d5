/**
 * The page at `/`: what this server is, where the API docs are, how to send events. It shows
 * nothing of any workspace (it needs no key). Once the web app is built, `/` redirects to it
 * (src/server/web-app.ts) and this page is only seen while it is not, saying how to build it.
 */
import { isWebAppBuilt } from './web-app.js';

export function landingPage(webAppBuilt = isWebAppBuilt()): string {
  const ui = webAppBuilt
    ? '<p>The journey-map app is at <a href="/app/">/app/</a>.</p>'
    : '<p class="note">The web UI is not built: run <code>npm run build:web</code> and restart the server, then open <a href="/app/">/app/</a>.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Waymark</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;color:#1d2430}code,pre{background:#f1f3f6;border-radius:3px}code{padding:0 .25rem}pre{padding:.75rem}.note{background:#fff6df;border-left:4px solid #e0a100;padding:.5rem .75rem}</style></head>
<body><h1>Waymark</h1><p>Customer journey mapping on your own event data. This server ingests events from Segment and PostHog clients and from CSV/NDJSON imports, unifies them into one profile per customer, and maps every event to a touchpoint, channel and stage.</p>
${ui}
<ul><li><a href="/docs">API documentation</a> (OpenAPI at <a href="/openapi.json">/openapi.json</a>)</li><li><a href="/health">Health</a></li></ul>
<h2>Keys</h2><p>Each workspace has a <b>write key</b> (ingest only) and a <b>secret key</b> (read API). <code>waymark workspace list</code> shows write keys; a secret key is shown once, when the workspace is created (<code>waymark workspace create NAME</code>) or rotated (<code>waymark workspace rotate-secret ID</code>).</p>
<h2>Send an event</h2><pre><code>curl -u WRITE_KEY: -H 'content-type: application/json' \\
  -d '{"userId":"u1","event":"Order Completed","properties":{"revenue":42}}' \\
  http://HOST/v1/track</code></pre>
<h2>Read a customer</h2><pre><code>curl -H 'authorization: Bearer SECRET_KEY' http://HOST/v1/customers/u1</code></pre></body></html>`;
}
