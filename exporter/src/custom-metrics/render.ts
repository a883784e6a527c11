/**
 * Custom metrics → the project's recording-rule group, through the alert-rules generator (the
 * same buildCustomMetrics as the YAML specs). Active definitions only, in the store's order, so
 * every replica renders the same bytes. Pure.
 */
import { buildCustomMetrics, customMetricRecord } from '../../../alert-rules/src/rule-builders/custom-metrics';
import type { RuleGroup } from '../../../alert-rules/src/model/types';
import { API_VERSION } from '../../../alert-rules/src/spec-files/schema';
import { toCustomMetricSpec } from './metric-spec';
import type { CustomMetric, CustomMetricFields } from './types';

const NOWHERE = { file: 'store', lineOf: () => undefined };

/** The series a definition records, e.g. `project:eu_minutes:sum_rate5m` (with the project label). */
export function customMetricSeries(project: string, metric: CustomMetricFields): string {
  return customMetricRecord(toCustomMetricSpec(project, metric));
}

export function customMetricGroups(project: string, metrics: readonly CustomMetric[]): RuleGroup[] {
  const active = metrics.filter((m) => m.is_active).map((m) => toCustomMetricSpec(project, m));
  if (active.length === 0) return [];
  const [group] = buildCustomMetrics([{ spec: { apiVersion: API_VERSION, kind: 'CustomMetrics', metrics: active }, at: NOWHERE }]).groups;
  return [{ name: `project-custom-metrics:${project}`, rules: group.rules }];
}
