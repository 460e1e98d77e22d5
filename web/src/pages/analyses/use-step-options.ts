/**
 * What a step can be, for the step pickers: every stage (`stage:KEY`) and every touchpoint of the
 * catalogue (`touchpoint:NAME`), with their labels, plus the workspace's stage model in order
 * and the catalogue's touchpoints (with their stage).
 */
import { useMemo } from 'react';
import type { Catalogue, StageInfo } from '../../api-types';
import { useApi } from '../../use-api';

export interface StepOption {
  text: string;
  label: string;
  group: 'Stages' | 'Touchpoints';
}

export function useStepOptions(): { options: StepOption[]; stages: StageInfo[]; touchpoints: Catalogue['touchpoints']; loading: boolean } {
  const stages = useApi<StageInfo[]>('GET', '/v1/stages');
  const catalogue = useApi<Catalogue>('GET', '/v1/touchpoints');
  const options = useMemo(() => {
    const out: StepOption[] = [];
    for (const s of stages.data ?? []) out.push({ text: `stage:${s.key}`, label: `Stage · ${s.label}`, group: 'Stages' });
    const names = [...new Set((catalogue.data?.touchpoints ?? []).map((t) => t.name))].sort((a, b) => a.localeCompare(b));
    for (const n of names) out.push({ text: `touchpoint:${n}`, label: `Touchpoint · ${n}`, group: 'Touchpoints' });
    return out;
  }, [stages.data, catalogue.data]);
  return { options, stages: stages.data ?? [], touchpoints: catalogue.data?.touchpoints ?? [], loading: stages.loading || catalogue.loading };
}
