/**
 * The versioned spec files under alert-rules/specs (apiVersion pulse/rules/v1), exactly as users
 * write them. Each file holds one `kind`. Unknown keys are rejected everywhere. The Routing kind
 * lives with the Alertmanager renderer (../alertmanager).
 */
import { z } from 'zod';
import { parseDuration } from '../../../common/duration';
import { CHANNELS, SEVERITIES } from '../model/types';

export const API_VERSION = 'pulse/rules/v1';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, { message: 'must be a duration such as 5m, 1h or 7d' });
const ruleName = z.string().regex(/^[A-Z][A-Za-z0-9]{1,63}$/, 'must be an alert name in UpperCamelCase (letters and digits)');
const labelName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a label name (lowercase letters, digits, _)');
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a metric name');
const ratio = z.number().min(0).max(1);
const url = z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL');

const header = { apiVersion: z.literal(API_VERSION) };

export const aggregatesSpec = z.strictObject({
  ...header,
  kind: z.literal('Aggregates'),
  usage: z.strictObject({ windows: z.array(duration).min(1) }),
  trend: z.strictObject({ window: duration, stable_within: ratio }),
  latency: z.strictObject({ quantiles: z.array(z.number().gt(0).lt(1)).min(1), window: duration }),
});

export const customMetricsSpec = z.strictObject({
  ...header,
  kind: z.literal('CustomMetrics'),
  metrics: z.array(
    z.strictObject({
      name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
      type: z.enum(['counter', 'gauge', 'histogram']),
      unit: z.string().regex(/^[a-z]+$/).optional(),
      aggregation: z.enum(['sum', 'avg', 'min', 'max', 'count']),
      metric: metricName,
      matchers: z.record(labelName, z.string()).default({}),
      by: z.array(labelName).default([]),
      window: duration.default('5m'),
      description: z.string().optional(),
    }),
  ),
});

export const CONDITIONS = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'] as const;
export type Condition = (typeof CONDITIONS)[number];

const annotationsSpec = {
  summary: z.string().min(1),
  description: z.string().min(1),
  runbook_url: url,
};

export const alertsSpec = z.strictObject({
  ...header,
  kind: z.literal('Alerts'),
  alerts: z.array(
    z.strictObject({
      name: ruleName,
      metric: metricName,
      /** How the metric is read: its value, or its increase or per-second rate over `window`. */
      function: z.enum(['value', 'increase', 'rate']).default('value'),
      window: duration.optional(),
      aggregation: z.enum(['sum', 'avg', 'min', 'max', 'count']).default('sum'),
      by: z.array(labelName).default([]),
      matchers: z.record(labelName, z.string()).default({}),
      condition: z.enum(CONDITIONS),
      threshold: z.number().finite(),
      for: duration.default('0s'),
      severity: z.enum(SEVERITIES),
      channels: z.array(z.enum(CHANNELS)).optional(),
      project: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a project id').optional(),
      ...annotationsSpec,
    }),
  ),
});

const builtinAlert = { enabled: z.boolean().default(true), for: duration.optional(), severity: z.enum(SEVERITIES).optional(), runbook_url: url.optional() };

export const builtinAlertsSpec = z.strictObject({
  ...header,
  kind: z.literal('BuiltinAlerts'),
  runbook_base_url: url,
  exporter_job: z.string().min(1).default('pulse-exporter'),
  forecaster_job: z.string().min(1).default('pulse-forecaster'),
  region_down: z.strictObject({ ...builtinAlert, quorum: z.number().int().min(1) }),
  region_degraded: z.strictObject({ ...builtinAlert, quorum: z.number().int().min(1) }),
  probe_latency_high: z.strictObject({ ...builtinAlert, quantile: z.number().gt(0).lt(1), threshold: duration }),
  region_load_high: z.strictObject({ ...builtinAlert, threshold: ratio }),
  region_near_capacity: z.strictObject({ ...builtinAlert, threshold: ratio }),
  component_down: z.strictObject({ ...builtinAlert }),
  forecast_limit: z.strictObject({ ...builtinAlert, within_days: z.number().positive() }),
  forecast_anomaly: z.strictObject({ ...builtinAlert }),
  tls_expiry: z.strictObject({ ...builtinAlert, warn_days: z.number().positive(), critical_days: z.number().positive() }),
});

export const slosSpec = z.strictObject({
  ...header,
  kind: z.literal('SLOs'),
  period: z.enum(['7d', '28d', '30d']),
  runbook_base_url: url,
  slos: z.array(
    z.strictObject({
      name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes'),
      sli: z.enum(['availability', 'latency']),
      objective: z.number().gt(0).lt(1),
      /** For latency SLIs: requests faster than this are good; must be a histogram bucket boundary. */
      threshold: duration.optional(),
      description: z.string().min(1),
    }),
  ),
});

export const insightsSpec = z.strictObject({
  ...header,
  kind: z.literal('Insights'),
  runbook_base_url: url,
  region_underused: z.strictObject({ enabled: z.boolean().default(true), below: ratio, for: duration }),
  usage_surge: z.strictObject({ enabled: z.boolean().default(true), above: z.number().positive(), for: duration }),
  ingestion_rejections: z.strictObject({ enabled: z.boolean().default(true), above: ratio, for: duration }),
});

export type AggregatesSpec = z.output<typeof aggregatesSpec>;
export type CustomMetricsSpec = z.output<typeof customMetricsSpec>;
export type AlertsSpec = z.output<typeof alertsSpec>;
export type AlertSpec = AlertsSpec['alerts'][number];
export type BuiltinAlertsSpec = z.output<typeof builtinAlertsSpec>;
export type SlosSpec = z.output<typeof slosSpec>;
export type InsightsSpec = z.output<typeof insightsSpec>;

/** Spec kinds by their `kind` value (Routing is loaded by ../alertmanager). */
export const SPEC_SCHEMAS = {
  Aggregates: aggregatesSpec,
  CustomMetrics: customMetricsSpec,
  Alerts: alertsSpec,
  BuiltinAlerts: builtinAlertsSpec,
  SLOs: slosSpec,
  Insights: insightsSpec,
} as const;
export type SpecKind = keyof typeof SPEC_SCHEMAS | 'Routing';
