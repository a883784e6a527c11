/**
 * Built-in alerts every Pulse installation wants: region down by quorum of vantage points,
 * degraded, slow, loaded, near capacity; Pulse components down; forecasts crossing a limit;
 * usage outside its forecast band; TLS certificates expiring. Each comes with its scenarios.
 */
import { forecastMetrics, PROBE_DURATION_BUCKETS, probeMetrics, regionMetrics } from '../../../common/metrics/catalogue';
import type { RoutingSpec } from '../alertmanager';
import type { AlertingRule, AlertTests, InputSeries, RuleFile, Severity } from '../model/types';
import { derived, dur, matchers, num, seconds } from '../render/promql';
import type { AggregatesSpec, BuiltinAlertsSpec } from '../spec-files/schema';
import { latencyQuantileRecord, LOAD_RATIO_RECORD } from './aggregates';
import { fireAndQuiet, makeAlert, type AlertDraft } from './alert-rule';

const FILES = ['aggregates.rules.yml', 'builtin.rules.yml'];
const REPLICA = { instance: 'exporter-1:9470', job: 'pulse-exporter' };
const gauge = (name: string, labels: Record<string, string>, value: number, count = 60): InputSeries => ({
  series: `${name}${matchers({ ...labels, ...REPLICA })}`,
  values: `${derived(value)}+0x${count}`,
});
const minutes = (text: string | undefined) => Math.ceil(seconds(text ?? '0s') / 60);

interface Built {
  readonly rule: AlertingRule;
  readonly tests: AlertTests;
}

type Settings = { enabled: boolean; for?: string; severity?: Severity; runbook_url?: string };

function draft(spec: BuiltinAlertsSpec, settings: Settings, base: { alert: string; expr: string; for: string; severity: Severity; summary: string; description: string }): AlertDraft {
  return {
    ...base,
    for: dur(settings.for ?? base.for),
    severity: settings.severity ?? base.severity,
    runbookUrl: settings.runbook_url ?? `${spec.runbook_base_url.replace(/\/$/, '')}/${base.alert.toLowerCase()}`,
  };
}

/** Fires `for` + 2 minutes after a constant input starts; pending halfway. */
function timing(rule: AlertingRule) {
  const m = minutes(rule.for);
  return { firesAt: `${m + 2}m`, pendingAt: m >= 2 ? `${Math.floor(m / 2)}m` : undefined };
}

function healthQuorum(spec: BuiltinAlertsSpec, routing: RoutingSpec, state: 'down' | 'degraded'): Built {
  const settings = state === 'down' ? spec.region_down : spec.region_degraded;
  const name = regionMetrics.healthState.name;
  const rule = makeAlert(
    draft(spec, settings, {
      alert: state === 'down' ? 'PulseRegionDown' : 'PulseRegionDegraded',
      // One vote per vantage point (replicas at one vantage point agree), counted per region.
      expr: `count by (region) (max by (region, vantage) (${name}{state="${state}"}) == 1) >= ${settings.quorum}`,
      // The exporter's health state already debounces (N of M failures to go down, K in a row to
      // come back): down pages at the first evaluation that sees it, so a page comes within a
      // minute (README, Health: the time to page). Degraded is not a page and waits.
      for: state === 'down' ? '0s' : '5m',
      severity: state === 'down' ? 'critical' : 'medium',
      summary: `Region {{ $labels.region }} is ${state}`,
      description: `At least ${settings.quorum} vantage point(s) see region {{ $labels.region }} ${state}${state === 'down' ? ': clients are sent to its failover regions' : ' (slow or overloaded)'}.`,
    }),
    routing,
  );
  const votes = (down: number) =>
    Array.from({ length: settings.quorum }, (_, i) => gauge(name, { region: 'eu-west', vantage: `v${i + 1}`, state }, i < down ? 1 : 0));
  return {
    rule,
    tests: fireAndQuiet(rule, FILES, { fire: votes(settings.quorum), quiet: votes(settings.quorum - 1), labels: { region: 'eu-west' }, ...timing(rule) }),
  };
}

/** Bucket counters whose observations all land just above `seconds`, or well below it. */
function latencyBuckets(latencySeconds: number): InputSeries[] {
  return [...PROBE_DURATION_BUCKETS.map(String), '+Inf'].map((le) => ({
    series: `${regionMetrics.probeDuration.name}_bucket${matchers({ region: 'eu-west', vantage: 'v1', le, ...REPLICA })}`,
    values: `0+${le === '+Inf' || Number(le) >= latencySeconds ? 10 : 0}x60`,
  }));
}

function probeLatency(spec: BuiltinAlertsSpec, aggregates: AggregatesSpec, routing: RoutingSpec): Built {
  const settings = spec.probe_latency_high;
  const threshold = seconds(settings.threshold);
  const rule = makeAlert(
    draft(spec, settings, {
      alert: 'PulseProbeLatencyHigh',
      expr: `${latencyQuantileRecord(settings.quantile, aggregates.latency.window)} > ${num(threshold)}`,
      for: '10m',
      severity: 'medium',
      summary: `Probes of region {{ $labels.region }} are slow`,
      description: `The p${derived(settings.quantile * 100)} probe latency of region {{ $labels.region }} is above ${settings.threshold}.`,
    }),
    routing,
  );
  const above = PROBE_DURATION_BUCKETS.find((b) => b > threshold) ?? threshold * 2;
  const below = [...PROBE_DURATION_BUCKETS].reverse().find((b) => b < threshold / 2) ?? PROBE_DURATION_BUCKETS[0];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: latencyBuckets(above), quiet: latencyBuckets(below), labels: { region: 'eu-west' }, ...timing(rule) }) };
}

function loadAlert(spec: BuiltinAlertsSpec, routing: RoutingSpec, kind: 'high' | 'capacity'): Built {
  const settings = kind === 'high' ? spec.region_load_high : spec.region_near_capacity;
  const rule = makeAlert(
    draft(spec, settings, {
      alert: kind === 'high' ? 'PulseRegionLoadHigh' : 'PulseRegionNearCapacity',
      expr: `${LOAD_RATIO_RECORD} > ${num(settings.threshold)}`,
      for: kind === 'high' ? '10m' : '5m',
      severity: kind === 'high' ? 'high' : 'critical',
      summary: kind === 'high' ? 'Region {{ $labels.region }} is heavily loaded' : 'Region {{ $labels.region }} is near its capacity',
      description: `Region {{ $labels.region }} runs above ${derived(settings.threshold * 100)} % of its capacity; new sessions ${kind === 'high' ? 'will soon' : 'now'} go to its failover regions.`,
    }),
    routing,
  );
  const load = (ratio: number) => [gauge(regionMetrics.loadRatio.name, { region: 'eu-west' }, ratio)];
  const fire = Math.min(1, settings.threshold + (1 - settings.threshold) / 2);
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: load(fire), quiet: load(settings.threshold / 2), labels: { region: 'eu-west' }, ...timing(rule) }) };
}

function componentDown(spec: BuiltinAlertsSpec, routing: RoutingSpec, component: 'exporter' | 'forecaster'): Built {
  const job = component === 'exporter' ? spec.exporter_job : spec.forecaster_job;
  const sel = `up${matchers({ job })}`;
  const rule = makeAlert(
    draft(spec, spec.component_down, {
      alert: component === 'exporter' ? 'PulseExporterDown' : 'PulseForecasterDown',
      // A failing scrape (up == 0) or a target that vanished from discovery (absent).
      expr: `${sel} == 0 or absent(${sel})`,
      for: '2m',
      severity: component === 'exporter' ? 'critical' : 'high',
      summary: `pulse-${component} {{ $labels.instance }} is down`,
      description: `Prometheus cannot scrape pulse-${component} (job ${job}) {{ $labels.instance }}: ${component === 'exporter' ? 'probing, selection and usage metrics are stale' : 'forecasts are stale'}.`,
    }),
    routing,
  );
  const up = (value: number) => [{ series: `up${matchers({ job, instance: `${component}-1:9470` })}`, values: `${value}+0x30` }];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: up(0), quiet: up(1), labels: { job, instance: `${component}-1:9470` }, ...timing(rule) }) };
}

function forecastLimit(spec: BuiltinAlertsSpec, routing: RoutingSpec): Built {
  const settings = spec.forecast_limit;
  const name = forecastMetrics.timeToLimit.name;
  const inSeconds = (days: number) => derived(days * 86_400);
  const rule = makeAlert(
    draft(spec, settings, {
      alert: 'PulseForecastCrossesLimit',
      expr: `min by (metric, project, region, limit) (${name}) < ${inSeconds(settings.within_days)}`,
      for: '30m',
      severity: 'medium',
      summary: 'Forecast: {{ $labels.metric }} of {{ $labels.project }} in {{ $labels.region }} crosses its {{ $labels.limit }}',
      description: `The forecast of {{ $labels.metric }} for project {{ $labels.project }} in {{ $labels.region }} crosses its {{ $labels.limit }} within ${num(settings.within_days)} days.`,
    }),
    routing,
  );
  const labels = { metric: 'participant_minutes', project: 'acme', region: 'eu-west', limit: 'quota' };
  const days = (d: number) => [{ series: `${name}${matchers({ ...labels, instance: 'forecaster-1:9471', job: 'pulse-forecaster' })}`, values: `${inSeconds(d)}+0x60` }];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: days(settings.within_days / 2), quiet: days(settings.within_days * 3), labels, ...timing(rule) }) };
}

function forecastAnomaly(spec: BuiltinAlertsSpec, routing: RoutingSpec): Built {
  const name = forecastMetrics.anomaly.name;
  const rule = makeAlert(
    draft(spec, spec.forecast_anomaly, {
      alert: 'PulseUsageAnomaly',
      expr: `max by (metric, project, region) (${name}) == 1`,
      for: '30m',
      severity: 'low',
      summary: 'Unusual {{ $labels.metric }} for {{ $labels.project }} in {{ $labels.region }}',
      description: '{{ $labels.metric }} of project {{ $labels.project }} in {{ $labels.region }} has stayed far outside its 95 % forecast band (twice the band\'s distance from the median).',
    }),
    routing,
  );
  const labels = { metric: 'participant_minutes', project: 'acme', region: 'eu-west' };
  const flag = (v: number) => [{ series: `${name}${matchers({ ...labels, instance: 'forecaster-1:9471', job: 'pulse-forecaster' })}`, values: `${v}+0x60` }];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: flag(1), quiet: flag(0), labels, ...timing(rule) }) };
}

function tlsExpiry(spec: BuiltinAlertsSpec, routing: RoutingSpec, level: 'warn' | 'critical'): Built {
  const settings = spec.tls_expiry;
  const days = level === 'warn' ? settings.warn_days : settings.critical_days;
  const name = probeMetrics.sslEarliestCertExpiry.name;
  const rule = makeAlert(
    draft(spec, settings, {
      alert: level === 'warn' ? 'PulseTlsCertificateExpiring' : 'PulseTlsCertificateExpiryImminent',
      expr: `min by (region) (${name}) - time() < ${derived(days * 86400)}`,
      for: '10m',
      severity: level === 'warn' ? 'high' : 'critical',
      summary: 'The TLS certificate of region {{ $labels.region }} expires soon',
      description: `A certificate of region {{ $labels.region }} expires in less than ${num(days)} days: renew it.`,
    }),
    routing,
  );
  const expiry = (inDays: number) => [gauge(name, { region: 'eu-west', vantage: 'v1' }, inDays * 86400)];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: expiry(days / 2), quiet: expiry(days * 2), labels: { region: 'eu-west' }, ...timing(rule) }) };
}

export function buildBuiltinAlerts(spec: BuiltinAlertsSpec, aggregates: AggregatesSpec, routing: RoutingSpec): { file: RuleFile; tests: AlertTests[] } {
  const candidates: Array<[Settings, () => Built]> = [
    [spec.region_down, () => healthQuorum(spec, routing, 'down')],
    [spec.region_degraded, () => healthQuorum(spec, routing, 'degraded')],
    [spec.probe_latency_high, () => probeLatency(spec, aggregates, routing)],
    [spec.region_load_high, () => loadAlert(spec, routing, 'high')],
    [spec.region_near_capacity, () => loadAlert(spec, routing, 'capacity')],
    [spec.component_down, () => componentDown(spec, routing, 'exporter')],
    [spec.component_down, () => componentDown(spec, routing, 'forecaster')],
    [spec.forecast_limit, () => forecastLimit(spec, routing)],
    [spec.forecast_anomaly, () => forecastAnomaly(spec, routing)],
    [spec.tls_expiry, () => tlsExpiry(spec, routing, 'warn')],
    [spec.tls_expiry, () => tlsExpiry(spec, routing, 'critical')],
  ];
  const built = candidates.filter(([settings]) => settings.enabled).map(([, build]) => build());
  return {
    file: { name: 'builtin', groups: [{ name: 'pulse-builtin', rules: built.map((b) => b.rule) }] },
    tests: built.map((b) => b.tests),
  };
}

