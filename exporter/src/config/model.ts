/** The exporter's internal, validated and frozen configuration (see schema.ts for the file format). */
import type { RecordedLimits } from '../recorded/model';
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
  /** K: results in a row without the fault that bring a region back (successes from down, good answers from degraded). */
  readonly recoverAfter: number;
  readonly degradedLatencyMs: number;
  readonly degradedLoadRatio: number;
  /**
   * A failed probe is confirmed by probing again this long after it, while fewer than downAfter
   * probes in a row have failed (scheduler/confirmation.ts); 0: the next tick confirms. Unless
   * configured, the region's probe interval / CONFIRM_DELAY_INTERVAL_FRACTION.
   */
  readonly confirmDelayMs: number;
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
  /** Bounds of the values it records itself (recorded/model.ts has the defaults). */
  readonly recordedLimits?: RecordedLimits;
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

/** How POST /api/v1/regions/nearest chooses among the selectable regions (README, Selection). */
export const SELECTION_STRATEGIES = ['spread', 'lowest_score'] as const;
export type SelectionStrategy = (typeof SELECTION_STRATEGIES)[number];

export interface SelectionSettings {
  /** spread: a randomised choice among the regions near the best score, on predicted load; lowest_score: the seed's rule. */
  readonly strategy: SelectionStrategy;
  /** spread: regions whose score is within this many points of the best are near it. */
  readonly spreadMargin: number;
  /** spread: a load report older than this is not trusted. */
  readonly loadStaleAfterMs: number;
}

export const DEFAULT_SELECTION: SelectionSettings = Object.freeze({ strategy: 'spread', spreadMargin: 10, loadStaleAfterMs: 60_000 });

export interface PulseConfig {
  readonly sourceFile: string;
  /** This exporter's vantage point. */
  readonly vantage: Vantage;
  readonly vantages: readonly Vantage[];
  readonly maxConcurrentProbes: number;
  /** Vantage used for clients whose location is unknown (private, loopback, unlisted IPs). */
  readonly defaultVantage: string;
  readonly selection: SelectionSettings;
  /** sha256 (hex) of the admin key, when one is configured. */
  readonly adminKeySha256?: string;
  readonly regions: readonly RegionConfig[];
  readonly projects: readonly ProjectConfig[];
  readonly projectPattern?: ProjectPattern;
  readonly usage: UsageSettings;
  /** sha256 of the bearer token /metrics requires, when one is set. */
  readonly metricsTokenSha256?: string;
  /** sha256 of the bearer token the Alertmanager webhook must present; without one the webhook is off. */
  readonly webhookTokenSha256?: string;
  readonly alertRetentionMs: number;
  /** Where the analytics forecast endpoint asks; undefined: it answers 503. */
  readonly forecaster?: ForecasterSettings;
  readonly exports: ExportSettings;
  /** Project alerts defined through the analytics API; off (the endpoints answer 503) when absent. */
  readonly projectAlerts?: ProjectAlertSettings;
}

export interface ForecasterSettings {
  readonly url: string;
  readonly timeoutMs: number;
}

/** Export jobs (POST /api/v1/analytics/export/:project_id). */
export interface ExportSettings {
  /** Prometheus the jobs read; undefined: a job fails saying none is configured. */
  readonly prometheusUrl?: string;
  readonly queryTimeoutMs: number;
  /** A job and its file are removed this long after the request. */
  readonly expireAfterMs: number;
  /** The largest file a job may produce; a request that could exceed it is refused up front. */
  readonly maxFileBytes: number;
  /** The longest date range one export may cover (Prometheus keeps no more). */
  readonly maxRangeMs: number;
}

/** Where the webhook token comes from, for the messages that say the webhook is off. */
export const WEBHOOK_TOKEN_SETTINGS = 'set PULSE_WEBHOOK_TOKEN or alerts.webhook_token_file';

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
  /** The project's dashboard, `{project}` standing for the project id; none: messages link no dashboard. */
  readonly dashboardUrl?: string;
  /** Hosts and addresses notifications may reach over http and on internal networks. */
  readonly allowDestinations: readonly string[];
  readonly delivery: { readonly initialBackoffMs: number; readonly maxBackoffMs: number; readonly giveUpAfterMs: number };
  /** The SMTP relay of the email channel (none: email is off). */
  readonly smtp?: SmtpSettings;
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly from: string;
  /** starttls: when the relay offers it; required: refuse a relay without it; implicit: TLS from the start (465); none. */
  readonly tls: 'starttls' | 'required' | 'implicit' | 'none';
  readonly user?: string;
  readonly password?: string;
}

export const DEFAULT_PROJECT_ALERT_RUNBOOK = 'https://runbooks.example.com/pulse/projectalert';

export const DEFAULT_INTERVAL_MS = 15_000;
export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1000;
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 86_400_000;
export const DEFAULT_ALERT_RETENTION_MS = 90 * 86_400_000;
export const DEFAULT_FORECASTER_TIMEOUT_MS = 5_000;
export const DEFAULT_EXPORT_QUERY_TIMEOUT_MS = 120_000;
export const DEFAULT_EXPORT_EXPIRE_AFTER_MS = 7 * 86_400_000;
export const DEFAULT_EXPORT_MAX_FILE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_EXPORT_MAX_RANGE_MS = 90 * 86_400_000;
export const DEFAULT_HEALTH_POLICY: HealthPolicy = Object.freeze({
  window: 5,
  downAfter: 3,
  degradedAfter: 2,
  recoverAfter: 3,
  degradedLatencyMs: 500,
  degradedLoadRatio: 0.85,
  // The shipped 15 s interval's: resolve.ts derives each region's from its own interval.
  confirmDelayMs: 3000,
});

/**
 * confirm_delay unless configured: a fifth of the region's interval (3 s at 15 s). Short enough
 * that down_after failures come within seconds; long enough that a blip shorter than
 * (down_after - 1) × the delay (6 s with the defaults) stays a lost probe, not an outage.
 */
export const CONFIRM_DELAY_INTERVAL_FRACTION = 5;
