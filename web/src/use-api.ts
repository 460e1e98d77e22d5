/**
 * `useApi(method, path, body?)`: load one API answer into a component. It re-runs when the
 * method, path or (JSON of the) body changes, drops answers of superseded requests, and returns
 * `{data, error, loading, reload}`. Pass `null` as the path to load nothing (yet).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(method: string, path: string | null, body?: unknown): ApiState<T> {
  const bodyKey = body === undefined ? '' : JSON.stringify(body);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const id = ++latest.current;
    setLoading(true);
    api<T>(method, path, bodyKey === '' ? undefined : JSON.parse(bodyKey))
      .then((answer) => {
        if (id !== latest.current) return;
        setData(answer);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (id !== latest.current) return;
        setError(err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message));
      })
      .finally(() => {
        if (id === latest.current) setLoading(false);
      });
  }, [method, path, bodyKey, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
