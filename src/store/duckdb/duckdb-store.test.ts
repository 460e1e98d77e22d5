/** Runs the store conformance suite on a real DuckDB file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreSuite } from '../store-suite.js';
import { DuckDatabase } from './database.js';
import { DuckEventStore } from './duckdb-event-store.js';
import { DuckStateStore } from './duckdb-state-store.js';

runStoreSuite('duckdb', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-store-'));
  const path = join(dir, 'w.duckdb');
  const open = async () => {
    const db = await DuckDatabase.open(path);
    return { events: new DuckEventStore(db), state: new DuckStateStore(db) };
  };
  const first = await open();
  let current = first;
  return {
    ...first,
    reopen: async () => {
      await current.events.close();
      current = await open();
      return current;
    },
    close: async () => {
      await current.events.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
