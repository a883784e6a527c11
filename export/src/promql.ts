/**
 * The PromQL the export runs, built as text by pure functions. Label values come from the
 * command line, so they are escaped twice: as RE2 literals inside `=~` alternatives, and as
 * PromQL string literals around them.
 */
import { formatDuration } from '../../common/duration';
import { usagePerProjectQuery } from '../../common/metrics/usage-promql';
import { customQueries, type ExportMetric } from './custom-metrics';
import type { UsageMetric } from './usage-metrics';

/** A PromQL double-quoted string literal (Go escaping rules). */
export function promqlString(value: string): string {
  let out = '"';
  for (const char of value) {
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char < ' ' || char === '\x7f') out += `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** The value as an RE2 pattern that matches exactly itself. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `label="v"` for one value, `label=~"a|b\\.c"` for several; undefined when there is no filter. */
export function labelMatcher(label: string, values: readonly string[]): string | undefined {
  const unique = [...new Set(values)];
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return `${label}=${promqlString(unique[0])}`;
  return `${label}=~${promqlString(unique.map(regexLiteral).join('|'))}`;
}

export interface UsageQuery {
  readonly metric: UsageMetric;
  readonly stepMs: number;
  readonly projects: readonly string[];
  readonly regions: readonly string[];
}

/** Usage per project and region for the step that ends at each evaluation time (common/metrics/usage-promql.ts). */
export function buildUsageQuery({ metric, stepMs, projects, regions }: UsageQuery): string {
  const matchers = [labelMatcher('project', projects), labelMatcher('region', regions)].filter((m) => m !== undefined);
  return usagePerProjectQuery(metric.type, formatDuration(stepMs), matchers.join(', '));
}

/** What the export reads in one place: which projects and regions, by steps of stepMs. */
export interface ExportScope {
  readonly stepMs: number;
  readonly projects: readonly string[];
  readonly regions: readonly string[];
}

/** One query of the export, and the `metric` column of each series it returns. */
export interface ExportQuery {
  readonly query: string;
  readonly metricOf: (labels: Readonly<Record<string, string>>) => string;
}

/** The queries of one metric: one for usage, a definition, a recorded counter or gauge; three for a histogram. */
export function exportQueries(metric: ExportMetric, scope: ExportScope): ExportQuery[] {
  if (metric.source === 'usage') return [{ query: buildUsageQuery({ metric, ...scope }), metricOf: () => metric.type }];
  const matchers = [labelMatcher('project', scope.projects), labelMatcher('region', scope.regions)].filter((m) => m !== undefined).join(', ');
  const window = formatDuration(scope.stepMs);
  return customQueries(metric).map(({ promql, metricOf }) => ({ query: promql(matchers, window), metricOf }));
}
