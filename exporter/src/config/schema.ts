/**
 * The external, versioned shape of `pulse.yml` (apiVersion pulse/v1), exactly as users write it.
 * Unknown keys are rejected everywhere. Cross-field rules and defaults live in resolve.ts, which
 * turns this into the internal model (model.ts).
 */
import { z } from 'zod';
import { parseDuration } from '../../../common/duration';
import { SELECTION_STRATEGIES } from './model';

const duration = z.string().refine((text) => Number.isSafeInteger(parseDuration(text)), {
  message: 'must be a duration such as 250ms, 15s or 1m',
});

/** A duration within bounds; the error names them. */
const durationWithin = (minMs: number, maxMs: number, bounds: string) =>
  duration.refine((text) => !Number.isSafeInteger(parseDuration(text)) || (parseDuration(text)! >= minMs && parseDuration(text)! <= maxMs), {
    message: `must be a duration from ${bounds}`,
  });

/**
 * Probe clocks are timers: past 2^31 - 1 ms (24.8 days) setTimeout fires after 1 ms instead, so
 * an absurd interval would probe without pause. Intervals run from 100ms to 24h; a timeout is
 * above 0 (and shorter than its interval, checked in resolve-probe.ts).
 */
const probeInterval = durationWithin(100, 86_400_000, '100ms to 24h');
const probeTimeout = durationWithin(1, 86_400_000, '1ms to 24h');

const httpUrl = z.string().refine((text) => /^https?:\/\/[^\s/]+/.test(text) && URL.canParse(text), { message: 'must be an http:// or https:// URL' });

const code = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lowercase letters, digits and dashes, starting with a letter, at most 32 characters');

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

const tlsConfig = z.strictObject({
  insecure_skip_verify: z.boolean().default(false),
  ca_file: z.string().min(1).optional(),
  server_name: z.string().min(1).optional(),
});

const common = {
  target: z.string().min(1),
  interval: probeInterval.optional(),
  timeout: probeTimeout.optional(),
};

const httpProbe = z.strictObject({
  kind: z.literal('http'),
  ...common,
  http: z
    .strictObject({
      method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
      headers: z.record(z.string(), z.string()).default({}),
      valid_status_codes: z.array(z.number().int().min(100).max(599)).default([]),
      fail_if_body_not_matches_regexp: z.array(z.string()).default([]),
      load_field: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be a dotted field path such as load.participants').optional(),
      tls_config: tlsConfig.default({ insecure_skip_verify: false }),
    })
    .default({ method: 'GET', headers: {}, valid_status_codes: [], fail_if_body_not_matches_regexp: [], tls_config: { insecure_skip_verify: false } }),
});

const tcpProbe = z.strictObject({
  kind: z.literal('tcp'),
  ...common,
  tcp: z
    .strictObject({ tls: z.boolean().default(false), tls_config: tlsConfig.default({ insecure_skip_verify: false }) })
    .default({ tls: false, tls_config: { insecure_skip_verify: false } }),
});

const websocketProbe = z.strictObject({
  kind: z.literal('websocket'),
  ...common,
  websocket: z
    .strictObject({ send: z.string().optional(), tls_config: tlsConfig.default({ insecure_skip_verify: false }) })
    .default({ tls_config: { insecure_skip_verify: false } }),
});

export const probeSchema = z.discriminatedUnion('kind', [httpProbe, tcpProbe, websocketProbe]);

/** 0s (no confirmation probes) or, like a probe interval, from 100ms to 24h (and shorter than the interval, checked in resolve.ts). */
const confirmDelay = duration.refine((text) => !Number.isSafeInteger(parseDuration(text)) || parseDuration(text) === 0 || (parseDuration(text)! >= 100 && parseDuration(text)! <= 86_400_000), {
  message: 'must be 0s (off) or a duration from 100ms to 24h',
});

const healthPolicy = z.strictObject({
  window: z.number().int().min(1).max(100).optional(),
  down_after: z.number().int().min(1).optional(),
  degraded_after: z.number().int().min(1).optional(),
  recover_after: z.number().int().min(1).optional(),
  degraded_latency: duration.optional(),
  degraded_load_ratio: z.number().positive().optional(),
  confirm_delay: confirmDelay.optional(),
});

const region = z.strictObject({
  code,
  name: z.string().min(1).max(100),
  url: z.string().min(1),
  latitude,
  longitude,
  priority: z.number().int().min(0).max(100),
  capacity: z.number().positive(),
  failover: z.array(code).default([]),
  active: z.boolean().default(true),
  probe: probeSchema,
  health: healthPolicy.optional(),
});

const vantage = z.strictObject({ name: code, latitude, longitude });

/** Where a secret comes from: only its hash in the file, or a file, or an environment variable. */
const secretSource = {
  key_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (sha256 of the key)').optional(),
  key_file: z.string().min(1).optional(),
  key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name').optional(),
};

export const PROJECT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const projectId = z.string().regex(PROJECT_ID_PATTERN, 'must be 1-63 lowercase letters, digits, _ and -, starting with a letter or digit');

const project = z.strictObject({
  id: projectId,
  ...secretSource,
  rate_limit_per_minute: z.number().int().min(1).max(1_000_000).optional(),
  /** Values the project records itself (POST /api/v1/analytics/metrics): its bounds, default 50 names and 1,000 series. */
  recorded_metrics: z.strictObject({ max_names: z.number().int().min(1).max(10_000).optional(), max_series: z.number().int().min(1).max(1_000_000).optional() }).optional(),
});

const projectPattern = z.strictObject({
  regex: z.string().min(1),
  max_projects: z.number().int().min(1).max(10_000),
  ...secretSource,
});

export const pulseConfigSchema = z.strictObject({
  apiVersion: z.literal('pulse/v1'),
  vantage: code,
  vantages: z.array(vantage).min(1),
  scheduler: z
    .strictObject({ max_concurrent_probes: z.number().int().min(1).max(10_000).default(32) })
    .default({ max_concurrent_probes: 32 }),
  defaults: z
    .strictObject({
      probe: z.strictObject({ interval: probeInterval.optional(), timeout: probeTimeout.optional() }).optional(),
      health: healthPolicy.optional(),
    })
    .optional(),
  selection: z
    .strictObject({
      default_vantage: code.optional(),
      strategy: z.enum(SELECTION_STRATEGIES).optional(),
      spread_margin: z.number().finite().min(0).max(1000).optional(),
      load_stale_after: duration.optional(),
    })
    .optional(),
  admin: z.strictObject({ ...secretSource }).optional(),
  regions: z.array(region).min(1),
  projects: z.array(project).default([]),
  project_pattern: projectPattern.optional(),
  usage: z
    .strictObject({
      rate_limit_per_minute: z.number().int().min(1).max(1_000_000).optional(),
      idempotency_window: duration.optional(),
    })
    .optional(),
  metrics: z.strictObject({ bearer_token_file: z.string().min(1).optional() }).optional(),
  project_alerts: z
    .strictObject({
      rules_dir: z.string().min(1),
      prometheus_url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
      alertmanager_url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL').optional(),
      max_per_project: z.number().int().min(1).max(10_000).default(100),
      sync_interval: duration.default('30s'),
      runbook_url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL').optional(),
      /** The project's dashboard, linked from its messages; `{project}` stands for the project id. */
      dashboard_url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL').optional(),
      allow_destinations: z.array(z.string().min(1)).default([]),
      delivery: z
        .strictObject({ initial_backoff: duration.default('1s'), max_backoff: duration.default('5m'), give_up_after: duration.default('1h') })
        .default({ initial_backoff: '1s', max_backoff: '5m', give_up_after: '1h' }),
      smtp: z
        .strictObject({
          host: z.string().min(1),
          port: z.number().int().min(1).max(65535).default(25),
          from: z.email(),
          tls: z.enum(['starttls', 'required', 'implicit', 'none']).default('starttls'),
          user: z.string().min(1).optional(),
          password_file: z.string().min(1).optional(),
        })
        .optional(),
    })
    .optional(),
  alerts: z.strictObject({ webhook_token_file: z.string().min(1).optional(), retention: duration.optional() }).optional(),
  /** The forecaster the analytics forecast endpoint asks (pulse-forecaster's /api/v1/forecast). */
  forecaster: z.strictObject({ url: httpUrl, timeout: duration.optional() }).optional(),
  /** Export jobs of the analytics API: where they read usage, and their limits. */
  exports: z
    .strictObject({
      prometheus_url: httpUrl.optional(),
      query_timeout: duration.optional(),
      expire_after: duration.optional(),
      max_file_bytes: z.number().int().min(1024).max(256 * 1024 * 1024).optional(),
      max_range: duration.optional(),
    })
    .optional(),
});

export type PulseConfigSpec = z.output<typeof pulseConfigSchema>;
export type RegionSpec = PulseConfigSpec['regions'][number];
export type ProbeConfigSpec = z.output<typeof probeSchema>;
export type TlsConfigSpec = z.output<typeof tlsConfig>;
export type HealthPolicySpec = z.output<typeof healthPolicy>;
export type ProjectSpec = z.output<typeof project>;
export type ProjectPatternSpec = z.output<typeof projectPattern>;
