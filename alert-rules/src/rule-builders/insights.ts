/**
 * Insights, the original design's recommendations, as info-severity alerts with their impact in
 * the annotations: a region idling under its capacity for days, a project's usage surging, and
 * clients whose usage events are often rejected.
 */
import { regionMetrics, usageEventMetrics, usageMetrics, USAGE_TYPES } from '../../../common/metrics/catalogue';
import type { RoutingSpec } from '../alertmanager';
import type { AlertTests, InputSeries, RuleFile } from '../model/types';
import { derived, dur, matchers, num, seconds, WITHOUT_REPLICAS } from '../render/promql';
import type { AggregatesSpec, InsightsSpec } from '../spec-files/schema';
import { LOAD_RATIO_RECORD, usageTrendRecord } from './aggregates';
import { fireAndQuiet, makeAlert } from './alert-rule';

const minutes = (text: string) => Math.ceil(seconds(text) / 60);

const FILES = ['aggregates.rules.yml', 'insights.rules.yml'];
const REPLICA = { instance: 'exporter-1:9470', job: 'pulse-exporter' };

function regionUnderused(spec: InsightsSpec, routing: RoutingSpec) {
  const s = spec.region_underused;
  const rule = makeAlert(
    {
      alert: 'PulseRegionUnderused',
      expr: `max_over_time(${LOAD_RATIO_RECORD}[${dur(s.for)}]) < ${num(s.below)}`,
      for: '1h',
      severity: 'info',
      summary: 'Region {{ $labels.region }} is mostly idle: consider scaling it down',
      description: `Region {{ $labels.region }} stayed under ${derived(s.below * 100)} % of its capacity for ${dur(s.for)}. Impact: its capacity could shrink without affecting sessions.`,
      runbookUrl: `${spec.runbook_base_url.replace(/\/$/, '')}/pulseregionunderused`,
    },
    routing,
  );
  const load = (ratio: number): InputSeries[] => [{ series: `${regionMetrics.loadRatio.name}${matchers({ region: 'eu-west', ...REPLICA })}`, values: `${derived(ratio)}+0x300` }];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: load(s.below / 2), quiet: load(Math.min(1, s.below * 3)), labels: { region: 'eu-west' }, firesAt: '3h', interval: '5m' }) };
}

function usageSurge(spec: InsightsSpec, aggregates: AggregatesSpec, routing: RoutingSpec) {
  const s = spec.usage_surge;
  const window = dur(aggregates.trend.window);
  const counters = USAGE_TYPES.filter((t) => usageMetrics[t].type === 'counter');
  // One alert for every usage type, told apart by a `usage` label.
  const expr = counters.map((t) => `label_replace(${usageTrendRecord(t, window)} > ${num(s.above)}, "usage", "${t}", "", "")`).join(' or ');
  const rule = makeAlert(
    {
      alert: 'PulseUsageSurge',
      expr,
      for: dur(s.for),
      severity: 'info',
      summary: '{{ $labels.usage }} of project {{ $labels.project }} surges in {{ $labels.region }}',
      description: `{{ $labels.usage }} of project {{ $labels.project }} in {{ $labels.region }} grew by more than ${derived(s.above * 100)} % from one ${window} to the next, for ${dur(s.for)}. Impact: check quotas and capacity ahead of the trend.`,
      runbookUrl: `${spec.runbook_base_url.replace(/\/$/, '')}/pulseusagesurge`,
    },
    routing,
  );
  const labels = { project: 'acme', region: 'eu-west' };
  const name = usageMetrics[counters[0]].name;
  // Steady usage for 30 minutes, then growing by `factor` every trend window: a sustained surge.
  // The quiet case stays steady.
  const windowMinutes = minutes(aggregates.trend.window);
  const factor = Math.max(2, 1 + s.above * 2);
  const segments = Math.ceil((minutes(s.for) + 4 * windowMinutes) / windowMinutes);
  let value = 0;
  let slope = 10;
  const parts = [`0+${slope}x30`];
  value += slope * 30;
  for (let i = 0; i < segments; i++) {
    slope *= factor;
    value += slope;
    parts.push(`${derived(value)}+${derived(slope)}x${windowMinutes - 1}`);
    value += slope * (windowMinutes - 1);
  }
  const total = 30 + segments * windowMinutes;
  const fire: InputSeries[] = [{ series: `${name}${matchers({ ...labels, ...REPLICA })}`, values: parts.join(' ') }];
  const quiet: InputSeries[] = [{ series: `${name}${matchers({ ...labels, ...REPLICA })}`, values: `0+10x${total}` }];
  const firesAt = `${30 + 2 * windowMinutes + minutes(s.for) + 2}m`;
  return { rule, tests: fireAndQuiet(rule, FILES, { fire, quiet, labels: { ...labels, usage: counters[0] }, firesAt }) };
}

function ingestionRejections(spec: InsightsSpec, routing: RoutingSpec) {
  const s = spec.ingestion_rejections;
  const events = usageEventMetrics.events.name;
  const rate = (sel: string) => `sum(max ${WITHOUT_REPLICAS} (rate(${events}${sel}[15m])))`;
  const rule = makeAlert(
    {
      alert: 'PulseUsageEventsRejected',
      expr: `${rate('{result="rejected"}')} / ${rate('')} > ${num(s.above)}`,
      for: dur(s.for),
      severity: 'info',
      summary: 'Many usage events are rejected',
      description: `More than ${derived(s.above * 100)} % of usage events sent to Pulse are rejected. Impact: clients that do not fix their events lose that usage from billing and forecasts.`,
      runbookUrl: `${spec.runbook_base_url.replace(/\/$/, '')}/pulseusageeventsrejected`,
    },
    routing,
  );
  const traffic = (rejected: number): InputSeries[] => [
    { series: `${events}${matchers({ result: 'accepted', ...REPLICA })}`, values: `0+${derived(100 - rejected)}x90` },
    { series: `${events}${matchers({ result: 'rejected', ...REPLICA })}`, values: `0+${derived(rejected)}x90` },
  ];
  return { rule, tests: fireAndQuiet(rule, FILES, { fire: traffic(Math.min(90, s.above * 200)), quiet: traffic(s.above * 50), labels: {}, firesAt: `${20 + minutes(s.for)}m` }) };
}

export function buildInsights(spec: InsightsSpec, aggregates: AggregatesSpec, routing: RoutingSpec): { file: RuleFile; tests: AlertTests[] } {
  const built = [
    ...(spec.region_underused.enabled ? [regionUnderused(spec, routing)] : []),
    ...(spec.usage_surge.enabled ? [usageSurge(spec, aggregates, routing)] : []),
    ...(spec.ingestion_rejections.enabled ? [ingestionRejections(spec, routing)] : []),
  ];
  return { file: { name: 'insights', groups: [{ name: 'pulse-insights', rules: built.map((b) => b.rule) }] }, tests: built.map((b) => b.tests) };
}
