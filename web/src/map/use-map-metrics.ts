/**
 * The live numbers of a map (GET /v1/maps/:id/metrics): KPI lane values and feedback-fed emotion
 * per step. They are computed by the server from the saved map, so they are fetched again when a
 * save changes what they depend on (persona, time range, stage and touchpoint bindings, KPI
 * metrics, emotion sources); until then (edits not saved yet, or a request running) they are
 * marked as loading.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import type { JourneyMap } from '../../../src/domain/journey-map.js';
import type { MapMetrics } from './map-api-types';

/** What the metrics depend on: a change here means the numbers on screen are stale. */
export function metricsKey(doc: JourneyMap | undefined): string {
  if (!doc) return '';
  return JSON.stringify({
    persona: doc.persona,
    timeRange: doc.timeRange,
    stages: doc.stages.map((s) => [s.stage, s.steps.map((p) => [p.id, p.touchpoint])]),
    lanes: doc.lanes.filter((l) => l.kind === 'kpi' || l.kind === 'emotion').map((l) => [l.id, l.metric, l.source]),
  });
}

const FIRST = '\u0000first';

export interface MapMetricsState {
  metrics: MapMetrics | undefined;
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
}

export function useMapMetrics(mapId: string, savedDoc: JourneyMap | undefined, localDoc: JourneyMap | undefined): MapMetricsState {
  const savedKey = metricsKey(savedDoc);
  const localKey = metricsKey(localDoc);
  const [metrics, setMetrics] = useState<MapMetrics>();
  const [fetchedKey, setFetchedKey] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [running, setRunning] = useState(0);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  /** The key of the map as first loaded: the fetch started on arrival is for it. */
  const firstKey = useRef<string | undefined>(undefined);
  if (savedKey && firstKey.current === undefined) firstKey.current = savedKey;

  const fetchFor = useCallback(
    (key: string | typeof FIRST) => {
      const n = ++latest.current;
      setRunning((r) => r + 1);
      api<MapMetrics>('GET', `/v1/maps/${encodeURIComponent(mapId)}/metrics`)
        .then((m) => {
          if (n !== latest.current) return;
          setMetrics(m);
          setFetchedKey(key);
          setError(undefined);
        })
        .catch((err: unknown) => {
          if (n === latest.current) setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
        })
        .finally(() => setRunning((r) => r - 1));
    },
    [mapId],
  );

  // Started with the page, beside the map's own request (the numbers take longest).
  useEffect(() => {
    firstKey.current = undefined;
    fetchFor(FIRST);
  }, [fetchFor]);

  // Again whenever a save changes what the numbers depend on, or on request.
  useEffect(() => {
    if (!savedKey || (savedKey === firstKey.current && generation === 0)) return;
    fetchFor(savedKey);
  }, [savedKey, generation, fetchFor]);

  const shownKey = fetchedKey === FIRST ? firstKey.current : fetchedKey;
  return {
    metrics,
    loading: running > 0 || shownKey !== localKey,
    error,
    reload: () => setGeneration((g) => g + 1),
  };
}
