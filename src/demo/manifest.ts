/**
 * The demo manifest: what a generated demo workspace contains and, above all, which pain points
 * were planted in it on purpose — the ground truth that analysis (drop-offs, slow steps, loops,
 * negative touchpoints, channel inconsistencies) should rediscover.
 */

export type PlantedTruthKind = 'drop_off_hotspot' | 'slow_step' | 'loop' | 'negative_touchpoint' | 'channel_inconsistency';

export interface PlantedTruth {
  kind: PlantedTruthKind;
  description: string;
  /** Stage key the effect lives in. */
  stage: string;
  /** The touchpoint that misbehaves (a name from demoCatalogue()). */
  touchpoint?: string;
  /** For step effects: the step from → to (touchpoint names). */
  fromTouchpoint?: string;
  toTouchpoint?: string;
  /** The channel concerned (the resolved channel of the touchpoint, or the inconsistent channel). */
  channel?: string;
  /** What it stands out against: channels for channel_inconsistency, touchpoint names otherwise. */
  comparedTo?: string[];
  /** The planted numbers next to their normal counterparts, e.g. { conversionRate: 0.35, normalConversionRate: 0.88 }. */
  expected: Record<string, number>;
}

export interface DemoPersonaSummary {
  key: string;
  label: string;
  description: string;
  /** Share of customers. */
  share: number;
  preferredChannels: string[];
}

export interface DemoManifest {
  seed: number;
  customers: number;
  /** ISO 8601; every message is at or after start and before end. */
  start: string;
  end: string;
  /** Whether the planted truths are in the data (false = uniform control data). */
  planted: boolean;
  personas: DemoPersonaSummary[];
  /** Stage keys, in order. */
  stages: string[];
  channels: string[];
  plantedTruths: PlantedTruth[];
}
