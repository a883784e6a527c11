/**
 * Bounded waiting on a slow dependency: concurrent callers share one run of a refresh, and a
 * caller waits for it only so long.
 */

/**
 * Wraps `run` so that at most one run is in flight and at most one waits behind it: a caller
 * arriving while a run is in flight shares the next run (which starts when the current one
 * settles), so it still sees what was written before it called, and a thousand callers cost two
 * runs, not a thousand queued one behind another.
 */
export function coalesced<T>(run: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  let following: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const started = run().finally(() => {
      if (current === started) current = undefined;
    });
    current = started;
    return started;
  };
  return () => {
    if (!current) return start();
    following ??= current.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      following = undefined;
      return start();
    });
    return following;
  };
}

/**
 * Settles like `promise` if it settles within `ms`, else resolves with `late()` at `ms` (the
 * promise keeps running; its outcome is left to whoever else holds it).
 */
export function withinDeadline<T>(promise: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
