/**
 * The headers of the map grid: a stage (name, the stage of the model it shows, funnel and
 * paths drill-downs, add step, move, delete), a step (name, the touchpoint it stands for, paths
 * drill-down, move, delete) and a lane (kind, name, KPI metric or emotion source, move, hide,
 * delete). Read-only users get the names and the drill-downs only.
 */
import { MAP_METRIC_LABELS, MAP_METRICS, type Lane, type LaneKind, type MapMetric, type MapStage, type MapStep } from '../../../src/domain/journey-map.js';
import { ChannelIcon } from './ChannelIcon';
import { InlineText } from './InlineText';
import { addStage, addStep, deleteLane, deleteStage, deleteStep, LANE_KIND_LABELS, moveLane, moveStage, moveStep, updateLane, updateStage, updateStep } from './map-edit';
import { useMapCanvas } from './map-canvas-context';
import { MenuButton } from './MenuButton';
import { Icon, type IconName } from './icons';
import { stageLabel } from './map-api-types';

type NavProps = Record<string, string | number>;

/** A stage's drill-down to a chart (its funnel, its paths): disabled while the stage is unbound. */
function StageDrillButton({ stage, tabIndex, icon, what, onOpen }: { stage: MapStage; tabIndex: number; icon: IconName; what: 'funnel' | 'paths'; onOpen: (stageId: string) => void }) {
  const label = what === 'funnel' ? 'Funnel' : 'Paths';
  return (
    <button
      type="button"
      className="icon-button"
      tabIndex={tabIndex}
      aria-label={`${label} from ${stage.name}`}
      title={stage.stage ? `${label} from this stage` : `Bind the stage to a stage of the model to see its ${what}`}
      disabled={!stage.stage}
      onClick={() => onOpen(stage.id)}
    >
      <Icon name={icon} />
    </button>
  );
}

export function StageHeader({ stage, index, navProps, tabIndex }: { stage: MapStage; index: number; navProps: NavProps; tabIndex: number }) {
  const { doc, edit, readOnly, stageModel, openFunnel, openStagePaths, problems } = useMapCanvas();
  const bound = stageModel.find((s) => s.key === stage.stage);
  const last = doc.stages.length - 1;
  return (
    <div className={`stage-head${problems.stage[stage.id] ? ' has-problem' : ''}`}>
      <div className="stage-head-top">
        {readOnly ? (
          stage.stage ? (
            <button type="button" className="stage-name-link" tabIndex={tabIndex} {...navProps} onClick={() => openFunnel(stage.id)} title="Open the funnel from this stage">
              {stage.name}
            </button>
          ) : (
            <InlineText value={stage.name} readOnly ariaLabel="Stage name" tabIndex={tabIndex} navProps={navProps} onChange={() => undefined} className="stage-name" />
          )
        ) : (
          <InlineText
            value={stage.name}
            ariaLabel={`Stage ${index + 1} name`}
            className="stage-name"
            tabIndex={tabIndex}
            navProps={navProps}
            problem={problems.stage[stage.id]}
            onChange={(name) => edit((d) => updateStage(d, stage.id, { name }))}
          />
        )}
        <span className="head-actions">
          <StageDrillButton stage={stage} tabIndex={tabIndex} icon="funnel" what="funnel" onOpen={openFunnel} />
          <StageDrillButton stage={stage} tabIndex={tabIndex} icon="paths" what="paths" onOpen={openStagePaths} />
          {readOnly ? null : (
            <MenuButton
              label="⋯"
              tabIndex={tabIndex}
              ariaLabel={`Stage ${stage.name} actions`}
              items={() => [
                { label: '+ Add step', onSelect: () => edit((d) => addStep(d, stage.id)) },
                { label: '+ Add stage after', onSelect: () => edit((d) => addStage(d, index)) },
                { label: '← Move left', disabled: index === 0, onSelect: () => edit((d) => moveStage(d, stage.id, -1)) },
                { label: '→ Move right', disabled: index === last, onSelect: () => edit((d) => moveStage(d, stage.id, 1)) },
                { label: 'Delete stage', danger: true, disabled: last === 0, onSelect: () => edit((d) => deleteStage(d, stage.id)) },
              ]}
            />
          )}
        </span>
      </div>
      {readOnly ? (
        bound ? <span className="binding">data: {stageLabel(bound)}</span> : null
      ) : (
        <select className="binding-select" tabIndex={tabIndex} aria-label={`Data of stage ${stage.name}`} value={stage.stage ?? ''} onChange={(e) => edit((d) => updateStage(d, stage.id, { stage: e.target.value || null }))}>
          <option value="">no data bound</option>
          {stageModel.map((s) => (
            <option key={s.key} value={s.key}>
              data: {stageLabel(s)}
            </option>
          ))}
          {stage.stage && !bound ? (
            <option value={stage.stage}>
              data: {stage.stage}
              {stageModel.length ? ' (not in the stage model)' : ''}
            </option>
          ) : null}
        </select>
      )}
    </div>
  );
}

export function StepHeader({ stage, step, navProps, tabIndex }: { stage: MapStage; step: MapStep; navProps: NavProps; tabIndex: number }) {
  const { edit, readOnly, touchpoints, openPaths, problems } = useMapCanvas();
  const at = stage.steps.findIndex((p) => p.id === step.id);
  const tp = touchpoints.find((t) => t.name === step.touchpoint);
  const byStage = new Map<string, typeof touchpoints>();
  for (const t of touchpoints) byStage.set(t.stage ?? 'other', [...(byStage.get(t.stage ?? 'other') ?? []), t]);
  return (
    <div className={`step-head${problems.step[step.id] ? ' has-problem' : ''}`}>
      <div className="step-head-top">
        <InlineText
          value={step.name}
          readOnly={readOnly}
          ariaLabel="Step name"
          className="step-name"
          tabIndex={tabIndex}
          navProps={navProps}
          problem={problems.step[step.id]}
          onChange={(name) => edit((d) => updateStep(d, step.id, { name }))}
        />
        <span className="head-actions">
          {step.touchpoint ? (
            <button type="button" className="icon-button" tabIndex={tabIndex} aria-label={`Paths from ${step.touchpoint}`} title={`Paths from ${step.touchpoint}`} onClick={() => openPaths(step.touchpoint!)}>
              <Icon name="paths" />
            </button>
          ) : null}
          {readOnly ? null : (
            <MenuButton
              label="⋯"
              tabIndex={tabIndex}
              ariaLabel={`Step ${step.name} actions`}
              items={() => [
                { label: '+ Add step after', onSelect: () => edit((d) => addStep(d, stage.id, step.id)) },
                { label: '← Move left', disabled: at === 0, onSelect: () => edit((d) => moveStep(d, step.id, -1)) },
                { label: '→ Move right', disabled: at === stage.steps.length - 1, onSelect: () => edit((d) => moveStep(d, step.id, 1)) },
                { label: 'Delete step', danger: true, disabled: stage.steps.length === 1, onSelect: () => edit((d) => deleteStep(d, step.id)) },
              ]}
            />
          )}
        </span>
      </div>
      {readOnly ? (
        step.touchpoint ? (
          <span className="binding">
            <ChannelIcon channel={tp?.channel} /> {step.touchpoint}
          </span>
        ) : null
      ) : (
        <span className="binding-row">
          <ChannelIcon channel={tp?.channel} />
          <select className="binding-select" tabIndex={tabIndex} aria-label={`Touchpoint of step ${step.name}`} value={step.touchpoint ?? ''} onChange={(e) => edit((d) => updateStep(d, step.id, { touchpoint: e.target.value || null }))}>
            <option value="">the stage's data</option>
            {[...byStage.entries()].map(([key, list]) => (
              <optgroup key={key} label={key}>
                {list.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            ))}
            {step.touchpoint && !tp ? <option value={step.touchpoint}>{step.touchpoint}</option> : null}
          </select>
        </span>
      )}
    </div>
  );
}

export const LANE_ICONS: Record<LaneKind, IconName> = { text: 'pen', touchpoints: 'target', emotion: 'heart', painpoints: 'alert', opportunities: 'bulb', kpi: 'chart', owners: 'people' };

export function LaneHeader({ lane, index, count, navProps, tabIndex }: { lane: Lane; index: number; count: number; navProps: NavProps; tabIndex: number }) {
  const { edit, readOnly, problems } = useMapCanvas();
  return (
    <div className={`lane-head lane-${lane.kind}${lane.hidden ? ' is-hidden' : ''}${problems.lane[lane.id] ? ' has-problem' : ''}`}>
      <div className="lane-head-top">
        <span className="lane-icon" title={LANE_KIND_LABELS[lane.kind]} aria-hidden="true">
          <Icon name={LANE_ICONS[lane.kind]} />
        </span>
        <InlineText
          value={lane.name}
          readOnly={readOnly}
          ariaLabel={`${LANE_KIND_LABELS[lane.kind]} lane name`}
          className="lane-name"
          tabIndex={tabIndex}
          navProps={navProps}
          problem={problems.lane[lane.id]}
          onChange={(name) => edit((d) => updateLane(d, lane.id, { name }))}
        />
        {readOnly ? null : (
          <MenuButton
            label="⋯"
            tabIndex={tabIndex}
            ariaLabel={`Lane ${lane.name} actions`}
            items={() => [
              { label: '↑ Move up', disabled: index === 0, onSelect: () => edit((d) => moveLane(d, lane.id, -1)) },
              { label: '↓ Move down', disabled: index === count - 1, onSelect: () => edit((d) => moveLane(d, lane.id, 1)) },
              { label: lane.hidden ? 'Show lane' : 'Hide lane', onSelect: () => edit((d) => updateLane(d, lane.id, { hidden: !lane.hidden })) },
              { label: 'Delete lane', danger: true, onSelect: () => edit((d) => deleteLane(d, lane.id)) },
            ]}
          />
        )}
      </div>
      {lane.kind === 'kpi' ? (
        readOnly ? (
          <span className="binding">{lane.metric ? MAP_METRIC_LABELS[lane.metric] : ''}</span>
        ) : (
          <select className="binding-select" tabIndex={tabIndex} aria-label={`Metric of lane ${lane.name}`} value={lane.metric ?? 'volume'} onChange={(e) => edit((d) => updateLane(d, lane.id, { metric: e.target.value as MapMetric }))}>
            {MAP_METRICS.map((m) => (
              <option key={m} value={m}>
                {MAP_METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        )
      ) : null}
      {lane.kind === 'emotion' ? (
        readOnly ? (
          <span className="binding">{lane.source === 'feedback' ? 'from feedback' : 'set by hand'}</span>
        ) : (
          <select className="binding-select" tabIndex={tabIndex} aria-label={`Source of lane ${lane.name}`} value={lane.source ?? 'manual'} onChange={(e) => edit((d) => updateLane(d, lane.id, { source: e.target.value as 'manual' | 'feedback' }))}>
            <option value="manual">set by hand</option>
            <option value="feedback">from feedback sentiment</option>
          </select>
        )
      ) : null}
      {lane.hidden && !readOnly ? (
        <button type="button" className="small-button" tabIndex={tabIndex} onClick={() => edit((d) => updateLane(d, lane.id, { hidden: false }))}>
          Show
        </button>
      ) : null}
    </div>
  );
}
