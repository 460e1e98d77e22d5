/**
 * Every analysis Waymark runs, by kind. The HTTP API (/v1/analyses/:kind), the CLI
 * (`waymark analyse KIND`) and the engine look analyses up here.
 */
import type { AnalysisDefinition } from './analysis.js';
import { dfgAnalysis } from './dfg.js';
import { funnelAnalysis } from './funnel.js';
import { funnelCustomersAnalysis } from './funnel-customers.js';
import { pathsAnalysis } from './paths.js';
import { journeyStepsAnalysis } from './journey-steps.js';
import { kpisAnalysis } from './kpis.js';
import { retentionAnalysis } from './retention.js';
import type { Scope } from './scope.js';
import { variantsAnalysis } from './variants.js';

export type AnyAnalysis = AnalysisDefinition<{ scope: Scope }, unknown>;

// Each definition is typed by its own plan; the engine parses a plan with the kind's schema first.
const LIST: AnyAnalysis[] = [funnelAnalysis, funnelCustomersAnalysis, pathsAnalysis, dfgAnalysis, variantsAnalysis, retentionAnalysis, kpisAnalysis, journeyStepsAnalysis].map((a) => a as unknown as AnyAnalysis);

export const ANALYSES: ReadonlyMap<string, AnyAnalysis> = new Map(LIST.map((a) => [a.kind, a]));
