/**
 * Run one analysis (POST /v1/analyses/{kind}) for a plan built from the URL; null runs nothing.
 * Problems of an invalid plan come back keyed by plan path (`depth`, `steps.1`, `scope.persona`),
 * so the options form can show each next to its field.
 */
import { useMemo } from 'react';
import type { AnalysisAnswer } from '../../api-types';
import { useApi } from '../../use-api';

export function useAnalysis<Result>(kind: string, plan: object | null) {
  const state = useApi<AnalysisAnswer<unknown, Result>>('POST', plan ? `/v1/analyses/${kind}` : null, plan ?? undefined);
  const errors = useMemo(() => {
    const out: Record<string, string> = {};
    if (state.error?.status === 400) for (const p of state.error.problems) out[p.where.replace(/^body\.?/, '')] ??= p.message;
    return out;
  }, [state.error]);
  return { ...state, errors };
}
