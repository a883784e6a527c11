/**
 * The latency samples behind a region's `average_latency`: the round trips (ms) of the last
 * LATENCY_SAMPLES successful probes from one vantage point. Failed probes carry no latency (a
 * timeout measures the timeout, not the region), so they are left out rather than averaged in.
 */
import type { ProbeResult } from '../probes/types';

export const LATENCY_SAMPLES = 10;

/** Adds a successful probe's round trip; most recent last, at most LATENCY_SAMPLES kept. */
export function addLatencySample(samples: readonly number[], result: ProbeResult): readonly number[] {
  if (!result.success) return samples;
  return [...samples, result.durationSeconds * 1000].slice(-LATENCY_SAMPLES);
}

/** The mean in ms (rounded to µs), or undefined before the first successful probe. */
export function averageLatencyMs(samples: readonly number[] | undefined): number | undefined {
  if (!samples || samples.length === 0) return undefined;
  return Math.round((samples.reduce((sum, s) => sum + s, 0) / samples.length) * 1000) / 1000;
}
