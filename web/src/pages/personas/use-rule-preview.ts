/**
 * The live count of customers a rule (trait and behaviour conditions) matches (POST
 * /v1/personas/preview), re-asked 300 ms after the rule last changed; an invalid rule gives its
 * problems by row (`rule.0.value`, `behaviour.1.step`) instead.
 */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import type { BehaviourRuleCondition, RuleCondition } from '../../api-types';
import { problemsUnder } from './persona-draft';

export interface RulePreview {
  customers: number | null;
  errors: Record<string, string>;
  /** A failure that is not about the rule (network, 5xx). */
  failure: string | null;
  loading: boolean;
}

export function useRulePreview(rule: RuleCondition[], behaviour: BehaviourRuleCondition[], enabled: boolean): RulePreview {
  const key = JSON.stringify({ rule, behaviour });
  const [state, setState] = useState<RulePreview>({ customers: null, errors: {}, failure: null, loading: false });
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) return;
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api<{ customers: number }>('POST', '/v1/personas/preview', JSON.parse(key))
        .then((r) => id === latest.current && setState({ customers: r.customers, errors: {}, failure: null, loading: false }))
        .catch((err: unknown) => {
          if (id !== latest.current) return;
          if (err instanceof ApiError && err.status === 400) {
            const errors = problemsUnder(err.problems, 'body');
            setState({ customers: null, errors: Object.keys(errors).length ? errors : { rule: err.message }, failure: null, loading: false });
          } else setState({ customers: null, errors: {}, failure: (err as Error).message, loading: false });
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [key, enabled]);
  return state;
}
