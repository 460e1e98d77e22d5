/**
 * The analytics engine: parses a plan for its kind (a 400 naming each bad field), folds the
 * persona into the segment, refuses steps the workspace has never seen, then runs the plan on
 * the backend and times it.
 */
import { formatPath, InvalidInputError, NotFoundError } from '../domain/errors.js';
import type { Persona } from '../domain/persona.js';
import type { StateStore } from '../store/state-store.js';
import type { AnalyticsBackend } from './backend.js';
import { ANALYSES } from './registry.js';
import type { BehaviourCondition } from './behaviour.js';
import type { Condition } from './condition.js';
import type { Scope } from './scope.js';
import type { Step } from './step.js';

export interface AnalysisRun<R = unknown> {
  kind: string;
  plan: unknown;
  result: R;
  tookMs: number;
}

export class AnalyticsEngine {
  constructor(
    private readonly backend: AnalyticsBackend,
    private readonly state: StateStore,
  ) {}

  kinds(): Array<{ kind: string; summary: string }> {
    return [...ANALYSES.values()].map((a) => ({ kind: a.kind, summary: a.summary }));
  }

  /** Parse and check a plan; returns it with the persona's rule folded into scope.segment and scope.behaviour. */
  async prepare(ws: string, kind: string, input: unknown): Promise<{ scope: Scope }> {
    const def = ANALYSES.get(kind);
    if (!def) throw new NotFoundError(`no analysis "${kind}"; there are ${[...ANALYSES.keys()].join(', ')}`);
    const parsed = def.schema.safeParse(input ?? {});
    if (!parsed.success) throw new InvalidInputError(`invalid ${kind} plan`, parsed.error.issues.map((i) => ({ where: formatPath(i.path), message: i.message })));
    const plan = parsed.data;
    if (plan.scope.persona !== undefined) {
      const persona = (await this.state.getPersonas(ws)).find((p) => p.key === plan.scope.persona);
      if (!persona) {
        const known = (await this.state.getPersonas(ws)).map((p) => p.key);
        throw new InvalidInputError('unknown persona', [{ where: 'scope.persona', message: `no persona "${plan.scope.persona}"; have ${known.join(', ') || 'none'}` }]);
      }
      plan.scope = { ...plan.scope, segment: [...persona.rule, ...plan.scope.segment], behaviour: [...persona.behaviour, ...plan.scope.behaviour] };
    }
    await this.checkSteps(ws, [...def.steps(plan), ...plan.scope.behaviour.map((b, i) => ({ path: `scope.behaviour[${i}].step`, step: b.step }))]);
    return plan;
  }

  /** A 400 naming each step the workspace has never seen (a stage it does not have, an activity no event has). */
  async checkSteps(ws: string, steps: Iterable<{ path: string; step: Step }>): Promise<void> {
    const list = [...steps];
    if (!list.length) return;
    const stages = (await this.state.getStages(ws)).map((s) => s.key);
    const touchpoints = new Set((await this.state.getCatalogue(ws)).touchpoints.map((t) => t.name));
    const problems = [];
    for (const { path, step } of list) {
      if (step.by === 'stage' && !stages.includes(step.value)) {
        problems.push({ where: path, message: `unknown stage "${step.value}"; the stages are ${stages.join(', ')}` });
      } else if (step.by !== 'stage' && !(step.by === 'touchpoint' && touchpoints.has(step.value)) && !(await this.backend.hasActivity(ws, step.by, step.value))) {
        problems.push({ where: path, message: `unknown ${step.by} "${step.value}": no event in this workspace has it` });
      }
    }
    if (problems.length) throw new InvalidInputError('unknown step', problems);
  }

  /** Check the steps of personas' behaviour conditions (paths as `personas[0].behaviour[1].step`). */
  checkPersonaSteps(ws: string, personas: readonly Pick<Persona, 'behaviour'>[], prefix = 'personas'): Promise<void> {
    return this.checkSteps(ws, personas.flatMap((p, i) => p.behaviour.map((b, j) => ({ path: `${prefix}[${i}].behaviour[${j}].step`, step: b.step }))));
  }

  /** The workspace's personas with how many customers each has now. */
  async personas(ws: string): Promise<Array<Persona & { customers: number }>> {
    const list = await this.state.getPersonas(ws);
    return Promise.all(list.map(async (p) => ({ ...p, customers: await this.backend.countCustomers(ws, p.rule, p.behaviour) })));
  }

  /** A persona by key, or null. */
  async personaByKey(ws: string, key: string): Promise<Persona | null> {
    return (await this.state.getPersonas(ws)).find((p) => p.key === key) ?? null;
  }

  /** How many customers a persona rule (trait and behaviour conditions) matches now. */
  countMatching(ws: string, rule: readonly Condition[], behaviour: readonly BehaviourCondition[] = []): Promise<number> {
    return this.backend.countCustomers(ws, rule, behaviour);
  }

  async run<R = unknown>(ws: string, kind: string, input: unknown): Promise<AnalysisRun<R>> {
    const plan = await this.prepare(ws, kind, input);
    const t0 = performance.now();
    const result = (await this.backend.run(ws, kind, plan)) as R;
    return { kind, plan, result, tookMs: Math.round(performance.now() - t0) };
  }
}
