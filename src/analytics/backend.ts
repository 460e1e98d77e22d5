/**
 * The seam between analyses and the event store that runs them: DuckDB now
 * (analytics/duckdb), ClickHouse later, each with its own SQL compiler.
 */
import type { BehaviourCondition } from './behaviour.js';
import type { Condition } from './condition.js';
import type { Granularity } from './granularity.js';

export interface AnalyticsBackend {
  /** Run a parsed, validated plan (persona folded into scope.segment and scope.behaviour). */
  run(workspaceId: string, kind: string, plan: unknown): Promise<unknown>;
  /** Whether any event of the workspace has this activity at this granularity. */
  hasActivity(workspaceId: string, by: Granularity, value: string): Promise<boolean>;
  /** How many customers' traits meet every condition and behaviour every behaviour condition (a persona's or segment's size). */
  countCustomers(workspaceId: string, conditions: readonly Condition[], behaviour?: readonly BehaviourCondition[]): Promise<number>;
}
