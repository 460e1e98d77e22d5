/**
 * Catalogue layers: the workspace's own catalogue on top, the built-in catalogue beneath it.
 * The effective catalogue is one ordered rule list (built-in rules get priorities above every
 * workspace rule, so any workspace rule that matches wins), and one touchpoint list (a workspace
 * touchpoint with a built-in touchpoint's name replaces it, so its channel and stage can be
 * changed without rewriting rules). `builtins: false` on a catalogue switches the layer off.
 */
import { BUILTIN_RULES, BUILTIN_TOUCHPOINTS } from './builtin-catalogue.js';
import type { Catalogue } from './touchpoint.js';

const cache = new WeakMap<Catalogue, Catalogue>();

/** Whether the workspace uses the built-in catalogue (the default). */
export function usesBuiltins(c: Pick<Catalogue, 'builtins'>): boolean {
  return c.builtins !== false;
}

/** The catalogue rules actually run with: the workspace's, then the built-in layer unless switched off. Marked `builtins: false`, so applying it twice changes nothing. */
export function effectiveCatalogue(c: Catalogue): Catalogue {
  if (!usesBuiltins(c)) return c;
  let out = cache.get(c);
  if (!out) {
    const own = new Set(c.touchpoints.map((t) => t.name));
    out = {
      touchpoints: [...c.touchpoints, ...BUILTIN_TOUCHPOINTS.filter((t) => !own.has(t.name))],
      rules: [...c.rules, ...BUILTIN_RULES],
      builtins: false,
    };
    cache.set(c, out);
  }
  return out;
}
