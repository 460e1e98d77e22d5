/**
 * Paths for a Sankey, depth 5 from the first Product Page of each session (30-minute inactivity
 * splits sessions): nodes (step, touchpoint) with counts and links step k → k+1 with values.
 * ClickHouse: a sorted groupArray per customer; session numbers by arrayCumSum over the gaps;
 * the first start per session by arrayEnumerateUniq(acts, sessions); each path an arraySlice
 * kept within its session; arrayJoin twice (paths, then their nodes and links).
 * Baseline: LAG for session starts, SUM for session numbers, ROW_NUMBER per session, the first
 * start per session, then the rows within 5 steps of it joined back and counted, LEAD for links.
 */
import type { PathsResult } from '../../../src/analytics/paths.js';
import type { BenchCase, Figures } from '../case.js';
import { WS_FILTER_CH, WS_FILTER_DUCK } from '../case.js';

const START = 'Product Page';
const DEPTH = 5;
const GAP_MS = 30 * 60_000;

const nodeKey = (step: unknown, a: unknown) => `node ${String(step)} ${String(a)}`;
const linkKey = (step: unknown, a: unknown, b: unknown) => `link ${String(step)} ${String(a)} → ${String(b)}`;

export function pathsCase(ws: string): BenchCase {
  return {
    kind: 'paths',
    title: `paths: depth ${DEPTH} from "${START}", 30-minute sessions`,
    plan: { by: 'touchpoint', start: { by: 'touchpoint', value: START }, depth: DEPTH, sessionGap: '30m' },
    waymark(r) {
      const p = r as PathsResult;
      const f: Figures = new Map();
      for (const n of p.nodes) f.set(nodeKey(n.step, n.activity), n.count);
      for (const l of p.links) f.set(linkKey(l.step, l.from, l.to), l.value);
      f.set('sessions', p.sessions);
      f.set('paths', p.paths);
      f.set('links (distinct)', p.totalLinks);
      return f;
    },
    clickhouse: {
      sql: [
        `SELECT tupleElement(t, 1) AS tag, tupleElement(t, 2) AS step, tupleElement(t, 3) AS a, tupleElement(t, 4) AS b, sum(tupleElement(t, 5)) AS n
           FROM (
             SELECT arrayJoin(if(i = 0, [('sessions', toUInt64(0), '', '', toUInt64(sess[-1]))],
                      arrayConcat(
                        arrayMap(j -> ('node', toUInt64(j), p[j], '', toUInt64(1)), arrayEnumerate(p)),
                        arrayMap(j -> ('link', toUInt64(j), p[j], p[j + 1], toUInt64(1)), arrayEnumerate(arrayPopBack(p)))))) AS t
               FROM (
                 SELECT acts, sess, arrayJoin(arrayConcat([0], arrayFilter((i, a, u) -> a = '${START}' AND u = 1, arrayEnumerate(acts), acts, arrayEnumerateUniq(acts, sess)))) AS i,
                        arrayFilter((x, s) -> s = sess[i], arraySlice(acts, i, ${DEPTH}), arraySlice(sess, i, ${DEPTH})) AS p
                   FROM (
                     SELECT arraySort(groupArray((ts_ms, message_id, touchpoint))) AS s,
                            arrayMap(x -> tupleElement(x, 3), s) AS acts, arrayMap(x -> tupleElement(x, 1), s) AS tss,
                            arrayCumSum(arrayMap(k -> if(k = 1 OR tss[k] - tss[k - 1] > ${GAP_MS}, 1, 0), arrayEnumerate(tss))) AS sess
                       FROM events WHERE ${WS_FILTER_CH(ws)} AND touchpoint != '' GROUP BY customer_id)))
          GROUP BY tag, step, a, b`,
      ],
      figures([r]) {
        const f: Figures = new Map();
        let links = 0;
        for (const [tag, step, a, b, n] of r!.data) {
          if (tag === 'sessions') f.set('sessions', Number(n));
          else if (tag === 'node') f.set(nodeKey(step, a), Number(n));
          else {
            f.set(linkKey(step, a, b), Number(n));
            links++;
          }
          if (tag === 'node' && Number(step) === 1) f.set('paths', (f.get('paths') ?? 0) + Number(n));
        }
        f.set('links (distinct)', links);
        return f;
      },
    },
    baseline: {
      sql: `
WITH o AS (SELECT customer_id, touchpoint AS act, timestamp AS ts,
                  row_number() OVER w AS rn,
                  CASE WHEN lag(timestamp) OVER w IS NULL OR epoch_ms(timestamp) - epoch_ms(lag(timestamp) OVER w) > ${GAP_MS} THEN 1 ELSE 0 END AS new_session
             FROM events WHERE ${WS_FILTER_DUCK(ws)} AND touchpoint IS NOT NULL
           WINDOW w AS (PARTITION BY customer_id ORDER BY timestamp, message_id)),
s AS MATERIALIZED (SELECT customer_id, act, rn, sum(new_session) OVER (PARTITION BY customer_id ORDER BY rn) AS session FROM o),
st AS (SELECT customer_id, session, min(rn) AS start_rn FROM s WHERE act = '${START}' GROUP BY customer_id, session),
p AS (SELECT s.customer_id, s.session, s.rn - st.start_rn + 1 AS step, s.act
        FROM s JOIN st ON s.customer_id = st.customer_id AND s.session = st.session AND s.rn BETWEEN st.start_rn AND st.start_rn + ${DEPTH - 1}),
l AS (SELECT step, act, lead(act) OVER (PARTITION BY customer_id, session ORDER BY step) AS nxt FROM p)
SELECT 'node' AS tag, step, act AS a, NULL AS b, count(*) AS n FROM l GROUP BY step, act
UNION ALL SELECT 'link', step, act, nxt, count(*) FROM l WHERE nxt IS NOT NULL GROUP BY step, act, nxt
UNION ALL SELECT 'sessions', 0, NULL, NULL, count(*) FROM (SELECT DISTINCT customer_id, session FROM s)`,
      figures(rows) {
        const f: Figures = new Map();
        let links = 0;
        for (const r of rows) {
          if (r.tag === 'sessions') f.set('sessions', Number(r.n));
          else if (r.tag === 'node') f.set(nodeKey(r.step, r.a), Number(r.n));
          else {
            f.set(linkKey(r.step, r.a, r.b), Number(r.n));
            links++;
          }
          if (r.tag === 'node' && Number(r.step) === 1) f.set('paths', (f.get('paths') ?? 0) + Number(r.n));
        }
        f.set('links (distinct)', links);
        return f;
      },
    },
    target: { seconds: 1, vsClickHouse: 0.3 },
  };
}
