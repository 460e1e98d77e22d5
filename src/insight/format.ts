/** Short text for a finding's figures: magnitude in its unit, confidence, as the CLI prints them. */
import type { Finding } from './finding.js';

export function magnitudeText(f: Pick<Finding, 'kind' | 'magnitude'>): string {
  switch (f.kind) {
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
