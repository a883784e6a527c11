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

/** A project that may send usage, with the sha256 of its API key. */
export interface ProjectConfig {
  readonly id: string;
  readonly keySha256?: string;
  readonly rateLimitPerMinute: number;
}

/** Undeclared projects whose id matches `regex` may send usage, up to `maxProjects` of them, with one shared key. */
export interface ProjectPattern {
  readonly regex: RegExp;
  readonly maxProjects: number;
  readonly keySha256?: string;
  readonly rateLimitPerMinute: number;
}

export interface UsageSettings {
  readonly rateLimitPerMinute: number;
  readonly idempotencyWindowMs: number;
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
  readonly projects: readonly ProjectConfig[];
  readonly projectPattern?: ProjectPattern;
  readonly usage: UsageSettings;
  /** sha256 of the bearer token /metrics requires, when one is set. */
  readonly metricsTokenSha256?: string;
  /** sha256 of the bearer token the Alertmanager webhook must present, when one is set. */
  readonly webhookTokenSha256?: string;
  readonly alertRetentionMs: number;
  /** Project alerts defined through the analytics API; off (the endpoints answer 503) when absent. */
  readonly projectAlerts?: ProjectAlertSettings;
}

export interface ProjectAlertSettings {
  /** Absolute directory Prometheus loads `project-*.rules.yml` from. */
  readonly rulesDir: string;
  readonly prometheusUrl: string;
  /** For acknowledgements (silences); none: acknowledging answers 503. */
  readonly alertmanagerUrl?: string;
  readonly maxPerProject: number;
  /** How often every replica rebuilds the rule files from the store. */
  readonly syncIntervalMs: number;
  readonly runbookUrl: string;
  /** Hosts and addresses notifications may reach over http and on internal networks. */
  readonly allowDestinations: readonly string[];
  readonly delivery: { readonly initialBackoffMs: number; readonly maxBackoffMs: number; readonly giveUpAfterMs: number };
  /** Plain SMTP relay for the email channel (none: email is off). */
  readonly smtp?: { readonly host: string; readonly port: number; readonly from: string };
}

export const DEFAULT_PROJECT_ALERT_RUNBOOK = 'https://runbooks.example.com/pulse/projectalert';

export const DEFAULT_INTERVAL_MS = 15_000;
export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1000;
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 86_400_000;
export const DEFAULT_ALERT_RETENTION_MS = 90 * 86_400_000;
export const DEFAULT_HEALTH_POLICY: HealthPolicy = Object.freeze({
  window: 5,
  downAfter: 3,
  degradedAfter: 3,
  degradedLatencyMs: 500,
  degradedLoadRatio: 0.85,
});
