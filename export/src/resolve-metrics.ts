/**
 * `pulse export` reads Prometheus only, so it learns what a custom metric name is from the metric
 * names Prometheus holds for the projects and range asked for (one label-values call for all of
 * them): a recorded value's family (`pulse_custom_<name>_total`, `pulse_custom_<name>`,
 * `pulse_custom_<name>_observations_*`) or a definition's series (`project[_<labels>]:<name>:<op>`).
 * A name Prometheus holds neither of is a bad command line.
 */
import { RECORDED_METRIC_PREFIX } from '../../common/metrics/catalogue';
import type { PrometheusClient } from '../../common/prometheus/query-range-client';
import type { CustomName, ExportMetric, RecordedType, RequestedMetric } from './custom-metrics';
import { UsageError } from './flags';
import { labelMatcher, promqlString, regexLiteral } from './promql';
import { formatTimestamp } from './time';
import { USAGE_METRICS } from './usage-metrics';

/** Prometheus metric name → the recorded type it shows, for one recorded name (histograms by their _count). */
const recordedSuffixes: ReadonlyArray<readonly [string, RecordedType]> = [
  ['_total', 'counter'],
  ['', 'gauge'],
  ['_observations_count', 'histogram'],
];

/** A project definition's series: its level starts with `project` (it is always grouped by project first). */
const definitionSeries = (name: string): RegExp => new RegExp(`^project(_[a-z0-9_]+)?:${regexLiteral(name)}:[a-z0-9_]+$`);

function alternatives(name: string): string[] {
  const literal = regexLiteral(name);
  return [...recordedSuffixes.map(([suffix]) => `${RECORDED_METRIC_PREFIX}${literal}${suffix}`), `project(_[a-z0-9_]+)?:${literal}:[a-z0-9_]+`];
}

/** What one custom name is, among the metric names Prometheus holds; several kinds may share a name. */
export function customMetricsNamed(name: string, held: ReadonlySet<string>): ExportMetric[] {
  const recorded = recordedSuffixes.filter(([suffix]) => held.has(`${RECORDED_METRIC_PREFIX}${name}${suffix}`)).map(([, type]): ExportMetric => ({ source: 'recorded', name, type }));
  const pattern = definitionSeries(name);
  const definitions = [...held].filter((series) => pattern.test(series)).sort().map((series): ExportMetric => ({ source: 'definition', name, series }));
  return [...recorded, ...definitions];
}

export interface ResolveContext {
  readonly client: PrometheusClient;
  readonly projects: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly signal?: AbortSignal;
}

/** The export's metrics in the order asked; throws UsageError naming every custom name Prometheus does not hold. */
export async function resolveMetrics(requested: readonly RequestedMetric[], context: ResolveContext): Promise<ExportMetric[]> {
  const custom = requested.filter((metric): metric is CustomName => metric.source === 'custom');
  if (custom.length === 0) return requested as ExportMetric[];
  const matchers = [`__name__=~${promqlString(custom.flatMap((metric) => alternatives(metric.name)).join('|'))}`, labelMatcher('project', context.projects)].filter((m) => m !== undefined);
  const held = new Set(await context.client.labelValues({ label: '__name__', match: `{${matchers.join(', ')}}`, startMs: context.fromMs, endMs: context.toMs }, context.signal));
  const unknown = custom.filter((metric) => customMetricsNamed(metric.name, held).length === 0).map((metric) => `"${metric.name}"`);
  if (unknown.length > 0) {
    const where = `${context.projects.length > 0 ? ` for --project ${context.projects.join(', ')}` : ''} between ${formatTimestamp(context.fromMs)} and ${formatTimestamp(context.toMs)}`;
    throw new UsageError(
      `--metrics: unknown metric ${unknown.join(', ')}: not a usage type (${USAGE_METRICS.map((m) => m.type).join(', ')}), and Prometheus holds no custom metric (definition or recorded value) of that name${where}`,
    );
  }
  return requested.flatMap((metric) => (metric.source === 'custom' ? customMetricsNamed(metric.name, held) : [metric]));
}
