/**
 * The one way the web app talks to the Waymark HTTP API: `api(method, path, body)` sends JSON
 * with the session cookie (same origin) and returns the parsed body, or throws an `ApiError`
 * carrying the status, the error code, the message and the per-field problems of a 400 (their
 * paths always dotted: `body.stages.0.name`, whether the server wrote `[0]` or `.0`).
 */
import { takePrefetched } from './prefetch';

/** One problem of an invalid input: where (e.g. `body.stages.0.name`) and what is wrong. */
export interface ApiProblem {
  where: string;
  message: string;
}

/** `body.stages[0].name` → `body.stages.0.name`: one spelling of a field path for every page. */
export function dottedWhere(where: string): string {
  return where.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** A non-2xx answer of the API, or a network failure (status 0, code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: ApiProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message of the first problem whose `where` equals or starts with `where`, if any. */
  problemAt(where: string): string | undefined {
    return this.problems.find((p) => p.where === where || p.where.startsWith(`${where}.`))?.message;
  }
}

/** Listeners told when any call answers 401 (the auth context sends the user to sign in). */
const unauthorizedListeners = new Set<() => void>();

export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    // A read started at page load (prefetch.ts) answers this one, unless it was refused for want
    // of a session (the user may have signed in since).
    const early = await takePrefetched(method, path, body)?.catch(() => undefined);
    res =
      early && early.status !== 401
        ? early
        : await fetch(path, {
            method,
            credentials: 'same-origin',
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
          });
  } catch (err) {
    throw new ApiError(0, 'network', `the server did not answer (${(err as Error).message})`);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; problems?: ApiProblem[] } } | undefined)?.error;
    if (res.status === 401) for (const listener of unauthorizedListeners) listener();
    const problems = (error?.problems ?? []).map((p) => ({ where: dottedWhere(String(p.where ?? '')), message: String(p.message ?? '') }));
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? (res.statusText || `HTTP ${res.status}`), problems);
  }
  return (parsed ?? text) as T;
}
