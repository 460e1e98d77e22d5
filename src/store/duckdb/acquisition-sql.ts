/**
 * Acquisition channel groups in SQL: each row's acquisition signals are read by DuckDB (two
 * multi-path JSON extractions and a few regular expressions, the same paths and expressions as
 * domain/acquisition.ts), reduced to a signature; the distinct signatures — few, whatever the
 * number of rows — are classified in JavaScript by the pure GA4 table (domain/channel-group.ts)
 * and joined back. A `context` that is not JSON (a CSV column) yields no signals instead of an
 * error.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { BARE_HOST_RE, CLICK_ID_RE, CONTEXT_PATHS, PROPERTY_PATHS, URL_HOST_RE, channelGroupOfSignals, signalsFromSignature, urlParamRe } from '../../domain/acquisition.js';

/** A SQL string literal for one of our own constants (never for user input: that is bound). */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function jsonPath(path: string): string {
  return '$' + path.split('.').map((k) => (/^[A-Za-z0-9_]+$/.test(k) ? `.${k}` : `."${k}"`)).join('');
}

const paths = (list: readonly string[]) => `[${list.map((p) => lit(jsonPath(p))).join(', ')}]`;

/**
 * SELECT of (key, sig) over `fromSql` (columns type, properties, context and the key column):
 * sig is the JSON array of the signals (domain SIGNATURE_FIELDS order), NULL when there are none.
 */
export function signatureSelectSql(fromSql: string, keyCol: string): string {
  const extract = (v: string, re: string, flags = '') => `nullif(regexp_extract(${v}, ${lit(re)}, 1${flags ? `, ${lit(flags)}` : ''}), '')`;
  const host = (v: string) => `coalesce(${extract(v, URL_HOST_RE)}, CASE WHEN regexp_full_match(${v}, ${lit(BARE_HOST_RE)}) THEN ${v} END)`;
  return `
    WITH j AS (
      SELECT ${keyCol} AS k, type,
             try(json_extract_string(context, ${paths(CONTEXT_PATHS)})) AS c,
             json_extract_string(properties, ${paths(PROPERTY_PATHS)}) AS p
        FROM ${fromSql}),
    v AS (
      SELECT k, type, coalesce(c[1], p[1]) AS src, coalesce(c[2], p[2]) AS med, coalesce(c[3], p[3]) AS camp,
             coalesce(c[4], p[4], p[5], p[6]) AS url, coalesce(c[5], p[7], p[8], p[9]) AS ref, p[10] AS refdom
        FROM j),
    w AS (
      SELECT k, src, med, camp,
             ${extract('url', urlParamRe('utm_source'), 'i')} AS url_src,
             ${extract('url', urlParamRe('utm_medium'), 'i')} AS url_med,
             ${extract('url', urlParamRe('utm_campaign'), 'i')} AS url_camp,
             ${extract('url', URL_HOST_RE)} AS url_host,
             coalesce(${host('ref')}, ${host('refdom')}) AS ref_host,
             coalesce(regexp_matches(url, ${lit(CLICK_ID_RE)}, 'i'), false) AS click,
             type IN ('page', 'screen') OR url IS NOT NULL AS page_like
        FROM v)
    SELECT k, CASE WHEN src IS NULL AND med IS NULL AND camp IS NULL AND url_src IS NULL AND url_med IS NULL AND url_camp IS NULL
                        AND url_host IS NULL AND ref_host IS NULL AND NOT click AND NOT page_like THEN NULL
                   ELSE to_json([src, med, camp, url_src, url_med, url_camp, url_host, ref_host, click::VARCHAR, page_like::VARCHAR])::VARCHAR END AS sig
      FROM w`;
}

/**
 * Build the temp table `acq` (k, channel_group) for the rows `fromSql` selects, keyed by `keyCol`:
 * signatures in SQL, their classification in JavaScript, joined back. Rows without signals get NULL.
 */
export async function loadChannelGroups(c: DuckDBConnection, fromSql: string, keyCol: string, params: DuckDBValue[] = []): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE acq_sig AS ${signatureSelectSql(fromSql, keyCol)}`, params);
  const sigs = (await c.runAndReadAll(`SELECT DISTINCT sig FROM acq_sig WHERE sig IS NOT NULL`)).getRowObjectsJson() as Array<{ sig: string }>;
  await c.run(`CREATE OR REPLACE TEMP TABLE acq_map (sig VARCHAR, channel_group VARCHAR)`);
  const a = await c.createAppender('acq_map');
  try {
    for (const { sig } of sigs) {
      const g = channelGroupOfSignals(signalsFromSignature(sig));
      a.appendVarchar(sig);
      if (g === null) a.appendNull();
      else a.appendVarchar(g);
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
  await c.run(`CREATE OR REPLACE TEMP TABLE acq AS SELECT s.k, m.channel_group FROM acq_sig s LEFT JOIN acq_map m ON m.sig = s.sig`);
}
