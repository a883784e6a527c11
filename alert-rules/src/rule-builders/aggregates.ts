/**
 * Aggregates: usage increases per project and region over each window, the 15-minute trend of
 * the original design, region load ratio, and probe latency quantiles, as recording rules named
 * level:metric:operations.
 */
import { regionMetrics, usageMetrics, USAGE_TYPES, type UsageType } from '../../../common/metrics/catalogue';
import { usagePerProjectQuery } from '../../../common/metrics/usage-promql';
import type { RecordingRule, RuleFile, RuleGroup } from '../model/types';
import { derived, dur, num, seconds, WITHOUT_REPLICAS } from '../render/promql';
import type { AggregatesSpec } from '../spec-files/schema';

/** The metric name without its _total suffix, as it appears in recording rule names. */
export function baseName(metric: string): string {
  return metric.replace(/_total$/, '');
}

const isCounter = (type: UsageType) => usageMetrics[type].type === 'counter';

/** `project_region:pulse_usage_api_requests:increase1h`, the name other rules and dashboards use. */
export function usageIncreaseRecord(type: UsageType, window: string): string {
  const op = isCounter(type) ? 'increase' : 'delta';
  return `project_region:${baseName(usageMetrics[type].name)}:${op}${dur(window)}`;
}

export function usageTrendRecord(type: UsageType, window: string): string {
  return `project_region:${baseName(usageMetrics[type].name)}:trend${dur(window)}`;
}

/** How many samples the window holds, per project and region: the trend compares only windows alike. */
export function usageSamplesRecord(type: UsageType, window: string): string {
  return `project_region:${baseName(usageMetrics[type].name)}:samples${dur(window)}`;
}

/**
 * The share of the other window's samples each window must hold for the two to be compared. A
 * window that begins inside a gap in the scrapes (an exporter down, a fresh stack between its
 * backfilled history and its first scrape) has no sample at its start, so `increase` extrapolates
 * it short by the gap, and the next window read as a surge of up to +100 % where nothing changed.
 */
export const TREND_MIN_COVERAGE = 0.9;

export function usageTrendDirectionRecord(type: UsageType, window: string): string {
  return `project_region:${baseName(usageMetrics[type].name)}:trend_direction${dur(window)}`;
}

export const LOAD_RATIO_RECORD = `region:${regionMetrics.loadRatio.name}:max`;

export function latencyQuantileRecord(quantile: number, window: string): string {
  return `region:${regionMetrics.probeDuration.name}:p${derived(quantile * 100).replace('.', '_')}_rate${dur(window)}`;
}

/**
 * Counters: their usage over the window, the one usage query. Storage: its change over the window
 * (`delta`), which is what these records are for (the trend rules and the dashboards' "change of"
 * panels); storage *used* is the level itself, or usagePerProjectQuery's peak.
 */
function usageIncrease(type: UsageType, window: string): string {
  if (isCounter(type)) return usagePerProjectQuery(type, dur(window));
  return `sum by (project, region) (max ${WITHOUT_REPLICAS} (delta(${usageMetrics[type].name}[${dur(window)}])))`;
}

function usageRules(spec: AggregatesSpec): RuleGroup[] {
  const windows = [...new Set(spec.usage.windows.map(dur))];
  return windows.map((window) => ({
    name: `pulse-usage-${window}`,
    // Weekly and longer windows change slowly and read many samples: every 5 minutes is enough.
    interval: seconds(window) >= 7 * 86_400 ? '5m' : undefined,
    rules: USAGE_TYPES.map((type): RecordingRule => ({ kind: 'record', record: usageIncreaseRecord(type, window), expr: usageIncrease(type, window) })),
  }));
}

function trendRules(spec: AggregatesSpec): RuleGroup {
  const window = dur(spec.trend.window);
  const rules: RecordingRule[] = [];
  for (const type of USAGE_TYPES) {
    const current = usageIncreaseRecord(type, window);
    const samples = usageSamplesRecord(type, window);
    rules.push({ kind: 'record', record: current, expr: usageIncrease(type, window) });
    rules.push({ kind: 'record', record: samples, expr: `sum by (project, region) (max ${WITHOUT_REPLICAS} (count_over_time(${usageMetrics[type].name}[${window}])))` });
    // Change of the last window against the window before it; no value while the previous one is
    // 0, nor while one window holds fewer samples than the other (TREND_MIN_COVERAGE).
    const alike = `${samples} offset ${window} >= ${TREND_MIN_COVERAGE} * ${samples}) and on (project, region) (${samples} >= ${TREND_MIN_COVERAGE} * ${samples} offset ${window}`;
    rules.push({
      kind: 'record',
      record: usageTrendRecord(type, window),
      expr: `((${current} - ${current} offset ${window}) / (${current} offset ${window} > 0)) and on (project, region) (${alike})`,
    });
    // 1 up, -1 down, 0 stable (within ±stable_within).
    const trend = usageTrendRecord(type, window);
    const band = num(spec.trend.stable_within);
    rules.push({ kind: 'record', record: usageTrendDirectionRecord(type, window), expr: `(${trend} > bool ${band}) - (${trend} < bool -${band})` });
  }
  return { name: `pulse-usage-trend-${window}`, rules };
}

function regionRules(spec: AggregatesSpec): RuleGroup {
  const window = dur(spec.latency.window);
  const rules: RecordingRule[] = [{ kind: 'record', record: LOAD_RATIO_RECORD, expr: `max by (region) (${regionMetrics.loadRatio.name})` }];
  for (const q of spec.latency.quantiles) {
    rules.push({
      kind: 'record',
      record: latencyQuantileRecord(q, window),
      expr: `histogram_quantile(${num(q)}, sum by (region, le) (rate(${regionMetrics.probeDuration.name}_bucket[${window}])))`,
    });
  }
  return { name: 'pulse-regions', rules };
}

export function buildAggregates(spec: AggregatesSpec): RuleFile {
  return { name: 'aggregates', groups: [...usageRules(spec), trendRules(spec), regionRules(spec)] };
}
