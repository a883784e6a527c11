/**
 * A project's custom metric as a metric of `alert-rules/specs` (kind CustomMetrics): the one
 * translation from the API's fields to the spec model, used both to validate (the spec schema and
 * its checks against the catalogue) and to render (the same generator). The rule is scoped to
 * the project (a `project` matcher) and keeps the project label (grouped by project first), so
 * its record is `project[_label…]:<name>:<operation>` and projects never share a series.
 */
import { usageMetrics } from '../../../common/metrics/catalogue';
import type { CustomMetricsSpec } from '../../../alert-rules/src/spec-files/schema';
import type { CustomMetricFields } from './types';

export type CustomMetricSpec = CustomMetricsSpec['metrics'][number];

/** Counters are rated over this window, as in the YAML specs' default. */
export const CUSTOM_METRIC_WINDOW = '5m';

export function toCustomMetricSpec(project: string, fields: CustomMetricFields): CustomMetricSpec {
  return {
    name: fields.name,
    type: fields.metric_type,
    unit: fields.unit,
    aggregation: fields.aggregation,
    metric: usageMetrics[fields.query.metric].name,
    matchers: { ...fields.query.match, project },
    by: ['project', ...fields.query.by],
    window: CUSTOM_METRIC_WINDOW,
    description: fields.description || undefined,
  };
}
