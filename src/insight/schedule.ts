/**
 * The findings timer of `waymark serve`: with WAYMARK_FINDINGS_INTERVAL=N (minutes, off when
 * unset or 0) every workspace's findings are recomputed every N minutes, one workspace after
 * another, never two runs at once. Errors are logged and the next tick tries again.
 */
import type { Runtime } from '../runtime.js';
import { insightDb } from '../store/duckdb/insight-store.js';
import { InsightService } from './service.js';

export function findingsIntervalMs(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.WAYMARK_FINDINGS_INTERVAL;
  if (raw === undefined || raw === '' || raw === '0') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 7 * 24 * 60) throw new Error(`WAYMARK_FINDINGS_INTERVAL must be minutes from 1 to 10080 (0 = off), got "${raw}"`);
  return n * 60_000;
}

/** Starts the timer when configured; returns a function that stops it. */
export function startFindingsTimer(rt: Runtime, log: (msg: string) => void = (m) => process.stderr.write(m + '\n'), env: NodeJS.ProcessEnv = process.env): () => void {
  const every = findingsIntervalMs(env);
  if (every === null) return () => undefined;
  const service = new InsightService({ db: insightDb(rt.events), analytics: rt.analytics, state: rt.state });
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const ws of await rt.state.listWorkspaces()) {
        const r = await service.run(ws.id);
        log(`findings: workspace ${ws.id}: ${r.run.found} findings from ${r.run.tested} tests in ${r.run.tookMs} ms`);
      }
    } catch (err) {
      log(`findings: run failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  return () => clearInterval(timer);
}
