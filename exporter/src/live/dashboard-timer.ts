/**
 * Fires every `intervalMs`, aligned to multiples of it on the wall clock (…:00, :05, :10 for 5 s),
 * each timeout set afresh from the clock so that lateness never accumulates.
 */
export interface DashboardTimer {
  stop(): void;
}

export function startDashboardTimer(intervalMs: number, onTick: (alignedMs: number) => void, now: () => number = Date.now): DashboardTimer {
  let handle: NodeJS.Timeout | undefined;
  let stopped = false;
  // `after`: the tick just fired. A timeout may run a millisecond before the wall clock shows its
  // time, so the next tick is counted from the later of the two, or the same tick would fire twice.
  const schedule = (after: number) => {
    const at = Math.max(now(), after);
    const next = at - (at % intervalMs) + intervalMs;
    handle = setTimeout(() => {
      if (stopped) return;
      schedule(next);
      onTick(next);
    }, Math.max(0, next - now()));
    handle.unref();
  };
  schedule(0);
  return {
    stop() {
      stopped = true;
      clearTimeout(handle);
    },
  };
}
