/**
 * The demo data generator: a deterministic stream of realistic omnichannel journeys for Northwind
 * Outfitters, customer after customer (only one customer is in memory at a time), and the
 * manifest of what was planted in it.
 */
import { DEFAULT_CHANNELS } from '../domain/channel.js';
import { DEFAULT_STAGES } from '../domain/stage.js';
import { demoEffects } from './effects.js';
import { simulateJourney } from './journey.js';
import type { DemoManifest } from './manifest.js';
import type { DemoMessage } from './message.js';
import { PERSONAS } from './personas.js';
import { plantedTruths } from './truths.js';

export type { DemoMessage } from './message.js';
export type { DemoManifest, PlantedTruth } from './manifest.js';

export interface DemoOptions {
  customers: number;
  seed: number;
  /** Default: 180 days before `end`. */
  start?: Date;
  /** Default: 2026-11-01T00:00:00Z (never "now": output must be reproducible). */
  end?: Date;
  /** Plant the pain points (default true); false gives uniform control data. */
  plant?: boolean;
}

export const DEFAULT_DEMO_END = new Date('2026-11-01T00:00:00Z');
export const DEFAULT_DEMO_DAYS = 180;

interface Resolved {
  customers: number;
  seed: number;
  start: number;
  end: number;
  plant: boolean;
}

function resolve(opts: DemoOptions): Resolved {
  const { customers, seed } = opts;
  if (!Number.isSafeInteger(customers) || customers < 0) throw new RangeError(`customers must be a non-negative integer, got ${customers}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const end = (opts.end ?? DEFAULT_DEMO_END).getTime();
  const start = opts.start ? opts.start.getTime() : end - DEFAULT_DEMO_DAYS * 86_400_000;
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError('start and end must be valid dates');
  if (end - start < 86_400_000) throw new RangeError('the window from start to end must be at least one day');
  return { customers, seed, start, end, plant: opts.plant ?? true };
}

/** Messages of customer 0, then customer 1, …; each customer's messages in time order. */
export function* generateDemo(opts: DemoOptions): Generator<DemoMessage, void, undefined> {
  const r = resolve(opts);
  const effects = demoEffects(r.plant);
  const window = { start: r.start, end: r.end };
  for (let i = 0; i < r.customers; i++) {
    yield* simulateJourney(r.seed, i, window, effects);
  }
}

/** What `generateDemo(opts)` contains, computed without generating it. */
export function demoManifest(opts: DemoOptions): DemoManifest {
  const r = resolve(opts);
  return {
    seed: r.seed,
    customers: r.customers,
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
    planted: r.plant,
    personas: PERSONAS.map((p) => ({ key: p.key, label: p.label, description: p.description, share: p.share, preferredChannels: [...p.preferredChannels] })),
    stages: DEFAULT_STAGES.map((s) => s.key),
    channels: [...DEFAULT_CHANNELS],
    plantedTruths: plantedTruths(demoEffects(r.plant)),
  };
}
