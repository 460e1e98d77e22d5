/**
 * Comments on the cells of a map: GET /v1/maps/:id/comments, add (POST {cell, body}) and
 * resolve (POST …/comments/:cid/resolve); open (unresolved) comments counted per cell.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api';
import type { MapComment } from './map-api-types';

export interface MapComments {
  comments: MapComment[];
  openCount: Record<string, number>;
  error: ApiError | undefined;
  add: (cell: string, body: string) => Promise<void>;
  resolve: (commentId: string) => Promise<void>;
  reload: () => void;
}

export function useMapComments(mapId: string): MapComments {
  const [comments, setComments] = useState<MapComment[]>([]);
  const [error, setError] = useState<ApiError>();
  const [generation, setGeneration] = useState(0);
  const base = `/v1/maps/${encodeURIComponent(mapId)}/comments`;

  useEffect(() => {
    let live = true;
    api<{ comments: MapComment[] }>('GET', base)
      .then((r) => {
        if (live) {
          setComments(r.comments);
          setError(undefined);
        }
      })
      .catch((err: unknown) => {
        if (live) setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
      });
    return () => {
      live = false;
    };
  }, [base, generation]);

  const add = useCallback(
    async (cell: string, body: string) => {
      const created = await api<MapComment>('POST', base, { cell, body });
      setComments((list) => [...list, created]);
    },
    [base],
  );
  const resolve = useCallback(
    async (commentId: string) => {
      const updated = await api<MapComment | undefined>('POST', `${base}/${encodeURIComponent(commentId)}/resolve`);
      setComments((list) => list.map((c) => (c.id === commentId ? (updated && updated.id ? updated : { ...c, resolved: true }) : c)));
    },
    [base],
  );
  const openCount = useMemo(() => {
    const out: Record<string, number> = {};
    for (const c of comments) if (!c.resolved) out[c.cell] = (out[c.cell] ?? 0) + 1;
    return out;
  }, [comments]);
  return { comments, openCount, error, add, resolve, reload: () => setGeneration((g) => g + 1) };
}
