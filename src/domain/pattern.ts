/**
 * Patterns used by touchpoint rules: a glob (`Checkout*`, `?ticket`) or a regular expression
 * written as `/…/`. Both compile to one regular-expression source that JavaScript and DuckDB
 * (RE2) read the same way, so a rule matches identically in memory and in SQL.
 */

export class PatternError extends Error {}

/** The anchored, case-insensitive regex source for a pattern (anchoring is implied by full match). */
export function patternToRegexSource(pattern: string): string {
  if (pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    const body = pattern.slice(1, -1);
    if (/\(\?[=!<]|\\[1-9]|\\k</.test(body)) {
      throw new PatternError(`pattern ${pattern}: lookarounds and back-references are not supported`);
    }
    try {
      new RegExp(body);
    } catch (err) {
      throw new PatternError(`pattern ${pattern}: ${(err as Error).message}`);
    }
    return body;
  }
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

export function compilePattern(pattern: string): (value: string | null | undefined) => boolean {
  const re = new RegExp(`^(?:${patternToRegexSource(pattern)})$`, 'is');
  return (value) => value !== null && value !== undefined && re.test(value);
}
