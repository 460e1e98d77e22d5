/**
 * Durations as people write them ("30m", "7d", "2w", "3mo") ↔ milliseconds. A month is 30 days.
 */
import { z } from 'zod';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
};

export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|min|m|h|d|w|mo)\s*$/i.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!);
}

/** A duration given as milliseconds or as text ("7d"), between min and max. */
export function durationSchema(min: number, max: number) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const ms = typeof v === 'number' ? v : parseDuration(v);
    if (ms === null || !Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a duration; write e.g. 30m, 12h, 7d, 2w, 3mo or milliseconds` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `${formatDuration(ms)} is outside ${formatDuration(min)}…${formatDuration(max)}` });
      return z.NEVER;
    }
    return ms;
  });
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${+(ms / 1000).toFixed(1)}s`;
  if (abs < 3_600_000) return `${+(ms / 60_000).toFixed(1)}m`;
  if (abs < 86_400_000) return `${+(ms / 3_600_000).toFixed(1)}h`;
  return `${+(ms / 86_400_000).toFixed(1)}d`;
}
