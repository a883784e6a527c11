/**
 * What the dashboards take from alert-rules/specs: the names of the recording rules they read
 * (built by the same functions the rules generator uses, so a renamed rule breaks the build), the
 * windows and quantiles those rules exist for, and the thresholds the alerts fire at (drawn as
 * threshold lines, so a panel turns red where an alert starts). Pure: the spec set comes in, plain
 * data goes out.
 */
import { USAGE_TYPES, type UsageType } from '../../../common/metrics/catalogue';
import { parseDuration } from '../../../common/duration';
import { latencyQuantileRecord, LOAD_RATIO_RECORD, usageIncreaseRecord } from '../../../alert-rules/src/rule-builders/aggregates';
import { errorRatioRecord } from '../../../alert-rules/src/rule-builders/slos';
import type { SpecSet } from '../../../alert-rules/src/spec-files/load-specs';

export interface UsageRecords {
  /** Increase (storage: delta) per project and region over the last hour. */
  readonly hourly: string;
  readonly daily: string;
  /** Increase over the trend window (15 minutes), the real-time figure of the stat cards. */
  readonly trendWindow: string;
}

export interface DashboardInputs {
  readonly usage: Readonly<Record<UsageType, UsageRecords>>;
  /** The trend window as written in the spec ("15m"). */
  readonly trendWindow: string;
  /** Changes within ±this ratio count as stable. */
  readonly trendStableWithin: number;
  readonly loadRatio: string;
  readonly latencyQuantiles: readonly { readonly quantile: number; readonly record: string }[];
  readonly slo: {
    /** Error ratio per SLO and region over the last hour. */
    readonly errorRatio1h: string;
    readonly errorBudget: string;
    readonly errorBudgetRemaining: string;
    readonly period: string;
    readonly objectives: readonly { readonly slo: string; readonly sli: 'availability' | 'latency'; readonly objective: number }[];
  };
  readonly thresholds: {
    readonly loadHigh: number;
    readonly nearCapacity: number;
    readonly latencyQuantile: number;
    readonly latencyHighSeconds: number;
    readonly forecastWithinDays: number;
    readonly tlsWarnDays: number;
    readonly tlsCriticalDays: number;
  };
  readonly jobs: { readonly exporter: string; readonly forecaster: string };
}

/**
 * slos.ts writes these three names as literals; they are repeated here and a test checks that the
 * generated rule files define them.
 */
const SLO_BUDGET_RECORD = 'slo:error_budget:ratio';
const SLO_BUDGET_REMAINING_RECORD = 'slo:error_budget_remaining:ratio';

/** The spec's own spelling of a window equal to `wanted` ("1h", "60m"), or an error naming the file. */
function windowOf(windows: readonly string[], wanted: string, file: string): string {
  const found = windows.find((window) => parseDuration(window) === parseDuration(wanted));
  if (found === undefined) {
    throw new Error(`${file}: usage.windows: the dashboards need a ${wanted} window (got ${windows.join(', ')})`);
  }
  return found;
}

export function dashboardInputsFrom(specs: SpecSet): DashboardInputs {
  const { spec: aggregates, at } = specs.aggregates;
  const hour = windowOf(aggregates.usage.windows, '1h', at.file);
  const day = windowOf(aggregates.usage.windows, '1d', at.file);
  const usage = Object.fromEntries(
    USAGE_TYPES.map((type) => [
      type,
      { hourly: usageIncreaseRecord(type, hour), daily: usageIncreaseRecord(type, day), trendWindow: usageIncreaseRecord(type, aggregates.trend.window) },
    ]),
  ) as Record<UsageType, UsageRecords>;
  const builtin = specs.builtin.spec;
  const slos = specs.slos.spec;
  return {
    usage,
    trendWindow: aggregates.trend.window,
    trendStableWithin: aggregates.trend.stable_within,
    loadRatio: LOAD_RATIO_RECORD,
    latencyQuantiles: aggregates.latency.quantiles.map((quantile) => ({ quantile, record: latencyQuantileRecord(quantile, aggregates.latency.window) })),
    slo: {
      errorRatio1h: errorRatioRecord('1h'),
      errorBudget: SLO_BUDGET_RECORD,
      errorBudgetRemaining: SLO_BUDGET_REMAINING_RECORD,
      period: slos.period,
      objectives: slos.slos.map((slo) => ({ slo: slo.name, sli: slo.sli, objective: slo.objective })),
    },
    thresholds: {
      loadHigh: builtin.region_load_high.threshold,
      nearCapacity: builtin.region_near_capacity.threshold,
      latencyQuantile: builtin.probe_latency_high.quantile,
      latencyHighSeconds: parseDuration(builtin.probe_latency_high.threshold)! / 1000,
      forecastWithinDays: builtin.forecast_limit.within_days,
      tlsWarnDays: builtin.tls_expiry.warn_days,
      tlsCriticalDays: builtin.tls_expiry.critical_days,
    },
    jobs: { exporter: builtin.exporter_job, forecaster: builtin.forecaster_job },
  };
}
