/**
 * A project's custom metric definition (the original design's CustomMetric): a named view over
 * one of its usage types, kept by the store and rendered as a recording rule of that project.
 * The `query` is a structured filter, never PromQL.
 */
import type { UsageType } from '../../../common/metrics/catalogue';

export const CUSTOM_METRIC_TYPES = ['counter', 'gauge', 'histogram'] as const;
export const CUSTOM_AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count'] as const;

export interface CustomMetricQuery {
  readonly metric: UsageType;
  /** Label values the usage must have (the project's own label is always added). */
  readonly match: Readonly<Record<string, string>>;
  /** Labels kept apart in the result, besides the project. */
  readonly by: readonly string[];
}

/** What a caller may set (POST and PUT bodies, after validation). */
export interface CustomMetricFields {
  readonly name: string;
  readonly description: string;
  readonly metric_type: (typeof CUSTOM_METRIC_TYPES)[number];
  readonly unit?: string;
  readonly aggregation: (typeof CUSTOM_AGGREGATIONS)[number];
  readonly query: CustomMetricQuery;
  /** Inactive definitions are kept but render no rule. */
  readonly is_active: boolean;
}

export interface CustomMetric extends CustomMetricFields {
  readonly id: string;
  readonly project_id: string;
  readonly created_at: string;
  readonly updated_at: string;
}
