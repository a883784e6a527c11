import type { SimulatedRegionSpec } from './types';

/** The control API's port in the default setup (`npm start`, compose). */
export const DEFAULT_CONTROL_PORT = 9480;

const CAPACITY = 10_000;

/** ~10% of the latency: enough spread for live percentiles, small enough not to blur the ranking. */
const jitterFor = (latencyMs: number): number => Math.round(latencyMs * 0.1 * 10) / 10;

const region = (code: string, httpPort: number, latencyMs: number, load: number): SimulatedRegionSpec =>
  Object.freeze({
    code,
    httpPort,
    // TLS ports sit ten above the HTTP ones: 9481 → 9491.
    tlsPort: httpPort + 10,
    latencyMs,
    jitterMs: jitterFor(latencyMs),
    load,
    capacity: CAPACITY,
    loadWalk: true,
  });

/**
 * The six regions the default exporter config probes, on fixed ports. Latencies grow with the
 * distance from a client on the US east coast; loads are varied so selection has something to weigh.
 */
export const DEFAULT_REGIONS: readonly SimulatedRegionSpec[] = Object.freeze([
  region('us-east', 9481, 20, 6500),
  region('us-west', 9482, 45, 4200),
  region('eu-west', 9483, 80, 5100),
  region('eu-central', 9484, 90, 3300),
  region('asia-south', 9485, 180, 1200),
  region('asia-east', 9486, 210, 2400),
]);
