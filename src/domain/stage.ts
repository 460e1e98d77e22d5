/**
 * Stages: the ordered steps of the customer lifecycle. A workspace may replace the default model.
 */
import { z } from 'zod';

export interface Stage {
  /** Stable key used on touchpoints and events, e.g. "purchase". */
  key: string;
  label: string;
}

export const DEFAULT_STAGES: readonly Stage[] = Object.freeze([
  { key: 'awareness', label: 'Awareness' },
  { key: 'consideration', label: 'Consideration' },
  { key: 'purchase', label: 'Purchase' },
  { key: 'retention', label: 'Retention' },
  { key: 'advocacy', label: 'Advocacy' },
]);

/** Position of a stage in the model, or -1 when unknown. */
export function stageIndex(stages: readonly Stage[], key: string | null): number {
  return key === null ? -1 : stages.findIndex((s) => s.key === key);
}

export const StagesSchema = z
  .array(
    z.object({
      key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'lower-case letters, digits, "_" or "-", at most 50'),
      label: z.string().trim().min(1).max(100),
    }),
  )
  .min(1, 'at least one stage')
  .max(30)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate stage "${s.key}"` });
      seen.add(s.key);
    });
  });
