/**
 * The page at `/`: what this server is, where the API docs are, how to send events. The full
 * journey-map UI arrives with the web app; this page keeps the quick start self-explanatory.
 */
import type { Workspace } from '../store/state-store.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function landingPage(workspaces: Workspace[]): string {
  const rows = workspaces.map((w) => `<tr><td>${esc(w.name)}</td><td><code>${esc(w.id)}</code></td><td><code>${esc(w.writeKey)}</code></td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Waymark</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;color:#1d2430}code{background:#f1f3f6;padding:0 .25rem;border-radius:3px}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #dde}</style></head>
<body><h1>Waymark</h1><p>Customer journey mapping on your own event data. This server ingests events, unifies customers and maps them to touchpoints and stages.</p>
<ul><li><a href="/docs">API documentation</a> (OpenAPI at <a href="/openapi.json">/openapi.json</a>)</li><li><a href="/health">Health</a></li></ul>
<h2>Workspaces</h2><table><tr><th>Name</th><th>Id</th><th>Write key (ingest)</th></tr>${rows || '<tr><td colspan="3">none yet: <code>waymark workspace create NAME</code></td></tr>'}</table>
<h2>Send an event</h2><pre><code>curl -u WRITE_KEY: -H 'content-type: application/json' \\
  -d '{"userId":"u1","event":"Order Completed","properties":{"revenue":42}}' \\
  http://HOST/v1/track</code></pre></body></html>`;
}
