/**
 * Granularity: what one step of a journey is — a touchpoint, a raw event name, a stage or a
 * channel. Every analysis runs at any of the four.
 */
import { z } from 'zod';
import { GRANULARITIES, type Granularity } from './step-text.js';

export { GRANULARITIES, type Granularity };
export const GranularitySchema = z.enum(GRANULARITIES);

/** The events column that holds the activity at a granularity. */
export const ACTIVITY_COLUMN: Readonly<Record<Granularity, 'touchpoint' | 'name' | 'stage' | 'channel'>> = {
  touchpoint: 'touchpoint',
  event: 'name',
  stage: 'stage',
  channel: 'channel',
};

/** Event types that carry identity, not behaviour: never part of a journey. */
export const NON_BEHAVIOURAL_TYPES: readonly string[] = ['identify', 'alias', 'group'];
