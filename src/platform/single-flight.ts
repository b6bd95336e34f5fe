/**
 * Identical reads in flight at the same moment share one query. When a hundred visitors ask
 * for the same day at once (a burst for one slot), the catalog is read once, not a hundred
 * times. Nothing is kept once the read has settled: this is not a cache, and another
 * instance's changes show as soon as they would without it.
 *
 * After a change made through this process (`changed()`), new reads start afresh instead of
 * joining a read that began before the change: whoever has just saved sees what they saved.
 */
export interface SingleFlight {
  /** The result of `load`, shared with every caller of the same `key` while it runs. Callers must not mutate it. */
  run<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** The data changed: later reads do not join those already in flight. */
  changed(): void;
}

export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  let generation = 0;
  return {
    run<T>(key: string, load: () => Promise<T>): Promise<T> {
      const slot = `${generation}\u0000${key}`;
      let shared = inFlight.get(slot) as Promise<T> | undefined;
      if (!shared) {
        shared = load().finally(() => inFlight.delete(slot));
        inFlight.set(slot, shared);
      }
      return shared;
    },
    changed() {
      generation++;
    },
  };
}
