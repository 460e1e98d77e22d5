/**
 * The analytics engine's plan and result types, imported from the pure modules under
 * src/analytics (they depend on zod only), plus the step text helpers the analysis pages share.
 * One place for the relative paths into src/.
 */
export type { PathsResult, PathNode, PathLink } from '../../src/analytics/paths';
export type { FunnelResult, FunnelGroup, FunnelStepResult } from '../../src/analytics/funnel';
export type { DurationStats, HistogramBucket } from '../../src/analytics/funnel-stats';
export type { DfgResult, DfgEdge } from '../../src/analytics/dfg';
export type { RetentionResult, RetentionCohort, RetentionCell } from '../../src/analytics/retention';
export type { KpisResult, KpiRow, KpiValues } from '../../src/analytics/kpis';
export type { Step } from '../../src/analytics/step';
export type { Granularity } from '../../src/analytics/step-text';
export { GRANULARITIES } from '../../src/analytics/step-text';
export { OPERATORS } from '../../src/analytics/condition';
export { FUNNEL_ORDERS } from '../../src/analytics/funnel-plan';
export { PERIODS } from '../../src/analytics/retention-period';
export { parseStepText } from '../../src/analytics/step-text';
