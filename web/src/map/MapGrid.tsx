/**
 * The map grid: stages as column groups over their steps, lanes as rows, one cell per lane and
 * step (an emotion lane is one curve across the steps). Stage and step headers and lane names
 * stay in view while the grid scrolls. One Tab stop: arrow keys move between cells and headers
 * (Home/End to the row's ends), Enter enters a cell (its editor or its buttons), Escape leaves
 * it, C opens the cell's comments.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { cellKey, mapColumns, MAP_METRIC_LABELS, MAP_METRICS, LANE_KINDS, type Lane } from '../../../src/domain/journey-map.js';
import { CommentBadge } from './CommentBadge';
import { EmotionLane } from './EmotionLane';
import { KpiCell } from './KpiCell';
import { addLane, addStage, LANE_KIND_LABELS, newLane } from './map-edit';
import { useMapCanvas, type CellProps } from './map-canvas-context';
import { LaneHeader, LANE_ICONS, StageHeader, StepHeader } from './MapHeaders';
import { MenuButton, type MenuItem } from './MenuButton';
import { Icon } from './icons';
import { OpportunitiesCell } from './OpportunitiesCell';
import { PainPointsCell } from './PainPointsCell';
import { TextCell } from './TextCell';
import { TouchpointsCell } from './TouchpointsCell';

interface Nav {
  row: number;
  col: number;
}

const STAGE_ROW = -2;
const STEP_ROW = -1;
const LANE_HEAD_COL = -1;

function CellContent(props: CellProps) {
  switch (props.lane.kind) {
    case 'touchpoints':
      return <TouchpointsCell {...props} />;
    case 'painpoints':
      return <PainPointsCell {...props} />;
    case 'opportunities':
      return <OpportunitiesCell {...props} />;
    case 'kpi':
      return <KpiCell {...props} />;
    default:
      return <TextCell {...props} />;
  }
}

export function MapGrid({ emotionHeight }: { emotionHeight: number }) {
  const { doc, readOnly, edit, stepWidth, openComments, problems } = useMapCanvas();
  const columns = useMemo(() => mapColumns(doc), [doc]);
  const lanes = useMemo(() => (readOnly ? doc.lanes.filter((l) => !l.hidden) : doc.lanes), [doc.lanes, readOnly]);
  const stageStart = useMemo(() => {
    const starts: number[] = [];
    let at = 0;
    for (const s of doc.stages) {
      starts.push(at);
      at += s.steps.length;
    }
    return starts;
  }, [doc.stages]);
  const [active, setActive] = useState<Nav>({ row: lanes.length ? 0 : STEP_ROW, col: 0 });
  const [entered, setEntered] = useState<string | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const enteredByKey = useRef(false);

  const stageOfCol = (col: number) => {
    let i = 0;
    while (i + 1 < stageStart.length && stageStart[i + 1]! <= col) i++;
    return i;
  };
  const isActive = (row: number, col: number) => {
    if (row === STAGE_ROW) return active.row === STAGE_ROW && stageOfCol(active.col) === stageOfCol(col);
    return active.row === row && active.col === col;
  };
  const tabIndexFor = (row: number, col: number) => (isActive(row, col) ? 0 : -1);
  const nav = (row: number, col: number) => ({ 'data-nav-row': row, 'data-nav-col': col });

  const find = useCallback(
    (row: number, col: number): HTMLElement | null => {
      const root = table.current;
      if (!root) return null;
      if (row === STAGE_ROW) {
        let si = 0;
        while (si + 1 < stageStart.length && stageStart[si + 1]! <= col) si++;
        return root.querySelector<HTMLElement>(`[data-nav-row="${STAGE_ROW}"][data-nav-col="${stageStart[si] ?? 0}"]`);
      }
      return root.querySelector<HTMLElement>(`[data-nav-row="${row}"][data-nav-col="${col}"]`);
    },
    [stageStart],
  );

  const moveTo = (row: number, col: number) => {
    const maxCol = columns.length - 1;
    const r = Math.max(STAGE_ROW, Math.min(lanes.length - 1, row));
    let c = Math.max(r < 0 ? 0 : LANE_HEAD_COL, Math.min(maxCol, col));
    if (r === STAGE_ROW) c = stageStart[stageOfCol(c)] ?? 0;
    // a hidden lane has only its header
    if (r >= 0 && lanes[r]?.hidden) c = LANE_HEAD_COL;
    const el = find(r, c);
    if (el) {
      setActive({ row: r, col: c });
      el.focus();
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const rowAttr = target.getAttribute('data-nav-row');
    if (rowAttr === null || e.altKey || e.ctrlKey || e.metaKey) return;
    const row = Number(rowAttr);
    const col = Number(target.getAttribute('data-nav-col'));
    const cell = target.getAttribute('data-cell');
    let handled = true;
    switch (e.key) {
      case 'ArrowRight':
        if (row === STAGE_ROW) {
          const si = stageOfCol(col);
          moveTo(row, stageStart[si + 1] ?? col);
        } else moveTo(row, col + 1);
        break;
      case 'ArrowLeft':
        if (row === STAGE_ROW) {
          const si = stageOfCol(col);
          moveTo(row, stageStart[Math.max(0, si - 1)] ?? 0);
        } else moveTo(row, col - 1);
        break;
      case 'ArrowDown':
        moveTo(row + 1, col);
        break;
      case 'ArrowUp':
        moveTo(row - 1, col);
        break;
      case 'Home':
        moveTo(row, e.ctrlKey ? 0 : row >= 0 ? LANE_HEAD_COL : 0);
        break;
      case 'End':
        moveTo(row, columns.length - 1);
        break;
      case 'c':
      case 'C':
        if (cell) openComments(cell);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const enter = (key: string, byKey: boolean) => {
    enteredByKey.current = byKey;
    setEntered(key);
  };
  const leave = (key: string) => {
    setEntered(null);
    table.current?.querySelector<HTMLElement>(`td[data-cell="${CSS.escape(key)}"]`)?.focus();
  };

  // The step headers stick right under the stage headers, whatever height those take.
  useLayoutEffect(() => {
    const el = table.current;
    const row = el?.querySelector<HTMLElement>('thead tr.stage-row');
    if (!el || !row) return;
    const fit = () => el.style.setProperty('--stage-row-height', `${row.getBoundingClientRect().height}px`);
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(row);
    return () => observer.disconnect();
  }, []);

  // Entered with the keyboard: focus the cell's first control unless an editor took focus already.
  useEffect(() => {
    if (!entered || !enteredByKey.current) return;
    const td = table.current?.querySelector<HTMLElement>(`td[data-cell="${CSS.escape(entered)}"]`);
    if (td && document.activeElement === td) {
      td.querySelector<HTMLElement>('textarea, input, select, button:not([tabindex="-1"])')?.focus();
    }
  }, [entered]);

  const addLaneItems = (): MenuItem[] =>
    LANE_KINDS.flatMap((kind): MenuItem[] =>
      kind === 'kpi'
        ? MAP_METRICS.map((metric, i) => ({
            heading: i === 0 ? 'KPI lanes (live data)' : undefined,
            label: (
              <>
                <Icon name={LANE_ICONS.kpi} /> {MAP_METRIC_LABELS[metric]}
              </>
            ),
            onSelect: () => edit((d) => addLane(d, newLane('kpi', MAP_METRIC_LABELS[metric], metric))),
          }))
        : [{ heading: kind === 'text' ? 'Lanes' : undefined, label: (
              <>
                <Icon name={LANE_ICONS[kind]} /> {LANE_KIND_LABELS[kind]}
              </>
            ), onSelect: () => edit((d) => addLane(d, newLane(kind))) }],
    );

  const renderCells = (lane: Lane, row: number) => {
    if (lane.hidden) {
      return (
        <td className="hidden-lane-cells" colSpan={columns.length}>
          hidden lane — viewers do not see it
        </td>
      );
    }
    if (lane.kind === 'emotion') {
      return (
        <td className="emotion-cell" colSpan={columns.length}>
          <EmotionLane lane={lane} columns={columns} row={row} height={emotionHeight} tabIndexFor={(col) => tabIndexFor(row, col)} />
        </td>
      );
    }
    return columns.map(({ stage, step, stageIndex }, col) => {
      const key = cellKey(lane.id, step.id);
      const isEntered = entered === key;
      const problem = problems.cell[key];
      const clickEnters = !readOnly && lane.kind !== 'kpi';
      return (
        <td
          key={step.id}
          className={`map-cell kind-${lane.kind}${isEntered ? ' is-entered' : ''}${problem ? ' has-problem' : ''}${stageIndex % 2 ? ' stage-odd' : ''}${stage.steps[0]?.id === step.id ? ' stage-first' : ''}`}
          tabIndex={tabIndexFor(row, col)}
          {...nav(row, col)}
          data-cell={key}
          aria-label={`${lane.name} · ${step.name}${isEntered ? '' : readOnly ? '' : ' (Enter to edit)'}`}
          onFocus={(e) => {
            if (e.target === e.currentTarget) setActive({ row, col });
          }}
          onClick={(e) => {
            setActive({ row, col });
            if (!isEntered && (clickEnters || (e.target as HTMLElement).closest('button') === null)) {
              if (clickEnters || readOnly) enter(key, false);
              else (e.currentTarget as HTMLElement).focus();
            }
          }}
          onDoubleClick={() => enter(key, false)}
          onKeyDown={(e) => {
            if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === 'F2')) {
              e.preventDefault();
              enter(key, true);
            } else if (e.key === 'Escape' && isEntered) {
              e.preventDefault();
              e.stopPropagation();
              leave(key);
            }
          }}
          onBlur={(e) => {
            if (isEntered && !e.currentTarget.contains(e.relatedTarget as Node | null) && !(e.relatedTarget as HTMLElement | null)?.closest?.('.map-menu')) setEntered(null);
          }}
        >
          <div className="cell-inner">
            <CellContent lane={lane} stage={stage} step={step} interactive={isEntered} done={() => leave(key)} />
            <CommentBadge cell={key} tabbable={isEntered} />
            {problem ? <span className="field-problem cell-problem">{problem}</span> : null}
          </div>
        </td>
      );
    });
  };

  return (
    <table className="map-grid" ref={table} role="grid" aria-label={`Journey map ${doc.name}`} aria-readonly={readOnly || undefined} onKeyDown={onKeyDown} style={{ ['--step-width' as string]: `${stepWidth}px` }}>
      <colgroup>
        <col className="lane-col" />
        {columns.map(({ step }) => (
          <col key={step.id} style={{ width: stepWidth }} />
        ))}
        {readOnly ? null : <col className="add-col" />}
      </colgroup>
      <thead>
        <tr className="stage-row">
          <th className="corner" rowSpan={2} scope="col">
            <span className="corner-stages">Stages →</span>
            <span className="corner-lanes">Lanes ↓</span>
          </th>
          {doc.stages.map((stage, i) => (
            <th key={stage.id} colSpan={stage.steps.length} scope="colgroup" className={`stage-th${i % 2 ? ' stage-odd' : ''}`} onFocus={() => setActive({ row: STAGE_ROW, col: stageStart[i] ?? 0 })}>
              <StageHeader stage={stage} index={i} tabIndex={tabIndexFor(STAGE_ROW, stageStart[i] ?? 0)} navProps={nav(STAGE_ROW, stageStart[i] ?? 0)} />
            </th>
          ))}
          {readOnly ? null : (
            <th className="add-stage-th" rowSpan={2}>
              <button type="button" className="add-button" onClick={() => edit((d) => addStage(d))} aria-label="Add a stage at the end">
                + Stage
              </button>
            </th>
          )}
        </tr>
        <tr className="step-row">
          {columns.map(({ stage, step, stageIndex }, col) => (
            <th key={step.id} scope="col" className={`step-th${stageIndex % 2 ? ' stage-odd' : ''}${stage.steps[0]?.id === step.id ? ' stage-first' : ''}`} onFocus={() => setActive({ row: STEP_ROW, col })}>
              <StepHeader stage={stage} step={step} tabIndex={tabIndexFor(STEP_ROW, col)} navProps={nav(STEP_ROW, col)} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lanes.map((lane, row) => (
          <tr key={lane.id} className={`lane-row lane-row-${lane.kind}${lane.hidden ? ' is-hidden' : ''}`}>
            <th scope="row" className="lane-th" onFocus={() => setActive({ row, col: LANE_HEAD_COL })}>
              <LaneHeader lane={lane} index={doc.lanes.indexOf(lane)} count={doc.lanes.length} tabIndex={tabIndexFor(row, LANE_HEAD_COL)} navProps={nav(row, LANE_HEAD_COL)} />
            </th>
            {renderCells(lane, row)}
            {readOnly ? null : <td className="add-col-cell" />}
          </tr>
        ))}
        {readOnly ? null : (
          <tr className="add-lane-row">
            <th scope="row" className="lane-th">
              <MenuButton className="add-button" label="+ Lane" ariaLabel="Add a lane" items={addLaneItems} />
            </th>
            <td colSpan={columns.length + 1} className="add-lane-fill" />
          </tr>
        )}
      </tbody>
    </table>
  );
}
