/**
 * An analysis page's options: `applied` is read from the URL (what the chart shows), `draft` is
 * what the form holds; `apply()` writes the draft to the URL (a new history entry) and so runs
 * it. Navigating to another query (back, a deep link) resets the draft to it.
 */
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlOptions<T>(read: (params: URLSearchParams) => T, write: (options: T) => URLSearchParams) {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  // `read` and `write` are module-level functions of the page: only the query matters.
  const applied = useMemo(() => read(new URLSearchParams(query)), [query]);
  const [draft, setDraft] = useState<T>(applied);
  useEffect(() => setDraft(applied), [applied]);
  const apply = useCallback(
    (options: T, how: { replace?: boolean } = {}) => {
      setParams(write(options), { replace: how.replace });
    },
    [setParams, write],
  );
  /** Change some options of the draft. */
  const set = useCallback((patch: Partial<T>) => setDraft((d) => ({ ...d, ...patch })), []);
  /** The options form's submit: apply the draft. */
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  return { applied, draft, setDraft, apply, set, submit };
}
