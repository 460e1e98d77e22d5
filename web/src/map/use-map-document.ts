/**
 * The map being edited: loaded with GET /v1/maps/:id, edited in local state, saved with
 * PUT /v1/maps/:id {doc, revision} after a short pause (autosave) or at once (`saveNow`).
 * Edits are never lost: the document is checked locally first (an invalid map is not sent and
 * its problems are shown), a 409 keeps the local edits and offers to reload or overwrite, a
 * failed request is retried, every edit is kept in localStorage until it is saved, and leaving the
 * page with unsaved edits asks first. Read-only users never save.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { JourneyMapSchema, type JourneyMap, type StoredMap } from '../../../src/domain/journey-map.js';
import { fromApiProblems, fromZodError, type MapProblem } from './map-problems';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'conflict' | 'error';

export interface MapDocument {
  stored: StoredMap | undefined;
  doc: JourneyMap | undefined;
  loadError: ApiError | undefined;
  saveState: SaveState;
  saveError: string | undefined;
  problems: MapProblem[];
  /** A draft kept in this browser from an earlier visit that was never saved. */
  draft: { doc: JourneyMap; savedAt: string; revision: number } | undefined;
  edit: (change: (doc: JourneyMap) => JourneyMap) => void;
  saveNow: () => void;
  /** Saves pending edits and resolves once the stored map is the local one (or saving is blocked). */
  flush: () => Promise<void>;
  /** Drops local edits and loads the map as stored. */
  reload: () => void;
  /** After a conflict: saves the local edits over the stored map's newest revision. */
  overwrite: () => void;
  restoreDraft: () => void;
  discardDraft: () => void;
}

const AUTOSAVE_MS = 800;
const RETRY_MS = 5000;
const draftKey = (id: string) => `waymark.map-draft.${id}`;

function readDraft(id: string): MapDocument['draft'] {
  try {
    const raw = localStorage.getItem(draftKey(id));
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as { doc?: unknown; savedAt?: string; revision?: number };
    const doc = JourneyMapSchema.safeParse(parsed.doc);
    // a draft that does not validate is still kept: restoring it shows its problems
    return parsed.doc ? { doc: (doc.success ? doc.data : parsed.doc) as JourneyMap, savedAt: parsed.savedAt ?? '', revision: parsed.revision ?? 0 } : undefined;
  } catch {
    return undefined;
  }
}

export function useMapDocument(id: string, canEdit: boolean): MapDocument {
  const [stored, setStored] = useState<StoredMap>();
  const [doc, setDoc] = useState<JourneyMap>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string>();
  const [problems, setProblems] = useState<MapProblem[]>([]);
  const [draft, setDraft] = useState<MapDocument['draft']>();
  const [generation, setGeneration] = useState(0);

  const docRef = useRef<JourneyMap | undefined>(undefined);
  const savedDocRef = useRef<JourneyMap | undefined>(undefined);
  const revisionRef = useRef(0);
  const inFlight = useRef(false);
  const blocked = useRef<'conflict' | 'invalid' | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const canEditRef = useRef(canEdit);
  canEditRef.current = canEdit;

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    api<StoredMap>('GET', `/v1/maps/${encodeURIComponent(id)}`)
      .then((m) => {
        if (!live) return;
        setStored(m);
        setDoc(m.doc);
        docRef.current = m.doc;
        savedDocRef.current = m.doc;
        revisionRef.current = m.revision;
        blocked.current = undefined;
        setSaveState('saved');
        setSaveError(undefined);
        setProblems([]);
        const d = readDraft(id);
        if (d && JSON.stringify(d.doc) !== JSON.stringify(m.doc)) setDraft(d);
        else if (d) localStorage.removeItem(draftKey(id));
      })
      .catch((err: unknown) => {
        if (live) setLoadError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
      });
    return () => {
      live = false;
    };
  }, [id, generation]);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    const snapshot = docRef.current;
    if (!snapshot || !canEditRef.current || blocked.current === 'conflict') return;
    if (snapshot === savedDocRef.current) {
      setSaveState('saved');
      return;
    }
    if (inFlight.current) return; // the running save schedules the next one
    const checked = JourneyMapSchema.safeParse(snapshot);
    if (!checked.success) {
      blocked.current = 'invalid';
      setProblems(fromZodError(checked.error));
      setSaveState('invalid');
      return;
    }
    inFlight.current = true;
    setSaveState('saving');
    try {
      const res = await api<StoredMap>('PUT', `/v1/maps/${encodeURIComponent(id)}`, { doc: snapshot, revision: revisionRef.current });
      revisionRef.current = res.revision;
      savedDocRef.current = snapshot;
      setStored({ ...res, doc: snapshot });
      setProblems([]);
      setSaveError(undefined);
      blocked.current = undefined;
      if (docRef.current === snapshot) {
        setSaveState('saved');
        localStorage.removeItem(draftKey(id));
      } else {
        setSaveState('dirty');
        timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      if (e.status === 409) {
        blocked.current = 'conflict';
        setSaveState('conflict');
        setSaveError(e.message);
      } else if (e.status === 400) {
        blocked.current = 'invalid';
        setProblems(e.problems.length ? fromApiProblems(e.problems) : [{ where: '', message: e.message }]);
        setSaveState('invalid');
      } else {
        setSaveState('error');
        setSaveError(e.status === 403 ? 'You may not edit this map (read-only).' : e.message);
        if (e.status !== 403) timer.current = setTimeout(() => void save(), RETRY_MS);
      }
    } finally {
      inFlight.current = false;
    }
  }, [id]);

  const edit = useCallback(
    (change: (doc: JourneyMap) => JourneyMap) => {
      if (!canEditRef.current || !docRef.current) return;
      const next = change(docRef.current);
      if (next === docRef.current) return;
      docRef.current = next;
      setDoc(next);
      try {
        localStorage.setItem(draftKey(id), JSON.stringify({ doc: next, savedAt: new Date().toISOString(), revision: revisionRef.current }));
      } catch {
        // storage full or disabled: the autosave still runs
      }
      if (blocked.current === 'conflict') return;
      blocked.current = undefined;
      setSaveState('dirty');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    },
    [id, save],
  );

  const saveNow = useCallback(() => {
    if (blocked.current === 'invalid') blocked.current = undefined;
    void save();
  }, [save]);

  const flush = useCallback(async () => {
    if (!canEditRef.current) return;
    const deadline = Date.now() + 10_000;
    while (docRef.current !== savedDocRef.current && Date.now() < deadline) {
      if (blocked.current) throw new Error(blocked.current === 'conflict' ? 'the map was changed elsewhere: reload it first' : 'the map has problems to fix before it can be saved');
      if (!inFlight.current) void save();
      await new Promise((r) => setTimeout(r, 120));
    }
  }, [save]);

  const reload = useCallback(() => {
    clearTimeout(timer.current);
    localStorage.removeItem(draftKey(id));
    setDraft(undefined);
    setGeneration((g) => g + 1);
  }, [id]);

  const overwrite = useCallback(() => {
    api<StoredMap>('GET', `/v1/maps/${encodeURIComponent(id)}`)
      .then((latest) => {
        revisionRef.current = latest.revision;
        savedDocRef.current = undefined;
        blocked.current = undefined;
        void save();
      })
      .catch((err: unknown) => setSaveError(err instanceof Error ? err.message : String(err)));
  }, [id, save]);

  const restoreDraft = useCallback(() => {
    if (!draft) return;
    setDraft(undefined);
    edit(() => draft.doc);
  }, [draft, edit]);

  const discardDraft = useCallback(() => {
    localStorage.removeItem(draftKey(id));
    setDraft(undefined);
  }, [id]);

  useEffect(() => {
    const unsaved = saveState !== 'saved';
    if (!unsaved || !canEdit) return;
    const onLeave = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [saveState, canEdit]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // Leaving the page (in the app) with edits pending: save them on the way out.
  useEffect(
    () => () => {
      if (docRef.current && docRef.current !== savedDocRef.current && canEditRef.current && !blocked.current && !inFlight.current) {
        void api('PUT', `/v1/maps/${encodeURIComponent(id)}`, { doc: docRef.current, revision: revisionRef.current }).catch(() => undefined);
      }
    },
    [id],
  );

  return { stored, doc, loadError, saveState, saveError, problems, draft, edit, saveNow, flush, reload, overwrite, restoreDraft, discardDraft };
}
