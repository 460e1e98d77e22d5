/**
 * Touchpoint rules applied in SQL, agreeing with the pure resolver in domain/touchpoint.ts.
 * Rules on name/type/source/channel are resolved once per distinct combination in JS (there are
 * few); only rules with property patterns become a per-row CASE, and only where they come
 * before the combination's own match in rule order. Every function here takes the workspace's
 * catalogue and applies its built-in layer (domain/catalogue-layers.ts) itself, as the pure
 * resolver does.
 */
import { channelFromLibrary } from '../../domain/channel.js';
import { patternToRegexSource } from '../../domain/pattern.js';
import { effectiveCatalogue } from '../../domain/catalogue-layers.js';
import { type Catalogue, orderedRules, type Resolution, touchpointResolver } from '../../domain/touchpoint.js';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { SqlParams } from './sql-builder.js';

export interface Combo {
  name: string;
  type: string;
  source: string;
  raw_channel: string | null;
}

export interface ComboResolution extends Combo {
  touchpoint: string | null;
  rank: number;
}

const NO_RANK = 1_000_000_000;

type RankedResolver = { rank: number; resolve: (e: Combo & { channel: string | null; properties: Record<string, unknown> }) => Resolution };
const plainResolvers = new WeakMap<Catalogue, RankedResolver[]>();

/** One resolver per rule without property patterns, with its rank in the effective rule order (cached per catalogue). */
function rankedPlainResolvers(catalogue: Catalogue): RankedResolver[] {
  const effective = effectiveCatalogue(catalogue);
  let out = plainResolvers.get(effective);
  if (!out) {
    const rules = orderedRules(effective.rules);
    const plain = rules.map((r, rank) => ({ r, rank })).filter(({ r }) => Object.keys(r.match.properties ?? {}).length === 0);
    out = plain.map(({ r, rank }) => ({ rank, resolve: touchpointResolver({ touchpoints: effective.touchpoints, rules: [r], builtins: false }) }));
    plainResolvers.set(effective, out);
  }
  return out;
}

/** For each combination, the first rule without property patterns that matches it, and its rank. */
export function resolveCombos(catalogue: Catalogue, combos: readonly Combo[]): ComboResolution[] {
  const resolvers = rankedPlainResolvers(catalogue);
  return combos.map((c) => {
    const e = { ...c, channel: c.raw_channel, properties: {} };
    for (const { rank, resolve } of resolvers) {
      const res = resolve(e);
      if (res.touchpoint !== null) return { ...c, touchpoint: res.touchpoint, rank };
    }
    return { ...c, touchpoint: null, rank: NO_RANK };
  });
}

/** SQL for Segment's library channel → medium, mirroring channelFromLibrary. */
export function libraryChannelSql(col: string): string {
  const probe = (v: string) => channelFromLibrary(v);
  // keep the SQL honest: assert the JS mapping is what we encode here
  if (probe('browser') !== 'web' || probe('mobile') !== 'app' || probe('server') !== null) throw new Error('channel mapping drifted');
  return `CASE lower(${col}) WHEN 'browser' THEN 'web' WHEN 'mobile' THEN 'app' WHEN 'server' THEN NULL ELSE lower(${col}) END`;
}

/**
 * The touchpoint expression over staged rows aliased `s` joined to combo resolutions aliased `c`.
 */
export function touchpointCaseSql(catalogue: Catalogue, p: SqlParams): string {
  const whens: string[] = [];
  orderedRules(effectiveCatalogue(catalogue).rules).forEach((r, rank) => {
    const props = Object.entries(r.match.properties ?? {});
    if (props.length === 0) return;
    const conds: string[] = [`c.rank > ${rank}`];
    const fieldCol = { name: 's.name', type: 's.type', source: 's.source', channel: 's.raw_channel' } as const;
    for (const field of ['name', 'type', 'source', 'channel'] as const) {
      const pat = r.match[field];
      if (pat !== undefined) conds.push(`regexp_full_match(coalesce(${fieldCol[field]}, ''), ${p.add(patternToRegexSource(pat))}, 'is') AND ${fieldCol[field]} IS NOT NULL`);
    }
    for (const [path, pat] of props) {
      const v = `json_extract_string(s.properties, ${p.add('$.' + path)})`;
      conds.push(`${v} IS NOT NULL AND regexp_full_match(${v}, ${p.add(patternToRegexSource(pat))}, 'is')`);
    }
    whens.push(`WHEN ${conds.join(' AND ')} THEN ${p.add(r.touchpoint)}`);
  });
  return whens.length ? `CASE ${whens.join(' ')} ELSE c.touchpoint END` : 'c.touchpoint';
}

/**
 * Resolve the distinct combinations a query returns (columns name, type, source, raw_channel)
 * and load them as the temp table `combo_map` (…, touchpoint, rank) that touchpointCaseSql joins.
 */
export async function loadComboMap(c: DuckDBConnection, catalogue: Catalogue, combosSql: string, params: DuckDBValue[]): Promise<void> {
  const combos = (await c.runAndReadAll(combosSql, params)).getRowObjectsJson() as unknown as Combo[];
  await c.run(`CREATE OR REPLACE TEMP TABLE combo_map (name VARCHAR, type VARCHAR, source VARCHAR, raw_channel VARCHAR, touchpoint VARCHAR, rank BIGINT)`);
  const a = await c.createAppender('combo_map');
  try {
    for (const r of resolveCombos(catalogue, combos)) {
      a.appendVarchar(r.name);
      a.appendVarchar(r.type);
      a.appendVarchar(r.source);
      if (r.raw_channel === null) a.appendNull();
      else a.appendVarchar(r.raw_channel);
      if (r.touchpoint === null) a.appendNull();
      else a.appendVarchar(r.touchpoint);
      a.appendBigInt(BigInt(r.rank));
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}
