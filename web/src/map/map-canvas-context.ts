/**
 * What every part of the map canvas needs (the document and how to edit it, live metrics,
 * comment counts, catalogues, problems, drill-downs), given once by MapCanvasPage.
 */
import { createContext, useContext } from 'react';
import type { JourneyMap, Lane, MapStage, MapStep } from '../../../src/domain/journey-map.js';
import type { CatalogueTouchpoint, MapMetrics, StageModelEntry, UserSummary } from './map-api-types';
import type { ProblemIndex } from './map-problems';

export interface MapCanvasContextValue {
  doc: JourneyMap;
  readOnly: boolean;
  edit: (change: (doc: JourneyMap) => JourneyMap) => void;
  metrics: MapMetrics | undefined;
  metricsLoading: boolean;
  commentCount: Record<string, number>;
  openComments: (cell: string) => void;
  touchpoints: CatalogueTouchpoint[];
  stageModel: StageModelEntry[];
  users: UserSummary[];
  problems: ProblemIndex;
  openPaths: (touchpoint: string) => void;
  openFunnel: (stageId: string) => void;
  /** The Sankey of the paths from a map stage (its bound stage of the model). */
  openStagePaths: (stageId: string) => void;
  pinFinding: (lane: Lane, stepId: string) => void;
  stepWidth: number;
}

export const MapCanvasContext = createContext<MapCanvasContextValue | null>(null);

export function useMapCanvas(): MapCanvasContextValue {
  const value = useContext(MapCanvasContext);
  if (!value) throw new Error('useMapCanvas outside a MapCanvasContext');
  return value;
}

/** What a cell of a lane gets: where it is and whether its inner controls are reachable. */
export interface CellProps {
  lane: Lane;
  stage: MapStage;
  step: MapStep;
  /** The cell was entered (Enter or a click): its inner controls take part in Tab order. */
  interactive: boolean;
  /** Leave the cell's inner controls (back to the cell, for arrow-key moves). */
  done: () => void;
}
