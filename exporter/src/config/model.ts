/** The exporter's internal, validated and frozen configuration (see schema.ts for the file format). */
import type { ProbeSpec } from '../probes/types';

export interface Vantage {
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** Hysteresis and thresholds of the health state machine. */
export interface HealthPolicy {
  /** M: how many of the most recent results are considered. */
  readonly window: number;
  /** N: failures among the last M that make a region down. */
  readonly downAfter: number;
  /** Slow or overloaded (or failed) results among the last M that make a region degraded. */
  readonly degradedAfter: number;
  readonly degradedLatencyMs: number;
  readonly degradedLoadRatio: number;
}

export interface RegionConfig {
  readonly code: string;
  readonly name: string;
  /** Media server URL handed to clients (wss://…). */
  readonly url: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly priority: number;
  readonly capacity: number;
  readonly failover: readonly string[];
  readonly active: boolean;
  readonly probe: ProbeSpec;
  readonly health: HealthPolicy;
}

export interface PulseConfig {
  readonly sourceFile: string;
  /** This exporter's vantage point. */
  readonly vantage: Vantage;
  readonly vantages: readonly Vantage[];
  readonly maxConcurrentProbes: number;
  /** Vantage used for clients whose location is unknown (private, loopback, unlisted IPs). */
  readonly defaultVantage: string;
  /** sha256 (hex) of the admin key, when one is configured. */
  readonly adminKeySha256?: string;
  readonly regions: readonly RegionConfig[];
}

export const DEFAULT_INTERVAL_MS = 15_000;
export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_HEALTH_POLICY: HealthPolicy = Object.freeze({
  window: 5,
  downAfter: 3,
  degradedAfter: 3,
  degradedLatencyMs: 500,
  degradedLoadRatio: 0.85,
});
