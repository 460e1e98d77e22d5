/**
 * The journey map canvas (/app/maps/:id): the map's header (name, persona, scenario, time range,
 * save state, presentation mode, comments, versions, exports) over the grid of stages × lanes,
 * with side panels for comments and versions. Editors edit in place and every edit is saved
 * (autosave after a pause, or Save); viewers see the same map read-only.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { newMapId, type Lane } from '../../../src/domain/journey-map.js';
import { useApi } from '../use-api';
import { CommentsPanel } from './CommentsPanel';
import { funnelUrl, pathsUrl, stagePathsUrl } from './drill-down';
import { ExportMenu } from './ExportMenu';
import { FindingPicker, severityOf } from './FindingPicker';
import { InlineText } from './InlineText';
import type { CatalogueTouchpoint, FindingSummary, PersonaSummary, StageModelEntry, UserSummary } from './map-api-types';
import { MapCanvasContext, type MapCanvasContextValue } from './map-canvas-context';
import { getCell, setCellValue, setMapFields } from './map-edit';
import { MapGrid } from './MapGrid';
import { indexProblems } from './map-problems';
import { Modal } from './Modal';
import { PersonaPicker } from './PersonaPicker';
import { TimeRangeFields } from './TimeRangeFields';
import { useFillViewport } from './use-fill-viewport';
import { useMapComments } from './use-map-comments';
import { useMapDocument, type MapDocument } from './use-map-document';
import { useMapMetrics } from './use-map-metrics';
import { useMapRole } from './use-map-role';
import { VersionsPanel } from './VersionsPanel';
import './map.css';
import { Icon } from './icons';

type Panel = 'comments' | 'versions' | null;
const PRESENTATION_KEY = 'waymark.map-presentation';

function SaveIndicator({ map, readOnly }: { map: MapDocument; readOnly: boolean }) {
  if (readOnly) return <span className="save-state is-readonly">Read-only</span>;
  const n = map.problems.length;
  const text: Record<typeof map.saveState, string> = {
    saved: '✓ Saved',
    dirty: 'Unsaved changes…',
    saving: 'Saving…',
    invalid: `Not saved: ${n} problem${n === 1 ? '' : 's'} to fix`,
    conflict: 'Not saved: changed elsewhere',
    error: `Not saved: ${map.saveError ?? 'error'} (retrying)`,
  };
  return (
    <span className={`save-state is-${map.saveState}`} role="status" aria-live="polite">
      {text[map.saveState]}
    </span>
  );
}

const SHORTCUTS: [string, string][] = [
  ['Tab / Shift+Tab', 'move between the toolbar, the headers’ buttons and the grid'],
  ['← ↑ → ↓', 'move between cells, step and stage headers and lane names'],
  ['Home / End', 'first / last cell of the row'],
  ['Enter', 'edit the cell (or the name) — or reach its buttons'],
  ['Escape', 'done: back to the cell (the text is kept); closes menus, dialogs and panels'],
  ['Ctrl+Enter', 'finish a text; send a comment'],
  ['C', 'comments of the focused cell'],
  ['+ / − / 0 / Delete', 'emotion lane: higher, lower, neutral, clear'],
];

export function MapCanvasPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { canEdit } = useMapRole();
  const map = useMapDocument(id, canEdit);
  const readOnly = !canEdit;
  const metrics = useMapMetrics(id, map.stored?.doc, map.doc);
  // What the first paint does not need waits for the live numbers (the server's longest work),
  // so it does not compete with them; persona counts in particular are computed per request.
  const [numbersFirst, setNumbersFirst] = useState(true);
  useEffect(() => {
    if (!numbersFirst) return;
    if (metrics.metrics || metrics.error) setNumbersFirst(false);
    const t = setTimeout(() => setNumbersFirst(false), 3000);
    return () => clearTimeout(t);
  }, [numbersFirst, metrics.metrics, metrics.error]);
  const later = (path: string) => (numbersFirst ? null : path);
  const comments = useMapComments(id);
  const personas = useApi<{ personas: PersonaSummary[] }>('GET', later('/v1/personas'));
  const stageModel = useApi<StageModelEntry[]>('GET', later('/v1/stages'));
  const catalogue = useApi<{ touchpoints: CatalogueTouchpoint[] }>('GET', later('/v1/touchpoints'));
  const builtin = useApi<{ enabled: boolean; touchpoints: CatalogueTouchpoint[] }>('GET', later('/v1/touchpoints/builtin'));
  const users = useApi<{ users: UserSummary[] }>('GET', later('/v1/users'));
  const [panel, setPanel] = useState<Panel>(null);
  const [commentCell, setCommentCell] = useState<string | null>(null);
  const [presentation, setPresentation] = useState(() => localStorage.getItem(PRESENTATION_KEY) === '1');
  const [pinTarget, setPinTarget] = useState<{ lane: Lane; stepId: string } | null>(null);
  const [notice, setNotice] = useState<string>();
  const [help, setHelp] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  useFillViewport(scroller, 12, [map.doc !== undefined, map.saveState === 'conflict', map.draft !== undefined, notice]);

  const touchpoints = useMemo(() => {
    const byName = new Map<string, CatalogueTouchpoint>();
    for (const t of [...(catalogue.data?.touchpoints ?? []), ...(builtin.data?.enabled ? builtin.data.touchpoints : [])]) if (!byName.has(t.name)) byName.set(t.name, t);
    return [...byName.values()];
  }, [catalogue.data, builtin.data]);

  const openComments = useCallback((cell: string) => {
    setCommentCell(cell);
    setPanel('comments');
  }, []);

  const doc = map.doc;
  const ctx = useMemo<MapCanvasContextValue | null>(() => {
    if (!doc) return null;
    return {
      doc,
      readOnly,
      edit: map.edit,
      metrics: metrics.metrics,
      metricsLoading: metrics.loading,
      commentCount: comments.openCount,
      openComments,
      touchpoints,
      stageModel: stageModel.data ?? [],
      users: users.data?.users ?? [],
      problems: indexProblems(doc, map.problems),
      openPaths: (tp) => navigate(pathsUrl(doc, tp)),
      openFunnel: (stageId) => {
        const url = funnelUrl(doc, stageId);
        if (url) navigate(url);
        else setNotice('Bind the stage to a stage of the model (its “data” list) to open its funnel.');
      },
      openStagePaths: (stageId) => {
        const url = stagePathsUrl(doc, stageId);
        if (url) navigate(url);
        else setNotice('Bind the stage to a stage of the model (its “data” list) to open its paths.');
      },
      pinFinding: (lane, stepId) => setPinTarget({ lane, stepId }),
      stepWidth: presentation ? 250 : 200,
    };
  }, [doc, readOnly, map.edit, map.problems, metrics.metrics, metrics.loading, comments.openCount, openComments, touchpoints, stageModel.data, users.data, navigate, presentation]);

  if (map.loadError) {
    return (
      <div className="map-page">
        <p className="notice notice--error" role="alert">
          {map.loadError.status === 404 ? 'There is no such map.' : `The map could not be loaded: ${map.loadError.message}`} <Link to="/maps">Back to the maps</Link>
        </p>
      </div>
    );
  }
  if (!doc || !ctx) {
    return (
      <div className="map-page">
        <p className="notice notice--loading" role="status">
          Loading the map…
        </p>
      </div>
    );
  }

  const problems = ctx.problems;
  const persona = personas.data?.personas.find((p) => p.key === doc.persona);
  const togglePresentation = () => {
    setPresentation((p) => {
      localStorage.setItem(PRESENTATION_KEY, p ? '0' : '1');
      return !p;
    });
  };
  const pinStage = pinTarget ? (doc.stages.find((s) => s.steps.some((p) => p.id === pinTarget.stepId))?.stage ?? null) : null;
  const pinned = pinTarget ? (getCell(doc, pinTarget.lane.id, pinTarget.stepId).painpoints ?? []).flatMap((p) => (p.findingId ? [p.findingId] : [])) : [];

  return (
    <MapCanvasContext.Provider value={ctx}>
      <div className={`map-page${presentation ? ' is-presentation' : ''}${readOnly ? ' is-readonly' : ''}`} data-testid="map-canvas">
        <header className="map-header">
          <div className="map-title-row">
            <Link to="/maps" className="back-link" aria-label="Back to all maps">
              ← Maps
            </Link>
            <h1 className="map-title">
              <InlineText value={doc.name} readOnly={readOnly} ariaLabel="Map name" className="map-name" problem={problems.field.name} onChange={(name) => map.edit((d) => setMapFields(d, { name }))} />
            </h1>
            <SaveIndicator map={map} readOnly={readOnly} />
            {!readOnly && map.saveState !== 'saved' && map.saveState !== 'saving' ? (
              <button type="button" className="toolbar-button" onClick={map.saveNow} disabled={map.saveState === 'conflict'}>
                Save
              </button>
            ) : null}
            <div className="toolbar" role="toolbar" aria-label="Map tools">
              <button type="button" className={`toolbar-button${presentation ? ' is-on' : ''}`} aria-pressed={presentation} onClick={togglePresentation} title="Larger type for a projector">
                <Icon name="present" /> Presentation
              </button>
              <button
                type="button"
                className={`toolbar-button${panel === 'comments' ? ' is-on' : ''}`}
                aria-pressed={panel === 'comments'}
                onClick={() => {
                  setCommentCell(null);
                  setPanel((p) => (p === 'comments' ? null : 'comments'));
                }}
              >
                <Icon name="comment" /> Comments{comments.comments.some((c) => !c.resolved) ? ` (${comments.comments.filter((c) => !c.resolved).length})` : ''}
              </button>
              <button type="button" className={`toolbar-button${panel === 'versions' ? ' is-on' : ''}`} aria-pressed={panel === 'versions'} onClick={() => setPanel((p) => (p === 'versions' ? null : 'versions'))}>
                <Icon name="versions" /> Versions
              </button>
              <ExportMenu mapId={id} beforeExport={map.flush} />
              <button type="button" className="toolbar-button icon-only" aria-label="Keyboard shortcuts" title="Keyboard shortcuts" onClick={() => setHelp(true)}>
                <Icon name="keyboard" size={17} />
              </button>
            </div>
          </div>
          <div className="map-meta-row">
            <PersonaPicker personas={personas.data?.personas ?? []} loading={!personas.data && !personas.error} value={doc.persona} readOnly={readOnly} problem={problems.field.persona} onChange={(key) => map.edit((d) => setMapFields(d, { persona: key }))} />
            <label className="scenario-field">
              <span className="meta-label">Scenario</span>
              <InlineText
                value={doc.scenario}
                readOnly={readOnly}
                required={false}
                maxLength={500}
                ariaLabel="Scenario"
                placeholder={readOnly ? '' : 'What is this persona trying to do?'}
                problem={problems.field.scenario}
                onChange={(scenario) => map.edit((d) => setMapFields(d, { scenario }))}
              />
            </label>
            <TimeRangeFields value={doc.timeRange} readOnly={readOnly} problem={problems.field.timeRange} onChange={(timeRange) => map.edit((d) => setMapFields(d, { timeRange }))} />
            <span className={`metrics-state${metrics.loading ? ' is-loading' : ''}`} role="status" aria-live="polite">
              {metrics.error ? (
                <span className="field-problem">Live data failed: {metrics.error.message}</span>
              ) : metrics.loading && (map.saveState === 'invalid' || map.saveState === 'conflict') ? (
                <>Live data: updated once the map is saved</>
              ) : metrics.loading ? (
                <>
                  <span className="spinner" aria-hidden="true" /> Computing live data{persona ? ` for ${persona.name}` : ''}…
                </>
              ) : metrics.metrics ? (
                <>Live data{persona ? ` · ${persona.name}` : ''} · computed {new Date(metrics.metrics.computedAt).toLocaleTimeString()}</>
              ) : null}
              <button type="button" className="icon-button" aria-label="Recompute the live data" title="Recompute the live data" onClick={metrics.reload}>
                <Icon name="refresh" size={13} />
              </button>
            </span>
          </div>
          {map.saveState === 'conflict' ? (
            <div className="banner banner-conflict" role="alert">
              <span>Someone else saved this map after you opened it ({map.saveError}). Your edits are kept in this page.</span>
              <button type="button" className="small-button" onClick={map.reload}>
                Reload their version
              </button>
              <button type="button" className="small-button" onClick={map.overwrite}>
                Keep mine (overwrite)
              </button>
            </div>
          ) : null}
          {map.draft && !readOnly ? (
            <div className="banner" role="alert">
              <span>This browser kept edits of this map that were not saved ({new Date(map.draft.savedAt).toLocaleString()}).</span>
              <button type="button" className="small-button" onClick={map.restoreDraft}>
                Restore them
              </button>
              <button type="button" className="small-button" onClick={map.discardDraft}>
                Discard
              </button>
            </div>
          ) : null}
          {problems.other.length || problems.field.stages || problems.field.lanes ? (
            <div className="banner banner-problems" role="alert">
              {[...problems.other, problems.field.stages, problems.field.lanes].filter(Boolean).join(' · ')}
            </div>
          ) : null}
          {notice ? (
            <div className="banner" role="status">
              <span>{notice}</span>
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
                ×
              </button>
            </div>
          ) : null}
        </header>
        <div className="map-body">
          <div className="map-scroll" ref={scroller} tabIndex={-1}>
            <MapGrid emotionHeight={presentation ? 150 : 120} />
          </div>
          {panel === 'comments' ? (
            <CommentsPanel
              doc={doc}
              cell={commentCell}
              comments={comments}
              users={users.data?.users ?? []}
              canComment={canEdit}
              onPickCell={setCommentCell}
              onClose={() => setPanel(null)}
              beforeComment={map.flush}
            />
          ) : null}
          {panel === 'versions' ? <VersionsPanel mapId={id} canEdit={canEdit} beforeSnapshot={map.flush} onClose={() => setPanel(null)} /> : null}
        </div>
        {pinTarget ? (
          <FindingPicker
            stage={pinStage}
            pinned={pinned}
            onClose={() => setPinTarget(null)}
            onPick={(f: FindingSummary) => {
              const { lane, stepId } = pinTarget;
              map.edit((d) => setCellValue(d, lane, stepId, 'painpoints', [...(getCell(d, lane.id, stepId).painpoints ?? []), { id: newMapId('pain'), text: f.title.slice(0, 1000), findingId: f.id, severity: severityOf(f) }]));
              setPinTarget(null);
            }}
          />
        ) : null}
        {help ? (
          <Modal title="Keyboard" onClose={() => setHelp(false)}>
            <dl className="shortcuts">
              {SHORTCUTS.map(([keys, what]) => (
                <div key={keys}>
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </Modal>
        ) : null}
      </div>
    </MapCanvasContext.Provider>
  );
}

export default MapCanvasPage;
