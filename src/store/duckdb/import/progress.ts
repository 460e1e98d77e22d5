/**
 * Bulk import progress: phases reported by the loader, and DuckDB's own progress of a long
 * statement polled while it runs (the progress bar is switched on silently for the load).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private restore: string[] = [];
  constructor(
    private readonly c: DuckDBConnection,
    private readonly cb?: (fraction: number, phase: string) => void,
  ) {}

  async start(): Promise<void> {
    if (!this.cb) return;
    // Query progress is only tracked with the progress bar on (a global setting): enable it
    // without printing, and put both settings back afterwards.
    const r = (await this.c.runAndReadAll(`SELECT current_setting('enable_progress_bar') AS a, current_setting('enable_progress_bar_print') AS b`)).getRowObjectsJson()[0];
    this.restore = [`SET enable_progress_bar = ${r?.a === true}`, `SET enable_progress_bar_print = ${r?.b === true}`];
    await this.c.run(`SET enable_progress_bar = true; SET enable_progress_bar_print = false`);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.restore) await this.c.run(s).catch(() => undefined);
  }

  phase(fraction: number, phase: string): void {
    this.cb?.(fraction, phase);
  }

  /** Run one long statement, reporting DuckDB's own progress of it between `from` and `to`. */
  async run<T>(from: number, to: number, phase: string, fn: () => Promise<T>): Promise<T> {
    if (!this.cb) return fn();
    this.cb(from, phase);
    this.timer = setInterval(() => {
      const pct = this.c.progress.percentage;
      if (pct >= 0) this.cb?.(from + ((to - from) * Math.min(100, pct)) / 100, phase);
    }, 200);
    try {
      return await fn();
    } finally {
      clearInterval(this.timer);
      this.timer = null;
      this.cb(to, phase);
    }
  }
}
