/**
 * An emotion lane: one value from −2 to +2 per step drawn as a smooth curve across the map.
 * Set by hand (click a height in the step's column, or focus it and press + / − / 0, Delete to
 * clear), or taken from feedback sentiment (GET /v1/maps/:id/metrics `emotion`), where a value
 * set by hand overrides the data for that step (drawn filled; data points are hollow).
 */
import type { KeyboardEvent, MouseEvent } from 'react';
import { cellKey, type Lane, type MapStage, type MapStep } from '../../../src/domain/journey-map.js';
import { CommentBadge } from './CommentBadge';
import { EmotionFace } from './icons';
import { curveSegments, emotionAt, emotionLabel, emotionY } from './emotion-curve';
import { getCell, setCellValue } from './map-edit';
import { useMapCanvas } from './map-canvas-context';

function colour(v: number): string {
  if (v >= 1.5) return '#15803d';
  if (v >= 0.5) return '#4d9a4a';
  if (v > -0.5) return '#a16207';
  if (v > -1.5) return '#dc6b2f';
  return '#b91c1c';
}

export function EmotionLane({
  lane,
  columns,
  row,
  height,
  tabIndexFor,
}: {
  lane: Lane;
  columns: { stage: MapStage; step: MapStep }[];
  row: number;
  height: number;
  tabIndexFor: (col: number) => number;
}) {
  const { doc, edit, readOnly, metrics, metricsLoading, stepWidth, problems } = useMapCanvas();
  const fromFeedback = lane.source === 'feedback';
  const data = metrics?.emotion[lane.id] ?? {};
  const points = columns.map(({ step }) => {
    const own = getCell(doc, lane.id, step.id).emotion;
    const fed = fromFeedback ? (data[step.id] ?? null) : null;
    return { own: own ?? null, fed, value: own ?? fed };
  });
  const values = points.map((p) => p.value);
  const width = columns.length * stepWidth;
  const xOf = (i: number) => i * stepWidth + stepWidth / 2;
  const segments = curveSegments(values, xOf, height);
  const gradientId = `emotion-gradient-${lane.id}`;

  const set = (stepId: string, value: number | undefined) => {
    if (readOnly) return;
    edit((d) => setCellValue(d, lane, stepId, 'emotion', value));
  };
  const onKey = (e: KeyboardEvent, stepId: string, current: number | null) => {
    if (readOnly) return;
    const base = current ?? 0;
    let next: number | undefined;
    if (e.key === '+' || e.key === '=' || e.key === 'PageUp' || (e.shiftKey && e.key === 'ArrowUp')) next = Math.min(2, Math.round(base) + (current === null ? 0 : 1));
    else if (e.key === '-' || e.key === 'PageDown' || (e.shiftKey && e.key === 'ArrowDown')) next = Math.max(-2, Math.round(base) - (current === null ? 0 : 1));
    else if (e.key === '0') next = 0;
    else if (e.key === 'Delete' || e.key === 'Backspace') next = undefined;
    else if (/^[1-2]$/.test(e.key)) next = Number(e.key);
    else return;
    e.preventDefault();
    e.stopPropagation();
    set(stepId, next);
  };
  const onClick = (e: MouseEvent<HTMLDivElement>, stepId: string) => {
    if (readOnly) return;
    const rect = e.currentTarget.getBoundingClientRect();
    set(stepId, emotionAt(e.clientY - rect.top, height));
  };

  return (
    <div className={`emotion-lane${metricsLoading && fromFeedback ? ' is-loading' : ''}`} style={{ width, height }}>
      <svg className="emotion-svg" width={width} height={height} aria-hidden="true">
        <defs>
          <linearGradient id={gradientId} gradientUnits="userSpaceOnUse" x1="0" y1={emotionY(2, height)} x2="0" y2={emotionY(-2, height)}>
            <stop offset="0%" stopColor="#15803d" />
            <stop offset="50%" stopColor="#a16207" />
            <stop offset="100%" stopColor="#b91c1c" />
          </linearGradient>
        </defs>
        {[2, 1, 0, -1, -2].map((v) => (
          <line key={v} className={v === 0 ? 'emotion-guide neutral' : 'emotion-guide'} x1={0} x2={width} y1={emotionY(v, height)} y2={emotionY(v, height)} />
        ))}
        {segments.map((d, i) => (
          <path key={i} d={d} className="emotion-curve" stroke={`url(#${gradientId})`} />
        ))}
        {points.map((p, i) =>
          p.value === null ? null : <EmotionFace key={i} cx={xOf(i)} cy={emotionY(p.value, height)} value={p.value} r={p.own !== null ? 10 : 9} colour={colour(p.value)} dashed={p.own === null} />,
        )}
      </svg>
      {columns.map(({ step }, col) => {
        const p = points[col]!;
        const key = cellKey(lane.id, step.id);
        const problem = problems.cell[key];
        const label = `${lane.name} at ${step.name}: ${emotionLabel(p.value)}${p.own === null && p.fed !== null ? ' from feedback' : ''}${fromFeedback && p.own !== null ? ' (set by hand)' : ''}`;
        return (
          <div
            key={step.id}
            className={`emotion-slot${problem ? ' has-problem' : ''}`}
            style={{ left: col * stepWidth, width: stepWidth, height }}
            role="slider"
            aria-label={readOnly ? label : `${label}. Press + or − to change, 0 for neutral, Delete to clear`}
            aria-valuemin={-2}
            aria-valuemax={2}
            aria-valuenow={p.value ?? undefined}
            aria-valuetext={emotionLabel(p.value)}
            aria-readonly={readOnly || undefined}
            tabIndex={tabIndexFor(col)}
            data-nav-row={row}
            data-nav-col={col}
            data-cell={key}
            onKeyDown={(e) => onKey(e, step.id, p.value)}
            onClick={(e) => onClick(e, step.id)}
            title={readOnly ? emotionLabel(p.value) : 'Click a height to set the emotion'}
          >
            {p.value !== null ? null : !readOnly && !fromFeedback ? (
              <span className="emotion-empty" aria-hidden="true">
                set
              </span>
            ) : null}
            <CommentBadge cell={key} />
            {problem ? <span className="field-problem cell-problem">{problem}</span> : null}
          </div>
        );
      })}
    </div>
  );
}
