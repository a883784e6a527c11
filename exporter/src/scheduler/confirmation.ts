/**
 * Confirmation probes: a failed probe is checked again health.confirm_delay after it ends instead
 * of at the region's next tick, so the down_after failures that make a region down come seconds
 * apart rather than a probe interval apart. The evidence asked for is unchanged (N failures among
 * the last M results, health-track.ts); only its pace is. A lost probe is followed by a
 * confirmation that answers, which adds a success to the window rather than a failure.
 *
 * Bounded by construction, so a failing region cannot cause a probe storm:
 * - at most one confirmation per region waits or runs at a time (a region is never probed twice
 *   at once, and a confirmation is armed only when none is);
 * - only while fewer than down_after probes in a row have failed: an outage costs at most
 *   down_after - 1 confirmations, however long it lasts, then the ticks alone probe it;
 * - only when the confirmation would end (its timeout included) before the next tick is due, so
 *   a confirmation never makes a tick skip: when it would, the tick confirms instead.
 */
import type { RegionConfig } from '../config/model';
import type { ProbeResult } from '../probes/types';
import type { SchedulerClock } from './clock';

/**
 * When to confirm a probe of the region that ended at `endedAt`, given how many probes of it
 * have failed in a row with this one; undefined for not at all.
 */
export function confirmationAt(region: RegionConfig, failedInARow: number, endedAt: number, nextTickAt: number): number | undefined {
  const { confirmDelayMs, downAfter } = region.health;
  if (confirmDelayMs === 0 || failedInARow === 0 || failedInARow >= downAfter) return undefined;
  const at = endedAt + confirmDelayMs;
  return at + region.probe.timeoutMs <= nextTickAt ? at : undefined;
}

export interface ConfirmationDeps {
  readonly clock: SchedulerClock;
  /** Probes the region now as a confirmation (the scheduler's queue decides when a slot is free). */
  readonly confirm: (region: RegionConfig) => void;
}

export interface Confirmations {
  /** A probe of the region ended with this result; the region's next tick is due at nextTickAt. */
  ended(region: RegionConfig, result: ProbeResult, nextTickAt: number): void;
  /** Confirmations armed and not yet started (at most one per region). */
  armed(): number;
  /** Disarms every confirmation not yet started. */
  stop(): void;
}

export function createConfirmations(deps: ConfirmationDeps): Confirmations {
  const failedInARow = new Map<string, number>();
  const timers = new Map<string, unknown>();

  const disarm = (code: string): void => {
    const timer = timers.get(code);
    if (timer === undefined) return;
    deps.clock.clearTimeout(timer);
    timers.delete(code);
  };

  return {
    ended(region, result, nextTickAt) {
      const { code } = region;
      const streak = result.success ? 0 : (failedInARow.get(code) ?? 0) + 1;
      failedInARow.set(code, streak);
      // An answer settles the failure a confirmation was armed for.
      if (streak === 0) return disarm(code);
      if (timers.has(code)) return;
      const now = deps.clock.now();
      const at = confirmationAt(region, streak, now, nextTickAt);
      if (at === undefined) return;
      const timer = deps.clock.setTimeout(() => {
        timers.delete(code);
        deps.confirm(region);
      }, at - now);
      timers.set(code, timer);
    },
    armed: () => timers.size,
    stop() {
      for (const code of [...timers.keys()]) disarm(code);
    },
  };
}
