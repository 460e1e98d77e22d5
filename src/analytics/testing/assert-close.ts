/**
 * Deep equality for analysis results that tolerates floating-point noise (SQL averages and
 * quantiles are summed in another order than the reference's). Test-only.
 */
import assert from 'node:assert/strict';

export function assertClose(actual: unknown, expected: unknown, path = 'result'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = 1e-9 * Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= tol || (Number.isNaN(actual) && Number.isNaN(expected)), `${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array`);
    assert.equal(actual.length, expected.length, `${path}: length ${actual.length} ≠ ${expected.length}\nactual:   ${JSON.stringify(actual)}\nexpected: ${JSON.stringify(expected)}`);
    expected.forEach((x, i) => assertClose(actual[i], x, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: not an object`);
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    for (const k of keys) assertClose((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, `${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
}
