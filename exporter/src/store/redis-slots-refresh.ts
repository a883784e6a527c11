/**
 * The periodic slot-map refresh of a Redis Cluster client, run here rather than by ioredis (its
 * `slotsRefreshInterval` set to 0). ioredis 5 re-arms its own refresh timer when a refresh that
 * was under way at quit() or disconnect() ends, so a client closed mid-refresh went on refreshing
 * an empty node list every second for ever, and its process could not exit. This timer is
 * cleared at close, and close waits for a refresh under way to end.
 */
import type { Cluster } from 'ioredis';

export interface SlotsRefresh {
  /** Stops the timer; no refresh starts after this. */
  stop(): void;
  /**
   * Resolves once no refresh is under way (at once when none is). Call it after the client has
   * ended: its node list is then empty, so asking for a refresh joins the one under way or fails
   * at once without connecting anywhere.
   */
  settled(): Promise<void>;
}

export function refreshSlotsEvery(cluster: Cluster, intervalMs: number): SlotsRefresh {
  // A refresh already under way is joined, not repeated; one that fails is retried next round.
  const timer = setInterval(() => cluster.refreshSlotsCache(), intervalMs);
  // The client's sockets keep the process alive while it is open; this timer must not on its own.
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    settled: () => new Promise((resolve) => cluster.refreshSlotsCache(() => resolve())),
  };
}
