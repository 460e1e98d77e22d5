/**
 * Values read from the embedded file, kept until the next commit. `DuckDatabase.commits` counts
 * every write transaction (all writes go through it, and the file is locked by this process), so
 * an entry computed at count c is current exactly while the count is still c. Concurrent callers
 * of one key share one computation; a failed computation is not kept; the oldest entries go first
 * beyond `max`. Used for what pages ask for again and again (persona member counts).
 */
import type { DuckDatabase } from './database.js';

export class CommitMemo<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly db: Pick<DuckDatabase, 'commits'>,
    private readonly max = 256,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const at = this.db.commits;
    const hit = this.entries.get(key);
    if (hit && hit.at === at) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { at, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
