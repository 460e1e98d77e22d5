/**
 * Render-as-you-fetch for the slow first answers: at page load, before the route's code has been
 * downloaded and parsed (≈ 0.3 s for the map's chunk with ECharts), the GETs that page will make
 * first are started, so a live-data answer computed on the server overlaps loading the code.
 * `api()` takes a prefetched answer once, for the same path, within PREFETCH_TTL_MS; answers
 * nobody takes are dropped.
 */
const PREFETCH_TTL_MS = 10_000;

const early = new Map<string, { at: number; response: Promise<Response> }>();

function prefetch(path: string): void {
  const response = fetch(path, { method: 'GET', credentials: 'same-origin', headers: { accept: 'application/json' } });
  response.catch(() => undefined); // a network error is reported by api() if someone takes it
  early.set(path, { at: performance.now(), response });
}

/** The prefetched response for a GET of `path`, if there is a fresh one (taken once). */
export function takePrefetched(path: string): Promise<Response> | undefined {
  const e = early.get(path);
  if (!e) return undefined;
  early.delete(path);
  return performance.now() - e.at <= PREFETCH_TTL_MS ? e.response : undefined;
}

/** Start the first GETs of the page at `pathname` (under the app's /app base). */
export function prefetchForLocation(pathname: string): void {
  const map = /^\/app\/maps\/([^/]+)\/?$/.exec(pathname);
  if (map) {
    let id: string;
    try {
      id = encodeURIComponent(decodeURIComponent(map[1]!));
    } catch {
      return;
    }
    prefetch(`/v1/maps/${id}`);
    prefetch(`/v1/maps/${id}/metrics`);
  }
}
