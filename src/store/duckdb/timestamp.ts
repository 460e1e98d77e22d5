/**
 * DuckDB TIMESTAMP values (UTC, no zone) as ISO-8601 strings with a `Z`.
 */
export function isoFromDuck(v: unknown): string {
  const s = String(v);
  return s.includes('T') ? (s.endsWith('Z') ? s : s + 'Z') : s.replace(' ', 'T') + 'Z';
}
