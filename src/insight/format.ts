/** Short text for a finding's figures: magnitude in its unit, confidence, as the CLI prints them. */
import type { Finding, FindingWhere } from './finding.js';

export function magnitudeText(f: Pick<Finding, 'kind' | 'magnitude'> & { where?: Pick<FindingWhere, 'measure'> }): string {
  switch (f.kind) {
    case 'support_friction':
      if (f.where?.measure === 'repeat_contacts') return `${(f.magnitude * 100).toFixed(1)}% repeat contacts`;
      return `${f.magnitude.toFixed(1)}× ${f.where?.measure === 'resolution_time' ? 'slower to resolve' : 'longer wait'}`;
    case 'slow_step':
      return `${f.magnitude.toFixed(1)}× slower`;
    case 'churn_after_touchpoint':
      return `${f.magnitude.toFixed(2)}× churn`;
    case 'loop':
      return `${(f.magnitude * 100).toFixed(1)}% loop`;
    case 'negative_touchpoint':
      return `${(f.magnitude * 100).toFixed(0)}% of scale below`;
    default:
      return `${(f.magnitude * 100).toFixed(0)}% below`;
  }
}

export function confidenceText(c: Finding['confidence']): string {
  return c.q < 1e-6 ? 'q<1e-6' : `q=${c.q.toPrecision(2)}`;
}
