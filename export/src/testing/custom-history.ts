/**
 * Custom metrics as Prometheus holds them, for backfilling a test Prometheus: recorded values as
 * exporter replicas expose them (each series once per replica, identical), and definitions'
 * series as their recording rules write them (no replica labels). Hourly, from startS:
 * - `revenue` (counter): acme USD 100 + 3/hour, acme EUR 5/hour, globex USD 1000/hour;
 * - `cpu_usage` (gauge, acme, server web-01): 50 + the hour of the day, so every day peaks at 73;
 * - `checkout_seconds` (histogram, acme): observes 0.5 and 7 every hour (sum 7.5, count 2);
 * - definitions `project:eu_minutes:sum_rate5m` (acme 42, globex 7) and
 *   `project_region:storage_peak:max` (acme, eu-west, 9e9), constant.
 */
import type { BackfillSeries } from '../../../common/testing/prometheus-server';
import { RECORDED_BUCKETS } from '../../../exporter/src/recorded/model';

const HOUR_S = 3600;

export function customMetricHistory({ startS, hours, replicas }: { startS: number; hours: number; replicas: readonly string[] }): BackfillSeries[] {
  const hourList = Array.from({ length: hours + 1 }, (_, hour) => hour);
  const samples = (value: (hour: number) => number) => hourList.map((hour) => [startS + hour * HOUR_S, value(hour)] as const);
  const replicated = (name: string, type: 'counter' | 'gauge', labels: Record<string, string>, value: (hour: number) => number): BackfillSeries[] =>
    replicas.map((instance) => ({ name, type, labels: { instance, job: 'pulse-exporter', ...labels }, samples: samples(value) }));
  const checkout = { project: 'acme', category: 'performance' };
  return [
    ...replicated('pulse_custom_revenue_total', 'counter', { project: 'acme', category: 'business', currency: 'USD' }, (hour) => 100 + 3 * hour),
    ...replicated('pulse_custom_revenue_total', 'counter', { project: 'acme', category: 'business', currency: 'EUR' }, (hour) => 5 * hour),
    ...replicated('pulse_custom_revenue_total', 'counter', { project: 'globex', category: 'business', currency: 'USD' }, (hour) => 1000 * hour),
    ...replicated('pulse_custom_cpu_usage', 'gauge', { project: 'acme', category: 'system', server: 'web-01' }, (hour) => 50 + (hour % 24)),
    // Buckets, sum and count are counters on /metrics; backfilled as gauges, whose sample names promtool takes as they are.
    ...[...RECORDED_BUCKETS, Infinity].flatMap((bound) =>
      replicated('pulse_custom_checkout_seconds_observations_bucket', 'gauge', { ...checkout, le: bound === Infinity ? '+Inf' : String(bound) }, (hour) => (bound >= 7 ? 2 : bound >= 0.5 ? 1 : 0) * hour),
    ),
    ...replicated('pulse_custom_checkout_seconds_observations_sum', 'gauge', checkout, (hour) => 7.5 * hour),
    ...replicated('pulse_custom_checkout_seconds_observations_count', 'gauge', checkout, (hour) => 2 * hour),
    { name: 'project:eu_minutes:sum_rate5m', type: 'gauge', labels: { project: 'acme' }, samples: samples(() => 42) },
    { name: 'project:eu_minutes:sum_rate5m', type: 'gauge', labels: { project: 'globex' }, samples: samples(() => 7) },
    { name: 'project_region:storage_peak:max', type: 'gauge', labels: { project: 'acme', region: 'eu-west' }, samples: samples(() => 9e9) },
  ];
}
