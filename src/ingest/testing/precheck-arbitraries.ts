/**
 * Generators for the quick-check property tests (segment-precheck.test.ts, posthog-precheck.test.ts):
 * field values mostly as clients send them, often on or over the edge of a rule; and the full
 * decode's verdict to compare a quick check with.
 */
import fc from 'fast-check';
import { decodeIngest, type IngestKind } from '../decode.js';
import { DEFAULT_LIMITS } from '../limits.js';

/** Mostly values a client would send, often values on or over the edge of a rule. */
export const edgy = <T, U>(usual: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) => fc.oneof({ arbitrary: usual, weight: 5 }, { arbitrary: edge, weight: 1 });
export const absent = fc.constant(undefined);
export const maybe = <T,>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: absent, weight: 2 }, { arbitrary: a, weight: 1 });
export const text = (max: number) => edgy(fc.string({ minLength: 1, maxLength: 6 }).filter((x) => x.trim() !== ''), fc.constantFrom('', ' ', '\t x ', 'x'.repeat(max), 'x'.repeat(max + 1), ` ${'y'.repeat(max)} `));
export const id = edgy(fc.oneof(text(512), fc.integer()), fc.oneof(fc.double(), fc.constant(null), fc.constant(0), fc.boolean()));
export const date = edgy(
  fc.oneof(fc.constantFrom('2026-11-02T10:00:00Z', '2026-11-02'), fc.integer({ min: 0, max: 7_258_118_400_000 })),
  fc.oneof(
    fc.constantFrom('1969-12-31T23:59:59Z', '2200-01-01T00:00:00Z', '2200-01-01T00:00:01Z', 'not a date', '', 'x'.repeat(70)),
    fc.constantFrom(Number.NaN, Infinity, -1, 7_258_118_400_001, 8_000_000_000_000_000),
    fc.constant(null),
  ),
);
export const dict = fc.dictionary(fc.constantFrom('a', 'email', 'traits', 'channel'), fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('Ann@Example.com', 'nope@', 'ann@x.io')));
export const object = edgy(dict, fc.oneof(fc.constant([]), fc.constant(null), fc.string({ maxLength: 2 })));

export function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The full decode's verdict: the number of events, or null when it rejects the body. */
export function decoded(kind: IngestKind, body: unknown): number | null {
  try {
    return decodeIngest(kind, body, new Date('2026-11-02T10:00:05Z'), DEFAULT_LIMITS).length;
  } catch {
    return null;
  }
}

