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
  const schedule = () => {
    const at = now();
    const next = at - (at % intervalMs) + intervalMs;
    handle = setTimeout(() => {
      if (stopped) return;
      schedule();
      onTick(next);
    }, next - at);
    handle.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(handle);
    },
  };
}
