/**
 * Bulk import value parsing in SQL: text → UTC timestamp (ISO 8601, offsets, common export
 * formats, epochs; naive values in the spec's time zone) and text → normalised e-mail address.
 */
import type { SqlParams } from '../sql-builder.js';

const EMAIL_RE = `[^\\s@<>(),;:"'\\[\\]]+@[^\\s@<>(),;:"'\\[\\]]+\\.[^\\s@<>(),;:"'\\[\\]]+`;
const NAIVE_FORMATS = [
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y, %I:%M:%S %p',
  '%m/%d/%Y, %I:%M %p',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y/%m/%d %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y',
  '%B %d, %Y %I:%M %p',
  '%B %d, %Y',
  '%b %d, %Y',
  '%Y%m%d',
];
/** Formats that name UTC in words. */
const UTC_FORMATS = ['%a, %d %b %Y %H:%M:%S GMT', '%Y-%m-%d %H:%M:%S UTC', '%Y-%m-%dT%H:%M:%S UTC'];
const TZ_FORMATS = ['%Y-%m-%d %H:%M:%S %z', '%Y-%m-%d %H:%M %z', '%Y-%m-%dT%H:%M:%S%z', '%m/%d/%Y %I:%M:%S %p %z', '%a, %d %b %Y %H:%M:%S %z'];
export const sqlList = (xs: readonly string[]) => `[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;


/** A normalised e-mail: the value itself when it is an address, else the first address inside it (`Ann <ann@x.com>`). */
export function emailSql(x: string, p: SqlParams): string {
  return `CASE WHEN ${x} IS NULL THEN NULL WHEN regexp_full_match(${x}, '[^\\s@]+@[^\\s@]+\\.[^\\s@]+') THEN lower(${x})
               ELSE lower(nullif(regexp_extract(${x}, ${p.add(EMAIL_RE)}), '')) END`;
}

/**
 * A timestamp from text, as a UTC TIMESTAMP (NULL when it is not one): ISO 8601 with or without
 * an offset, common export formats (US dates with AM/PM, European dots, `Mar 5, 2024`, RFC 1123),
 * epoch seconds, milliseconds or microseconds (GA4's raw event_timestamp). Values without an offset are in `tz`. Independent of the
 * session's TimeZone setting. The cheap checks come first: most values take the first cast.
 */
export function timestampSql(x: string, p: SqlParams, tz: string): string {
  const utc = tz === 'UTC';
  const naive = (e: string) => (utc ? e : `timezone('UTC', timezone(${p.add(tz)}, ${e}))`);
  // With tz = UTC, "…Z" can take the fast naive cast (DuckDB's TIMESTAMP cast accepts and ignores Z).
  const zulu = utc ? '' : ` OR ends_with(${x}, 'Z') OR ends_with(${x}, 'z') OR ends_with(${x}, 'UTC') OR ends_with(${x}, 'GMT')`;
  // (An anchored regexp is cheaper than right(x, 6), which counts characters.)
  const offset = `(contains(${x}, ':') AND regexp_matches(${x}, '[+-][0-9]{2}(:?[0-9]{2})?$'))${zulu}`;
  return `CASE WHEN ${x} IS NULL THEN NULL
    WHEN ${offset}
      THEN coalesce(timezone('UTC', try_cast(${x} AS TIMESTAMPTZ)), timezone('UTC', try_strptime(${x}, ${sqlList(TZ_FORMATS)})), try_strptime(${x}, ${sqlList(UTC_FORMATS)}))
    ELSE coalesce(
      ${naive(`try_cast(${x} AS TIMESTAMP)`)},
      ${naive(`try_strptime(${x}, ${sqlList(NAIVE_FORMATS)})`)},
      try_strptime(${x}, ${sqlList(UTC_FORMATS)}),
      CASE WHEN regexp_full_match(${x}, '[0-9]{9,10}(\\.[0-9]+)?') THEN make_timestamp(CAST(CAST(${x} AS DOUBLE) * 1000000 AS BIGINT))
           WHEN regexp_full_match(${x}, '[0-9]{12,13}') THEN make_timestamp(CAST(${x} AS BIGINT) * 1000)
           WHEN regexp_full_match(${x}, '[0-9]{15,16}') THEN make_timestamp(CAST(${x} AS BIGINT)) END)
  END`;
}
