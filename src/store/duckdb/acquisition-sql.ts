/**
 * Acquisition channel groups in SQL: each row's raw acquisition strings (campaign, URL, referrer)
 * are read by DuckDB with two multi-path JSON extractions (the paths of domain/acquisition.ts) into
 * a signature; the distinct signatures — few next to the rows: landing URLs repeat — are read,
 * classified in JavaScript (URL parameters, hosts, the GA4 table of domain/channel-group.ts) and
 * joined back. A `context` that is not JSON (a CSV column) yields no signals instead of an
 * error.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { CONTEXT_PATHS, PROPERTY_PATHS, channelGroupOfSignals, rawFromSignature, signalsOf } from '../../domain/acquisition.js';

/** A SQL string literal for one of our own constants (never for user input: that is bound). */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function jsonPath(path: string): string {
  return '$' + path.split('.').map((k) => (/^[A-Za-z0-9_]+$/.test(k) ? `.${k}` : `."${k}"`)).join('');
}

const paths = (list: readonly string[]) => `[${list.map((p) => lit(jsonPath(p))).join(', ')}]`;

/**
 * SELECT of (k, sig) over `fromSql` (columns type, properties, context and the key column): sig is
 * the JSON array of the raw strings (domain SIGNATURE_FIELDS order), NULL when there are none.
 */
export function signatureSelectSql(fromSql: string, keyCol: string): string {
  return `
    WITH j AS (
      SELECT ${keyCol} AS k, type IN ('page', 'screen') AS page,
             try(json_extract_string(context, ${paths(CONTEXT_PATHS)})) AS c,
             json_extract_string(properties, ${paths(PROPERTY_PATHS)}) AS p
        FROM ${fromSql}),
    v AS (
      SELECT k, page, coalesce(c[1], p[1]) AS src, coalesce(c[2], p[2]) AS med, coalesce(c[3], p[3]) AS camp,
             coalesce(c[4], p[4], p[5], p[6]) AS url, coalesce(c[5], p[7], p[8], p[9]) AS ref, p[10] AS refdom
        FROM j)
    SELECT k, CASE WHEN NOT page AND src IS NULL AND med IS NULL AND camp IS NULL AND url IS NULL AND ref IS NULL AND refdom IS NULL THEN NULL
                   ELSE to_json([src, med, camp, url, ref, refdom, page::VARCHAR])::VARCHAR END AS sig
      FROM v`;
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
      const g = channelGroupOfSignals(signalsOf(rawFromSignature(sig)));
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
