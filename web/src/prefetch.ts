/**
 * Render-as-you-fetch for the slow first answers: at page load, before the route's code has been
 * downloaded and parsed (≈ 0.3 s for the map's chunk with ECharts), the requests that page will
 * make first are started — the map's document and live metrics, the Sankey's paths analysis — so
 * an answer computed on the server overlaps loading the code. `api()` takes a prefetched answer
 * once, for the same method, path and body, within PREFETCH_TTL_MS; answers nobody takes are
 * dropped. Only reads are prefetched (GETs, and analyses, which are POSTs that change nothing).
 */
import { planOf as sankeyPlan, read as readSankey } from './pages/analyses/sankey-options';

const PREFETCH_TTL_MS = 10_000;

const early = new Map<string, { at: number; response: Promise<Response> }>();

const keyOf = (method: string, path: string, body: string | undefined) => `${method} ${path} ${body ?? ''}`;

function prefetch(method: 'GET' | 'POST', path: string, body?: unknown): void {
  const json = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = fetch(path, { method, credentials: 'same-origin', headers, body: json });
  response.catch(() => undefined); // a network error is reported by api() if someone takes it
  early.set(keyOf(method, path, json), { at: performance.now(), response });
}

/** The prefetched response for this request, if there is a fresh one (taken once). */
export function takePrefetched(method: string, path: string, body?: unknown): Promise<Response> | undefined {
  const key = keyOf(method, path, body === undefined ? undefined : JSON.stringify(body));
  const e = early.get(key);
  if (!e) return undefined;
  early.delete(key);
  return performance.now() - e.at <= PREFETCH_TTL_MS ? e.response : undefined;
}

/** Start the first requests of the page at `pathname` + `search` (under the app's /app base). */
export function prefetchForLocation(pathname: string, search: string): void {
  const map = /^\/app\/maps\/([^/]+)\/?$/.exec(pathname);
  if (map) {
    let id: string;
    try {
      id = encodeURIComponent(decodeURIComponent(map[1]!));
    } catch {
      return;
    }
    prefetch('GET', `/v1/maps/${id}`);
    prefetch('GET', `/v1/maps/${id}/metrics`);
  } else if (/^\/app\/analyses\/sankey\/?$/.test(pathname)) {
    prefetch('POST', '/v1/analyses/paths', sankeyPlan(readSankey(new URLSearchParams(search))));
  }
}
